//! Targets (målbild): org admins set them in one transaction with history;
//! bad input changes nothing; leaders read only; other organisations see nothing.

use crate::common::{call, client, sign_up_org, spawn_app};

fn form<'a>(org: &'a str, cells: &'a [(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![("org_id", org)];
    for s in ["s1", "s2", "s3", "s4", "s5", "s6"] {
        let level = cells
            .iter()
            .find(|(k, _)| *k == s)
            .map(|(_, v)| *v)
            .unwrap_or("");
        let (lk, yk): (&str, &str) = match s {
            "s1" => ("level_s1", "year_s1"),
            "s2" => ("level_s2", "year_s2"),
            "s3" => ("level_s3", "year_s3"),
            "s4" => ("level_s4", "year_s4"),
            "s5" => ("level_s5", "year_s5"),
            _ => ("level_s6", "year_s6"),
        };
        f.push((lk, level));
        f.push((yk, if level.is_empty() { "" } else { "2029" }));
    }
    f
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn targets_have_history_bad_input_changes_nothing_and_only_admins_write() {
    let app = spawn_app().await;
    let admin = client();
    let org = sign_up_org(&app, &admin, "Älvby kommun", "admin@alvby.se")
        .await
        .to_string();

    let (s, n) = call(
        &app,
        &admin,
        "/api/plan/targets_save",
        &form(&org, &[("s1", "7"), ("s3", "6.5")]),
    )
    .await;
    assert_eq!((s, n.as_i64()), (200, Some(2)), "{n}");
    // Same values again: nothing changes, no history row.
    let (s, n) = call(
        &app,
        &admin,
        "/api/plan/targets_save",
        &form(&org, &[("s1", "7"), ("s3", "6.5")]),
    )
    .await;
    assert_eq!((s, n.as_i64()), (200, Some(0)));
    // One change → one more history row.
    let (s, n) = call(
        &app,
        &admin,
        "/api/plan/targets_save",
        &form(&org, &[("s1", "8"), ("s3", "6.5")]),
    )
    .await;
    assert_eq!((s, n.as_i64()), (200, Some(1)));

    let (s, t) = call(&app, &admin, "/api/plan/targets", &[("org_id", &org)]).await;
    assert_eq!(s, 200, "{t}");
    assert_eq!(t["current"].as_array().expect("current").len(), 2);
    assert_eq!(t["current"][0]["strategy"], "S1");
    assert_eq!(t["current"][0]["level"], 8.0);
    assert_eq!(t["history"].as_array().expect("history").len(), 3);
    assert_eq!(t["history"][0]["set_by"], "Admin");

    // Bad input: every problem listed, nothing stored.
    let (s, v) = call(
        &app,
        &admin,
        "/api/plan/targets_save",
        &form(&org, &[("s1", "11"), ("s2", "x"), ("s4", "4")]),
    )
    .await;
    assert_eq!(s, 400, "{v}");
    let msg = v.to_string();
    assert!(msg.contains("S1") && msg.contains("S2"), "{msg}");
    let (_, t2) = call(&app, &admin, "/api/plan/targets", &[("org_id", &org)]).await;
    assert_eq!(t2["history"], t["history"]);

    // Another organisation: 404; signed out: 401.
    let other = client();
    sign_up_org(&app, &other, "Norrsjö kommun", "admin@norrsjo.se").await;
    let (s, _) = call(&app, &other, "/api/plan/targets", &[("org_id", &org)]).await;
    assert_eq!(s, 404);
    let (s, _) = call(
        &app,
        &other,
        "/api/plan/targets_save",
        &form(&org, &[("s1", "2")]),
    )
    .await;
    assert_eq!(s, 404);
    let (s, _) = call(
        &app,
        &client(),
        "/api/plan/targets_save",
        &form(&org, &[("s1", "2")]),
    )
    .await;
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
    let (s, _) = call(&app, &other, "/api/plan/targets", &[("org_id", &org)]).await;
    assert_eq!(s, 200);
    let (s, _) = call(
        &app,
        &other,
        "/api/plan/targets_save",
        &form(&org, &[("s1", "2")]),
    )
    .await;
    assert_eq!(s, 403);
    let (_, t3) = call(&app, &admin, "/api/plan/targets", &[("org_id", &org)]).await;
    assert_eq!(t3["history"].as_array().expect("history").len(), 3);
}
