//! Action plan and benefits realisation: org admins create, edit and delete
//! activities, benefits, KPIs with measurements and the business case; bad
//! input changes nothing; leaders read only; other organisations see and
//! change nothing; suggestions come from the weakest strategies.

use crate::common::{TestApp, call, client, sign_up_org, spawn_app, spawn_demo_app};
use serde_json::Value;

async fn plan(app: &TestApp, c: &reqwest::Client, org: &str) -> (u16, Value) {
    call(app, c, "/api/action_plan/get", &[("org_id", org)]).await
}

async fn count(app: &TestApp, table: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(app.state.db.pool())
        .await
        .expect("count");
    n
}

async fn audit_count(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'plan.%'")
        .fetch_one(app.state.db.pool())
        .await
        .expect("audit");
    n
}

/// A server function, its form and a word the error message must contain.
type BadInput<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);

#[allow(clippy::too_many_arguments)]
fn activity<'a>(
    org: &'a str,
    id: &'a str,
    title: &'a str,
    strategy: &'a str,
    year: &'a str,
    cost: &'a str,
    funding: &'a str,
    status: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("org_id", org),
        ("id", id),
        ("title", title),
        ("description", "From the target picture"),
        ("strategy", strategy),
        ("year", year),
        ("owner", "CIO"),
        ("cost", cost),
        ("funding", funding),
        ("status", status),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_write_the_plan_leaders_read_others_get_nothing() {
    let app = spawn_app().await;
    let admin = client();
    let org = sign_up_org(&app, &admin, "Älvby kommun", "admin@alvby.se")
        .await
        .to_string();

    // Empty plan, with the currency of the country (SE).
    let (s, p) = plan(&app, &admin, &org).await;
    assert_eq!(s, 200, "{p}");
    assert_eq!(p["currency"], "SEK");
    assert_eq!(p["activities"].as_array().expect("activities").len(), 0);

    // Activities.
    let (s, a1) = call(
        &app,
        &admin,
        "/api/action_plan/activity_save",
        &activity(
            &org,
            "0",
            "E-archive",
            "S2",
            "2027",
            "500 000",
            "investment",
            "planned",
        ),
    )
    .await;
    assert_eq!(s, 200, "{a1}");
    let a1 = a1.as_i64().expect("id").to_string();
    let (s, a2) = call(
        &app,
        &admin,
        "/api/action_plan/activity_save",
        &activity(
            &org,
            "0",
            "Training",
            "S1",
            "2027",
            "40000",
            "operating",
            "in_progress",
        ),
    )
    .await;
    assert_eq!(s, 200, "{a2}");
    let (s, a3) = call(
        &app,
        &admin,
        "/api/action_plan/activity_save",
        &activity(
            &org,
            "0",
            "Old idea",
            "S4",
            "2028",
            "9",
            "operating",
            "planned",
        ),
    )
    .await;
    assert_eq!(s, 200);
    let a3 = a3.as_i64().expect("id").to_string();
    // Edit: the old idea is dropped (it no longer counts in the totals).
    let (s, _) = call(
        &app,
        &admin,
        "/api/action_plan/activity_save",
        &activity(
            &org,
            &a3,
            "Old idea",
            "S4",
            "2028",
            "9",
            "operating",
            "dropped",
        ),
    )
    .await;
    assert_eq!(s, 200);

    // Benefit, KPI with two measurements, business case for two years.
    let scope = format!("activity:{a1}");
    let (s, b) = call(
        &app,
        &admin,
        "/api/action_plan/benefit_save",
        &[
            ("org_id", &org),
            ("id", "0"),
            ("scope", &scope),
            ("benefit_type", "efficiency"),
            ("description", "Less time spent searching for documents"),
            ("success_criteria", "All new cases archived digitally"),
        ],
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let (s, k) = call(
        &app,
        &admin,
        "/api/action_plan/kpi_save",
        &[
            ("org_id", &org),
            ("id", "0"),
            ("scope", &scope),
            ("name", "Share of cases archived digitally"),
            ("unit", "%"),
            ("baseline", "20"),
            ("target", "80"),
            ("owner", "Archivist"),
            ("frequency", "quarterly"),
        ],
    )
    .await;
    assert_eq!(s, 200, "{k}");
    let kpi = k.as_i64().expect("kpi id").to_string();
    for (date, value) in [("2027-03-31", "35"), ("2027-06-30", "50")] {
        let (s, m) = call(
            &app,
            &admin,
            "/api/action_plan/measurement_add",
            &[
                ("org_id", &org),
                ("kpi_id", &kpi),
                ("measured_on", date),
                ("value", value),
            ],
        )
        .await;
        assert_eq!(s, 200, "{m}");
    }
    for (year, inv, run, sav) in [
        ("2027", "500000", "50000", "100000"),
        ("2028", "0", "60000", "300000"),
        // Same scope and year again: replaces the row.
        ("2028", "20000", "60000", "350000"),
    ] {
        let (s, v) = call(
            &app,
            &admin,
            "/api/action_plan/business_case_save",
            &[
                ("org_id", &org),
                ("scope", &scope),
                ("year", year),
                ("investment", inv),
                ("running_cost", run),
                ("savings", sav),
            ],
        )
        .await;
        assert_eq!(s, 200, "{v}");
    }

    let (s, p) = plan(&app, &admin, &org).await;
    assert_eq!(s, 200, "{p}");
    assert_eq!(p["activities"].as_array().expect("a").len(), 3);
    let dropped = p["activities"]
        .as_array()
        .expect("a")
        .iter()
        .find(|a| a["title"] == "Old idea")
        .expect("old idea");
    assert_eq!(dropped["status"], "dropped");
    // 2027: 500 000 investment + 40 000 operating; 2028: only a dropped activity.
    assert_eq!(p["cost_totals"].as_array().expect("totals").len(), 1);
    assert_eq!(p["cost_totals"][0]["investment"], 500_000);
    assert_eq!(p["cost_totals"][0]["operating"], 40_000);
    assert_eq!(p["cost_totals"][0]["total"], 540_000);
    assert_eq!(p["benefits"][0]["strategy"], "S2");
    assert_eq!(p["benefits"][0]["benefit_type"], "efficiency");
    let k = &p["kpis"][0];
    assert_eq!(k["measurements"].as_array().expect("m").len(), 2);
    // (50 − 20) / (80 − 20) = 50 %.
    assert_eq!(k["progress"], 50.0);
    // Net 2027: 100 000 − 500 000 − 50 000 = −450 000; 2028: 350 000 − 20 000 − 60 000
    // = 270 000; accumulated −180 000.
    let bc = p["business_case"].as_array().expect("bc");
    assert_eq!(bc.len(), 2);
    assert_eq!(
        (bc[0]["net"].as_i64(), bc[0]["accumulated"].as_i64()),
        (Some(-450_000), Some(-450_000))
    );
    assert_eq!(
        (bc[1]["net"].as_i64(), bc[1]["accumulated"].as_i64()),
        (Some(270_000), Some(-180_000))
    );
    assert_eq!(p["business_case_rows"].as_array().expect("rows").len(), 2);

    // Moving the activity to another strategy moves its benefit and KPI too.
    let (s, _) = call(
        &app,
        &admin,
        "/api/action_plan/activity_save",
        &activity(
            &org,
            &a1,
            "E-archive",
            "S5",
            "2027",
            "500000",
            "investment",
            "in_progress",
        ),
    )
    .await;
    assert_eq!(s, 200);
    let (_, p) = plan(&app, &admin, &org).await;
    assert_eq!(p["benefits"][0]["strategy"], "S5");
    assert_eq!(p["kpis"][0]["strategy"], "S5");

    // Bad input: a clear message, nothing stored, no audit entry.
    let before = (
        count(&app, "plan_activities").await,
        count(&app, "plan_benefits").await,
        count(&app, "plan_kpis").await,
        count(&app, "plan_kpi_measurements").await,
        count(&app, "plan_business_case_years").await,
        audit_count(&app).await,
    );
    let (s, v) = call(
        &app,
        &admin,
        "/api/action_plan/activity_save",
        &activity(&org, "0", "  ", "S7", "1999", "-5", "grant", "someday"),
    )
    .await;
    assert_eq!(s, 400, "{v}");
    let msg = v.to_string();
    for m in [
        "title",
        "strategy",
        "year",
        "whole numbers",
        "funding",
        "status",
    ] {
        assert!(msg.contains(m), "{m} missing in {msg}");
    }
    let bad_inputs: Vec<BadInput> = vec![
        (
            "/api/action_plan/activity_save",
            activity(
                &org,
                "0",
                "Fine",
                "S1",
                "2101",
                "1",
                "investment",
                "planned",
            ),
            "year",
        ),
        (
            "/api/action_plan/activity_save",
            activity(
                &org,
                "0",
                "Fine",
                "S1",
                "2027",
                "1.5",
                "investment",
                "planned",
            ),
            "whole numbers",
        ),
        (
            "/api/action_plan/benefit_save",
            vec![
                ("org_id", &org),
                ("id", "0"),
                ("scope", "S1"),
                ("benefit_type", "happiness"),
                ("description", "x"),
                ("success_criteria", ""),
            ],
            "benefit type",
        ),
        (
            "/api/action_plan/kpi_save",
            vec![
                ("org_id", &org),
                ("id", "0"),
                ("scope", "S1"),
                ("name", "Digital share"),
                ("unit", "%"),
                ("baseline", "10"),
                ("target", "a lot"),
                ("owner", ""),
                ("frequency", "yearly"),
            ],
            "target must be a number",
        ),
        (
            "/api/action_plan/kpi_save",
            vec![
                ("org_id", &org),
                ("id", "0"),
                ("scope", "S1"),
                ("name", "Digital share"),
                ("unit", "%"),
                ("baseline", "10"),
                ("target", "20"),
                ("owner", ""),
                ("frequency", "weekly"),
            ],
            "monthly, quarterly or yearly",
        ),
        (
            "/api/action_plan/measurement_add",
            vec![
                ("org_id", &org),
                ("kpi_id", &kpi),
                ("measured_on", "2027-02-30"),
                ("value", "x"),
            ],
            "YYYY-MM-DD",
        ),
        (
            "/api/action_plan/business_case_save",
            vec![
                ("org_id", &org),
                ("scope", "S9"),
                ("year", "2027"),
                ("investment", "-1"),
                ("running_cost", "0"),
                ("savings", "0"),
            ],
            "activity or strategy",
        ),
    ];
    for (path, form, needle) in &bad_inputs {
        let (s, v) = call(&app, &admin, path, form).await;
        assert_eq!(s, 400, "{path}: {v}");
        assert!(
            v.to_string().contains(needle),
            "{path}: {needle} missing in {v}"
        );
    }
    let after = (
        count(&app, "plan_activities").await,
        count(&app, "plan_benefits").await,
        count(&app, "plan_kpis").await,
        count(&app, "plan_kpi_measurements").await,
        count(&app, "plan_business_case_years").await,
        audit_count(&app).await,
    );
    assert_eq!(before, after);

    // Another organisation: sees nothing and changes nothing, even with ids.
    let other = client();
    let other_org = sign_up_org(&app, &other, "Norrsjö kommun", "admin@norrsjo.se")
        .await
        .to_string();
    let (s, _) = plan(&app, &other, &org).await;
    assert_eq!(s, 404);
    let (s, _) = call(
        &app,
        &other,
        "/api/action_plan/insights",
        &[("org_id", &org), ("lang", "en")],
    )
    .await;
    assert_eq!(s, 404);
    let (s, _) = call(
        &app,
        &other,
        "/api/action_plan/activity_save",
        &activity(
            &org,
            &a1,
            "Hijacked",
            "S1",
            "2027",
            "1",
            "investment",
            "planned",
        ),
    )
    .await;
    assert_eq!(s, 404);
    // Its own org id with our ids: not found.
    let (s, _) = call(
        &app,
        &other,
        "/api/action_plan/activity_save",
        &activity(
            &other_org,
            &a1,
            "Hijacked",
            "S1",
            "2027",
            "1",
            "investment",
            "planned",
        ),
    )
    .await;
    assert_eq!(s, 404);
    let (s, _) = call(
        &app,
        &other,
        "/api/action_plan/delete",
        &[("org_id", &other_org), ("kind", "activity"), ("id", &a1)],
    )
    .await;
    assert_eq!(s, 404);
    let (s, _) = call(
        &app,
        &other,
        "/api/action_plan/measurement_add",
        &[
            ("org_id", &other_org),
            ("kpi_id", &kpi),
            ("measured_on", "2027-09-30"),
            ("value", "1"),
        ],
    )
    .await;
    assert_eq!(s, 404);
    let (s, v) = call(
        &app,
        &other,
        "/api/action_plan/kpi_save",
        &[
            ("org_id", &other_org),
            ("id", "0"),
            ("scope", &scope),
            ("name", "Borrowed"),
            ("unit", ""),
            ("baseline", "1"),
            ("target", "2"),
            ("owner", ""),
            ("frequency", "yearly"),
        ],
    )
    .await;
    assert_eq!(s, 400, "{v}");
    let (_, op) = plan(&app, &other, &other_org).await;
    assert_eq!(op["activities"].as_array().expect("a").len(), 0);
    assert_eq!(op["kpis"].as_array().expect("k").len(), 0);
    let (s, _) = plan(&app, &client(), &org).await;
    assert_eq!(s, 401);

    // A leader reads but cannot write.
    let org_id: i64 = org.parse().expect("id");
    let (uid,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = 'admin@norrsjo.se'")
        .fetch_one(app.state.db.pool())
        .await
        .expect("user");
    app::db::users::add_membership(app.state.db.pool(), uid, org_id, "leader")
        .await
        .expect("membership");
    let (s, lp) = plan(&app, &other, &org).await;
    assert_eq!(s, 200);
    assert_eq!(lp["activities"].as_array().expect("a").len(), 3);
    let (s, _) = call(
        &app,
        &other,
        "/api/action_plan/activity_save",
        &activity(
            &org,
            "0",
            "Leader idea",
            "S1",
            "2027",
            "1",
            "investment",
            "planned",
        ),
    )
    .await;
    assert_eq!(s, 403);
    let (s, _) = call(
        &app,
        &other,
        "/api/action_plan/delete",
        &[("org_id", &org), ("kind", "activity"), ("id", &a1)],
    )
    .await;
    assert_eq!(s, 403);
    assert_eq!(count(&app, "plan_activities").await, 3);

    // Deleting an activity removes its benefits, KPIs, measurements and business case.
    let (s, v) = call(
        &app,
        &admin,
        "/api/action_plan/delete",
        &[("org_id", &org), ("kind", "activity"), ("id", &a1)],
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let (_, p) = plan(&app, &admin, &org).await;
    assert_eq!(p["activities"].as_array().expect("a").len(), 2);
    assert_eq!(p["benefits"].as_array().expect("b").len(), 0);
    assert_eq!(p["kpis"].as_array().expect("k").len(), 0);
    assert_eq!(p["business_case"].as_array().expect("bc").len(), 0);
    assert_eq!(count(&app, "plan_kpi_measurements").await, 0);
    // Every write left an audit entry.
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE org_id = $1 AND action = 'plan.activity.delete'",
    )
    .bind(org_id)
    .fetch_one(app.state.db.pool())
    .await
    .expect("audit");
    assert_eq!(n, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suggestions_come_from_the_weakest_strategies_and_can_be_adopted() {
    let app = spawn_demo_app().await;
    let (org_id,): (i64,) = sqlx::query_as("SELECT id FROM organisations ORDER BY id LIMIT 1")
        .fetch_one(app.state.db.pool())
        .await
        .expect("org");
    let org = org_id.to_string();
    // An admin of another organisation is made admin of the demo organisation.
    let admin = client();
    let own = sign_up_org(&app, &admin, "Elsewhere", "admin@elsewhere.se")
        .await
        .to_string();
    let (uid,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = 'admin@elsewhere.se'")
        .fetch_one(app.state.db.pool())
        .await
        .expect("user");
    app::db::users::add_membership(app.state.db.pool(), uid, org_id, "org_admin")
        .await
        .expect("membership");
    // Targets of 10 everywhere: every strategy falls short.
    let mut form = vec![("org_id", org.as_str())];
    for (l, y) in [
        ("level_s1", "year_s1"),
        ("level_s2", "year_s2"),
        ("level_s3", "year_s3"),
        ("level_s4", "year_s4"),
        ("level_s5", "year_s5"),
        ("level_s6", "year_s6"),
    ] {
        form.push((l, "10"));
        form.push((y, "2030"));
    }
    let (s, v) = call(&app, &admin, "/api/plan/targets_save", &form).await;
    assert_eq!(s, 200, "{v}");

    let (s, i) = call(
        &app,
        &admin,
        "/api/action_plan/insights",
        &[("org_id", &org), ("lang", "sv")],
    )
    .await;
    assert_eq!(s, 200, "{i}");
    assert_eq!(i["has_results"], true);
    let sug = i["suggestions"].as_array().expect("suggestions");
    // Three strategies with three advice activities each, largest gap first.
    assert_eq!(sug.len(), 9, "{i}");
    let gaps: Vec<f64> = sug
        .iter()
        .map(|s| s["gap"].as_f64().expect("gap"))
        .collect();
    assert!(gaps.windows(2).all(|w| w[0] >= w[1]), "{gaps:?}");
    let first = &sug[0];
    let strategy = first["strategy"].as_str().expect("strategy").to_owned();
    assert!((first["target"].as_f64().expect("t") - 10.0).abs() < 1e-9);
    // Progress: the strategy scores of the two latest closed campaigns.
    let progress = i["progress"].as_array().expect("progress");
    assert_eq!(progress.len(), 6);
    assert_eq!(progress[0]["points"].as_array().expect("points").len(), 2);

    // Adopt: a planned activity prefilled in Swedish, then editable.
    let (s, id) = call(
        &app,
        &admin,
        "/api/action_plan/adopt",
        &[
            ("org_id", &org),
            ("strategy", &strategy),
            ("index", "1"),
            ("year", "2027"),
            ("lang", "sv"),
        ],
    )
    .await;
    assert_eq!(s, 200, "{id}");
    let (_, p) = plan(&app, &admin, &org).await;
    assert_eq!(p["activities"][0]["title"], sug[1]["title"]);
    assert_eq!(p["activities"][0]["strategy"], strategy.as_str());
    assert_eq!(p["activities"][0]["status"], "planned");
    let (s, _) = call(
        &app,
        &admin,
        "/api/action_plan/adopt",
        &[
            ("org_id", &org),
            ("strategy", &strategy),
            ("index", "99"),
            ("year", "2027"),
            ("lang", "sv"),
        ],
    )
    .await;
    assert_eq!(s, 400);
    // The adopted suggestion is no longer offered, in any language.
    let (s, i2) = call(
        &app,
        &admin,
        "/api/action_plan/insights",
        &[("org_id", &org), ("lang", "en")],
    )
    .await;
    assert_eq!(s, 200, "{i2}");
    let sug2 = i2["suggestions"].as_array().expect("suggestions");
    assert_eq!(sug2.len(), 8, "{i2}");
    assert!(
        !sug2
            .iter()
            .any(|x| x["strategy"] == strategy.as_str() && x["index"] == 1),
        "{i2}"
    );

    // An organisation without results gets no suggestions and no progress.
    let (s, i) = call(
        &app,
        &admin,
        "/api/action_plan/insights",
        &[("org_id", &own), ("lang", "en")],
    )
    .await;
    assert_eq!(s, 200, "{i}");
    assert_eq!(i["has_results"], false);
    assert_eq!(i["suggestions"].as_array().expect("s").len(), 0);
    assert_eq!(i["progress"][0]["points"].as_array().expect("p").len(), 0);
}
