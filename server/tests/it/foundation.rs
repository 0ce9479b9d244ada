//! Foundation: migrations, repositories, configuration, health, errors, i18n
//! and server rendering, on the backend chosen by SPINDEL_TEST_BACKEND.

use crate::common::{backend, fresh_db, migrated_db, spawn_app, spawn_app_with, test_config};
use app::db::orgs::{self, NewOrg};
use app::db::{Backend, Db, PoolConfig, settings};
use app::domain::org::{Ambition, Country, OrgKind};

fn org(name: &str, country: &str, population: i64) -> NewOrg {
    NewOrg {
        name: name.into(),
        country: Country::parse(country).expect("country"),
        kind: OrgKind::Municipality,
        population,
        ambition: Ambition::FastFollower,
        named_benchmarking: false,
    }
}

fn migration_files() -> usize {
    let dir = match backend() {
        Backend::Sqlite => "../migrations/sqlite",
        Backend::Postgres => "../migrations/postgres",
    };
    std::fs::read_dir(dir)
        .expect("migrations dir")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "sql"))
        })
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrations_apply_on_an_empty_database_and_are_idempotent() {
    let t = fresh_db().await;
    let db = Db::open(&t.url, &PoolConfig::default())
        .await
        .expect("first open");
    let applied = db.applied_migrations().await.expect("list");
    assert_eq!(applied.len(), migration_files());
    db.close().await;
    // A second start applies nothing new and fails nothing.
    let db = Db::open(&t.url, &PoolConfig::default())
        .await
        .expect("second open");
    assert_eq!(db.applied_migrations().await.expect("list"), applied);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_and_postgres_migrations_define_the_same_tables() {
    // Both dialects must stay in step: same files, same table names.
    let names = |dir: &str| {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .expect("dir")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        names("../migrations/sqlite"),
        names("../migrations/postgres")
    );
    // The tables each dialect ends with: created, less those dropped, with
    // renames applied (SQLite rebuilds a table by creating, copying,
    // dropping and renaming).
    let tables = |dir: &str| {
        let mut out = std::collections::BTreeSet::new();
        let word = |s: &str| {
            s.split_whitespace()
                .next()
                .unwrap_or("")
                .trim_end_matches(';')
                .to_owned()
        };
        for f in names(dir) {
            let sql = std::fs::read_to_string(format!("{dir}/{f}")).expect("read");
            for line in sql.lines().map(str::trim) {
                if let Some(rest) = line.strip_prefix("CREATE TABLE IF NOT EXISTS ") {
                    out.insert(word(rest));
                } else if let Some(rest) = line.strip_prefix("CREATE TABLE ") {
                    out.insert(word(rest));
                } else if let Some(rest) = line.strip_prefix("DROP TABLE ") {
                    assert!(
                        out.remove(&word(rest)),
                        "{f}: drops an unknown table: {line}"
                    );
                } else if let Some(rest) = line.strip_prefix("ALTER TABLE ")
                    && let Some((from, to)) = rest.split_once(" RENAME TO ")
                {
                    assert!(
                        out.remove(&word(from)),
                        "{f}: renames an unknown table: {line}"
                    );
                    out.insert(word(to));
                }
            }
        }
        out
    };
    assert_eq!(
        tables("../migrations/sqlite"),
        tables("../migrations/postgres")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_runs_with_wal_foreign_keys_and_full_sync() {
    if backend() != Backend::Sqlite {
        return; // SQLite-specific pragmas; the PostgreSQL run covers its own backend.
    }
    let (_t, db) = migrated_db().await;
    let mut conn = db.pool().acquire().await.expect("conn");
    let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(&mut *conn)
        .await
        .expect("pragma");
    assert_eq!(mode.to_lowercase(), "wal");
    let (fk,): (i64,) = sqlx::query_as("PRAGMA foreign_keys")
        .fetch_one(&mut *conn)
        .await
        .expect("pragma");
    assert_eq!(fk, 1);
    let (sync,): (i64,) = sqlx::query_as("PRAGMA synchronous")
        .fetch_one(&mut *conn)
        .await
        .expect("pragma");
    assert_eq!(sync, 2, "synchronous=FULL");
    let (busy,): (i64,) = sqlx::query_as("PRAGMA busy_timeout")
        .fetch_one(&mut *conn)
        .await
        .expect("pragma");
    assert!(busy >= 1000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_repository_round_trip() {
    let (_t, db) = migrated_db().await;
    assert_eq!(settings::get(&db, "missing").await.expect("get"), None);
    settings::put(&db, "a", "1").await.expect("put");
    settings::put(&db, "a", "2").await.expect("overwrite");
    assert_eq!(
        settings::get(&db, "a").await.expect("get").as_deref(),
        Some("2")
    );
    // get_or_insert keeps the first value.
    assert_eq!(
        settings::get_or_insert(&db, "b", "first")
            .await
            .expect("goi"),
        "first"
    );
    assert_eq!(
        settings::get_or_insert(&db, "b", "second")
            .await
            .expect("goi"),
        "first"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organisations_repository_stores_size_band_and_counts_by_country() {
    let (_t, db) = migrated_db().await;
    let a = orgs::insert(db.pool(), &org("Alpha", "SE", 9_999))
        .await
        .expect("insert");
    orgs::insert(db.pool(), &org("Beta", "SE", 30_000))
        .await
        .expect("insert");
    orgs::insert(db.pool(), &org("Gamma", "NL", 300_000))
        .await
        .expect("insert");
    let row = orgs::get(&db, a).await.expect("get").expect("exists");
    assert_eq!(row.name, "Alpha");
    assert_eq!(row.country, "SE");
    assert_eq!(row.size_band, "lt10k");
    assert!(!row.named_benchmarking);
    assert!(!row.disabled);
    assert_eq!(orgs::get(&db, a + 1000).await.expect("get"), None);
    assert_eq!(
        orgs::count_by_country(&db).await.expect("count"),
        vec![("SE".to_string(), 2), ("NL".to_string(), 1)]
    );
    assert_eq!(orgs::count(&db).await.expect("count"), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn database_constraints_reject_invalid_rows() {
    let (_t, db) = migrated_db().await;
    let bad = sqlx::query(
        "INSERT INTO organisations (name, country, kind, population, size_band, ambition, created_at)
         VALUES ('X', 'SE', 'city', 10, 'lt10k', 'frontrunner', 0)",
    )
    .execute(db.pool())
    .await;
    assert!(bad.is_err(), "unknown kind must be rejected by the schema");
    assert_eq!(orgs::count(&db).await.expect("count"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_secret_is_generated_once_and_persisted() {
    let (t, db) = migrated_db().await;
    let cfg = test_config(&t.url);
    let s1 = server::ensure_session_secret(&db, &cfg)
        .await
        .expect("secret");
    assert_eq!(s1.len(), 128);
    let s2 = server::ensure_session_secret(&db, &cfg)
        .await
        .expect("secret");
    assert_eq!(s1, s2, "a restart keeps the secret");
    let mut short = cfg.clone();
    short.session_secret = Some("too-short".into());
    assert!(server::ensure_session_secret(&db, &short).await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_data_loads_only_into_an_empty_database() {
    let dir = tempfile::tempdir().expect("dir");
    let creds = dir.path().join("demo.json");
    let app = spawn_app_with(|c| {
        c.demo = true;
        c.demo_orgs = 10;
        c.demo_years = 2;
        c.demo_credentials = Some(creds.clone());
    })
    .await;
    let n = orgs::count(&app.state.db).await.expect("count");
    assert_eq!(n, 10, "demo organisations loaded");
    let spec = server::demo::DemoSpec {
        orgs: 3,
        years: 1,
        seed: 1,
        last_year: 2026,
    };
    assert!(
        server::demo::generate(&app.state.db, spec, 0)
            .await
            .is_err()
    );
    assert_eq!(orgs::count(&app.state.db).await.expect("count"), n);
    let countries = orgs::count_by_country(&app.state.db).await.expect("count");
    let mut codes: Vec<_> = countries.into_iter().map(|(c, _)| c).collect();
    codes.sort();
    assert_eq!(codes, vec!["DK", "NL", "SE"]);

    // Demo accounts: generated passwords, written to the credentials file;
    // the org admin can sign in with them.
    let accounts: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&creds).expect("credentials")).expect("json");
    let roles: Vec<&str> = accounts
        .as_array()
        .expect("array")
        .iter()
        .map(|a| a["role"].as_str().expect("role"))
        .collect();
    assert_eq!(
        roles,
        [
            "operator",
            "org_admin",
            "leader",
            "coordinator",
            "org_admin2",
            "org_admin3"
        ]
    );
    let admin = &accounts[1];
    assert_eq!(admin["password"].as_str().expect("pw").len(), 20);
    let c = crate::common::client();
    let (s, v) = crate::common::call(
        &app,
        &c,
        "/api/auth/sign_in",
        &[
            ("email", admin["email"].as_str().expect("email")),
            ("password", admin["password"].as_str().expect("pw")),
        ],
    )
    .await;
    assert_eq!(s, 200, "{v}");

    // Without demo mode, demo accounts do not survive a start.
    let mut cfg = app.config.clone();
    cfg.demo = false;
    server::build_state(&cfg).await.expect("restart");
    let (left,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM users WHERE email LIKE '%@demo.spindel.invalid'")
            .fetch_one(app.state.db.pool())
            .await
            .expect("count");
    assert_eq!(left, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_readiness() {
    let app = spawn_app().await;
    let r = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .expect("healthz");
    assert_eq!(r.status(), 200);
    let r = app
        .client
        .get(app.url("/readyz"))
        .send()
        .await
        .expect("readyz");
    assert_eq!(r.status(), 200);
    // Database gone: readiness fails with 503, liveness stays up.
    app.state.db.close().await;
    let r = app
        .client
        .get(app.url("/readyz"))
        .send()
        .await
        .expect("readyz");
    assert_eq!(r.status(), 503);
    assert!(r.headers().contains_key("retry-after"));
    let body = r.text().await.expect("body");
    assert!(body.contains("temporarily unavailable"));
    assert!(
        !body.to_lowercase().contains("pool"),
        "no internals in the message"
    );
    let r = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .expect("healthz");
    assert_eq!(r.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_page_is_server_rendered_with_chart_and_language_switch() {
    let app = spawn_app().await;
    let r = app.client.get(app.url("/")).send().await.expect("home");
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert_eq!(r.headers()["x-frame-options"], "DENY");
    let html = r.text().await.expect("body");
    assert!(html.contains("<html lang=\"en\""), "lang attribute set");
    assert!(html.contains("Where does your organisation stand"));
    assert!(html.contains("id=\"home-spider\""));
    assert!(html.contains("/vendor/echarts.min.js"));
    assert!(!html.contains("cdn"), "no CDN references");
    for code in ["en", "sv", "da", "nl"] {
        assert!(
            html.contains(&format!("data-locale=\"{code}\"")),
            "switch for {code}"
        );
    }
    assert!(html.contains("class=\"skip-link\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_comes_from_cookie_then_accept_language() {
    let app = spawn_app().await;
    let get = |headers: Vec<(&'static str, &'static str)>| {
        let mut req = reqwest::Client::new().get(app.url("/"));
        for (k, v) in headers {
            req = req.header(k, v);
        }
        async move { req.send().await.expect("get").text().await.expect("body") }
    };
    let sv = get(vec![("accept-language", "sv-SE,sv;q=0.9,en;q=0.5")]).await;
    assert!(
        sv.contains("Var står er organisation"),
        "Accept-Language: sv"
    );
    assert!(sv.contains("<html lang=\"sv\""));
    let nl = get(vec![("accept-language", "nl")]).await;
    assert!(nl.contains("Waar staat uw organisatie"));
    // The cookie wins over Accept-Language.
    let da = get(vec![
        ("accept-language", "sv"),
        ("cookie", "i18n_pref_locale=da"),
    ])
    .await;
    assert!(da.contains("Hvor står jeres organisation"), "cookie: da");
    // Unknown language: English.
    let fr = get(vec![("accept-language", "fr-FR")]).await;
    assert!(fr.contains("Where does your organisation stand"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_page_is_a_friendly_404() {
    let app = spawn_app().await;
    let r = app
        .client
        .get(app.url("/this/does/not/exist"))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), 404);
    let html = r.text().await.expect("body");
    assert!(html.contains("Page not found"));
    assert!(html.contains("href=\"/\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_function_reads_through_the_repository() {
    let app = spawn_app().await;
    orgs::insert(app.state.db.pool(), &org("Delta", "DK", 50_000))
        .await
        .expect("insert");
    let r = app
        .client
        .post(app.url("/api/platform/summary"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 200);
    let v: serde_json::Value = r.json().await.expect("json");
    assert_eq!(v["organisations"], 1);
    assert_eq!(v["by_country"][0][0], "DK");
    assert_eq!(v["min_group_size"], 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_function_errors_map_to_status_and_a_generic_message() {
    let app = spawn_app().await;
    app.state.db.close().await;
    let r = app
        .client
        .post(app.url("/api/platform/summary"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 503);
    let body = r.text().await.expect("body");
    assert!(body.contains("Unavailable"), "typed error: {body}");
    assert!(
        !body.to_lowercase().contains("pool"),
        "no internals leak: {body}"
    );
}

/// The page guard re-checks a noted outage with a read and, when the database
/// answers, renders the page and clears the note (the outage itself is in the
/// reliability tests, with PostgreSQL really stopped).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_noted_outage_is_rechecked_and_pages_render_when_the_database_answers() {
    let app = spawn_app().await;
    app::error::note_database_trouble();
    let res = crate::common::client()
        .get(app.url("/"))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 200);
    assert!(!app::error::database_trouble_noted());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_packed_cells_migration_keeps_every_count() {
    // (and the clustering migration after it keeps aggregates and free texts)
    // A database at the schema before cross-tabulation counts were packed,
    // with counts stored one row per dimension, is migrated: every count
    // must come back unchanged through the read path's unpacking.
    const PACKED: i64 = 20261123000011;
    let t = fresh_db().await;
    let dir = match backend() {
        Backend::Sqlite => "../migrations/sqlite",
        Backend::Postgres => "../migrations/postgres",
    };
    let mut before = sqlx::migrate::Migrator::new(std::path::Path::new(dir))
        .await
        .expect("read migrations");
    let older: Vec<_> = before
        .migrations
        .iter()
        .filter(|m| m.version < PACKED)
        .cloned()
        .collect();
    assert!(
        older.len() < before.migrations.len(),
        "the packing migration exists"
    );
    before.migrations = older.into();
    let db = Db::connect(&t.url, &PoolConfig::default())
        .await
        .expect("connect");
    before.run(db.pool()).await.expect("older migrations");
    for sql in [
        "INSERT INTO organisations (id, name, country, kind, population, size_band, ambition, created_at)
         VALUES (1, 'A', 'SE', 'municipality', 1000, 'small', 'fast_follower', 0)",
        "INSERT INTO questionnaire_versions (id, version, document, published_at) VALUES (1, 'v', '{}', 0)",
        "INSERT INTO campaigns (id, org_id, version_id, year, name, state, departments, shared_code, created_at)
         VALUES (1, 1, 1, 2026, 'c1', 'closed', '[]', 'code1', 0), (2, 1, 1, 2025, 'c2', 'closed', '[]', 'code2', 0)",
    ] {
        sqlx::query(sql).execute(db.pool()).await.expect(sql);
    }
    let old: Vec<(i64, &str, &str, &str, &str, i64)> = vec![
        (1, "lead", "care", "0-2", "N", 7),
        (1, "lead", "care", "0-2", "DI", 7),
        (1, "lead", "care", "0-2", "S1", 3),
        (1, "", "", "", "N", 2),
        (1, "staff", "", "10+", "N", 4),
        (1, "staff", "", "10+", "INDEX", 2),
        (1, "staff", "", "10+", "S6", 4),
        (2, "lead", "care", "0-2", "N", 5),
        (2, "lead", "care", "0-2", "TMI", 1),
    ];
    for (c, r, d, te, dim, n) in &old {
        sqlx::query(
            "INSERT INTO campaign_cells (campaign_id, role_group, department, tenure_band, dimension, n)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(*c)
        .bind(*r)
        .bind(*d)
        .bind(*te)
        .bind(*dim)
        .bind(*n)
        .execute(db.pool())
        .await
        .expect("old cell");
    }
    // Aggregates and free texts, moved to new tables by the later
    // clustering migration: they must come through unchanged as well.
    let aggregates = "SELECT campaign_id, breakdown, grp, dimension, n, mean, median, sd, q1, q3,
        ci_lo, ci_hi FROM campaign_aggregates ORDER BY campaign_id, breakdown, grp, dimension";
    let free_texts =
        "SELECT id, campaign_id, item_id, sort_key, body FROM campaign_free_texts ORDER BY id";
    for sql in [
        "INSERT INTO campaign_aggregates (campaign_id, breakdown, grp, dimension, n, mean, median,
         sd, q1, q3, ci_lo, ci_hi) VALUES
         (1, 'total', '', 'INDEX', 9, 55.5, 56.0, 12.25, 40.0, 70.0, 46.1, 64.9),
         (1, 'role_group', 'lead', 'S1', 7, 6.5, 7.0, 1.5, 5.0, 8.0, 5.1, 7.9),
         (2, 'total', '', 'S6', 5, 3.25, 3.0, 0.5, 3.0, 3.5, 2.6, 3.9)",
        "INSERT INTO campaign_free_texts (campaign_id, item_id, sort_key, body) VALUES
         (1, 'ahead_obstacles', '00ff', 'time'), (1, 'ahead_obstacles', '0a00', 'money'),
         (2, 'ahead_obstacles', '0001', 'people')",
    ] {
        sqlx::query(sql).execute(db.pool()).await.expect(sql);
    }
    type AggRow = (
        i64,
        String,
        String,
        String,
        i64,
        f64,
        f64,
        f64,
        f64,
        f64,
        f64,
        f64,
    );
    let aggregates_before: Vec<AggRow> = sqlx::query_as(aggregates)
        .fetch_all(db.pool())
        .await
        .expect("aggregates before");
    let texts_before: Vec<(i64, i64, String, String, String)> = sqlx::query_as(free_texts)
        .fetch_all(db.pool())
        .await
        .expect("free texts before");
    db.migrate().await.expect("the packing migration");
    let aggregates_after: Vec<AggRow> = sqlx::query_as(aggregates)
        .fetch_all(db.pool())
        .await
        .expect("aggregates after");
    assert_eq!(aggregates_before.len(), 3);
    assert_eq!(aggregates_after, aggregates_before);
    let texts_after: Vec<(i64, i64, String, String, String)> = sqlx::query_as(free_texts)
        .fetch_all(db.pool())
        .await
        .expect("free texts after");
    assert_eq!(texts_before.len(), 3);
    assert_eq!(texts_after, texts_before);
    let rows: Vec<(i64, String, String, String, i64, String)> = sqlx::query_as(
        "SELECT campaign_id, role_group, department, tenure_band, n, dimensions FROM campaign_cells",
    )
    .fetch_all(db.pool())
    .await
    .expect("packed cells");
    assert_eq!(rows.len(), 4, "one row per campaign and profile");
    let mut back: Vec<(i64, String, String, String, String, i64)> = Vec::new();
    for (c, r, d, te, n, dims) in rows {
        back.push((c, r.clone(), d.clone(), te.clone(), "N".into(), n));
        for (dim, n) in app::scoring::cells::unpack(&dims).expect("unpack") {
            back.push((c, r.clone(), d.clone(), te.clone(), dim.into(), n));
        }
    }
    back.sort();
    let mut want: Vec<(i64, String, String, String, String, i64)> = old
        .iter()
        .map(|(c, r, d, te, dim, n)| {
            (
                *c,
                r.to_string(),
                d.to_string(),
                te.to_string(),
                dim.to_string(),
                *n,
            )
        })
        .collect();
    want.sort();
    assert_eq!(back, want);
}
