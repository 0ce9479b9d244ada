//! `spindel-bench`: the benchmark driver behind `bench/run.sh`.
//!
//! `run` starts the release server on a prepared demo database, drives it over
//! HTTP on loopback (and the database directly, in-process) and writes the
//! measurements as JSON. `table` prints the measurements of one or more runs as
//! a Markdown table next to the budgets of issue 8. Nothing here is a test: it
//! measures and prints.

use clap::{Parser, Subcommand};
use hyper::Method;
use rand::Rng;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

mod h1;
mod wasm;

#[derive(Parser)]
#[command(
    name = "spindel-bench",
    about = "Spindel benchmark driver (see bench/README.md)"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Measure one backend: start the server on DATABASE_URL and drive it.
    Run(RunArgs),
    /// Print result files as one Markdown table.
    Table(TableArgs),
}

#[derive(clap::Args)]
struct RunArgs {
    /// The server binary (release build).
    #[arg(long, default_value = "target/release/server")]
    server: PathBuf,
    /// A database that already holds the demo data (`server demo`).
    #[arg(long, env = "DATABASE_URL")]
    database_url: String,
    /// Column label, e.g. "SQLite".
    #[arg(long)]
    label: String,
    /// Where to write the results (JSON).
    #[arg(long)]
    out: PathBuf,
    /// Directory for the server log and the demo credentials.
    #[arg(long, default_value = "bench/work")]
    work_dir: PathBuf,
    /// Concurrent HTTP clients.
    #[arg(long, default_value_t = 64)]
    clients: usize,
    /// Complete responses submitted in the submission run.
    #[arg(long, default_value_t = 25_600)]
    submissions: usize,
    /// Seconds of the survey first-page run.
    #[arg(long, default_value_t = 10)]
    page_secs: u64,
    /// Sequential requests per page for the page-time measurements.
    #[arg(long, default_value_t = 200)]
    samples: usize,
    /// The submission run alternates HTTP and in-process in this many rounds
    /// (each a share of the submissions), so that a slow spell of the disk
    /// hits both alike; the table shows the ratio of each round too.
    #[arg(long, default_value_t = 4)]
    rounds: usize,
    /// Responses in the campaign whose close is timed.
    #[arg(long, default_value_t = 2_000)]
    close_responses: usize,
    /// Pooled database connections of the server (and the in-process loop).
    #[arg(long, default_value_t = 8)]
    db_connections: u32,
}

#[derive(clap::Args)]
struct TableArgs {
    /// Result files written by `run`.
    files: Vec<PathBuf>,
    /// The site's `pkg/` directory of a release build (e.g. `target/site/pkg`):
    /// prints the hydrate wasm's sizes, the main module and per page.
    #[arg(long)]
    pkg_dir: Option<PathBuf>,
}

