#![recursion_limit = "256"]
//! The Spindel server: configuration, database, router and lifecycle.
//! `main.rs` only parses the command line and calls into here, so that the
//! integration tests can build the very same router.

pub mod config;
pub mod demo;
pub mod http_security;
pub mod mailer;
pub mod open_data;
pub mod telemetry;

use app::db::{Db, PoolConfig};
use app::state::{AppSettings, AppState};
use app::{App, shell};
use axum::Router;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use config::Config;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::sync::Arc;
use std::time::Duration;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Open the database (creating and migrating it) and prepare shared state.
pub async fn build_state(cfg: &Config) -> Result<AppState, BoxError> {
    let db = Db::open(
        &cfg.database_url,
        &PoolConfig {
            max_connections: cfg.db_max_connections,
            ..PoolConfig::default()
        },
    )
    .await?;
    let secret = ensure_session_secret(&db, cfg).await?;
    app::auth::service::init_throttle_key(&secret);
    app::survey::service::ensure_standard_questionnaire(&db)
        .await
        .map_err(|e| format!("loading the standard questionnaire: {e}"))?;
    // Campaigns closed before results existed get them now (idempotent).
    let missing = app::scoring::service::reaggregate(&db, true)
        .await
        .map_err(|e| format!("computing missing results: {e:?}"))?;
    if missing.campaigns > 0 {
        tracing::info!(
            campaigns = missing.campaigns,
            "computed missing campaign results"
        );
    }
    if cfg.demo {
        load_demo(&db, cfg).await?;
    } else {
        let removed = demo::remove_demo_accounts(&db).await?;
        if removed > 0 {
            tracing::info!(
                accounts = removed,
                "removed demo accounts (demo mode is off)"
            );
        }
    }
    Ok(AppState {
        db,
        settings: Arc::new(AppSettings {
            min_group_size: cfg.min_group_size,
            min_peer_orgs: cfg.min_peer_orgs,
            quadrant_threshold: if (1.0..=10.0).contains(&cfg.quadrant_threshold) {
                cfg.quadrant_threshold
            } else {
                5.5
            },
            demo: cfg.demo,
            session_idle_secs: cfg.session_idle_hours.max(1) * 3600,
            session_absolute_secs: cfg.session_absolute_days.max(1) * 24 * 3600,
            secure_cookies: cfg.secure_cookies,
            mail_delivery: cfg.smtp_url.is_some() || cfg.mail_dir.is_some(),
            shared_starts_per_hour: cfg.shared_starts_per_hour.max(1),
            trusted_proxies: cfg.trusted_proxies.clone(),
            public_url: cfg
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{}", cfg.bind)),
        }),
        session_secret: app::state::Secret::new(secret),
    })
}

/// Demo mode: generate the default demo into an empty database, then create
/// the demo accounts with new passwords and print them.
async fn load_demo(db: &Db, cfg: &Config) -> Result<(), BoxError> {
    if app::db::orgs::count(db).await? == 0 {
        let spec = demo::DemoSpec {
            orgs: cfg.demo_orgs.max(1),
            years: cfg.demo_years.max(1),
            seed: cfg.demo_seed,
            last_year: current_year(),
        };
        run_demo(db, spec).await?;
    }
    let accounts = demo::ensure_demo_accounts(db).await?;
    demo::print_accounts(&accounts);
    if let Some(path) = &cfg.demo_credentials {
        write_private(path, &serde_json::to_string_pretty(&accounts)?)?;
    }
    Ok(())
}

fn write_private(path: &std::path::Path, text: &str) -> Result<(), BoxError> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    opts.mode(0o600);
    opts.open(path)?.write_all(text.as_bytes())?;
    Ok(())
}

/// The current calendar year (UTC).
pub fn current_year() -> i64 {
    let days = app::db::now_unix().div_euclid(86_400);
    app::domain::dates::civil_from_days(days).0
}

