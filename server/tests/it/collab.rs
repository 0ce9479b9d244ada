//! Collaborations: create, invite, accept, decline, leave, remove and consent
//! with bad input changing nothing; a coordinator sees only collective,
//! k-safe figures and the names of consenting members; non-members get 404.

use crate::common::{TestApp, call, client, count, sign_up_org, spawn_app};
use app::domain::questionnaire::ItemKind;
use serde_json::{Map, Value, json};

struct Org {
    id: String,
    admin: reqwest::Client,
}

async fn org(app: &TestApp, name: &str, email: &str) -> Org {
    let admin = client();
    let id = sign_up_org(app, &admin, name, email).await.to_string();
    Org { id, admin }
}

/// A closed campaign of `n` respondents who all answer `level` to every item.
async fn closed_campaign(app: &TestApp, org_id: &str, year: i64, n: usize, level: i64) -> i64 {
    let db = &app.state.db;
    let org_id: i64 = org_id.parse().expect("org id");
    let (version,): (i64,) = sqlx::query_as("SELECT MIN(id) FROM questionnaire_versions")
        .fetch_one(db.pool())
        .await
        .expect("version");
    let c = app::survey::service::create_campaign(db, org_id, 0, year, "Mognad", version, "IT")
        .await
        .expect("campaign");
    app::survey::service::transition(db, org_id, 0, c, "open")
        .await
        .expect("open");
    let (code,): (String,) = sqlx::query_as("SELECT shared_code FROM campaigns WHERE id = $1")
        .bind(c)
        .fetch_one(db.pool())
        .await
        .expect("code");
    let q = app::domain::questionnaire::parse(app::survey::service::STANDARD_V1).expect("v1");
    let mut m = Map::new();
    m.insert("role_group".into(), json!("specialist"));
    m.insert("department".into(), json!("IT"));
    m.insert("tenure_band".into(), json!("lt2"));
    for item in q.items() {
        if let ItemKind::Scale { .. } = item.kind {
            m.insert(item.id.clone(), json!(level));
        }
    }
    let answers = Value::Object(m).to_string();
    for _ in 0..n {
        let resume = app::survey::service::start(db, &code, "sv")
            .await
            .expect("start");
        app::survey::service::submit(db, &resume, &answers, "sv")
            .await
            .expect("submit");
    }
    app::survey::service::transition(db, org_id, 0, c, "closed")
        .await
        .expect("close");
    c
}

async fn members_snapshot(app: &TestApp) -> Vec<(i64, i64, String, i64, i64)> {
    sqlx::query_as(
        "SELECT collaboration_id, org_id, status, named, shares_targets
         FROM collaboration_members ORDER BY collaboration_id, org_id",
    )
    .fetch_all(app.state.db.pool())
    .await
    .expect("members")
}

async fn respond(
    app: &TestApp,
    c: &reqwest::Client,
    id: &str,
    org: &str,
    decision: &str,
    named: bool,
    shares: bool,
) -> (u16, Value) {
    let mut form = vec![("id", id), ("org_id", org), ("decision", decision)];
    if named {
        form.push(("named", "on"));
    }
    if shares {
        form.push(("shares_targets", "on"));
    }
    call(app, c, "/api/collab/respond", &form).await
}

