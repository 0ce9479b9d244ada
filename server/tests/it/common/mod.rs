//! Test harness (zero2prod style): every test gets its own fresh database and,
//! when it needs one, its own server on a random loopback port.
//!
//! The backend is chosen by `SPINDEL_TEST_BACKEND` (`sqlite`, the default, or
//! `postgres`). For PostgreSQL, `SPINDEL_TEST_PG_URL` points at a throw-away
//! cluster (scripts/test.sh starts one); each test creates its own database in it.
#![allow(dead_code)]

use app::db::{Backend, Db, PoolConfig};
use app::state::AppState;
use server::config::Config;
use sqlx::Connection;

pub struct TestDb {
    pub url: String,
    pub backend: Backend,
    _dir: Option<tempfile::TempDir>,
}

pub fn backend() -> Backend {
    match std::env::var("SPINDEL_TEST_BACKEND").as_deref() {
        Ok("postgres") => Backend::Postgres,
        Ok("sqlite") | Err(_) => Backend::Sqlite,
        Ok(other) => panic!("unknown SPINDEL_TEST_BACKEND {other}"),
    }
}

fn unique_name() -> String {
    use rand::RngCore;
    format!("spindel_test_{:016x}", rand::rng().next_u64())
}

/// A fresh, empty database for one test (not yet migrated).
pub async fn fresh_db() -> TestDb {
    match backend() {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}/test.db", dir.path().display());
            TestDb {
                url,
                backend: Backend::Sqlite,
                _dir: Some(dir),
            }
        }
        Backend::Postgres => {
            let admin = std::env::var("SPINDEL_TEST_PG_URL")
                .expect("SPINDEL_TEST_PG_URL must be set when SPINDEL_TEST_BACKEND=postgres");
            let name = unique_name();
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .expect("connect to admin db");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await
                .expect("create test database");
            conn.close().await.ok();
            let base = admin.rsplit_once('/').expect("admin url has a database").0;
            TestDb {
                url: format!("{base}/{name}"),
                backend: Backend::Postgres,
                _dir: None,
            }
        }
    }
}

/// A fresh, migrated database.
pub async fn migrated_db() -> (TestDb, Db) {
    let t = fresh_db().await;
    let db = Db::open(&t.url, &PoolConfig::default())
        .await
        .expect("open + migrate");
    assert_eq!(db.backend(), t.backend);
    (t, db)
}

pub fn test_config(url: &str) -> Config {
    let mut cfg = Config::defaults();
    cfg.database_url = url.to_owned();
    cfg.bind = "127.0.0.1:0".parse().expect("addr");
    cfg.site_root = "target/site".into();
    cfg.demo = false;
    // Tests start many responses from one address (127.0.0.1) through a
    // shared code; the padding test sets its own limit.
    cfg.shared_starts_per_hour = 100_000;
    cfg
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub config: Config,
    pub db_handle: TestDb,
    /// Holds the default mail directory (see [`spawn_app_with`]).
    _mail: tempfile::TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
}

/// Start the real router on a random port against a fresh database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// A test app holding the demo data of 6 organisations × 2 years (seed 11).
pub async fn spawn_demo_app() -> TestApp {
    let app = spawn_app().await;
    let spec = server::demo::DemoSpec {
        orgs: 6,
        years: 2,
        seed: 11,
        last_year: 2026,
    };
    server::demo::generate(&app.state.db, spec, 0)
        .await
        .expect("demo");
    app
}

pub async fn spawn_app_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
    // TEST_LOG=debug shows the server's log for a failing test.
    if let Ok(filter) = std::env::var("TEST_LOG") {
        server::telemetry::init(&filter);
    }
    let t = fresh_db().await;
    let mut config = test_config(&t.url);
    // Mail delivery is configured (a mail directory of its own), as sign-up
    // needs it; no delivery worker runs, so queued mail keeps its links in
    // the outbox until a test delivers it (`Mailer::deliver_pending`).
    // `spawn_app_with(|c| c.mail_dir = None)` gives an app without delivery.
    let mail = tempfile::tempdir().expect("mail dir");
    config.mail_dir = Some(mail.path().join("mail"));
    tweak(&mut config);
    let state = server::build_state(&config).await.expect("build state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("local addr");
    config.bind = addr;
    let router = server::router(state.clone(), server::leptos_options(&config));
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await;
    });
    let client = client();
    TestApp {
        base: format!("http://{addr}"),
        client,
        state,
        config,
        db_handle: t,
        _mail: mail,
    }
}

