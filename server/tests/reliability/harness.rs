//! Shared pieces of the reliability tests: the server as a child process, HTTP
//! helpers, complete survey responses that carry a unique marker, and the
//! audit of stored responses against what the clients were told.
#![allow(dead_code)]

use app::domain::questionnaire::{self, Answer, ItemKind, Questionnaire};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::OpenOptions;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Ports other processes on the test machines use: never picked.
const RESERVED_PORTS: [u16; 5] = [3000, 3010, 55432, 55433, 55440];

/// The free-text item that carries each response's marker.
pub const MARKER_ITEM: &str = "ahead_anything_else";
/// Departments of every test campaign.
pub const DEPARTMENTS: [&str; 3] = ["Planering", "Socialtjänst", "IT"];
/// Password of the accounts the tests sign up.
pub const PASSWORD: &str = "lantern-harbour-river";

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// `SPINDEL_SERVER_BIN` (relative paths from the workspace root, as in the
/// documented command) or the binary cargo built for this test.
pub fn server_bin() -> PathBuf {
    let bin = match std::env::var_os("SPINDEL_SERVER_BIN") {
        Some(p) => {
            let p = PathBuf::from(p);
            if p.is_absolute() {
                p
            } else {
                workspace_root().join(p)
            }
        }
        None => PathBuf::from(env!("CARGO_BIN_EXE_server")),
    };
    assert!(
        bin.is_file(),
        "server binary {} not found (build it: cargo build --release -p server)",
        bin.display()
    );
    bin
}

pub fn free_port() -> u16 {
    loop {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        if !RESERVED_PORTS.contains(&port) {
            return port;
        }
    }
}

/// Elapsed time since the test started, for the log lines the tests print.
pub fn secs(since: Instant) -> String {
    format!("{:.1} s", since.elapsed().as_secs_f64())
}

// ---- the server process ----------------------------------------------------

/// One `server` process on a free loopback port; its stdout and stderr are
/// appended to `log`. Killed (SIGKILL) on drop if still running.
pub struct Server {
    child: Child,
    pub port: u16,
    /// Where the server delivers mail (`SPINDEL_MAIL_DIR`, next to the log):
    /// sign-up is confirmed by a mailed link.
    pub mail_dir: PathBuf,
    log: PathBuf,
    exit: Option<ExitStatus>,
}

impl Server {
    pub fn spawn(database_url: &str, log: &Path, env: &[(&str, &str)]) -> Server {
        let port = free_port();
        let out = OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .expect("open server log");
        let err = out.try_clone().expect("clone log handle");
        let root = workspace_root();
        let mail_dir = log
            .parent()
            .unwrap_or(Path::new("."))
            .join(format!("mail-{port}"));
        let mut cmd = Command::new(server_bin());
        cmd.current_dir(&root)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("DATABASE_URL", database_url)
            .env("SPINDEL_BIND", format!("127.0.0.1:{port}"))
            .env("LEPTOS_SITE_ROOT", root.join("target/site"))
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            // Load comes from one address through the shared code.
            .env("SPINDEL_SHARED_STARTS_PER_HOUR", "1000000")
            .env("SPINDEL_MAIL_DIR", &mail_dir)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("start the server binary");
        Server {
            child,
            port,
            mail_dir,
            log: log.to_path_buf(),
            exit: None,
        }
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base())
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Wait until `/readyz` answers 200; fails (with the log) if the process
    /// exits or the deadline passes.
    pub async fn wait_ready(&mut self, within: Duration) {
        let probe = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .expect("client");
        let deadline = Instant::now() + within;
        loop {
            if let Ok(r) = probe.get(self.url("/readyz")).send().await
                && r.status().as_u16() == 200
            {
                return;
            }
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                panic!(
                    "the server exited before it was ready ({status}); log:\n{}",
                    self.log_tail(60)
                );
            }
            assert!(
                Instant::now() < deadline,
                "the server was not ready within {within:?}; log:\n{}",
                self.log_tail(60)
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Send a signal by name (`TERM`, `KILL`, …) with kill(1).
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} failed");
    }