#[derive(Debug, Default, Serialize, Deserialize, Clone)]
struct Load {
    ok: usize,
    errors: usize,
    status_5xx: usize,
    secs: f64,
    per_sec: f64,
    p50_ms: f64,
    p95_ms: f64,
    p99_ms: f64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Results {
    label: String,
    cores: usize,
    orgs: i64,
    closed_campaigns: i64,
    responses_before: i64,
    clients: usize,
    survey_start: Load,
    submit_http: Load,
    submit_inprocess: Load,
    first_page: Load,
    static_handler: Load,
    dashboard: Load,
    benchmark: Load,
    close_responses: usize,
    close_ms: f64,
    reaggregate_campaigns: i64,
    reaggregate_answers: i64,
    reaggregate_secs: f64,
    peak_rss_mb: f64,
    /// CPU time per HTTP submission, µs: the server's and the load client's
    /// (from /proc; both share the machine's cores).
    #[serde(default)]
    submit_server_cpu_us: f64,
    #[serde(default)]
    submit_client_cpu_us: f64,
    /// HTTP / in-process of each round of the submission run.
    #[serde(default)]
    submit_round_ratios: Vec<f64>,
}

fn main() -> Result<(), BoxError> {
    let cli = Cli::parse();
    // Diagnostics: the driver's own log (the in-process loop runs the app's
    // code here), e.g. SPINDEL_BENCH_LOG=app::db::group_commit=debug.
    if let Ok(filter) = std::env::var("SPINDEL_BENCH_LOG") {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_writer(std::io::stderr)
            .init();
    }
    match cli.command {
        Cmd::Run(args) => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?
            .block_on(run(args)),
        Cmd::Table(args) => table(&args),
    }
}

// ---------------------------------------------------------------- statistics

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn summarise(mut lat_ms: Vec<f64>, errors: usize, status_5xx: usize, secs: f64) -> Load {
    lat_ms.sort_by(f64::total_cmp);
    Load {
        ok: lat_ms.len(),
        errors,
        status_5xx,
        secs,
        per_sec: lat_ms.len() as f64 / secs.max(1e-9),
        p50_ms: percentile(&lat_ms, 0.50),
        p95_ms: percentile(&lat_ms, 0.95),
        p99_ms: percentile(&lat_ms, 0.99),
    }
}

// ---------------------------------------------------------------- server

struct Server {
    child: Child,
    base: String,
    creds: PathBuf,
    /// Where the server delivers mail: sign-up is confirmed by a mailed link.
    mail_dir: PathBuf,
}

impl Server {
    async fn start(a: &RunArgs) -> Result<Server, BoxError> {
        std::fs::create_dir_all(&a.work_dir)?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let creds = a.work_dir.join(format!("demo-accounts-{}.json", a.label));
        let log = std::fs::File::create(a.work_dir.join(format!("server-{}.log", a.label)))?;
        let mail_dir = a.work_dir.join(format!("mail-{}", a.label));
        let child = Command::new(&a.server)
            .env_remove("SPINDEL_SMTP_URL")
            .env("SPINDEL_MAIL_DIR", &mail_dir)
            .env("DATABASE_URL", &a.database_url)
            .env("SPINDEL_BIND", format!("127.0.0.1:{port}"))
            .env("SPINDEL_DB_MAX_CONNECTIONS", a.db_connections.to_string())
            .env("SPINDEL_DEMO", "true")
            // The load comes from one address through shared codes.
            .env("SPINDEL_SHARED_STARTS_PER_HOUR", "100000000")
            .env("SPINDEL_DEMO_CREDENTIALS", &creds)
            .env(
                "RUST_LOG",
                std::env::var("SPINDEL_BENCH_SERVER_LOG").unwrap_or_else(|_| "warn".into()),
            )
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()?;
        let base = format!("http://127.0.0.1:{port}");
        let c = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(600);
        loop {
            if let Ok(r) = c.get(format!("{base}/readyz")).send().await
                && r.status().is_success()
            {
                break;
            }
            if Instant::now() > deadline {
                return Err("the server did not become ready in 10 minutes".into());
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        Ok(Server {
            child,
            base,
            creds,
            mail_dir,
        })
    }

    fn peak_rss_mb(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
            .unwrap_or(f64::NAN)
    }

    fn stop(&mut self) -> Result<(), BoxError> {
        if self.child.try_wait()?.is_some() {
            return Ok(());
        }
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()?;
        let deadline = Instant::now() + Duration::from_secs(60);
        while self.child.try_wait()?.is_none() {
            if Instant::now() > deadline {
                self.child.kill()?;
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // An error on the way must not leave the server running.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// User + system CPU seconds of a process (`self` or a pid) so far, from
/// `/proc/PID/stat` (in clock ticks of 1/100 s, Linux's `USER_HZ`); NaN
/// where that cannot be read.
fn cpu_secs(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 here.
    match (fields.get(11), fields.get(12)) {
        (Some(u), Some(s)) => match (u.parse::<f64>(), s.parse::<f64>()) {
            (Ok(u), Ok(s)) => (u + s) / 100.0,
            _ => f64::NAN,
        },
        _ => f64::NAN,
    }
}

/// The token of the sign-up link the server mails to `email` (one `.eml`
/// file per mail in `dir`, delivered every 2 s); waits up to 30 s.
async fn sign_up_token(dir: &std::path::Path, email: &str) -> Result<String, BoxError> {
    const PATH: &str = "/sign-up/confirm/";
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "eml") {
                continue;
            }
            // Quoted-printable wraps long lines with a soft break.
            let eml = std::fs::read_to_string(&path)?
                .replace("=\r\n", "")
                .replace("=\n", "");
            if !eml.contains(&format!("To: {email}")) {
                continue;
            }
            if let Some(i) = eml.find(PATH) {
                let token: String = eml[i + PATH.len()..]
                    .chars()
                    .take_while(char::is_ascii_hexdigit)
                    .collect();
                if !token.is_empty() {
                    return Ok(token);
                }
            }
        }
        if Instant::now() > deadline {
            return Err(format!("no sign-up link for {email} in {}", dir.display()).into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn client() -> Result<reqwest::Client, BoxError> {
    Ok(reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()?)
}

async fn call(
    c: &reqwest::Client,
    base: &str,
    path: &str,
    form: &[(&str, &str)],
) -> Result<serde_json::Value, BoxError> {
    let r = c.post(format!("{base}{path}")).form(form).send().await?;
    let status = r.status();
    let text = r.text().await?;
    if !status.is_success() {
        return Err(format!("{path}: {status}: {text}").into());
    }
    Ok(serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)))
}

struct Campaign {
    id: String,
    code: String,
}

async fn open_campaign(
    admin: &reqwest::Client,
    base: &str,
    org: &str,
    name: &str,
) -> Result<Campaign, BoxError> {
    let versions = call(admin, base, "/api/campaigns/versions", &[]).await?;
    let version = versions[0]["id"]
        .as_i64()
        .ok_or("no questionnaire version")?;
    let id = call(
        admin,
        base,
        "/api/campaigns/create",
        &[
            ("org_id", org),
            ("year", "2026"),
            ("name", name),
            ("version_id", &version.to_string()),
            ("departments", "Planering\nSocialtjänst\nIT\nSkola\nVård"),
        ],
    )
    .await?
    .as_i64()
    .ok_or("no campaign id")?
    .to_string();
    call(
        admin,
        base,
        "/api/campaigns/transition",
        &[("org_id", org), ("campaign_id", &id), ("to", "open")],
    )
    .await?;
    let list = call(admin, base, "/api/campaigns/list", &[("org_id", org)]).await?;
    let code = list
        .as_array()
        .and_then(|l| {
            l.iter()
                .find(|c| c["id"].as_i64().map(|i| i.to_string()) == Some(id.clone()))
        })
        .and_then(|c| c["shared_code"].as_str())
        .ok_or("no shared code")?
        .to_owned();
    Ok(Campaign { id, code })
}

/// A complete, valid response of the standard questionnaire with random levels.
fn full_answers(rng: &mut impl Rng) -> String {
    use app::domain::questionnaire::{ItemKind, parse};
    use serde_json::json;
    let q = match parse(app::survey::service::STANDARD_V1) {
        Ok(q) => q,
        Err(_) => return "{}".into(),
    };
    let mut m = serde_json::Map::new();
    for item in q.items() {
        let v = match &item.kind {
            ItemKind::Scale { .. } => json!(rng.random_range(3..=9)),
            ItemKind::SingleChoice { options } => {
                json!(options[rng.random_range(0..options.len())].id)
            }
            ItemKind::MultipleChoice { options } => json!([options[0].id]),
            ItemKind::Department => {
                json!(["Planering", "Socialtjänst", "IT"][rng.random_range(0..3)])
            }
            ItemKind::FreeText { .. } => json!("Mer samverkan mellan förvaltningarna."),
        };
        m.insert(item.id.clone(), v);
    }
    serde_json::Value::Object(m).to_string()
}

// ---------------------------------------------------------------- load loops

/// Measurements of one load run, before they are summarised (runs in rounds
/// are added up first).
#[derive(Default)]
struct Raw {
    lat_ms: Vec<f64>,
    errors: usize,
    status_5xx: usize,
    secs: f64,
}

impl Raw {
    fn add(&mut self, other: Raw) {
        self.lat_ms.extend(other.lat_ms);
        self.errors += other.errors;
        self.status_5xx += other.status_5xx;
        self.secs += other.secs;
    }

    /// 2xx answers per second.
    fn per_sec(&self) -> f64 {
        self.lat_ms.len() as f64 / self.secs.max(1e-9)
    }

    fn load(self) -> Load {
        summarise(self.lat_ms, self.errors, self.status_5xx, self.secs)
    }
}

/// Run the jobs numbered `jobs` (or jobs from 0 until `until`) on `clients`
/// concurrent workers; each job returns its HTTP status (or an error).
/// Latencies of 2xx answers only.
async fn drive<F, Fut>(
    clients: usize,
    jobs: Option<std::ops::Range<usize>>,
    until: Option<Duration>,
    job: F,
) -> Result<Raw, BoxError>
where
    F: Fn(usize, usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<u16, BoxError>> + Send,
{
    let job = Arc::new(job);
    let first = jobs.as_ref().map_or(0, |r| r.start);
    let end = jobs.map(|r| r.end);
    let next = Arc::new(AtomicUsize::new(first));
    let started = Instant::now();
    let mut handles = Vec::new();
    for worker in 0..clients {
        let job = job.clone();
        let next = next.clone();
        handles.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let (mut errors, mut s5xx) = (0usize, 0usize);
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if end.is_some_and(|t| i >= t) || until.is_some_and(|d| started.elapsed() >= d) {
                    break;
                }
                let t0 = Instant::now();
                match job(worker, i).await {
                    Ok(s) if (200..300).contains(&s) => lat.push(t0.elapsed().as_secs_f64() * 1e3),
                    Ok(s) if s >= 500 => {
                        s5xx += 1;
                        errors += 1
                    }
                    _ => errors += 1,
                }
            }
            (lat, errors, s5xx)
        }));
    }
    let (mut lat, mut errors, mut s5xx) = (Vec::new(), 0, 0);
    for h in handles {
        let (l, e, s) = h.await?;
        lat.extend(l);
        errors += e;
        s5xx += s;
    }
    Ok(Raw {
        lat_ms: lat,
        errors,
        status_5xx: s5xx,
        secs: started.elapsed().as_secs_f64(),
    })
}

/// Start `n` drafts with the shared code over HTTP; returns their resume codes.
async fn start_drafts(
    base: &str,
    code: &str,
    n: usize,
    clients: usize,
) -> Result<(Vec<String>, Load), BoxError> {
    let pool = h1::pool(base, clients)?;
    let resumes = Arc::new(std::sync::Mutex::new(vec![String::new(); n]));
    let body = bytes::Bytes::from(serde_urlencoded::to_string([
        ("code", code),
        ("language", "sv"),
    ])?);
    let r = resumes.clone();
    let load = drive(clients, Some(0..n), None, move |w, i| {
        let (pool, body, r) = (pool.clone(), body.clone(), r.clone());
        async move {
            let (status, bytes) = pool[w]
                .lock()
                .await
                .send(Method::POST, "/api/survey/start", Some(body))
                .await?;
            if status == 200
                && let Ok(serde_json::Value::String(s)) = serde_json::from_slice(&bytes)
                && let Ok(mut g) = r.lock()
            {
                g[i] = s;
            }
            Ok(status)
        }
    })
    .await?
    .load();
    let out = resumes.lock().map_err(|_| "lock")?.clone();
    Ok((out.into_iter().filter(|s| !s.is_empty()).collect(), load))
}

/// Complete responses of the standard questionnaire for these drafts, as
/// the submission's form bodies. Encoded before the clock starts (as a load
/// generator such as `oha` sends a prepared body): the timed loop only sends.
fn submit_bodies(resumes: Vec<String>) -> Result<Arc<Vec<bytes::Bytes>>, BoxError> {
    let mut rng = rand::rng();
    Ok(Arc::new(
        resumes
            .into_iter()
            .map(|r| {
                let answers = full_answers(&mut rng);
                serde_urlencoded::to_string([
                    ("resume", r.as_str()),
                    ("answers", answers.as_str()),
                    ("language", "sv"),
                ])
                .map(bytes::Bytes::from)
            })
            .collect::<Result<_, _>>()?,
    ))
}

/// Submit the prepared bodies numbered `jobs` over HTTP, one client per
/// connection of `pool` (kept open from round to round).
async fn submit_http(
    pool: &h1::Pool,
    bodies: Arc<Vec<bytes::Bytes>>,
    jobs: std::ops::Range<usize>,
) -> Result<Raw, BoxError> {
    let pool = pool.clone();
    drive(pool.len(), Some(jobs), None, move |w, i| {
        let (pool, bodies) = (pool.clone(), bodies.clone());
        async move {
            let mut conn = pool[w].lock().await;
            let (status, _) = conn
                .send(Method::POST, "/api/survey/submit", Some(bodies[i].clone()))
                .await?;
            Ok(status)
        }
    })
    .await
}

async fn get_pages(base: &str, path: &str, clients: usize, secs: u64) -> Result<Load, BoxError> {
    let pool = h1::pool(base, clients)?;
    let path: Arc<str> = path.into();
    drive(
        clients,
        None,
        Some(Duration::from_secs(secs)),
        move |w, _| {
            let (pool, path) = (pool.clone(), path.clone());
            async move {
                let (status, _) = pool[w].lock().await.send(Method::GET, &path, None).await?;
                Ok(status)
            }
        },
    )
    .await
    .map(Raw::load)
}

/// Sequential GETs with one signed-in client (server response time).
async fn sequential(c: &reqwest::Client, url: &str, samples: usize) -> Result<Load, BoxError> {
    for _ in 0..5 {
        let _ = c.get(url).send().await?.bytes().await?;
    }
    let started = Instant::now();
    let (mut lat, mut errors, mut s5xx) = (Vec::new(), 0, 0);
    for _ in 0..samples {
        let t0 = Instant::now();
        let r = c.get(url).send().await?;
        let s = r.status().as_u16();
        let _ = r.bytes().await?;
        match s {
            200..=299 => lat.push(t0.elapsed().as_secs_f64() * 1e3),
            500.. => {
                s5xx += 1;
                errors += 1
            }
            _ => errors += 1,
        }
    }
    Ok(summarise(
        lat,
        errors,
        s5xx,
        started.elapsed().as_secs_f64(),
    ))
}

/// `n` drafts started in-process, each with the complete answers the
/// in-process loop submits for it.
async fn inprocess_drafts(
    db: &app::db::Db,
    code: &str,
    n: usize,
) -> Result<Arc<Vec<(String, String)>>, BoxError> {
    let mut rng = rand::rng();
    let mut work = Vec::with_capacity(n);
    for _ in 0..n {
        let resume = app::survey::service::start(db, code, "sv")
            .await
            .map_err(|e| format!("start: {e}"))?;
        work.push((resume, full_answers(&mut rng)));
    }
    Ok(Arc::new(work))
}

/// The same submissions with no HTTP: the service call the server's handler
/// makes (decode, then the group-committed transaction that reads, merges,
/// checks and writes each draft), from `clients` concurrent tasks; the drafts
/// numbered `jobs`.
async fn submit_inprocess(
    db: &app::db::Db,
    work: Arc<Vec<(String, String)>>,
    jobs: std::ops::Range<usize>,
    clients: usize,
) -> Result<Raw, BoxError> {
    let db = db.clone();
    drive(clients, Some(jobs), None, move |_, i| {
        let (db, work) = (db.clone(), work.clone());
        async move {
            let (resume, answers) = &work[i];
            Ok(
                match app::survey::service::submit(&db, resume, answers, "sv").await {
                    Ok(()) => 200,
                    Err(e) => e.status(),
                },
            )
        }
    })
    .await
}

// ---------------------------------------------------------------- run

async fn count(db: &app::db::Db, sql: &str) -> Result<i64, BoxError> {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(db.pool()).await?;
    Ok(n)
}

async fn run(a: RunArgs) -> Result<(), BoxError> {
    let mut r = Results {
        label: a.label.clone(),
        cores: std::thread::available_parallelism().map_or(0, |n| n.get()),
        clients: a.clients,
        close_responses: a.close_responses,
        ..Results::default()
    };
    let db = app::db::Db::connect(
        &a.database_url,
        &app::db::PoolConfig {
            max_connections: a.db_connections,
            ..app::db::PoolConfig::default()
        },
    )
    .await?;
    r.orgs = count(&db, "SELECT COUNT(*) FROM organisations").await?;
    r.closed_campaigns =
        count(&db, "SELECT COUNT(*) FROM campaigns WHERE state = 'closed'").await?;
    r.responses_before = count(&db, "SELECT COUNT(*) FROM responses").await?;
    eprintln!(
        "[{}] {} organisations, {} closed campaigns, {} responses",
        a.label, r.orgs, r.closed_campaigns, r.responses_before
    );

    let mut server = Server::start(&a).await?;
    let base = server.base.clone();

    // A fresh organisation with two open campaigns (submission run, close run).
    let admin = client()?;
    let tag: u32 = rand::rng().random();
    let email = format!("bench-{tag:08x}@example.org");
    let sent = call(
        &admin,
        &base,
        "/api/auth/sign_up",
        &[
            ("org_name", &format!("Bench kommun {tag:08x}")),
            ("country", "SE"),
            ("kind", "municipality"),
            ("population", "23 500"),
            ("ambition", "frontrunner"),
            ("display_name", "Bench admin"),
            ("email", &email),
            ("password", "bench-lantern-harbour-river"),
            ("language", "en"),
        ],
    )
    .await?;
    if sent != serde_json::json!(true) {
        return Err(format!("sign-up: the server delivers no mail ({sent})").into());
    }
    let token = sign_up_token(&server.mail_dir, &email).await?;
    let org = call(
        &admin,
        &base,
        "/api/auth/sign_up_confirm",
        &[("token", &token)],
    )
    .await?
    .as_i64()
    .ok_or("sign-up confirmation returned no org id")?
    .to_string();
    let load_campaign = open_campaign(&admin, &base, &org, "Bench load").await?;
    let close_campaign = open_campaign(&admin, &base, &org, "Bench close").await?;
    let inproc_campaign = open_campaign(&admin, &base, &org, "Bench in-process").await?;

    // Page times on a quiet server: a leader of a demo organisation.
    let creds: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&server.creds)?)?;
    let leader = creds
        .iter()
        .find(|c| c["role"] == "leader")
        .ok_or("no demo leader account")?;
    let lc = client()?;
    call(
        &lc,
        &base,
        "/api/auth/sign_in",
        &[
            ("email", leader["email"].as_str().unwrap_or("")),
            ("password", leader["password"].as_str().unwrap_or("")),
        ],
    )
    .await?;
    let leader_org = count(&db, "SELECT MIN(id) FROM organisations").await?;
    eprintln!(
        "[{}] page times (sequential, {} samples)",
        a.label, a.samples
    );
    r.static_handler = sequential(&lc, &format!("{base}/healthz"), a.samples).await?;
    r.dashboard = sequential(
        &lc,
        &format!("{base}/orgs/{leader_org}/dashboard"),
        a.samples,
    )
    .await?;
    r.benchmark = sequential(
        &lc,
        &format!("{base}/orgs/{leader_org}/benchmark"),
        a.samples,
    )
    .await?;

