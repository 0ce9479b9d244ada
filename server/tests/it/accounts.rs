//! Accounts, sessions, sign-in protections, tenant checks and the audit log,
//! on the backend chosen by SPINDEL_TEST_BACKEND.

use crate::common::{TestApp, call, client as new_client, count, spawn_app};
use serde_json::Value;

use crate::common::PASSWORD;

async fn sign_up(app: &TestApp, client: &reqwest::Client, org: &str, email: &str) -> i64 {
    let mut form = crate::common::sign_up_form(org, email);
    for (k, v) in form.iter_mut() {
        if *k == "display_name" {
            *v = "Anna Berg";
        }
    }
    crate::common::sign_up_with(app, client, &form).await
}

async fn whoami(app: &TestApp, client: &reqwest::Client) -> Value {
    let (status, v) = call(app, client, "/api/auth/whoami", &[]).await;
    assert_eq!(status, 200, "{v}");
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_server_function_request_is_a_400_that_changes_nothing() {
    let app = spawn_app().await;
    let client = new_client();
    // The password field is missing: the arguments cannot be decoded.
    let (status, v) = call(
        &app,
        &client,
        "/api/auth/sign_up",
        &[
            ("org_name", "Havbjerg Kommune"),
            ("country", "DK"),
            ("kind", "municipality"),
            ("population", "23 500"),
            ("ambition", "frontrunner"),
            ("display_name", "Bo Lund"),
            ("email", "bo@havbjerg.dk"),
            ("language", "da"),
        ],
    )
    .await;
    assert_eq!(status, 400, "{v}");
    // A generic message: no decoder details, which can echo what was sent.
    assert_eq!(v["ServerFn"], "malformed request", "{v}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM organisations").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users").await, 0);
    // Anonymous submission with an undecodable body.
    let res = client
        .post(app.url("/api/survey/submit"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("%%%not-a-form")
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 400);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM responses").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_creates_the_org_and_its_admin_and_signs_in() {
    let app = spawn_app().await;
    let client = new_client();
    let org_id = sign_up(&app, &client, "Älvby kommun", "Anna@Alvby.se").await;
    let me = whoami(&app, &client).await;
    assert_eq!(me["email"], "anna@alvby.se");
    assert_eq!(me["memberships"][0]["org_id"], org_id);
    assert_eq!(me["memberships"][0]["role"], "OrgAdmin");
    let (band,): (String,) = sqlx::query_as("SELECT size_band FROM organisations WHERE id = $1")
        .bind(org_id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("org");
    assert_eq!(band, "10-25k");
    let (hash,): (String,) = sqlx::query_as("SELECT password_hash FROM users")
        .fetch_one(app.state.db.pool())
        .await
        .expect("user");
    assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
    // The org page renders for its admin (server-side, with the session cookie).
    let html = client
        .get(app.url(&format!("/orgs/{org_id}")))
        .send()
        .await
        .expect("page");
    assert_eq!(html.headers()["cache-control"], "no-store");
    let html = html.text().await.expect("body");
    assert!(
        html.contains("Älvby kommun"),
        "org page shows the organisation"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_sign_up_input_is_rejected_and_changes_nothing() {
    let app = spawn_app().await;
    let client = new_client();
    let base = [
        ("org_name", "Havbjerg Kommune"),
        ("country", "DK"),
        ("kind", "municipality"),
        ("population", "23100"),
        ("ambition", "fast_follower"),
        ("display_name", "Bo"),
        ("email", "bo@havbjerg.dk"),
        ("password", PASSWORD),
        ("language", "da"),
    ];
    let bad: Vec<(&str, &str, &str)> = vec![
        ("password", "password1", "most common"),
        ("password", "short", "at least 8"),
        ("email", "not-an-email", "valid e-mail"),
        ("population", "lots", "Population"),
        ("country", "Denmark", "country"),
        ("org_name", "   ", "required"),
    ];
    for (field, value, expect) in bad {
        let form: Vec<(&str, &str)> = base
            .iter()
            .map(|(k, v)| if *k == field { (*k, value) } else { (*k, *v) })
            .collect();
        let (status, v) = call(&app, &client, "/api/auth/sign_up", &form).await;
        assert_eq!(status, 400, "{field}={value}: {v}");
        assert!(
            v["BadRequest"].as_str().unwrap_or("").contains(expect),
            "{field}: {v}"
        );
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM organisations").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users").await, 0);
    // A taken e-mail is answered like a new one (issue 23, leak 8) and
    // creates no second organisation.
    sign_up(&app, &client, "Havbjerg Kommune", "bo@havbjerg.dk").await;
    let (status, v) = call(&app, &new_client(), "/api/auth/sign_up", &base).await;
    assert_eq!((status, v), (200, serde_json::json!(true)));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM organisations").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    sign_up(&app, &new_client(), "Granvik kommun", "eva@granvik.se").await;
    let (s1, v1) = call(
        &app,
        &new_client(),
        "/api/auth/sign_in",
        &[
            ("email", "eva@granvik.se"),
            ("password", "wrong-password-1"),
        ],
    )
    .await;
    let (s2, v2) = call(
        &app,
        &new_client(),
        "/api/auth/sign_in",
        &[
            ("email", "nobody@granvik.se"),
            ("password", "wrong-password-1"),
        ],
    )
    .await;
    assert_eq!(s1, 400);
    assert_eq!((s1, &v1), (s2, &v2), "identical responses");
    let client = new_client();
    let (s, me) = call(
        &app,
        &client,
        "/api/auth/sign_in",
        &[("email", "EVA@granvik.se "), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(s, 200, "{me}");
    assert_eq!(whoami(&app, &client).await["email"], "eva@granvik.se");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failures_lock_the_account_for_a_while() {
    let app = spawn_app().await;
    sign_up(&app, &new_client(), "Norrsjö kommun", "per@norrsjo.se").await;
    for _ in 0..5 {
        let (s, _) = call(
            &app,
            &new_client(),
            "/api/auth/sign_in",
            &[
                ("email", "per@norrsjo.se"),
                ("password", "not-the-password"),
            ],
        )
        .await;
        assert_eq!(s, 400);
    }
    // The sixth failure locks; from then on even the right password waits.
    let (s, _) = call(
        &app,
        &new_client(),
        "/api/auth/sign_in",
        &[
            ("email", "per@norrsjo.se"),
            ("password", "not-the-password"),
        ],
    )
    .await;
    assert_eq!(s, 400);
    let (s, v) = call(
        &app,
        &new_client(),
        "/api/auth/sign_in",
        &[("email", "per@norrsjo.se"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(s, 429, "{v}");
    // Unknown addresses are throttled alike (no hint whether an account exists).
    for _ in 0..6 {
        call(
            &app,
            &new_client(),
            "/api/auth/sign_in",
            &[("email", "ghost@norrsjo.se"), ("password", "x-x-x-x-x")],
        )
        .await;
    }
    let (s, _) = call(
        &app,
        &new_client(),
        "/api/auth/sign_in",
        &[("email", "ghost@norrsjo.se"), ("password", "x-x-x-x-x")],
    )
    .await;
    assert_eq!(s, 429);
    // The throttle table holds no e-mail address.
    let (keys,): (String,) = sqlx::query_as("SELECT MIN(key) FROM login_throttle")
        .fetch_one(app.state.db.pool())
        .await
        .expect("keys");
    assert!(!keys.contains('@'));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_cookie_is_hardened_and_renewed_at_sign_in() {
    let app = spawn_app().await;
    sign_up(&app, &new_client(), "Lyngå Kommune", "kim@lynga.dk").await;
    let sign_in = |client: reqwest::Client| {
        let url = app.url("/api/auth/sign_in");
        async move {
            let r = client
                .post(url)
                .form(&[("email", "kim@lynga.dk"), ("password", PASSWORD)])
                .send()
                .await
                .expect("post");
            assert_eq!(r.status(), 200);
            r.headers()
                .get_all("set-cookie")
                .iter()
                .map(|v| v.to_str().expect("ascii").to_owned())
                .find(|c| c.starts_with("spindel_session="))
                .expect("session cookie")
        }
    };
    let c1 = sign_in(new_client()).await;
    assert!(c1.contains("HttpOnly"));
    assert!(c1.contains("SameSite=Lax"));
    assert!(c1.contains("Path=/"));
    assert!(!c1.contains("Secure"), "plain http locally");
    let client = new_client();
    let c2 = sign_in(client.clone()).await;
    assert_ne!(c1, c2, "every sign-in gets a new session id");
    // Signing in again in the same browser issues yet another id.
    let c3 = sign_in(client.clone()).await;
    assert_ne!(c2, c3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_ends_every_session_of_the_account() {
    let app = spawn_app().await;
    let a = new_client();
    sign_up(&app, &a, "Skovlunde Kommune", "lis@skovlunde.dk").await;
    let b = new_client();
    let (s, _) = call(
        &app,
        &b,
        "/api/auth/sign_in",
        &[("email", "lis@skovlunde.dk"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(s, 200);
    assert!(whoami(&app, &b).await.is_object());
    let (s, _) = call(&app, &a, "/api/auth/sign_out", &[]).await;
    assert_eq!(s, 200);
    assert!(whoami(&app, &a).await.is_null());
    assert!(
        whoami(&app, &b).await.is_null(),
        "the other device is signed out too"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM sessions WHERE user_id IS NOT NULL"
        )
        .await,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn absolute_timeout_and_disabling_end_sessions() {
    let app = spawn_app().await;
    let client = new_client();
    sign_up(&app, &client, "Polderveen", "jan@polderveen.nl").await;
    assert!(whoami(&app, &client).await.is_object());
    // Pretend the sign-in happened 8 days ago.
    let (id, data): (String, String) =
        sqlx::query_as("SELECT id, data FROM sessions WHERE user_id IS NOT NULL")
            .fetch_one(app.state.db.pool())
            .await
            .expect("session");
    // (Edit the text: the record's 128-bit id does not survive a round trip
    // through serde_json::Value.)
    let start = data.find("\"auth_at\":").expect("auth_at") + "\"auth_at\":".len();
    let end = start
        + data[start..]
            .find(|c: char| !c.is_ascii_digit())
            .expect("end");
    let eight_days_ago = app::db::now_unix() - 8 * 24 * 3600;
    let edited = format!("{}{}{}", &data[..start], eight_days_ago, &data[end..]);
    sqlx::query("UPDATE sessions SET data = $1 WHERE id = $2")
        .bind(edited)
        .bind(&id)
        .execute(app.state.db.pool())
        .await
        .expect("update");
    assert!(whoami(&app, &client).await.is_null(), "absolute timeout");

    let (s, _) = call(
        &app,
        &client,
        "/api/auth/sign_in",
        &[("email", "jan@polderveen.nl"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(s, 200);
    sqlx::query("UPDATE users SET disabled = 1")
        .execute(app.state.db.pool())
        .await
        .expect("disable");
    assert!(whoami(&app, &client).await.is_null(), "disabled account");
    let (s, _) = call(
        &app,
        &client,
        "/api/auth/sign_in",
        &[("email", "jan@polderveen.nl"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(s, 400, "a disabled account cannot sign in");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_of_one_organisation_cannot_see_another() {
    let app = spawn_app().await;
    let a = new_client();
    let org_a = sign_up(&app, &a, "Duinwijk", "sanne@duinwijk.nl").await;
    let b = new_client();
    let org_b = sign_up(&app, &b, "Hoogmeer", "tom@hoogmeer.nl").await;
    let profile = |client: &reqwest::Client, id: i64| {
        let client = client.clone();
        let url = app.url("/api/org/profile");
        async move {
            let r = client
                .post(url)
                .form(&[("org_id", id.to_string())])
                .send()
                .await
                .expect("post");
            r.status().as_u16()
        }
    };
    assert_eq!(profile(&a, org_a).await, 200);
    assert_eq!(profile(&b, org_b).await, 200);
    assert_eq!(profile(&b, org_a).await, 404, "B cannot read A");
    assert_eq!(profile(&a, org_b).await, 404, "A cannot read B");
    assert_eq!(
        profile(&a, org_b + 1000).await,
        404,
        "same answer for a missing org"
    );
    assert_eq!(profile(&new_client(), org_a).await, 401, "signed out");
    // The page itself shows nothing of A to B.
    let html = b
        .get(app.url(&format!("/orgs/{org_a}")))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    assert!(!html.contains("Duinwijk"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_posts_are_refused() {
    let app = spawn_app().await;
    let client = new_client();
    let r = client
        .post(app.url("/api/auth/sign_in"))
        .header("origin", "https://evil.example")
        .form(&[("email", "a@b.se"), ("password", "whatever-123")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 403);
    let r = client
        .post(app.url("/api/auth/sign_in"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("email", "a@b.se"), ("password", "whatever-123")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 403);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM audit_log").await,
        0,
        "nothing reached the handler"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_a_nonce_based_content_security_policy() {
    let app = spawn_app().await;
    let r = app.client.get(app.url("/")).send().await.expect("get");
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(csp.contains("'wasm-unsafe-eval'"));
    assert!(!csp.contains("unsafe-eval'") || csp.contains("'wasm-unsafe-eval'"));
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("nonce")
        .to_owned();
    let html = r.text().await.expect("body");
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "inline scripts carry the nonce"
    );
    let r2 = app.client.get(app.url("/")).send().await.expect("get");
    let csp2 = r2.headers()["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert_ne!(csp, csp2, "a fresh nonce per response");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_log_records_sign_ins_without_secrets() {
    let app = spawn_app().await;
    let client = new_client();
    let org = sign_up(&app, &client, "Älvby kommun", "anna@alvby.se").await;
    call(
        &app,
        &new_client(),
        "/api/auth/sign_in",
        &[("email", "anna@alvby.se"), ("password", "wrong-password-2")],
    )
    .await;
    call(&app, &client, "/api/auth/sign_out", &[]).await;
    let rows = app::db::audit::all(&app.state.db, 100)
        .await
        .expect("audit");
    let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
    for expected in [
        "org.sign_up",
        "auth.sign_in",
        "auth.sign_in_failed",
        "auth.sign_out",
    ] {
        assert!(actions.contains(&expected), "{expected} in {actions:?}");
    }
    for r in &rows {
        assert!(!r.target.contains(PASSWORD) && !r.target.contains("wrong-password"));
        assert!(r.actor_user_id.is_some());
    }
    let for_org = app::db::audit::for_org(&app.state.db, org, 100)
        .await
        .expect("audit");
    assert!(for_org.iter().any(|r| r.action == "org.sign_up"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operator_is_created_by_the_service_behind_the_cli() {
    let app = spawn_app().await;
    let db = &app.state.db;
    let err = app::auth::service::create_operator(db, "ops@spindel.example", "Ops", "password")
        .await
        .expect_err("common password refused");
    assert!(matches!(err, app::AppError::BadRequest(_)));
    let id = app::auth::service::create_operator(db, "ops@spindel.example", "Ops", PASSWORD)
        .await
        .expect("created");
    let user = app::db::users::by_id(db, id)
        .await
        .expect("load")
        .expect("exists");
    assert!(user.is_operator);
    // Running it again for the same e-mail keeps one account.
    let again = app::auth::service::create_operator(db, "OPS@spindel.example", "Ops", PASSWORD)
        .await
        .expect("idempotent");
    assert_eq!(again, id);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_weaker_hash_is_replaced_at_sign_in() {
    use argon2::password_hash::PasswordHasher;
    let app = spawn_app().await;
    sign_up(&app, &new_client(), "Granvik kommun", "old@granvik.se").await;
    // A hash made with older, weaker parameters (as after a parameter rise).
    let weak = argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        argon2::Params::new(8 * 1024, 1, 1, None).expect("params"),
    )
    .hash_password(PASSWORD.as_bytes())
    .expect("hash")
    .to_string();
    sqlx::query("UPDATE users SET password_hash = $1")
        .bind(&weak)
        .execute(app.state.db.pool())
        .await
        .expect("update");
    let (s, _) = call(
        &app,
        &new_client(),
        "/api/auth/sign_in",
        &[("email", "old@granvik.se"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(s, 200, "the old hash still verifies");
    let (hash,): (String,) = sqlx::query_as("SELECT password_hash FROM users")
        .fetch_one(app.state.db.pool())
        .await
        .expect("user");
    assert_ne!(hash, weak);
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
}

/// Issue 23, leak 8: every sign-up attempt sends a mail, so attempts are
/// counted per client address (mail bombing): after 11 in an hour the
/// address waits (429), whatever it sends, and one mailbox gets at most
/// three sign-up mails an hour however many clients try.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_attempts_are_throttled_per_client_address() {
    let app = spawn_app().await;
    sign_up(&app, &new_client(), "Havbjerg Kommune", "bo@havbjerg.dk").await;
    let form = |email: &'static str| {
        [
            ("org_name", "Skanning Kommune"),
            ("country", "DK"),
            ("kind", "municipality"),
            ("population", "23100"),
            ("ambition", "fast_follower"),
            ("display_name", "Eve"),
            ("email", email),
            ("password", PASSWORD),
            ("language", "da"),
        ]
    };
    // The first sign-up counted once; ten more get through, taken or not.
    for i in 0..10 {
        let email = if i % 2 == 0 {
            "bo@havbjerg.dk"
        } else {
            "ny@skanning.dk"
        };
        let (s, v) = call(&app, &new_client(), "/api/auth/sign_up", &form(email)).await;
        assert_eq!((s, &v), (200, &serde_json::json!(true)), "attempt {i}");
    }
    for email in ["bo@havbjerg.dk", "ny@skanning.dk", "tredje@skanning.dk"] {
        let (s, v) = call(&app, &new_client(), "/api/auth/sign_up", &form(email)).await;
        assert_eq!(s, 429, "{email}: {v}");
    }
    for email in ["bo@havbjerg.dk", "ny@skanning.dk"] {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM outbox WHERE recipient = $1 AND kind LIKE 'sign_up%'",
        )
        .bind(email)
        .fetch_one(app.state.db.pool())
        .await
        .expect("count");
        assert_eq!(n, 3, "at most three sign-up mails an hour to {email}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM organisations").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users").await, 1);
}

/// The mails the mail directory of `app` holds, decoded enough to read
/// (quoted-printable soft breaks joined), with their `To:` address.
fn delivered_mail(app: &TestApp) -> Vec<String> {
    let dir = app.config.mail_dir.clone().expect("a mail directory");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("mail dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "eml") {
            out.push(
                std::fs::read_to_string(&path)
                    .expect("eml")
                    .replace("=\r\n", "")
                    .replace("=\n", ""),
            );
        }
    }
    out
}

/// Issue 23, leak 8: sign-up answered 409 "An account with this e-mail
/// address already exists" for a taken address, so anyone could test
/// addresses for accounts. Now a taken and a new address get byte-identical
/// answers after the same work; the owner of the taken address is told by
/// mail and nothing is created; the new address gets a link that creates
/// the organisation only when confirmed. Unknown, expired and used links
/// change nothing, and a link for an address taken meanwhile fails clearly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_answers_the_same_for_a_taken_address() {
    let app = spawn_app().await;
    sign_up(&app, &new_client(), "Havbjerg Kommune", "bo@havbjerg.dk").await;
    let form = |email: &'static str| {
        [
            ("org_name", "Skanning Kommune"),
            ("country", "DK"),
            ("kind", "region"),
            ("population", "23100"),
            ("ambition", "fast_follower"),
            ("display_name", "Eve"),
            ("email", email),
            ("password", PASSWORD),
            ("language", "da"),
        ]
    };
    let raw = |email: &'static str| {
        let app = &app;
        async move {
            let r = new_client()
                .post(app.url("/api/auth/sign_up"))
                .form(&form(email))
                .send()
                .await
                .expect("post");
            let status = r.status().as_u16();
            (status, r.bytes().await.expect("body").to_vec())
        }
    };
    let taken = raw("bo@havbjerg.dk").await;
    let new = raw("ny@skanning.dk").await;
    assert_eq!(taken.0, 200, "{}", String::from_utf8_lossy(&taken.1));
    assert_eq!(taken, new, "the same status and the same bytes");
    // Nothing is created yet, for either address.
    assert_eq!(count(&app, "SELECT COUNT(*) FROM organisations").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users").await, 1);

    // Delivered as the server's worker does, into the mail directory.
    let mailer = server::mailer::Mailer::directory(
        app.config.mail_dir.clone().expect("mail dir"),
        "Spindel <no-reply@spindel.example>",
    )
    .expect("mailer");
    assert_eq!(
        mailer
            .deliver_pending(&app.state.db)
            .await
            .expect("deliver"),
        2
    );
    let mails = delivered_mail(&app);
    let to_bo: Vec<&String> = mails
        .iter()
        .filter(|m| m.contains("To: bo@havbjerg.dk"))
        .collect();
    assert_eq!(to_bo.len(), 1, "{mails:?}");
    assert!(
        to_bo[0].contains("You already have an account")
            && to_bo[0].contains("/sign-in")
            && to_bo[0].contains("/forgot-password")
            && !to_bo[0].contains("/sign-up/confirm/"),
        "{}",
        to_bo[0]
    );
    let to_ny: Vec<&String> = mails
        .iter()
        .filter(|m| m.contains("To: ny@skanning.dk"))
        .collect();
    assert_eq!(to_ny.len(), 1, "{mails:?}");
    let link = to_ny[0]
        .split_whitespace()
        .find(|w| w.contains("/sign-up/confirm/"))
        .expect("a confirmation link")
        .to_owned();
    // The mail carries nothing the person signing up typed.
    assert!(!to_ny[0].contains("Skanning") && !to_ny[0].contains("Eve"));
    let token = link.rsplit('/').next().expect("token").to_owned();
    let stored = app::db::outbox::for_recipient(&app.state.db, "ny@skanning.dk")
        .await
        .expect("outbox");
    assert!(
        stored.iter().all(|m| !m.body.contains(&token)),
        "delivery forgot the link"
    );

    // Opening the link (a mail scanner does) shows the details, creates nothing.
    let path = link
        .find("/sign-up/confirm/")
        .map(|i| link[i..].to_owned())
        .expect("path");
    let page = new_client().get(app.url(&path)).send().await.expect("page");
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .await
            .expect("html")
            .contains("Skanning Kommune")
    );
    let (s, info) = call(
        &app,
        &new_client(),
        "/api/auth/sign_up_info",
        &[("token", &token)],
    )
    .await;
    assert_eq!(s, 200, "{info}");
    assert_eq!(info["org_name"], "Skanning Kommune");
    assert_eq!(info["email"], "ny@skanning.dk");
    assert!(!info.to_string().contains("argon2"), "{info}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM organisations").await, 1);

    // An unknown token and an expired one change nothing.
    let invalid = serde_json::json!({"BadRequest": app::auth::service::INVALID_SIGN_UP_LINK});
    let eve = new_client();
    let unknown = "0".repeat(64);
    let (s, v) = call(
        &app,
        &eve,
        "/api/auth/sign_up_confirm",
        &[("token", &unknown)],
    )
    .await;
    assert_eq!((s, &v), (400, &invalid));
    sqlx::query("UPDATE pending_sign_ups SET expires_at = $1")
        .bind(app::db::now_unix() - 1)
        .execute(app.state.db.pool())
        .await
        .expect("expire");
    let (s, v) = call(
        &app,
        &eve,
        "/api/auth/sign_up_confirm",
        &[("token", &token)],
    )
    .await;
    assert_eq!((s, &v), (400, &invalid));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM organisations").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users").await, 1);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM pending_sign_ups").await,
        1
    );
    sqlx::query("UPDATE pending_sign_ups SET expires_at = $1")
        .bind(app::db::now_unix() + 3600)
        .execute(app.state.db.pool())
        .await
        .expect("unexpire");

    // The link creates the organisation and its admin, and signs in.
    let (s, org) = call(
        &app,
        &eve,
        "/api/auth/sign_up_confirm",
        &[("token", &token)],
    )
    .await;
    assert_eq!(s, 200, "{org}");
    let me = whoami(&app, &eve).await;
    assert_eq!(me["email"], "ny@skanning.dk");
    assert_eq!(me["display_name"], "Eve");
    assert_eq!(me["memberships"][0]["org_id"], org);
    assert_eq!(me["memberships"][0]["org_name"], "Skanning Kommune");
    assert_eq!(me["memberships"][0]["role"], "OrgAdmin");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM organisations").await, 2);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM pending_sign_ups").await,
        0
    );
    let (s, v) = call(
        &app,
        &eve,
        "/api/auth/sign_up_confirm",
        &[("token", &token)],
    )
    .await;
    assert_eq!((s, &v), (400, &invalid), "used up");
    // The password chosen at sign-up is the account's.
    let (s, _) = call(
        &app,
        &new_client(),
        "/api/auth/sign_in",
        &[("email", "ny@skanning.dk"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(s, 200);

    // A link whose address got an account meanwhile fails clearly.
    let (s, _) = call(
        &app,
        &new_client(),
        "/api/auth/sign_up",
        &form("lea@skanning.dk"),
    )
    .await;
    assert_eq!(s, 200);
    let lea_token = crate::common::take_sign_up_link(&app, "lea@skanning.dk")
        .await
        .expect("link");
    app::auth::service::create_operator(&app.state.db, "lea@skanning.dk", "Lea", PASSWORD)
        .await
        .expect("account");
    let (s, v) = call(
        &app,
        &new_client(),
        "/api/auth/sign_up_confirm",
        &[("token", &lea_token)],
    )
    .await;
    assert_eq!(
        (s, &v),
        (
            400,
            &serde_json::json!({"BadRequest": app::auth::service::EMAIL_TAKEN})
        )
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM organisations").await, 2);
}