    /// SIGKILL, then reap the process.
    pub async fn kill9(&mut self) -> ExitStatus {
        self.signal("KILL");
        self.wait_exit(Duration::from_secs(10)).await
    }

    /// Wait (bounded) for the process to exit.
    pub async fn wait_exit(&mut self, within: Duration) -> ExitStatus {
        if let Some(s) = self.exit {
            return s;
        }
        let deadline = Instant::now() + within;
        loop {
            if let Some(s) = self.child.try_wait().expect("try_wait") {
                self.exit = Some(s);
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not exit within {within:?}; log:\n{}",
                self.log_tail(60)
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn log_text(&self) -> String {
        strip_ansi(&std::fs::read_to_string(&self.log).unwrap_or_default())
    }

    pub fn log_tail(&self, lines: usize) -> String {
        let text = self.log_text();
        let all: Vec<&str> = text.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.exit.is_none() && matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Log lines at the given level (`ERROR`, `WARN`) in tracing's default format.
pub fn log_lines(log: &str, level: &str) -> Vec<String> {
    let needle = format!(" {level} ");
    log.lines()
        .filter(|l| l.contains(&needle))
        .map(str::to_owned)
        .collect()
}

// ---- HTTP ------------------------------------------------------------------

/// A browser-like client with its own cookie jar; every request is bounded.
pub fn client() -> reqwest::Client {
    client_with_timeout(Duration::from_secs(30))
}

pub fn client_with_timeout(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .build()
        .expect("client")
}

/// What came back: an HTTP answer, or a transport failure (refused, reset,
/// timed out) described as text.
#[derive(Debug, Clone)]
pub enum Reply {
    Http { status: u16, body: String },
    Transport(String),
}

impl Reply {
    pub fn status(&self) -> Option<u16> {
        match self {
            Reply::Http { status, .. } => Some(*status),
            Reply::Transport(_) => None,
        }
    }

    pub fn is_ok(&self) -> bool {
        self.status() == Some(200)
    }

    pub fn body(&self) -> &str {
        match self {
            Reply::Http { body, .. } => body,
            Reply::Transport(e) => e,
        }
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(self.body())
            .unwrap_or_else(|_| serde_json::Value::String(self.body().to_owned()))
    }
}

impl std::fmt::Display for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reply::Http { status, body } => {
                let short: String = body.chars().take(300).collect();
                write!(f, "HTTP {status}: {short}")
            }
            Reply::Transport(e) => write!(f, "transport error: {e}"),
        }
    }
}

async fn finish(r: Result<reqwest::Response, reqwest::Error>) -> Reply {
    match r {
        Ok(r) => {
            let status = r.status().as_u16();
            match r.text().await {
                Ok(body) => Reply::Http { status, body },
                Err(e) => Reply::Transport(format!("reading the body after {status}: {e:?}")),
            }
        }
        Err(e) => Reply::Transport(format!("{e:?}")),
    }
}

/// POST a form to a server function.
pub async fn post(c: &reqwest::Client, url: &str, form: &[(&str, &str)]) -> Reply {
    finish(c.post(url).form(form).send().await).await
}

pub async fn get(c: &reqwest::Client, url: &str) -> Reply {
    finish(c.get(url).send().await).await
}

/// `application/x-www-form-urlencoded`, for requests written by hand.
pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        for (j, part) in [k, v].iter().enumerate() {
            if j == 1 {
                out.push('=');
            }
            for b in part.bytes() {
                match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                        out.push(b as char)
                    }
                    b' ' => out.push('+'),
                    _ => out.push_str(&format!("%{b:02X}")),
                }
            }
        }
    }
    out
}

// ---- organisation and campaign -------------------------------------------

pub struct Campaign {
    pub org_id: i64,
    pub campaign_id: i64,
    pub shared_code: String,
}

/// Sign up an organisation (its admin stays signed in on `admin`): the form,
/// then the link the server mails into `server.mail_dir` (polled for up to
/// 30 s), then the confirmation. The organisation's id.
pub async fn sign_up_org(server: &Server, admin: &reqwest::Client, email: &str) -> i64 {
    sign_up_org_in(server, admin, email, &[&server.mail_dir]).await
}

