//! Invitations and members, the account page, password reset, the operator,
//! and a tenant-isolation walk over every organisation-scoped server function,
//! on the backend chosen by SPINDEL_TEST_BACKEND.

use crate::common::{TestApp, call, client, spawn_app};
use serde_json::Value;

use crate::common::PASSWORD;
const NEW_PASSWORD: &str = "meadow-copper-kettle";

async fn sign_up(app: &TestApp, c: &reqwest::Client, org: &str, email: &str) -> i64 {
    let form = [
        ("org_name", org),
        ("country", "NL"),
        ("kind", "municipality"),
        ("population", "61300"),
        ("ambition", "fast_follower"),
        ("display_name", "Admin"),
        ("email", email),
        ("password", PASSWORD),
        ("language", "nl"),
    ];
    crate::common::sign_up_with(app, c, &form).await
}

/// The link in the newest mail to `to`.
async fn link_in_mail(app: &TestApp, to: &str, path: &str) -> String {
    let mails = app::db::outbox::for_recipient(&app.state.db, to)
        .await
        .expect("outbox");
    let body = &mails.first().expect("a mail").body;
    let start = body.find(path).expect("link in mail");
    body[start + path.len()..]
        .split_whitespace()
        .next()
        .expect("token")
        .to_owned()
}