    eprintln!(
        "[{}] survey first page, {} clients, {} s",
        a.label, a.clients, a.page_secs
    );
    r.first_page = get_pages(
        &base,
        &format!("/s/{}", load_campaign.code),
        a.clients,
        a.page_secs,
    )
    .await?;

    eprintln!(
        "[{}] {} submissions, {} clients",
        a.label, a.submissions, a.clients
    );
    let (resumes, start_load) =
        start_drafts(&base, &load_campaign.code, a.submissions, a.clients).await?;
    r.survey_start = start_load;
    let bodies = submit_bodies(resumes)?;
    let work = inprocess_drafts(&db, &inproc_campaign.code, a.submissions).await?;
    // Rounds alternate HTTP and in-process, so that a slow spell of the disk
    // (whose flush time sets the in-process limit) hits both alike.
    let rounds = a.rounds.clamp(1, bodies.len().max(1));
    let pool = h1::pool(&base, a.clients)?;
    let server_pid = server.child.id().to_string();
    let (mut http, mut inproc) = (Raw::default(), Raw::default());
    let (mut client_cpu, mut server_cpu) = (0.0, 0.0);
    let chunk = |n: usize, k: usize| n * k / rounds..n * (k + 1) / rounds;
    for k in 0..rounds {
        eprintln!(
            "[{}] round {} of {rounds}: HTTP, in-process",
            a.label,
            k + 1
        );
        let cpu0 = (cpu_secs("self"), cpu_secs(&server_pid));
        let h = submit_http(&pool, bodies.clone(), chunk(bodies.len(), k)).await?;
        let cpu1 = (cpu_secs("self"), cpu_secs(&server_pid));
        client_cpu += cpu1.0 - cpu0.0;
        server_cpu += cpu1.1 - cpu0.1;
        let i = submit_inprocess(&db, work.clone(), chunk(work.len(), k), a.clients).await?;
        r.submit_round_ratios.push(h.per_sec() / i.per_sec());
        http.add(h);
        inproc.add(i);
    }
    r.submit_http = http.load();
    r.submit_inprocess = inproc.load();
    let per_us = |d: f64| d * 1e6 / r.submit_http.ok.max(1) as f64;
    r.submit_client_cpu_us = per_us(client_cpu);
    r.submit_server_cpu_us = per_us(server_cpu);
    r.peak_rss_mb = server.peak_rss_mb();