/// [`sign_up_org`] where the link may arrive in any of `mail_dirs` (several
/// servers on one database: whichever mailer claims it delivers it).
pub async fn sign_up_org_in(
    server: &Server,
    admin: &reqwest::Client,
    email: &str,
    mail_dirs: &[&Path],
) -> i64 {
    let base = server.base();
    let r = post(
        admin,
        &format!("{base}/api/auth/sign_up"),
        &[
            ("org_name", "Älvby kommun"),
            ("country", "SE"),
            ("kind", "municipality"),
            ("population", "23 500"),
            ("ambition", "frontrunner"),
            ("display_name", "Admin"),
            ("email", email),
            ("password", PASSWORD),
            ("language", "sv"),
        ],
    )
    .await;
    assert!(r.is_ok(), "sign-up: {r}");
    assert_eq!(
        r.json(),
        serde_json::json!(true),
        "mail delivery is configured"
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    let token = loop {
        if let Some(t) = mail_dirs.iter().find_map(|d| sign_up_token_in(d, email)) {
            break t;
        }
        assert!(
            Instant::now() < deadline,
            "no sign-up link for {email} in {mail_dirs:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let r = post(
        admin,
        &format!("{base}/api/auth/sign_up_confirm"),
        &[("token", &token)],
    )
    .await;
    assert!(r.is_ok(), "sign-up confirmation: {r}");
    r.json().as_i64().expect("org id")
}

/// The token of a sign-up link mailed to `email` into `dir`, if one arrived.
fn sign_up_token_in(dir: &Path, email: &str) -> Option<String> {
    const PATH: &str = "/sign-up/confirm/";
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "eml") {
            continue;
        }
        // Quoted-printable wraps long lines with a soft break ("=" at the end).
        let eml = std::fs::read_to_string(&path)
            .ok()?
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
                return Some(token);
            }
        }
    }
    None
}

/// Sign up an organisation (its admin stays signed in on `admin`), create a
/// campaign of the standard questionnaire and open it.
pub async fn open_campaign(server: &Server, admin: &reqwest::Client, email: &str) -> Campaign {
    let base = server.base();
    let org_id = sign_up_org(server, admin, email).await;
    let org = org_id.to_string();
    open_campaign_for(&base, admin, org_id, &org).await
}

/// Create and open a campaign in an organisation `admin` administers.
pub async fn open_campaign_for(
    base: &str,
    admin: &reqwest::Client,
    org_id: i64,
    org: &str,
) -> Campaign {
    let r = post(admin, &format!("{base}/api/campaigns/versions"), &[]).await;
    assert!(r.is_ok(), "versions: {r}");
    let versions = r.json();
    let version = versions
        .as_array()
        .and_then(|vs| vs.iter().find(|v| v["version"] == "v1"))
        .and_then(|v| v["id"].as_i64())
        .unwrap_or_else(|| panic!("no v1 among {versions}"))
        .to_string();
    let year = server::current_year().to_string();
    let departments = DEPARTMENTS.join("\n");
    let r = post(
        admin,
        &format!("{base}/api/campaigns/create"),
        &[
            ("org_id", org),
            ("year", &year),
            ("name", "Tillförlitlighet"),
            ("version_id", &version),
            ("departments", &departments),
        ],
    )
    .await;
    assert!(r.is_ok(), "create campaign: {r}");
    let campaign_id = r.json().as_i64().expect("campaign id");
    let campaign = campaign_id.to_string();
    let r = post(
        admin,
        &format!("{base}/api/campaigns/transition"),
        &[("org_id", org), ("campaign_id", &campaign), ("to", "open")],
    )
    .await;
    assert!(r.is_ok(), "open campaign: {r}");
    let r = post(
        admin,
        &format!("{base}/api/campaigns/list"),
        &[("org_id", org)],
    )
    .await;
    assert!(r.is_ok(), "list campaigns: {r}");
    let shared_code = r
        .json()
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["id"].as_i64() == Some(campaign_id)))
        .and_then(|c| c["shared_code"].as_str())
        .expect("shared code")
        .to_owned();
    Campaign {
        org_id,
        campaign_id,
        shared_code,
    }
}