fn targets_form<'a>(id: &'a str, s1: &'a str, y1: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("id", id),
        ("level_s1", s1),
        ("year_s1", y1),
        ("level_s2", ""),
        ("year_s2", ""),
        ("level_s3", ""),
        ("year_s3", ""),
        ("level_s4", ""),
        ("year_s4", ""),
        ("level_s5", ""),
        ("year_s5", ""),
        ("level_s6", ""),
        ("year_s6", ""),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_invite_accept_decline_leave_and_consent_check_input_and_roles() {
    let app = spawn_app().await;
    let coord = org(&app, "Regio IJmond", "coordinator@ijmond.nl").await;
    let a = org(&app, "Beverwijk", "admin@beverwijk.nl").await;
    let b = org(&app, "Heemskerk", "admin@heemskerk.nl").await;
    let c = org(&app, "Velsen", "admin@velsen.nl").await;
    let d = org(&app, "Outsider", "admin@outsider.nl").await;

    // Create: bad names and signed-out callers change nothing.
    for bad in ["", " x ", &"n".repeat(121)] {
        let (s, v) = call(&app, &coord.admin, "/api/collab/create", &[("name", bad)]).await;
        assert_eq!(s, 400, "{v}");
        assert!(v.to_string().contains("name"), "{v}");
    }
    let (s, _) = call(&app, &client(), "/api/collab/create", &[("name", "IJmond")]).await;
    assert_eq!(s, 401);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM collaborations").await, 0);
    let (s, v) = call(
        &app,
        &coord.admin,
        "/api/collab/create",
        &[("name", " IJmond ")],
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let id = v.as_i64().expect("id").to_string();
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'collab.create'"
        )
        .await,
        1
    );
    let (s, l) = call(&app, &coord.admin, "/api/collab/list", &[]).await;
    assert_eq!(s, 200, "{l}");
    assert_eq!(l["coordinated"][0]["name"], "IJmond");

    // Search: case-insensitive, coordinators only.
    let (s, found) = call(
        &app,
        &coord.admin,
        "/api/collab/search_orgs",
        &[("id", &id), ("query", "HEEM")],
    )
    .await;
    assert_eq!(s, 200, "{found}");
    assert_eq!(found.as_array().expect("list").len(), 1);
    assert_eq!(found[0]["name"], "Heemskerk");
    let (s, _) = call(
        &app,
        &a.admin,
        "/api/collab/search_orgs",
        &[("id", &id), ("query", "")],
    )
    .await;
    assert_eq!(s, 404, "a stranger does not learn the collaboration exists");

    // Invite: unknown organisation, twice, or by a non-coordinator: refused.
    for o in [&a, &b, &c] {
        let (s, v) = call(
            &app,
            &coord.admin,
            "/api/collab/invite",
            &[("id", &id), ("org_id", &o.id)],
        )
        .await;
        assert_eq!(s, 200, "{v}");
    }
    let before = members_snapshot(&app).await;
    let (s, v) = call(
        &app,
        &coord.admin,
        "/api/collab/invite",
        &[("id", &id), ("org_id", &a.id)],
    )
    .await;
    assert_eq!(s, 409, "{v}");
    let (s, _) = call(
        &app,
        &coord.admin,
        "/api/collab/invite",
        &[("id", &id), ("org_id", "999999")],
    )
    .await;
    assert_eq!(s, 400);
    let (s, _) = call(
        &app,
        &d.admin,
        "/api/collab/invite",
        &[("id", &id), ("org_id", &d.id)],
    )
    .await;
    assert_eq!(s, 404);
    assert_eq!(members_snapshot(&app).await, before);
    // Already invited organisations are not offered again.
    let (_, found) = call(
        &app,
        &coord.admin,
        "/api/collab/search_orgs",
        &[("id", &id), ("query", "heem")],
    )
    .await;
    assert_eq!(found.as_array().expect("list").len(), 0);

    // An invited (not yet member) organisation cannot see the dashboard,
    // but its admin sees the invitation.
    let (s, _) = call(&app, &a.admin, "/api/collab/dashboard", &[("id", &id)]).await;
    assert_eq!(s, 404);
    let (_, l) = call(&app, &a.admin, "/api/collab/list", &[]).await;
    assert_eq!(l["pending"][0]["collab_name"], "IJmond");
    assert_eq!(l["pending"][0]["org_name"], "Beverwijk");

    // Answering: a bad decision, someone else's organisation, an organisation
    // that was not invited — nothing changes.
    let (s, v) = respond(&app, &a.admin, &id, &a.id, "maybe", true, false).await;
    assert_eq!(s, 400, "{v}");
    let (s, _) = respond(&app, &d.admin, &id, &a.id, "accept", true, false).await;
    assert_eq!(s, 404);
    let (s, _) = respond(&app, &d.admin, &id, &d.id, "accept", true, false).await;
    assert_eq!(s, 404);
    assert_eq!(members_snapshot(&app).await, before);

    // A leader of the organisation may read but not answer.
    let (uid,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = 'admin@outsider.nl'")
        .fetch_one(app.state.db.pool())
        .await
        .expect("user");
    let a_id: i64 = a.id.parse().expect("id");
    app::db::users::add_membership(app.state.db.pool(), uid, a_id, "leader")
        .await
        .expect("membership");
    let (s, _) = respond(&app, &d.admin, &id, &a.id, "accept", true, false).await;
    assert_eq!(s, 403);
    let (s, oc) = call(&app, &d.admin, "/api/collab/org", &[("org_id", &a.id)]).await;
    assert_eq!((s, oc[0]["status"].as_str()), (200, Some("invited")));
    assert_eq!(members_snapshot(&app).await, before);

    // Accept (named), accept (named, sharing targets), decline.
    let (s, v) = respond(&app, &a.admin, &id, &a.id, "accept", true, false).await;
    assert_eq!(s, 200, "{v}");
    let (s, _) = respond(&app, &b.admin, &id, &b.id, "accept", true, true).await;
    assert_eq!(s, 200);
    let (s, _) = respond(&app, &c.admin, &id, &c.id, "decline", false, false).await;
    assert_eq!(s, 200);
    // Answering twice is not possible.
    let (s, _) = respond(&app, &c.admin, &id, &c.id, "accept", false, false).await;
    assert_eq!(s, 404);
    let (s, _) = call(&app, &c.admin, "/api/collab/dashboard", &[("id", &id)]).await;
    assert_eq!(s, 404, "a declined organisation sees nothing");
    // Invited again, it accepts without consent.
    call(
        &app,
        &coord.admin,
        "/api/collab/invite",
        &[("id", &id), ("org_id", &c.id)],
    )
    .await;
    let (s, _) = respond(&app, &c.admin, &id, &c.id, "accept", false, false).await;
    assert_eq!(s, 200);
    let snap = members_snapshot(&app).await;
    let row = |org: &str| {
        snap.iter()
            .find(|r| r.1.to_string() == org)
            .cloned()
            .expect("row")
    };
    assert_eq!(row(&a.id).2, "member");
    assert_eq!((row(&a.id).3, row(&a.id).4), (1, 0));
    assert_eq!((row(&b.id).3, row(&b.id).4), (1, 1));
    assert_eq!((row(&c.id).3, row(&c.id).4), (0, 0));
    for action in ["collab.invite", "collab.accept", "collab.decline"] {
        let n = count(
            &app,
            &format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'"),
        )
        .await;
        assert!(n >= 1, "{action}");
    }

    // Members see the collaboration; the leader of a member does too.
    for cl in [&a.admin, &b.admin, &c.admin, &d.admin] {
        let (s, v) = call(&app, cl, "/api/collab/dashboard", &[("id", &id)]).await;
        assert_eq!(s, 200, "{v}");
        assert!(v["pending"].as_array().expect("pending").is_empty());
    }
    // The names: A and B consented; C did not. The coordinator sees two
    // names and one unnamed member.
    let (_, dash) = call(&app, &coord.admin, "/api/collab/dashboard", &[("id", &id)]).await;
    let names: Vec<&str> = dash["named_members"]
        .as_array()
        .expect("named")
        .iter()
        .filter_map(|m| m["name"].as_str())
        .collect();
    assert_eq!(names, vec!["Beverwijk", "Heemskerk"]);
    assert_eq!(dash["unnamed_members"], 1);
    assert!(!dash.to_string().contains("Velsen"), "{dash}");
    // C sees itself by name (its own), A not as anonymous.
    let (_, dc) = call(&app, &c.admin, "/api/collab/dashboard", &[("id", &id)]).await;
    assert_eq!(dc["named_members"].as_array().expect("named").len(), 3);
    assert_eq!(dc["unnamed_members"], 0);

    // Consent: only the member's admins; the change is stored and audited.
    let (s, _) = call(
        &app,
        &a.admin,
        "/api/collab/consent",
        &[("id", &id), ("org_id", &c.id), ("named", "on")],
    )
    .await;
    assert_eq!(s, 404);
    let (s, _) = call(
        &app,
        &d.admin,
        "/api/collab/consent",
        &[("id", &id), ("org_id", &a.id)],
    )
    .await;
    assert_eq!(s, 403, "a leader cannot withdraw consent");
    let (s, _) = call(
        &app,
        &a.admin,
        "/api/collab/consent",
        &[("id", &id), ("org_id", &a.id)],
    )
    .await;
    assert_eq!(s, 200);
    let (_, dash) = call(&app, &coord.admin, "/api/collab/dashboard", &[("id", &id)]).await;
    assert_eq!(dash["unnamed_members"], 2);
    assert!(!dash.to_string().contains("Beverwijk"), "{dash}");
    call(
        &app,
        &a.admin,
        "/api/collab/consent",
        &[("id", &id), ("org_id", &a.id), ("named", "on")],
    )
    .await;

    // Collective targets: coordinator only, bad input changes nothing.
    let (s, v) = call(
        &app,
        &coord.admin,
        "/api/collab/targets_save",
        &targets_form(&id, "11", "2030"),
    )
    .await;
    assert_eq!(s, 400, "{v}");
    let (s, _) = call(
        &app,
        &a.admin,
        "/api/collab/targets_save",
        &targets_form(&id, "7", "2030"),
    )
    .await;
    assert_eq!(s, 403);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM collaboration_targets").await,
        0
    );
    let (s, v) = call(
        &app,
        &coord.admin,
        "/api/collab/targets_save",
        &targets_form(&id, "7", "2030"),
    )
    .await;
    assert_eq!((s, v.as_i64()), (200, Some(1)));
    let (_, dash) = call(&app, &a.admin, "/api/collab/dashboard", &[("id", &id)]).await;
    assert_eq!(dash["targets"][0]["level"], 7.0);
    assert_eq!(dash["target_history"][0]["set_by"], "Admin");

    // Leaving: only a member's admin; afterwards the organisation sees nothing.
    let before = members_snapshot(&app).await;
    let (s, _) = call(
        &app,
        &d.admin,
        "/api/collab/leave",
        &[("id", &id), ("org_id", &a.id)],
    )
    .await;
    assert_eq!(s, 403);
    let (s, _) = call(
        &app,
        &d.admin,
        "/api/collab/leave",
        &[("id", &id), ("org_id", &d.id)],
    )
    .await;
    assert_eq!(s, 404);
    assert_eq!(members_snapshot(&app).await, before);
    let (s, _) = call(
        &app,
        &b.admin,
        "/api/collab/leave",
        &[("id", &id), ("org_id", &b.id)],
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = call(&app, &b.admin, "/api/collab/dashboard", &[("id", &id)]).await;
    assert_eq!(s, 404);

    // Remove: the coordinator withdraws an invitation and removes a member;
    // members cannot.
    call(
        &app,
        &coord.admin,
        "/api/collab/invite",
        &[("id", &id), ("org_id", &d.id)],
    )
    .await;
    let (s, _) = call(
        &app,
        &a.admin,
        "/api/collab/remove",
        &[("id", &id), ("org_id", &d.id)],
    )
    .await;
    assert_eq!(s, 403);
    for o in [&d.id, &c.id] {
        let (s, v) = call(
            &app,
            &coord.admin,
            "/api/collab/remove",
            &[("id", &id), ("org_id", o)],
        )
        .await;
        assert_eq!(s, 200, "{v}");
    }
    let (s, _) = call(
        &app,
        &coord.admin,
        "/api/collab/remove",
        &[("id", &id), ("org_id", &c.id)],
    )
    .await;
    assert_eq!(s, 404);
    let (s, _) = call(&app, &c.admin, "/api/collab/dashboard", &[("id", &id)]).await;
    assert_eq!(s, 404);
    let left: Vec<i64> = members_snapshot(&app).await.iter().map(|r| r.1).collect();
    assert_eq!(left, vec![a_id]);

    // An unknown collaboration is 404 for everyone.
    let (s, _) = call(
        &app,
        &coord.admin,
        "/api/collab/dashboard",
        &[("id", "424242")],
    )
    .await;
    assert_eq!(s, 404);
}