/// A browser-like client with its own cookie jar; bounded so a stuck request
/// fails the test instead of hanging it.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("client")
}

/// POST a form to a server function; the status and the JSON (or text) answer.
pub async fn call(
    app: &TestApp,
    c: &reqwest::Client,
    path: &str,
    form: &[(&str, &str)],
) -> (u16, serde_json::Value) {
    let r = c.post(app.url(path)).form(form).send().await.expect("post");
    let status = r.status().as_u16();
    let text = r.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
    )
}

/// The single integer a query returns (e.g. `SELECT COUNT(*) …`).
pub async fn count(app: &TestApp, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql)
        .fetch_one(app.state.db.pool())
        .await
        .expect("count");
    n
}

/// The sign-up form of [`sign_up_org`] (an SE municipality, admin "Admin").
pub fn sign_up_form<'a>(org: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("org_name", org),
        ("country", "SE"),
        ("kind", "municipality"),
        ("population", "23 500"),
        ("ambition", "frontrunner"),
        ("display_name", "Admin"),
        ("email", email),
        ("password", PASSWORD),
        ("language", "sv"),
    ]
}

/// Register an organisation (SE municipality) with its admin; the org id.
/// `c` stays signed in as the admin.
pub async fn sign_up_org(app: &TestApp, c: &reqwest::Client, org: &str, email: &str) -> i64 {
    sign_up_with(app, c, &sign_up_form(org, email)).await
}

/// Sign up with `form` the way a person does: submit the form, open the
/// link mailed to the address ([`take_sign_up_link`]) and confirm. The org
/// id; `c` stays signed in as the new admin.
pub async fn sign_up_with(app: &TestApp, c: &reqwest::Client, form: &[(&str, &str)]) -> i64 {
    assert!(
        app.state.settings.mail_delivery,
        "sign-up is confirmed by mail: this test app has no mail delivery"
    );
    let email = form
        .iter()
        .find(|(k, _)| *k == "email")
        .map(|(_, v)| app::db::users::normalise_email(v))
        .expect("the form has an e-mail field");
    let (status, v) = call(app, c, "/api/auth/sign_up", form).await;
    assert_eq!(
        (status, &v),
        (200, &serde_json::json!(true)),
        "sign-up failed: {v}"
    );
    let token = take_sign_up_link(app, &email)
        .await
        .expect("a sign-up link was mailed");
    let (status, v) = call(app, c, "/api/auth/sign_up_confirm", &[("token", &token)]).await;
    assert_eq!(status, 200, "sign-up confirmation failed: {v}");
    v.as_i64().expect("org id")
}

/// The token of the newest sign-up link queued for `email`, and that mail
/// then counts as delivered (its stored copy loses the link, as delivery
/// does): test apps run no delivery worker, so the mail waits in the outbox.
pub async fn take_sign_up_link(app: &TestApp, email: &str) -> Option<String> {
    const PATH: &str = "/sign-up/confirm/";
    let mails = app::db::outbox::for_recipient(&app.state.db, email)
        .await
        .expect("outbox");
    let mail = mails
        .iter()
        .find(|m| m.kind == "sign_up_confirm" && m.body.contains(PATH))?;
    let start = mail.body.find(PATH)? + PATH.len();
    let token = mail.body[start..].split_whitespace().next()?.to_owned();
    sqlx::query("UPDATE outbox SET sent_at = $1, attempts = attempts + 1 WHERE id = $2")
        .bind(app::db::now_unix())
        .bind(mail.id)
        .execute(app.state.db.pool())
        .await
        .expect("mark delivered");
    app::db::outbox::forget_secrets(app.state.db.pool(), mail.id, &mail.body)
        .await
        .expect("forget the link");
    Some(token)
}

pub const PASSWORD: &str = "lantern-harbour-river";