// ---- responses with a marker ----------------------------------------------

pub fn standard_questionnaire() -> Questionnaire {
    questionnaire::parse(app::survey::service::STANDARD_V1).expect("the shipped v1 parses")
}

fn mix(seed: u64, i: u64) -> u64 {
    // splitmix64
    let mut z = seed.wrapping_add(i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn seed_of(marker: &str) -> u64 {
    marker.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The complete answer set a response with this marker carries: every item
/// answered, values derived from the marker (so each response differs and the
/// stored row can be checked item by item), the marker in [`MARKER_ITEM`].
pub fn answers_for(q: &Questionnaire, marker: &str) -> BTreeMap<String, Answer> {
    let seed = seed_of(marker);
    let mut out = BTreeMap::new();
    for (i, item) in q.items().enumerate() {
        let r = mix(seed, i as u64);
        let a = match &item.kind {
            ItemKind::Scale { min, max, .. } => {
                let span = (max - min + 1) as u64;
                Answer::Number((min + (r % span) as i64) as f64)
            }
            ItemKind::SingleChoice { options } => {
                Answer::Text(options[(r % options.len() as u64) as usize].id.clone())
            }
            ItemKind::MultipleChoice { options } => {
                let first = (r % options.len() as u64) as usize;
                let n = 1 + ((r >> 16) % 3) as usize;
                let mut picked: Vec<String> = (0..n.min(options.len()))
                    .map(|k| options[(first + k) % options.len()].id.clone())
                    .collect();
                picked.dedup();
                Answer::Many(picked)
            }
            ItemKind::Department => {
                Answer::Text(DEPARTMENTS[(r % DEPARTMENTS.len() as u64) as usize].to_owned())
            }
            ItemKind::FreeText { .. } if item.id == MARKER_ITEM => Answer::Text(marker.to_owned()),
            ItemKind::FreeText { .. } => {
                Answer::Text(format!("Svar {} – samverkan, åäö ✓ ({r:x})", i + 1))
            }
        };
        out.insert(item.id.clone(), a);
    }
    assert!(
        out.contains_key(MARKER_ITEM),
        "v1 has the free-text item {MARKER_ITEM}"
    );
    out
}

pub fn answers_json(q: &Questionnaire, marker: &str) -> String {
    serde_json::to_string(&answers_for(q, marker)).expect("answers json")
}

/// The profile columns the submit writes for an answer set.
pub fn profile_of(
    q: &Questionnaire,
    answers: &BTreeMap<String, Answer>,
    field: &str,
) -> Option<String> {
    q.items()
        .find(|i| i.profile.as_deref() == Some(field))
        .and_then(|i| answers.get(&i.id))
        .and_then(|a| match a {
            Answer::Text(t) => Some(t.clone()),
            _ => None,
        })
}

/// Which markers the clients sent a submit for, and which of those the
/// server acknowledged (HTTP 200).
#[derive(Default, Debug)]
pub struct Ledger {
    pub attempted: HashSet<String>,
    pub acked: HashSet<String>,
}

pub type SharedLedger = Arc<Mutex<Ledger>>;

/// How one start + submit went.
#[derive(Debug)]
pub enum Submission {
    Acked,
    /// `start` failed: nothing was submitted.
    StartFailed(Reply),
    /// `submit` was sent but not acknowledged.
    SubmitFailed(Reply),
}

/// Start a response with the shared code and submit the complete answer set
/// for `marker`, recording it in the ledger.
pub async fn submit_one(
    c: &reqwest::Client,
    base: &str,
    code: &str,
    q: &Questionnaire,
    marker: &str,
    ledger: &SharedLedger,
) -> Submission {
    let r = post(
        c,
        &format!("{base}/api/survey/start"),
        &[("code", code), ("language", "sv")],
    )
    .await;
    if !r.is_ok() {
        return Submission::StartFailed(r);
    }
    let Some(resume) = r.json().as_str().map(str::to_owned) else {
        return Submission::StartFailed(r);
    };
    let answers = answers_json(q, marker);
    ledger
        .lock()
        .expect("ledger")
        .attempted
        .insert(marker.to_owned());
    let r = post(
        c,
        &format!("{base}/api/survey/submit"),
        &[
            ("resume", &resume),
            ("answers", &answers),
            ("language", "sv"),
        ],
    )
    .await;
    if r.is_ok() {
        ledger
            .lock()
            .expect("ledger")
            .acked
            .insert(marker.to_owned());
        Submission::Acked
    } else {
        Submission::SubmitFailed(r)
    }
}

// ---- auditing the stored responses ---------------------------------------

#[derive(Debug, Default)]
pub struct Audit {
    pub submitted_rows: usize,
    pub draft_rows: usize,
    pub acked: usize,
    /// Sent, not acknowledged, but committed (the answer was lost).
    pub unacked_stored: usize,
    /// Sent, not acknowledged, and not stored.
    pub unacked_absent: usize,
}

type ResponseRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Read every response of the campaign straight from the database and check
/// them against the ledger: every acknowledged marker is stored exactly once
/// as a submitted response; every submitted row carries the complete answer
/// set and the profile columns its marker implies (nothing half-written, no
/// response the clients never sent); drafts hold no answers; unacknowledged
/// submissions are either complete or absent.
pub async fn audit_responses(database_url: &str, campaign_id: i64, ledger: &Ledger) -> Audit {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(database_url)
        .await
        .expect("open the database for the audit");
    let rows: Vec<ResponseRow> = sqlx::query_as(
        "SELECT id, status, language, answers, role_group, department, tenure_band, submitted_on
         FROM responses WHERE campaign_id = $1",
    )
    .bind(campaign_id)
    .fetch_all(&mut conn)
    .await
    .expect("read responses");
    conn.close().await.ok();

    let q = standard_questionnaire();
    let mut audit = Audit::default();
    let mut seen: HashMap<String, String> = HashMap::new();
    for (id, status, language, answers, role_group, department, tenure_band, submitted_on) in rows {
        match status.as_str() {
            "draft" => {
                audit.draft_rows += 1;
                assert_eq!(answers, "{}", "draft {id} holds answers: {answers}");
                assert!(
                    role_group.is_none() && department.is_none() && tenure_band.is_none(),
                    "draft {id} has profile columns"
                );
                assert!(submitted_on.is_none(), "draft {id} has a submission date");
            }
            "submitted" => {
                audit.submitted_rows += 1;
                let stored: BTreeMap<String, Answer> = serde_json::from_str(&answers)
                    .unwrap_or_else(|e| {
                        panic!("response {id}: answers do not parse ({e}): {answers}")
                    });
                let marker = match stored.get(MARKER_ITEM) {
                    Some(Answer::Text(m)) => m.clone(),
                    other => panic!("response {id}: no marker ({other:?}) in {answers}"),
                };
                assert!(
                    ledger.attempted.contains(&marker),
                    "response {id} carries marker {marker} that no client submitted"
                );
                if let Some(other) = seen.insert(marker.clone(), id.clone()) {
                    panic!("marker {marker} is stored twice: responses {other} and {id}");
                }
                let expected = answers_for(&q, &marker);
                assert_eq!(
                    stored, expected,
                    "response {id} ({marker}): the stored answer set is not the one submitted"
                );
                assert_eq!(language, "sv", "response {id}: language");
                assert_eq!(
                    role_group,
                    profile_of(&q, &expected, "role_group"),
                    "response {id}: role_group"
                );
                assert_eq!(
                    department,
                    profile_of(&q, &expected, "department"),
                    "response {id}: department"
                );
                assert_eq!(
                    tenure_band,
                    profile_of(&q, &expected, "tenure_band"),
                    "response {id}: tenure_band"
                );
                let date = submitted_on
                    .unwrap_or_else(|| panic!("response {id} is submitted without a date"));
                assert_eq!(date.len(), 10, "response {id}: submitted_on {date}");
            }
            other => panic!("response {id} has status {other}"),
        }
    }
    let mut missing: Vec<&String> = ledger
        .acked
        .iter()
        .filter(|m| !seen.contains_key(*m))
        .collect();
    missing.sort();
    assert!(
        missing.is_empty(),
        "{} acknowledged submissions are not stored, e.g. {:?}",
        missing.len(),
        &missing[..missing.len().min(10)]
    );
    audit.acked = ledger.acked.len();
    for m in &ledger.attempted {
        if !ledger.acked.contains(m) {
            if seen.contains_key(m) {
                audit.unacked_stored += 1;
            } else {
                audit.unacked_absent += 1;
            }
        }
    }
    audit
}

/// `PRAGMA integrity_check` of a SQLite file (the server must be stopped).
pub async fn sqlite_integrity(path: &Path) -> Vec<String> {
    use sqlx::Connection;
    let url = format!("sqlite://{}", path.display());
    let mut conn = sqlx::SqliteConnection::connect(&url)
        .await
        .expect("open the SQLite file");
    let rows: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await
        .expect("integrity_check");
    conn.close().await.ok();
    rows.into_iter().map(|r| r.0).collect()
}

/// Percentile (0–100) of sorted durations, in milliseconds.
pub fn percentile_ms(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[idx.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

// ---- a private PostgreSQL cluster -------------------------------------------

/// The newest installed PostgreSQL's `bin` directory, if any.
pub fn postgres_bin_dir() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|b| b.join("pg_ctl").is_file())
        .collect();
    dirs.sort();
    dirs.pop()
}

/// The first loopback port from `from` upwards that is free now.
pub fn free_port_from(from: u16) -> u16 {
    (from..u16::MAX)
        .find(|p| !RESERVED_PORTS.contains(p) && TcpListener::bind(("127.0.0.1", *p)).is_ok())
        .expect("a free port")
}

/// A throw-away cluster through scripts/pg.sh; stopped on drop.
pub struct PgCluster {
    dir: PathBuf,
    pub port: u16,
    _tmp: tempfile::TempDir,
}

fn pg_sh(args: &[&str]) -> String {
    let out = Command::new("bash")
        .arg(workspace_root().join("scripts/pg.sh"))
        .args(args)
        .output()
        .expect("run scripts/pg.sh");
    assert!(
        out.status.success(),
        "scripts/pg.sh {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

impl PgCluster {
    /// A new cluster on a free port; its admin URL.
    pub fn start() -> (PgCluster, String) {
        PgCluster::start_on(free_port())
    }

    /// A new cluster on `port`; its admin URL.
    pub fn start_on(port: u16) -> (PgCluster, String) {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::Builder::new()
            .prefix("spindel-reliability-pg-")
            .tempdir()
            .expect("temp dir");
        // The cluster runs as the postgres user: it must reach its directory.
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755))
            .expect("chmod");
        let dir = tmp.path().join("pg");
        let url = pg_sh(&["start", &dir.to_string_lossy(), &port.to_string()]);
        let url = url.lines().last().unwrap_or_default().to_owned();
        assert!(url.starts_with("postgres://"), "pg.sh printed {url}");
        (
            PgCluster {
                dir,
                port,
                _tmp: tmp,
            },
            url,
        )
    }

    pub fn stop(&self) {
        pg_sh(&["stop", &self.dir.to_string_lossy()]);
    }

    pub fn resume(&self) {
        pg_sh(&[
            "resume",
            &self.dir.to_string_lossy(),
            &self.port.to_string(),
        ]);
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(workspace_root().join("scripts/pg.sh"))
            .args(["stop", &self.dir.to_string_lossy()])
            .output();
    }
}

/// Client tasks that run until stopped, sharing their statistics `S`.
pub struct Load<S> {
    pub stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    pub stats: std::sync::Arc<std::sync::Mutex<S>>,
    pub tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl<S> Load<S> {
    /// Tell the clients to stop, wait up to `within` for each (their requests
    /// are bounded by the client timeout), and take the statistics.
    pub async fn stop(self, within: Duration) -> S {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        for t in self.tasks {
            tokio::time::timeout(within, t)
                .await
                .expect("a load task did not stop")
                .expect("a load task panicked");
        }
        std::sync::Arc::try_unwrap(self.stats)
            .unwrap_or_else(|_| panic!("stats still shared"))
            .into_inner()
            .expect("stats")
    }
}