async fn run_demo(db: &Db, spec: demo::DemoSpec) -> Result<demo::DemoReport, BoxError> {
    let started = std::time::Instant::now();
    tracing::info!(
        orgs = spec.orgs,
        years = spec.years,
        seed = spec.seed,
        "generating demo data"
    );
    let (actor, _) = (demo::ensure_demo_accounts(db).await?, ());
    let actor_id = match actor.first() {
        Some(a) => app::db::users::by_email(db.pool(), &a.email)
            .await?
            .map(|u| u.id)
            .unwrap_or(0),
        None => 0,
    };
    let report = demo::generate(db, spec, actor_id).await?;
    tracing::info!(
        organisations = report.organisations,
        campaigns = report.campaigns,
        responses = report.responses,
        collaborations = report.collaborations,
        seconds = started.elapsed().as_secs_f64(),
        "demo data loaded"
    );
    Ok(report)
}

/// `server demo`: generate demo data into an empty database and print the
/// demo accounts.
pub async fn demo_cli(cfg: &Config, orgs: usize, years: usize, seed: u64) -> Result<(), BoxError> {
    let db = Db::open(&cfg.database_url, &PoolConfig::default()).await?;
    app::survey::service::ensure_standard_questionnaire(&db)
        .await
        .map_err(|e| format!("loading the standard questionnaire: {e:?}"))?;
    let started = std::time::Instant::now();
    let spec = demo::DemoSpec {
        orgs: orgs.max(1),
        years: years.max(1),
        seed,
        last_year: current_year(),
    };
    let report = run_demo(&db, spec).await?;
    let accounts = demo::ensure_demo_accounts(&db).await?;
    println!(
        "Generated {} organisations, {} closed campaigns, {} responses, {} collaborations in {:.1} s.",
        report.organisations,
        report.campaigns,
        report.responses,
        report.collaborations,
        started.elapsed().as_secs_f64()
    );
    demo::print_accounts(&accounts);
    db.close().await;
    Ok(())
}

/// `server reaggregate`: recompute every closed campaign's results.
pub async fn reaggregate_cli(cfg: &Config) -> Result<(), BoxError> {
    let db = Db::open(&cfg.database_url, &PoolConfig::default()).await?;
    let started = std::time::Instant::now();
    let r = app::scoring::service::reaggregate(&db, false)
        .await
        .map_err(|e| format!("reaggregate: {e:?}"))?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "Recomputed {} campaigns ({} responses, {} answers) in {:.2} s ({:.0} answers/s).",
        r.campaigns,
        r.responses,
        r.answers,
        secs,
        r.answers as f64 / secs.max(1e-9)
    );
    db.close().await;
    Ok(())
}

/// Create the operator account from the command line; the password comes from
/// standard input (first line), so it never appears in the process list or
/// shell history.
pub async fn create_operator_cli(cfg: &Config, email: &str, name: &str) -> Result<(), BoxError> {
    let db = Db::open(&cfg.database_url, &PoolConfig::default()).await?;
    eprintln!("Password for {email} (8–128 characters), then Enter:");
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']);
    match app::auth::service::create_operator(&db, email, name, password).await {
        Ok(id) => {
            println!("Operator account {email} is ready (id {id}).");
            db.close().await;
            Ok(())
        }
        Err(e) => {
            db.close().await;
            Err(e.public_message().into())
        }
    }
}

/// The session secret comes from the environment, or is generated once and
/// kept in the database (shared by every app server on that database).
pub async fn ensure_session_secret(db: &Db, cfg: &Config) -> Result<String, BoxError> {
    if let Some(secret) = &cfg.session_secret {
        if secret.len() < 64 {
            return Err("SPINDEL_SESSION_SECRET must be at least 64 characters".into());
        }
        return Ok(secret.clone());
    }
    let candidate = random_hex(64);
    let stored = app::db::settings::get_or_insert(db, "session_secret", &candidate).await?;
    if stored == candidate {
        tracing::info!("generated a new session secret and stored it in the database");
    }
    Ok(stored)
}

fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// Leptos settings. Built here (not only from `LEPTOS_*` variables) so that the
/// binary also runs outside cargo-leptos.
pub fn leptos_options(cfg: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("spindel")
        .site_root(cfg.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(cfg.bind)
        .build()
}

/// The whole HTTP application.
pub fn router(state: AppState, leptos_options: LeptosOptions) -> Router {
    let routes = generate_route_list(App);
    let ready_db = state.db.clone();
    let sessions = session_layer(&state);

    let leptos_app = Router::new()
        .leptos_routes_with_context(
            &leptos_options,
            routes,
            {
                let state = state.clone();
                move || provide_context(state.clone())
            },
            {
                let leptos_options = leptos_options.clone();
                move || shell(leptos_options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler_with_context(
            {
                let state = state.clone();
                move || provide_context(state.clone())
            },
            shell,
        ))
        .with_state(leptos_options);

    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route(
            "/readyz",
            get(move || {
                let db = ready_db.clone();
                async move {
                    match db.ping().await {
                        Ok(()) => {
                            app::error::clear_database_trouble();
                            (StatusCode::OK, "ready").into_response()
                        }
                        Err(e) => {
                            app::error::note_database_trouble();
                            tracing::warn!(error.chain = %app::error::error_chain(&e), "readiness check failed");
                            app::AppError::Unavailable.into_response()
                        }
                    }
                }
            }),
        )
        // Public, read-only open data (JSON / CSV); before the Leptos fallback.
        .nest(open_data::PREFIX, open_data::router(state.clone()))
        .merge(leptos_app)
        // One layer (a stack built once) rather than one `.layer` per
        // middleware: axum boxes each `.layer` around every route, and each
        // box is cloned on every request.
        .layer(
            tower::ServiceBuilder::new()
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(telemetry::make_span)
                        .on_response(
                            |res: &axum::http::Response<_>,
                             latency: Duration,
                             span: &tracing::Span| {
                                span.record("status", res.status().as_u16());
                                tracing::debug!(
                                    latency_ms = latency.as_millis() as u64,
                                    "response"
                                );
                            },
                        )
                        .on_failure(telemetry::on_failure),
                )
                .layer(tower_http::timeout::TimeoutLayer::with_status_code(
                    StatusCode::SERVICE_UNAVAILABLE,
                    telemetry::REQUEST_TIMEOUT,
                ))
                .layer(security_headers())
                .layer(axum::middleware::from_fn_with_state(
                    Guard {
                        db: state.db.clone(),
                        trusted_proxies: state.settings.trusted_proxies.clone().into(),
                    },
                    request_guard,
                ))
                .layer(http_security::ExceptSurveyApi(sessions)),
        )
}

/// What [`request_guard`] needs.
#[derive(Clone)]
struct Guard {
    db: Db,
    /// `SPINDEL_TRUSTED_PROXIES`.
    trusted_proxies: Arc<[std::net::IpAddr]>,
}

/// Each request's checks, in one middleware:
/// - behind a trusted reverse proxy the client address (what the handlers
///   read as `ConnectInfo`) becomes the one `X-Forwarded-For` names
///   ([`http_security::use_forwarded_client`]);
/// - a cross-site state-changing request is refused (403);
/// - a request body declared larger than
///   [`http_security::MAX_REQUEST_BODY`] is refused (413) with the app's
///   too-large message, before any of it is read;
/// - pages stream their shell (and a 200) before their data is read, so a
///   page cannot answer 503 once the database fails under it. Once a failure
///   has been noticed (a query or the readiness probe found the database
///   unavailable), each page request first probes the database with a read;
///   if that fails the page answers 503 with the unavailable message and
///   `Retry-After`. The first successful probe clears the note. While another
///   process holds the SQLite write lock reads still work, so pages still
///   render;
/// - dynamic responses get `Cache-Control: no-store`.
async fn request_guard(
    axum::extract::State(guard): axum::extract::State<Guard>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if !guard.trusted_proxies.is_empty() {
        http_security::use_forwarded_client(&mut req, &guard.trusted_proxies);
    }
    let is_static = http_security::is_static_path(req.uri().path());
    let mut res = checked(&guard.db, req, next).await;
    if !is_static {
        http_security::mark_no_store(&mut res);
    }
    res
}

/// [`request_guard`]'s checks before the app: a refusal (403), the page
/// guard's 503, or the app's own response.
async fn checked(
    db: &Db,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if let Some(refused) = http_security::refuse_cross_site(&req) {
        return refused;
    }
    if let Some(refused) = http_security::refuse_too_large(&req) {
        return refused;
    }
    if req.method() == axum::http::Method::GET
        && is_page_path(req.uri().path())
        && app::error::database_trouble_noted()
    {
        match tokio::time::timeout(Duration::from_secs(2), db.read_ping()).await {
            Ok(Ok(())) => app::error::clear_database_trouble(),
            _ => return app::AppError::Unavailable.into_response(),
        }
    }
    next.run(req).await
}

/// A server-rendered page, not an API call, a probe or a static file.
fn is_page_path(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    !(path.starts_with("/api/")
        || path.starts_with("/pkg/")
        || path.starts_with("/vendor/")
        || path == "/healthz"
        || path == "/readyz"
        || last.contains('.'))
}

/// Sessions in the database (shared by app servers), in an HttpOnly,
/// SameSite=Lax, signed cookie; `Secure` when configured for HTTPS.
fn session_layer(
    state: &AppState,
) -> tower_sessions::SessionManagerLayer<
    app::auth::session_store::DbSessionStore,
    tower_sessions::service::SignedCookie,
> {
    use sha2::{Digest, Sha512};
    use tower_sessions::cookie::{Key, SameSite};
    let key_bytes = Sha512::digest(state.session_secret.expose().as_bytes());
    let key = Key::from(key_bytes.as_slice());
    tower_sessions::SessionManagerLayer::new(app::auth::session_store::DbSessionStore::new(
        state.db.clone(),
    ))
    .with_name("spindel_session")
    .with_http_only(true)
    .with_same_site(SameSite::Lax)
    .with_secure(state.settings.secure_cookies)
    .with_path("/")
    .with_expiry(tower_sessions::Expiry::OnInactivity(
        time::Duration::seconds(state.settings.session_idle_secs),
    ))
    .with_signed(key)
}

/// Every ten minutes: delete expired sessions, expired pending sign-ups and
/// stale survey drafts, and forget the resume codes of responses submitted
/// before today.
pub fn spawn_session_cleanup(db: Db) -> tokio::task::JoinHandle<()> {
    use tower_sessions::session_store::ExpiredDeletion;
    let store = app::auth::session_store::DbSessionStore::new(db.clone());
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
            if let Err(e) = app::db::pending_sign_ups::delete_expired(&db).await {
                tracing::warn!(error.chain = %app::error::error_chain(&e), "could not delete expired sign-ups");
            }
            match app::survey::service::delete_stale_drafts(&db).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(
                    drafts = n,
                    "deleted drafts of campaigns closed over 30 days ago"
                ),
                Err(e) => {
                    tracing::warn!(error.chain = %app::error::error_chain(&e), "could not delete stale drafts")
                }
            }
            if let Err(e) = app::survey::service::forget_old_resume_codes(&db).await {
                tracing::warn!(error.chain = %app::error::error_chain(&e), "could not forget submitted resume codes");
            }
        }
    })
}