    eprintln!("[{}] close of {} responses", a.label, a.close_responses);
    let (resumes, _) =
        start_drafts(&base, &close_campaign.code, a.close_responses, a.clients).await?;
    let bodies = submit_bodies(resumes)?;
    let filled = submit_http(
        &h1::pool(&base, a.clients)?,
        bodies.clone(),
        0..bodies.len(),
    )
    .await?
    .load();
    if filled.ok != a.close_responses {
        return Err(format!(
            "only {} of {} responses submitted",
            filled.ok, a.close_responses
        )
        .into());
    }
    let t0 = Instant::now();
    call(
        &admin,
        &base,
        "/api/campaigns/transition",
        &[
            ("org_id", &org),
            ("campaign_id", &close_campaign.id),
            ("to", "closed"),
        ],
    )
    .await?;
    r.close_ms = t0.elapsed().as_secs_f64() * 1e3;
    server.stop()?;
    db.close().await;

    eprintln!("[{}] reaggregate", a.label);
    let t0 = Instant::now();
    let out = Command::new(&a.server)
        .arg("reaggregate")
        .env("DATABASE_URL", &a.database_url)
        .env("RUST_LOG", "warn")
        .stderr(Stdio::inherit())
        .output()?;
    r.reaggregate_secs = t0.elapsed().as_secs_f64();
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!("reaggregate failed: {text}").into());
    }
    // "Recomputed N campaigns (R responses, A answers) in S s (X answers/s)."
    let nums: Vec<f64> = text
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter_map(|s| s.trim_end_matches('.').parse().ok())
        .collect();
    if nums.len() >= 4 {
        r.reaggregate_campaigns = nums[0] as i64;
        r.reaggregate_answers = nums[2] as i64;
        r.reaggregate_secs = nums[3];
    }
    std::fs::write(&a.out, serde_json::to_string_pretty(&r)?)?;
    eprintln!("[{}] done: {}", a.label, a.out.display());
    Ok(())
}