async fn whoami(app: &TestApp, c: &reqwest::Client) -> Value {
    call(app, c, "/api/auth/whoami", &[]).await.1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_invites_a_leader_who_sets_a_password_and_signs_in() {
    let app = spawn_app().await;
    let admin = client();
    let org = sign_up(&app, &admin, "Gemeente Duinwijk", "admin@duinwijk.nl").await;
    let org_s = org.to_string();
    let (s, v) = call(
        &app,
        &admin,
        "/api/org/invite",
        &[
            ("org_id", &org_s),
            ("email", "Lea@Duinwijk.nl"),
            ("role", "leader"),
        ],
    )
    .await;
    assert_eq!(s, 200, "{v}");

    // Only the hash of the token is stored.
    let token = link_in_mail(&app, "lea@duinwijk.nl", "/invite/").await;
    let (stored,): (String,) =
        sqlx::query_as("SELECT token_hash FROM auth_tokens WHERE kind = 'invite'")
            .fetch_one(app.state.db.pool())
            .await
            .expect("token row");
    assert_ne!(stored, token);
    assert_eq!(stored, app::db::tokens::hash_token(&token));

    let lea = client();
    let (s, info) = call(&app, &lea, "/api/invite/info", &[("token", &token)]).await;
    assert_eq!(s, 200);
    assert_eq!(info["org_name"], "Gemeente Duinwijk");
    assert_eq!(info["role"], "Leader");
    assert_eq!(info["has_account"], false);
    // A common password is refused and uses up nothing.
    let (s, _) = call(
        &app,
        &lea,
        "/api/invite/accept",
        &[
            ("token", &token),
            ("display_name", "Lea"),
            ("password", "password"),
        ],
    )
    .await;
    assert_eq!(s, 400);
    let (s, v) = call(
        &app,
        &lea,
        "/api/invite/accept",
        &[
            ("token", &token),
            ("display_name", "Lea"),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v.as_i64(), Some(org));
    let me = whoami(&app, &lea).await;
    assert_eq!(me["memberships"][0]["role"], "Leader");
    // The link works once.
    let (s, _) = call(
        &app,
        &client(),
        "/api/invite/accept",
        &[
            ("token", &token),
            ("display_name", "X"),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(s, 400);
    // A leader sees the organisation but cannot administer it.
    let (s, _) = call(&app, &lea, "/api/org/profile", &[("org_id", &org_s)]).await;
    assert_eq!(s, 200);
    let (s, _) = call(&app, &lea, "/api/org/members", &[("org_id", &org_s)]).await;
    assert_eq!(s, 403);
    let (s, _) = call(
        &app,
        &lea,
        "/api/org/invite",
        &[
            ("org_id", &org_s),
            ("email", "x@y.nl"),
            ("role", "org_admin"),
        ],
    )
    .await;
    assert_eq!(s, 403);
    // The admin sees both members and the audit trail.
    let (s, members) = call(&app, &admin, "/api/org/members", &[("org_id", &org_s)]).await;
    assert_eq!(s, 200);
    assert_eq!(members["members"].as_array().map(Vec::len), Some(2));
    let (_, audit) = call(&app, &admin, "/api/org/audit", &[("org_id", &org_s)]).await;
    let actions: Vec<String> = audit
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["action"].as_str().unwrap_or("").to_owned())
        .collect();
    assert!(
        actions.contains(&"member.invited".to_owned())
            && actions.contains(&"member.joined".to_owned()),
        "{actions:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_change_and_members_are_removed_but_never_the_last_admin() {
    let app = spawn_app().await;
    let admin = client();
    let org = sign_up(&app, &admin, "Hoogmeer", "admin@hoogmeer.nl").await;
    let org_s = org.to_string();
    let me = whoami(&app, &admin).await;
    let admin_id = me["id"].as_i64().expect("id").to_string();
    let (s, v) = call(
        &app,
        &admin,
        "/api/org/member_role",
        &[
            ("org_id", &org_s),
            ("user_id", &admin_id),
            ("role", "leader"),
        ],
    )
    .await;
    assert_eq!(s, 409, "the last admin cannot step down: {v}");
    let (s, _) = call(
        &app,
        &admin,
        "/api/org/member_remove",
        &[("org_id", &org_s), ("user_id", &admin_id)],
    )
    .await;
    assert_eq!(s, 409);

    call(
        &app,
        &admin,
        "/api/org/invite",
        &[
            ("org_id", &org_s),
            ("email", "piet@hoogmeer.nl"),
            ("role", "leader"),
        ],
    )
    .await;
    let token = link_in_mail(&app, "piet@hoogmeer.nl", "/invite/").await;
    let piet = client();
    call(
        &app,
        &piet,
        "/api/invite/accept",
        &[
            ("token", &token),
            ("display_name", "Piet"),
            ("password", PASSWORD),
        ],
    )
    .await;
    let piet_id = whoami(&app, &piet).await["id"]
        .as_i64()
        .expect("id")
        .to_string();

    let (s, _) = call(
        &app,
        &admin,
        "/api/org/member_role",
        &[
            ("org_id", &org_s),
            ("user_id", &piet_id),
            ("role", "org_admin"),
        ],
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(
        whoami(&app, &piet).await["memberships"][0]["role"],
        "OrgAdmin"
    );
    let (s, _) = call(
        &app,
        &admin,
        "/api/org/member_role",
        &[("org_id", &org_s), ("user_id", &piet_id), ("role", "owner")],
    )
    .await;
    assert_eq!(s, 400, "unknown role");
    // Now the first admin may step down, and Piet may remove them.
    let (s, _) = call(
        &app,
        &admin,
        "/api/org/member_role",
        &[
            ("org_id", &org_s),
            ("user_id", &admin_id),
            ("role", "leader"),
        ],
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = call(
        &app,
        &piet,
        "/api/org/member_remove",
        &[("org_id", &org_s), ("user_id", &admin_id)],
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = call(&app, &admin, "/api/org/profile", &[("org_id", &org_s)]).await;
    assert_eq!(s, 404, "a removed member loses access");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_change_ends_other_sessions_and_account_deletion_removes_personal_data() {
    let app = spawn_app().await;
    let a = client();
    sign_up(&app, &a, "Polderveen", "jan@polderveen.nl").await;
    let b = client();
    call(
        &app,
        &b,
        "/api/auth/sign_in",
        &[("email", "jan@polderveen.nl"), ("password", PASSWORD)],
    )
    .await;
    assert!(whoami(&app, &b).await.is_object());

    let (s, _) = call(
        &app,
        &a,
        "/api/account/password",
        &[
            ("current", "wrong-current-1"),
            ("new_password", NEW_PASSWORD),
        ],
    )
    .await;
    assert_eq!(s, 400);
    let (s, _) = call(
        &app,
        &a,
        "/api/account/password",
        &[("current", PASSWORD), ("new_password", "qwerty123")],
    )
    .await;
    assert_eq!(s, 400, "common password refused");
    let (s, _) = call(
        &app,
        &a,
        "/api/account/password",
        &[("current", PASSWORD), ("new_password", NEW_PASSWORD)],
    )
    .await;
    assert_eq!(s, 200);
    assert!(
        whoami(&app, &a).await.is_object(),
        "this browser stays signed in"
    );
    assert!(whoami(&app, &b).await.is_null(), "other sessions end");
    let (s, _) = call(
        &app,
        &client(),
        "/api/auth/sign_in",
        &[("email", "jan@polderveen.nl"), ("password", NEW_PASSWORD)],
    )
    .await;
    assert_eq!(s, 200);

    let (s, _) = call(
        &app,
        &a,
        "/api/account/update",
        &[("display_name", "Jan de Vries"), ("language", "nl")],
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(whoami(&app, &a).await["display_name"], "Jan de Vries");
    let (s, _) = call(
        &app,
        &a,
        "/api/account/update",
        &[("display_name", "Jan"), ("language", "fr")],
    )
    .await;
    assert_eq!(s, 400);

    let (s, _) = call(
        &app,
        &a,
        "/api/account/delete",
        &[("password", "wrong-password-9")],
    )
    .await;
    assert_eq!(s, 400);
    let (s, _) = call(
        &app,
        &a,
        "/api/account/delete",
        &[("password", NEW_PASSWORD)],
    )
    .await;
    assert_eq!(s, 200);
    assert!(whoami(&app, &a).await.is_null());
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM users WHERE email = 'jan@polderveen.nl'")
            .fetch_one(app.state.db.pool())
            .await
            .expect("count");
    assert_eq!(n, 0);
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE target LIKE '%polderveen%'")
            .fetch_one(app.state.db.pool())
            .await
            .expect("count");
    assert_eq!(n, 0, "no e-mail address left in the audit log");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_only_admin_of_an_org_with_members_cannot_delete_their_account() {
    let app = spawn_app().await;
    let admin = client();
    let org = sign_up(&app, &admin, "Duinwijk", "boss@duinwijk.nl").await;
    call(
        &app,
        &admin,
        "/api/org/invite",
        &[
            ("org_id", &org.to_string()),
            ("email", "kees@duinwijk.nl"),
            ("role", "leader"),
        ],
    )
    .await;
    let token = link_in_mail(&app, "kees@duinwijk.nl", "/invite/").await;
    call(
        &app,
        &client(),
        "/api/invite/accept",
        &[
            ("token", &token),
            ("display_name", "Kees"),
            ("password", PASSWORD),
        ],
    )
    .await;
    let (s, v) = call(
        &app,
        &admin,
        "/api/account/delete",
        &[("password", PASSWORD)],
    )
    .await;
    assert_eq!(s, 409, "{v}");
    assert!(whoami(&app, &admin).await.is_object());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_reset_by_single_use_expiring_link() {
    let app = spawn_app().await;
    sign_up(&app, &client(), "Granvik", "eva@granvik.se").await;
    let anon = client();
    let (s1, v1) = call(
        &app,
        &anon,
        "/api/account/reset_request",
        &[("email", "eva@granvik.se")],
    )
    .await;
    let (s2, v2) = call(
        &app,
        &anon,
        "/api/account/reset_request",
        &[("email", "nobody@granvik.se")],
    )
    .await;
    assert_eq!(
        (s1, &v1),
        (s2, &v2),
        "same answer whether or not the account exists"
    );
    assert!(
        app::db::outbox::for_recipient(&app.state.db, "nobody@granvik.se")
            .await
            .expect("outbox")
            .is_empty()
    );
    let token = link_in_mail(&app, "eva@granvik.se", "/reset/").await;

    let (s, _) = call(
        &app,
        &anon,
        "/api/account/reset",
        &[("token", "not-a-token"), ("new_password", NEW_PASSWORD)],
    )
    .await;
    assert_eq!(s, 400);
    let (s, _) = call(
        &app,
        &anon,
        "/api/account/reset",
        &[("token", &token), ("new_password", "password")],
    )
    .await;
    assert_eq!(s, 400, "policy applies");
    let (s, _) = call(
        &app,
        &anon,
        "/api/account/reset",
        &[("token", &token), ("new_password", NEW_PASSWORD)],
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = call(
        &app,
        &anon,
        "/api/account/reset",
        &[("token", &token), ("new_password", "another-fine-pass")],
    )
    .await;
    assert_eq!(s, 400, "single use");
    let (s, _) = call(
        &app,
        &client(),
        "/api/auth/sign_in",
        &[("email", "eva@granvik.se"), ("password", NEW_PASSWORD)],
    )
    .await;
    assert_eq!(s, 200);

    // An expired link does not work.
    call(
        &app,
        &anon,
        "/api/account/reset_request",
        &[("email", "eva@granvik.se")],
    )
    .await;
    let token2 = link_in_mail(&app, "eva@granvik.se", "/reset/").await;
    sqlx::query("UPDATE auth_tokens SET expires_at = 1 WHERE token_hash = $1")
        .bind(app::db::tokens::hash_token(&token2))
        .execute(app.state.db.pool())
        .await
        .expect("expire");
    let (s, _) = call(
        &app,
        &anon,
        "/api/account/reset",
        &[("token", &token2), ("new_password", "yet-another-pass-1")],
    )
    .await;
    assert_eq!(s, 400);
    // At most three reset mails per hour.
    for _ in 0..5 {
        call(
            &app,
            &anon,
            "/api/account/reset_request",
            &[("email", "eva@granvik.se")],
        )
        .await;
    }
    let mails = app::db::outbox::for_recipient(&app.state.db, "eva@granvik.se")
        .await
        .expect("outbox");
    assert_eq!(
        mails.iter().filter(|m| m.kind == "password_reset").count(),
        3
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_operator_lists_edits_and_disables_organisations_and_reads_the_outbox() {
    let app = spawn_app().await;
    let admin = client();
    let org = sign_up(&app, &admin, "Lyngå Kommune", "kim@lynga.dk").await;
    let org_s = org.to_string();
    call(
        &app,
        &admin,
        "/api/org/invite",
        &[
            ("org_id", &org_s),
            ("email", "ole@lynga.dk"),
            ("role", "leader"),
        ],
    )
    .await;
    app::auth::service::create_operator(&app.state.db, "ops@spindel.example", "Ops", PASSWORD)
        .await
        .expect("operator");
    let op = client();
    let (s, _) = call(
        &app,
        &op,
        "/api/auth/sign_in",
        &[("email", "ops@spindel.example"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(s, 200);

    // Not for org admins.
    let (s, _) = call(&app, &admin, "/api/operator/orgs", &[]).await;
    assert_eq!(s, 403);
    let (s, _) = call(&app, &client(), "/api/operator/outbox", &[]).await;
    assert_eq!(s, 401);

    let (s, orgs) = call(&app, &op, "/api/operator/orgs", &[]).await;
    assert_eq!(s, 200);
    assert_eq!(orgs[0]["name"], "Lyngå Kommune");
    assert_eq!(orgs[0]["members"], 1);
    let (s, outbox) = call(&app, &op, "/api/operator/outbox", &[]).await;
    assert_eq!(s, 200);
    let mails = &outbox["mails"];
    assert_eq!(mails[0]["recipient"], "ole@lynga.dk");
    // The operator sees the mail, never its link (issue 23, leak 6).
    let body = mails[0]["body"].as_str().unwrap_or("");
    assert!(
        !body.contains("/invite/") && body.contains("[link withheld]"),
        "{body}"
    );
    assert_eq!(mails[0]["sent"], false);
    // Test apps have a mail directory (sign-up needs delivery); nothing is
    // delivered into it unless a test runs the mailer.
    assert_eq!(outbox["delivery"], true);

    let (s, v) = call(
        &app,
        &op,
        "/api/operator/org_update",
        &[
            ("org_id", &org_s),
            ("name", "Lyngå Kommune"),
            ("country", "DK"),
            ("kind", "municipality"),
            ("population", "260000"),
            ("ambition", "frontrunner"),
        ],
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let (s, _) = call(
        &app,
        &op,
        "/api/operator/org_update",
        &[
            ("org_id", &org_s),
            ("name", ""),
            ("country", "DK"),
            ("kind", "municipality"),
            ("population", "1"),
            ("ambition", "frontrunner"),
        ],
    )
    .await;
    assert_eq!(s, 400);
    let row = app::db::orgs::get(&app.state.db, org)
        .await
        .expect("get")
        .expect("org");
    assert_eq!(row.size_band, "gt250k");

    let (s, _) = call(
        &app,
        &op,
        "/api/operator/org_disabled",
        &[("org_id", &org_s), ("disabled", "true")],
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = call(&app, &admin, "/api/org/profile", &[("org_id", &org_s)]).await;
    assert_eq!(s, 404, "a disabled organisation is out of reach");
    let (s, _) = call(
        &app,
        &op,
        "/api/operator/org_disabled",
        &[("org_id", &org_s), ("disabled", "false")],
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = call(&app, &admin, "/api/org/profile", &[("org_id", &org_s)]).await;
    assert_eq!(s, 200);
    let (s, audit) = call(&app, &op, "/api/operator/audit", &[]).await;
    assert_eq!(s, 200);
    assert!(
        audit
            .as_array()
            .expect("rows")
            .iter()
            .any(|r| r["action"] == "org.disabled")
    );
}

/// Every server function that takes an organisation or user id, called by a
/// member (admin) of organisation B with organisation A's ids.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tenant_isolation_every_org_scoped_server_function() {
    let app = spawn_app().await;
    let a = client();
    let org_a = sign_up(&app, &a, "Org A", "admin@a.example")
        .await
        .to_string();
    let a_admin = whoami(&app, &a).await["id"]
        .as_i64()
        .expect("id")
        .to_string();
    let b = client();
    let org_b = sign_up(&app, &b, "Org B", "admin@b.example")
        .await
        .to_string();
    let b_admin = whoami(&app, &b).await["id"]
        .as_i64()
        .expect("id")
        .to_string();

    let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("/api/org/profile", vec![("org_id", &org_a)]),
        ("/api/org/members", vec![("org_id", &org_a)]),
        ("/api/org/audit", vec![("org_id", &org_a)]),
        (
            "/api/org/profile_update",
            vec![
                ("org_id", &org_a),
                ("name", "Taken"),
                ("country", "SE"),
                ("kind", "municipality"),
                ("population", "1"),
                ("ambition", "frontrunner"),
                ("named_benchmarking", "on"),
            ],
        ),
        (
            "/api/org/invite",
            vec![
                ("org_id", &org_a),
                ("email", "spy@b.example"),
                ("role", "org_admin"),
            ],
        ),
        (
            "/api/org/member_role",
            vec![
                ("org_id", &org_a),
                ("user_id", &a_admin),
                ("role", "leader"),
            ],
        ),
        (
            "/api/org/member_remove",
            vec![("org_id", &org_a), ("user_id", &a_admin)],
        ),
        // B's own org with A's user: A's admin is not a member of B.
        (
            "/api/org/member_role",
            vec![
                ("org_id", &org_b),
                ("user_id", &a_admin),
                ("role", "leader"),
            ],
        ),
        (
            "/api/org/member_remove",
            vec![("org_id", &org_b), ("user_id", &a_admin)],
        ),
        ("/api/operator/orgs", vec![]),
        ("/api/operator/outbox", vec![]),
        ("/api/operator/audit", vec![]),
        (
            "/api/operator/org_update",
            vec![
                ("org_id", &org_a),
                ("name", "Taken"),
                ("country", "SE"),
                ("kind", "municipality"),
                ("population", "1"),
                ("ambition", "frontrunner"),
            ],
        ),
        (
            "/api/operator/org_disabled",
            vec![("org_id", &org_a), ("disabled", "true")],
        ),
    ];
    let audit_before: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count");
    for (path, form) in &cases {
        let (s, v) = call(&app, &b, path, form).await;
        assert!(s == 403 || s == 404, "{path} {form:?} as B: {s} {v}");
        let (s, _) = call(&app, &client(), path, form).await;
        assert_eq!(s, 401, "{path} signed out");
    }
    let audit_after: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count");
    assert_eq!(audit_before, audit_after, "nothing changed");
    // A is intact.
    let (s, members) = call(&app, &a, "/api/org/members", &[("org_id", &org_a)]).await;
    assert_eq!(s, 200);
    assert_eq!(members["members"][0]["role"], "OrgAdmin");
    assert!(members["invitations"].as_array().expect("list").is_empty());
    let _ = b_admin;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_org_admin_edits_the_profile_and_the_named_benchmarking_consent() {
    let app = spawn_app().await;
    let admin = client();
    let org = sign_up(&app, &admin, "Gemeente Polderveen", "admin@polderveen.nl").await;
    let org_s = org.to_string();
    let form = |named: bool| {
        let mut f = vec![
            ("org_id", org_s.clone()),
            ("name", "Gemeente Polderveen".to_string()),
            ("country", "NL".to_string()),
            ("kind", "municipality".to_string()),
            ("population", "120 500".to_string()),
            ("ambition", "frontrunner".to_string()),
        ];
        if named {
            f.push(("named_benchmarking", "on".to_string()));
        }
        f
    };
    let f = form(true);
    let (st, v) = call(&app, &admin, "/api/org/profile_update", &as_refs(&f)).await;
    assert_eq!(st, 200, "{v}");
    let row = app::db::orgs::get(&app.state.db, org)
        .await
        .expect("get")
        .expect("org");
    assert!(row.named_benchmarking);
    assert_eq!(row.size_band, "100-250k");
    assert_eq!(row.ambition, "frontrunner");
    // Unticking withdraws the consent.
    let f = form(false);
    call(&app, &admin, "/api/org/profile_update", &as_refs(&f)).await;
    assert!(
        !app::db::orgs::get(&app.state.db, org)
            .await
            .expect("get")
            .expect("org")
            .named_benchmarking
    );
    // Bad input changes nothing.
    let mut f = form(true);
    f[4].1 = "many".into();
    let (st, _) = call(&app, &admin, "/api/org/profile_update", &as_refs(&f)).await;
    assert_eq!(st, 400);
    assert!(
        !app::db::orgs::get(&app.state.db, org)
            .await
            .expect("get")
            .expect("org")
            .named_benchmarking
    );
    // A leader may not edit.
    call(
        &app,
        &admin,
        "/api/org/invite",
        &[
            ("org_id", &org_s),
            ("email", "lid@polderveen.nl"),
            ("role", "leader"),
        ],
    )
    .await;
    let token = link_in_mail(&app, "lid@polderveen.nl", "/invite/").await;
    let leader = client();
    call(
        &app,
        &leader,
        "/api/invite/accept",
        &[
            ("token", &token),
            ("display_name", "Lid"),
            ("password", PASSWORD),
        ],
    )
    .await;
    let f = form(true);
    let (st, _) = call(&app, &leader, "/api/org/profile_update", &as_refs(&f)).await;
    assert_eq!(st, 403);
}

fn as_refs<'a>(f: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    f.iter().map(|(k, v)| (*k, v.as_str())).collect()
}