fn security_headers() -> tower::layer::util::Stack<
    SetResponseHeaderLayer<HeaderValue>,
    tower::layer::util::Stack<
        SetResponseHeaderLayer<HeaderValue>,
        SetResponseHeaderLayer<HeaderValue>,
    >,
> {
    tower::layer::util::Stack::new(
        SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        tower::layer::util::Stack::new(
            SetResponseHeaderLayer::if_not_present(
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ),
            SetResponseHeaderLayer::if_not_present(
                HeaderName::from_static("x-frame-options"),
                HeaderValue::from_static("DENY"),
            ),
        ),
    )
}

/// Apply migrations and exit.
pub async fn migrate_only(cfg: &Config) -> Result<(), BoxError> {
    let db = Db::open(&cfg.database_url, &PoolConfig::default()).await?;
    tracing::info!(
        applied = db.applied_migrations().await?.len(),
        "migrations applied"
    );
    db.close().await;
    Ok(())
}

/// Run the server until SIGTERM / Ctrl-C, then let in-flight requests finish
/// (up to the grace period) and close the pool.
pub async fn serve(cfg: Config) -> Result<(), BoxError> {
    let state = build_state(&cfg).await?;
    let db = state.db.clone();
    let cleanup = spawn_session_cleanup(db.clone());
    let mail_task = match (&cfg.smtp_url, &cfg.mail_dir) {
        (Some(url), _) => {
            let mailer = mailer::Mailer::new(url, &cfg.mail_from)?;
            tracing::info!("SMTP configured: the outbox is delivered every 10 s");
            Some(mailer::spawn(mailer, db.clone(), Duration::from_secs(10)))
        }
        (None, Some(dir)) => {
            let mailer = mailer::Mailer::directory(dir.clone(), &cfg.mail_from)?;
            tracing::info!(dir = %dir.display(), "mail directory configured: the outbox is delivered there every 2 s");
            Some(mailer::spawn(mailer, db.clone(), Duration::from_secs(2)))
        }
        (None, None) => {
            tracing::warn!(
                "no mail delivery configured (SPINDEL_SMTP_URL or SPINDEL_MAIL_DIR): mail stays queued and reaches nobody"
            );
            None
        }
    };
    let app = router(state, leptos_options(&cfg))
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    // TCP_NODELAY: a streamed page goes out in several writes; without it
    // Nagle's algorithm holds the later ones until the client's delayed ACK
    // (about 40 ms on Linux).
    let listener = {
        use axum::serve::ListenerExt;
        tokio::net::TcpListener::bind(cfg.bind)
            .await?
            .tap_io(|tcp| {
                if let Err(e) = tcp.set_nodelay(true) {
                    tracing::debug!(error = %e, "could not set TCP_NODELAY");
                }
            })
    };
    let backend = format!("{:?}", db.backend());
    tracing::info!(addr = %cfg.bind, backend, "listening");
    println!("Spindel is running on http://{}", cfg.bind);

    let (tx, rx) = tokio::sync::watch::channel(false);
    let server = axum::serve(listener, app).with_graceful_shutdown({
        let mut rx = rx.clone();
        async move {
            let _ = rx.wait_for(|stop| *stop).await;
        }
    });
    let grace = Duration::from_secs(cfg.shutdown_grace_secs);
    let mut server = std::pin::pin!(server.into_future());
    tokio::select! {
        res = &mut server => res?,
        () = shutdown_signal() => {
            tracing::info!("shutdown requested; finishing in-flight requests");
            let _ = tx.send(true);
            if tokio::time::timeout(grace, &mut server).await.is_err() {
                tracing::warn!(grace_secs = grace.as_secs(), "grace period over; closing remaining connections");
            }
        }
    }
    drop(rx);
    cleanup.abort();
    if let Some(t) = mail_task {
        t.abort();
    }
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

#[cfg(test)]
mod tests {
    use super::is_page_path;

    #[test]
    fn pages_are_told_from_api_calls_probes_and_files() {
        for page in ["/", "/orgs/3/campaigns", "/s/ABC123", "/benchmark"] {
            assert!(is_page_path(page), "{page}");
        }
        for other in [
            "/api/survey/submit",
            "/api/open-data/v1/indicators",
            "/pkg/spindel.wasm",
            "/vendor/echarts.min.js",
            "/healthz",
            "/readyz",
            "/favicon.ico",
        ] {
            assert!(!is_page_path(other), "{other}");
        }
    }
}