// ---------------------------------------------------------------- table

fn table(a: &TableArgs) -> Result<(), BoxError> {
    let runs: Vec<Results> = a
        .files
        .iter()
        .map(|f| Ok(serde_json::from_str(&std::fs::read_to_string(f)?)?))
        .collect::<Result<_, BoxError>>()?;
    if runs.is_empty() && a.pkg_dir.is_none() {
        return Err("no result files (and no --pkg-dir)".into());
    }
    print_runs(&runs);
    // With no result files, only the wasm sizes (`table --pkg-dir target/site/pkg`).
    if let Some(dir) = &a.pkg_dir {
        print_wasm(&wasm::measure(dir)?);
    }
    Ok(())
}

/// The Markdown table of the measured runs, one column per run.
fn print_runs(runs: &[Results]) {
    let Some(first) = runs.first() else {
        return;
    };
    println!(
        "Machine: {} cores; {} organisations, {} closed campaigns, {} responses in the demo database; {} concurrent clients.\n",
        first.cores, first.orgs, first.closed_campaigns, first.responses_before, first.clients
    );
    let mut rows: Vec<(String, Vec<String>, String)> = Vec::new();
    let mut row = |name: &str, f: &dyn Fn(&Results) -> String, budget: &str| {
        rows.push((
            name.to_owned(),
            runs.iter().map(f).collect(),
            budget.to_owned(),
        ));
    };
    let n0 = |x: f64| format!("{x:.0}");
    let n1 = |x: f64| format!("{x:.1}");
    row(
        "Survey submissions/s (HTTP)",
        &|r| n0(r.submit_http.per_sec),
        "≥ 1,000",
    );
    row(
        "  submission p50 / p99 ms",
        &|r| {
            format!(
                "{} / {}",
                n1(r.submit_http.p50_ms),
                n1(r.submit_http.p99_ms)
            )
        },
        "p99 < 50",
    );
    row(
        "  submission errors (5xx)",
        &|r| format!("{} ({})", r.submit_http.errors, r.submit_http.status_5xx),
        "0",
    );
    row(
        "Same writes in-process, per s",
        &|r| n0(r.submit_inprocess.per_sec),
        "",
    );
    row(
        "  HTTP / in-process",
        &|r| format!("{:.2}", r.submit_http.per_sec / r.submit_inprocess.per_sec),
        "≥ 0.7",
    );
    row(
        "    per round (min / median / max)",
        &|r| {
            let mut v = r.submit_round_ratios.clone();
            v.sort_by(f64::total_cmp);
            let n = v.len();
            match (
                v.first(),
                v.get(n.saturating_sub(1) / 2),
                v.get(n / 2),
                v.last(),
            ) {
                (Some(lo), Some(m1), Some(m2), Some(hi)) => {
                    format!("{lo:.2} / {:.2} / {hi:.2}", (m1 + m2) / 2.0)
                }
                _ => "—".into(),
            }
        },
        "",
    );
    row(
        "  CPU µs per submission, server / load client",
        &|r| {
            format!(
                "{} / {}",
                n0(r.submit_server_cpu_us),
                n0(r.submit_client_cpu_us)
            )
        },
        "",
    );
    row(
        "Survey start (new draft)/s (HTTP)",
        &|r| n0(r.survey_start.per_sec),
        "",
    );
    row(
        "Survey first page, pages/s",
        &|r| n0(r.first_page.per_sec),
        "≥ 1,000",
    );
    row(
        "  first page p50 / p99 ms",
        &|r| format!("{} / {}", n1(r.first_page.p50_ms), n1(r.first_page.p99_ms)),
        "p99 < 100",
    );
    row(
        "Dashboard p50 / p95 ms",
        &|r| format!("{} / {}", n1(r.dashboard.p50_ms), n1(r.dashboard.p95_ms)),
        "",
    );
    row(
        "Benchmark page p50 / p95 ms",
        &|r| format!("{} / {}", n1(r.benchmark.p50_ms), n1(r.benchmark.p95_ms)),
        "p95 < 50",
    );
    row(
        "Static handler p50 / p95 ms",
        &|r| {
            format!(
                "{:.2} / {:.2}",
                r.static_handler.p50_ms, r.static_handler.p95_ms
            )
        },
        "",
    );
    row(
        "  dashboard / static (p50)",
        &|r| n0(r.dashboard.p50_ms / r.static_handler.p50_ms),
        "",
    );
    row(
        "  benchmark / static (p50)",
        &|r| n0(r.benchmark.p50_ms / r.static_handler.p50_ms),
        "",
    );
    row(
        "Close of a campaign, ms",
        &|r| format!("{} ({} responses)", n0(r.close_ms), r.close_responses),
        "< 1,000",
    );
    row(
        "Reaggregate, answers/s",
        &|r| {
            format!(
                "{} ({} answers, {:.1} s)",
                n0(r.reaggregate_answers as f64 / r.reaggregate_secs.max(1e-9)),
                r.reaggregate_answers,
                r.reaggregate_secs
            )
        },
        "≥ 2,000,000",
    );
    row("Server peak RSS, MB", &|r| n0(r.peak_rss_mb), "< 200");
    let mut header = String::from("| Measurement |");
    let mut sep = String::from("|---|");
    for r in runs {
        header.push_str(&format!(" {} |", r.label));
        sep.push_str("---|");
    }
    header.push_str(" Budget |");
    sep.push_str("---|");
    println!("{header}\n{sep}");
    for (name, vals, budget) in rows {
        println!("| {name} | {} | {budget} |", vals.join(" | "));
    }
}