/// Every number in a JSON value.
fn numbers(v: &Value, out: &mut Vec<f64>) {
    match v {
        Value::Number(n) => out.extend(n.as_f64()),
        Value::Array(a) => a.iter().for_each(|x| numbers(x, out)),
        Value::Object(o) => o.values().for_each(|x| numbers(x, out)),
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_coordinator_sees_collective_k_safe_figures_and_no_member_results() {
    let app = spawn_app().await;
    let coord = org(&app, "Regio IJmond", "coordinator@ijmond.nl").await;
    let a = org(&app, "Beverwijk", "admin@beverwijk.nl").await;
    let b = org(&app, "Heemskerk", "admin@heemskerk.nl").await;
    let c = org(&app, "Velsen", "admin@velsen.nl").await;
    let d = org(&app, "Outsider", "admin@outsider.nl").await;
    // Levels 4, 6 and 9 on every item: strategy scores 4, 6 and 9.
    let ca = closed_campaign(&app, &a.id, 2026, 6, 4).await;
    closed_campaign(&app, &b.id, 2026, 6, 6).await;
    closed_campaign(&app, &c.id, 2026, 6, 9).await;
    // Below k in 2025: never counted.
    closed_campaign(&app, &a.id, 2025, 4, 2).await;
    closed_campaign(&app, &b.id, 2025, 4, 2).await;

    let (_, v) = call(
        &app,
        &coord.admin,
        "/api/collab/create",
        &[("name", "IJmond")],
    )
    .await;
    let id = v.as_i64().expect("id").to_string();
    for (o, named, shares) in [(&a, true, false), (&b, true, true), (&c, false, true)] {
        call(
            &app,
            &coord.admin,
            "/api/collab/invite",
            &[("id", &id), ("org_id", &o.id)],
        )
        .await;
        let (s, v) = respond(&app, &o.admin, &id, &o.id, "accept", named, shares).await;
        assert_eq!(s, 200, "{v}");
    }
    // Targets of A (not shared), B (shared, named), C (shared, not named).
    for (o, level) in [(&a, "7.5"), (&b, "8.5"), (&c, "9.5")] {
        let mut f = vec![("org_id", o.id.as_str())];
        for s in 1..=6 {
            let (lk, yk) = match s {
                1 => ("level_s1", "year_s1"),
                2 => ("level_s2", "year_s2"),
                3 => ("level_s3", "year_s3"),
                4 => ("level_s4", "year_s4"),
                5 => ("level_s5", "year_s5"),
                _ => ("level_s6", "year_s6"),
            };
            f.push((lk, level));
            f.push((yk, "2029"));
        }
        let (s, v) = call(&app, &o.admin, "/api/plan/targets_save", &f).await;
        assert_eq!(s, 200, "{v}");
    }

    // An activity in each member's action plan: only B's (named, sharing)
    // reaches the collaboration.
    for (o, title) in [(&a, "Plan of A"), (&b, "Plan of B"), (&c, "Plan of C")] {
        let (s, v) = call(
            &app,
            &o.admin,
            "/api/action_plan/activity_save",
            &[
                ("org_id", o.id.as_str()),
                ("id", "0"),
                ("title", title),
                ("description", "Confidential budget note"),
                ("strategy", "S2"),
                ("year", "2027"),
                ("owner", "CIO"),
                ("cost", "123457"),
                ("funding", "investment"),
                ("status", "planned"),
            ],
        )
        .await;
        assert_eq!(s, 200, "{v}");
    }

    let (s, dash) = call(&app, &coord.admin, "/api/collab/dashboard", &[("id", &id)]).await;
    assert_eq!(s, 200, "{dash}");
    let text = dash.to_string();
    assert!(text.contains("Plan of B"), "{dash}");
    for secret in [
        "Plan of A",
        "Plan of C",
        "Confidential budget note",
        "123457",
    ] {
        assert!(!text.contains(secret), "{secret} leaked: {dash}");
    }
    assert_eq!(dash["shared_targets"][0]["activities"][0]["strategy"], "S2");
    // Only 2026 has figures; the collective is that of the two named
    // members: C (unnamed, alone) is left out, since subtracting A and B from
    // a collective of three would give C's figure.
    let years = dash["collective"].as_array().expect("collective");
    assert_eq!(years.len(), 1, "{dash}");
    assert_eq!(years[0]["year"], 2026);
    assert_eq!(years[0]["left_out"], 1);
    let s1 = years[0]["dims"]
        .as_array()
        .expect("dims")
        .iter()
        .find(|d| d["dimension"] == "S1")
        .expect("S1");
    assert_eq!(s1["members"], 2);
    assert!((s1["mean"].as_f64().expect("mean") - 5.0).abs() < 1e-9);
    // No figure of C (9.0 per strategy, index 88.9) and none of its targets
    // (9.5) reaches the coordinator; B's shared targets (8.5) do, A's (7.5) not.
    let mut nums = Vec::new();
    numbers(&dash, &mut nums);
    assert!(
        !nums
            .iter()
            .any(|x| (x - 9.0).abs() < 0.05 || (x - 88.89).abs() < 0.05 || *x == 9.5 || *x == 7.5),
        "{dash}"
    );
    assert_eq!(dash["shared_targets"].as_array().expect("shared").len(), 1);
    assert_eq!(dash["shared_targets"][0]["name"], "Heemskerk");
    assert_eq!(dash["shared_targets"][0]["targets"][0]["level"], 8.5);
    assert!(!dash.to_string().contains("Velsen"));

    // The coordinator cannot read any member's own results or targets.
    let cid = ca.to_string();
    for (path, form) in [
        (
            "/api/results/campaign",
            vec![("org_id", a.id.as_str()), ("campaign_id", cid.as_str())],
        ),
        (
            "/api/results/dashboard",
            vec![("org_id", a.id.as_str()), ("lang", "en")],
        ),
        ("/api/plan/targets", vec![("org_id", b.id.as_str())]),
        ("/api/action_plan/get", vec![("org_id", b.id.as_str())]),
        (
            "/api/action_plan/insights",
            vec![("org_id", a.id.as_str()), ("lang", "en")],
        ),
        ("/api/results/export_csv", vec![("org_id", a.id.as_str())]),
        ("/api/collab/org", vec![("org_id", c.id.as_str())]),
    ] {
        let (s, v) = call(&app, &coord.admin, path, &form).await;
        assert_eq!(s, 404, "{path}: {v}");
    }
    // The collaboration is no peer group for the coordinator's own organisation.
    let (s, _) = call(
        &app,
        &coord.admin,
        "/api/results/benchmark",
        &[
            ("org_id", &coord.id),
            ("year", "2026"),
            ("country", ""),
            ("kind", ""),
            ("size_band", ""),
            ("collaboration", &id),
            ("lang", "en"),
        ],
    )
    .await;
    assert_eq!(s, 404);
    // ... but still for its members (too small here: a status, no figures).
    let (s, bv) = call(
        &app,
        &a.admin,
        "/api/results/benchmark",
        &[
            ("org_id", &a.id),
            ("year", "2026"),
            ("country", ""),
            ("kind", ""),
            ("size_band", ""),
            ("collaboration", &id),
            ("lang", "en"),
        ],
    )
    .await;
    assert_eq!(s, 200, "{bv}");
    assert!(bv["entries"].as_array().expect("entries").is_empty());

    // A non-member organisation cannot see the collaboration at all.
    let (s, v) = call(&app, &d.admin, "/api/collab/dashboard", &[("id", &id)]).await;
    assert_eq!(s, 404, "{v}");
    let (_, l) = call(&app, &d.admin, "/api/collab/list", &[]).await;
    assert!(!l.to_string().contains("IJmond"), "{l}");

    // C's own users see C by name and the collective of all three (they know
    // their own figure).
    let (_, dc) = call(&app, &c.admin, "/api/collab/dashboard", &[("id", &id)]).await;
    let s1 = dc["collective"][0]["dims"]
        .as_array()
        .expect("dims")
        .iter()
        .find(|d| d["dimension"] == "S1")
        .cloned()
        .expect("S1");
    assert_eq!(s1["members"], 3);
    assert!((s1["mean"].as_f64().expect("mean") - 19.0 / 3.0).abs() < 1e-9);
    // A sees B by name, itself, but not C.
    let (_, da) = call(&app, &a.admin, "/api/collab/dashboard", &[("id", &id)]).await;
    assert_eq!(da["unnamed_members"], 1);
    assert!(!da.to_string().contains("Velsen"));
    let mut nums = Vec::new();
    numbers(&da, &mut nums);
    assert!(!nums.iter().any(|x| (x - 9.0).abs() < 0.05), "{da}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unnamed_members_count_only_in_a_crowd_of_min_peer_orgs() {
    use app::db::orgs::{self, NewOrg};
    use app::domain::org::{Ambition, Country, OrgKind};
    let app = spawn_app().await;
    let coord = org(&app, "Regio", "coordinator@regio.se").await;
    let (_, v) = call(
        &app,
        &coord.admin,
        "/api/collab/create",
        &[("name", "Regio")],
    )
    .await;
    let id = v.as_i64().expect("id");
    // Two named members (levels 2, 3), then unnamed ones (levels 4, 5, …).
    let add = async |i: i64, named: bool| {
        let org_id = orgs::insert(
            app.state.db.pool(),
            &NewOrg {
                name: format!("Kommun {i}"),
                country: Country::parse("SE").expect("SE"),
                kind: OrgKind::Municipality,
                population: 20_000,
                ambition: Ambition::FastFollower,
                named_benchmarking: false,
            },
        )
        .await
        .expect("org");
        closed_campaign(&app, &org_id.to_string(), 2026, 5, 2 + i).await;
        sqlx::query(
            "INSERT INTO collaboration_members
               (collaboration_id, org_id, status, named, shares_targets, created_at)
             VALUES ($1, $2, 'member', $3, 0, 0)",
        )
        .bind(id)
        .bind(org_id)
        .bind(i64::from(named))
        .execute(app.state.db.pool())
        .await
        .expect("member");
    };
    for i in 0..6 {
        add(i, i < 2).await;
    }
    let s1 = async || {
        let (s, d) = call(
            &app,
            &coord.admin,
            "/api/collab/dashboard",
            &[("id", &id.to_string())],
        )
        .await;
        assert_eq!(s, 200, "{d}");
        let y = d["collective"][0].clone();
        let s1 = y["dims"]
            .as_array()
            .expect("dims")
            .iter()
            .find(|x| x["dimension"] == "S1")
            .cloned()
            .expect("S1");
        (
            s1["members"].as_i64(),
            s1["mean"].as_f64().expect("mean"),
            y["left_out"].as_i64(),
        )
    };
    // Four unnamed members (< 5): left out; the collective is that of the named two.
    let (members, mean, left_out) = s1().await;
    assert_eq!((members, left_out), (Some(2), Some(4)));
    assert!((mean - 2.5).abs() < 1e-9);
    // A fifth unnamed member makes a crowd: all seven count.
    add(6, false).await;
    let (members, mean, left_out) = s1().await;
    assert_eq!((members, left_out), (Some(7), Some(0)));
    assert!((mean - 5.0).abs() < 1e-9);
}

/// Issue 23, leak 2: seven members, one of which did not consent to be named.
/// Every member knows who the members are, so an anonymised row in the
/// benchmark filtered by the collaboration would be named by exclusion: the
/// member must not be in that peer group at all (not as a row, not in the
/// distribution). Fails when the unnamed member's level-9 figures appear.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_collaboration_peer_group_leaves_out_a_member_that_did_not_consent() {
    use app::db::orgs::{self, NewOrg};
    use app::domain::org::{Ambition, Country, OrgKind};
    let app = spawn_app().await;
    let coord = org(&app, "Regio", "coordinator@regio.se").await;
    let (_, v) = call(
        &app,
        &coord.admin,
        "/api/collab/create",
        &[("name", "Regio")],
    )
    .await;
    let id = v.as_i64().expect("id");
    let member = async |org_id: i64, named: bool| {
        sqlx::query(
            "INSERT INTO collaboration_members
               (collaboration_id, org_id, status, named, shares_targets, created_at)
             VALUES ($1, $2, 'member', $3, 0, 0)",
        )
        .bind(id)
        .bind(org_id)
        .bind(i64::from(named))
        .execute(app.state.db.pool())
        .await
        .expect("member");
    };
    // The reader: a named member at level 4.
    let a = org(&app, "Ale", "admin@ale.se").await;
    closed_campaign(&app, &a.id, 2026, 5, 4).await;
    member(a.id.parse().expect("id"), true).await;
    // Five named members at levels 2, 3, 5, 6, 7 and one unnamed at level 9.
    for (i, (level, named)) in [
        (2, true),
        (3, true),
        (5, true),
        (6, true),
        (7, true),
        (9, false),
    ]
    .into_iter()
    .enumerate()
    {
        let org_id = orgs::insert(
            app.state.db.pool(),
            &NewOrg {
                name: format!("Kommun {i}"),
                country: Country::parse("SE").expect("SE"),
                kind: OrgKind::Municipality,
                population: 20_000,
                ambition: Ambition::FastFollower,
                named_benchmarking: false,
            },
        )
        .await
        .expect("org");
        closed_campaign(&app, &org_id.to_string(), 2026, 5, level).await;
        member(org_id, named).await;
    }
    let collab = id.to_string();
    let (s, b) = call(
        &app,
        &a.admin,
        "/api/results/benchmark",
        &[
            ("org_id", &a.id),
            ("year", "2026"),
            ("country", ""),
            ("kind", ""),
            ("size_band", ""),
            ("collaboration", &collab),
            ("lang", "en"),
        ],
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let entries = b["entries"].as_array().expect("entries");
    // The reader and the five named members, each by name.
    assert_eq!(entries.len(), 6, "{b}");
    assert!(
        entries.iter().all(|e| e["label"]["name"].is_string()),
        "{b}"
    );
    // Level 9 gives 9 on every strategy and index ((9 + 9)/2 − 1)/9·100.
    let mut nums = Vec::new();
    numbers(&b, &mut nums);
    let index9 = (9.0 - 1.0) / 9.0 * 100.0;
    assert!(
        !nums
            .iter()
            .any(|x| (x - 9.0).abs() < 1e-6 || (x - index9).abs() < 1e-6),
        "{b}"
    );
    // Without the collaboration filter (no known membership) the member is an
    // anonymised row like any other organisation that took part.
    let (s, all) = call(
        &app,
        &a.admin,
        "/api/results/benchmark",
        &[
            ("org_id", &a.id),
            ("year", "2026"),
            ("country", ""),
            ("kind", ""),
            ("size_band", ""),
            ("lang", "en"),
        ],
    )
    .await;
    assert_eq!(s, 200, "{all}");
    assert_eq!(all["entries"].as_array().map(Vec::len), Some(7), "{all}");
}