fn print_wasm(w: &wasm::WasmSizes) {
    let kb = |b: u64| format!("{:.0}", b as f64 / 1000.0);
    println!();
    println!(
        "Hydrate wasm ({} files, {} kB raw, {} kB gzip -9 in all; each file compressed on its own):",
        w.files,
        kb(w.all.raw),
        kb(w.all.gzip)
    );
    println!();
    println!("| Download | modules | raw kB | gzip -9 kB | Budget |");
    println!("|---|---|---|---|---|");
    println!(
        "| Main module (every page) | 1 | {} | {} | ≤ 350 |",
        kb(w.main.raw),
        kb(w.main.gzip)
    );
    let mut pages: Vec<_> = w.pages.iter().collect();
    pages.sort_by_key(|(_, (size, _))| size.gzip);
    for (name, (size, modules)) in pages {
        println!(
            "| Page `{name}`: main + its modules | {modules} | {} | {} | |",
            kb(size.raw),
            kb(size.gzip)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 0.50), 50.0);
        assert_eq!(percentile(&v, 0.95), 95.0);
        assert_eq!(percentile(&v, 0.99), 99.0);
        assert_eq!(percentile(&[7.0], 0.99), 7.0);
        assert!(percentile(&[], 0.5).is_nan());
    }

    #[test]
    fn summary_counts_and_rates() {
        let s = summarise(vec![3.0, 1.0, 2.0, 4.0], 1, 1, 2.0);
        assert_eq!(s.ok, 4);
        assert_eq!(s.per_sec, 2.0);
        assert_eq!(s.p50_ms, 2.0);
        assert_eq!(s.p99_ms, 4.0);
        assert_eq!(s.status_5xx, 1);
    }
}
