//! Several app servers on one PostgreSQL (issue 28): two `server` processes
//! on one private cluster, started at the same moment on the empty database,
//! behave as one application. A session made on one is valid on the other
//! and a sign-out on either ends it on both; failed sign-ins and shared-link
//! starts spread over both are all counted; a campaign closed on one is seen
//! closed, with its results and in the peer benchmark, on the other at once;
//! with both mailers running every mail is delivered exactly once; submissions
//! spread over both are stored exactly once; and after `kill -9` of one under
//! load the other keeps serving, no acknowledged submission is lost and every
//! interrupted one completes on the survivor exactly once.

use crate::harness::*;
use rand::Rng;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Settings every server of the deployment shares (docs/deployment.md).
/// The test's clients on loopback play the reverse proxy.
const ENV: [(&str, &str); 4] = [
    ("SPINDEL_MIN_GROUP_SIZE", "3"),
    ("SPINDEL_MIN_PEER_ORGS", "3"),
    ("SPINDEL_PUBLIC_URL", "http://spindel.test"),
    ("SPINDEL_TRUSTED_PROXIES", "127.0.0.1"),
];
/// Responses per peer campaign: k, so that each is shown.
const K: usize = 3;
/// E-mail invitations queued at once for both mailers.
const INVITATIONS: usize = 200;
/// Concurrent survey clients in the load phases.
const CLIENTS: usize = 12;
/// Length of the load spread over both servers.
const SPREAD_LOAD: Duration = Duration::from_secs(8);
/// How long the survivor carries the load after the other is killed.
const AFTER_KILL: Duration = Duration::from_secs(3);

const NAMES: [&str; 2] = ["A", "B"];

// ---- database checks -------------------------------------------------------

async fn connect(url: &str) -> sqlx::AnyConnection {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    sqlx::AnyConnection::connect(url)
        .await
        .expect("open the database for checks")
}

async fn count(conn: &mut sqlx::AnyConnection, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql)
        .fetch_one(&mut *conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    n
}

/// Keys and failure counts of the throttle rows whose key starts `kind:`.
async fn throttle_rows(conn: &mut sqlx::AnyConnection, kind: &str) -> BTreeMap<String, i64> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT key, failures FROM login_throttle WHERE key LIKE $1")
            .bind(format!("{kind}:%"))
            .fetch_all(&mut *conn)
            .await
            .expect("read login_throttle");
    rows.into_iter().collect()
}

/// The one row of `after` that is not in `before`.
fn new_row(before: &BTreeMap<String, i64>, after: &BTreeMap<String, i64>, what: &str) -> i64 {
    let new: Vec<i64> = after
        .iter()
        .filter(|(k, _)| !before.contains_key(*k))
        .map(|(_, n)| *n)
        .collect();
    assert_eq!(
        new.len(),
        1,
        "{what}: expected one new throttle row, got {new:?}"
    );
    new[0]
}

// ---- HTTP helpers ----------------------------------------------------------

async fn sign_in(c: &reqwest::Client, base: &str, email: &str, password: &str) -> Reply {
    post(
        c,
        &format!("{base}/api/auth/sign_in"),
        &[("email", email), ("password", password)],
    )
    .await
}

async fn whoami(c: &reqwest::Client, base: &str) -> Value {
    let r = post(c, &format!("{base}/api/auth/whoami"), &[]).await;
    assert!(r.is_ok(), "whoami on {base}: {r}");
    r.json()
}

async fn campaigns(c: &reqwest::Client, base: &str, org: i64) -> Reply {
    post(
        c,
        &format!("{base}/api/campaigns/list"),
        &[("org_id", &org.to_string())],
    )
    .await
}

/// The state of campaign `id` as `base` lists it.
async fn state_on(c: &reqwest::Client, base: &str, org: i64, id: i64) -> String {
    let r = campaigns(c, base, org).await;
    assert!(r.is_ok(), "list campaigns on {base}: {r}");
    r.json()
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["id"].as_i64() == Some(id)))
        .and_then(|c| c["state"].as_str())
        .unwrap_or_else(|| panic!("campaign {id} not listed on {base}: {r}"))
        .to_owned()
}

async fn close(c: &reqwest::Client, base: &str, org: i64, campaign: i64) {
    let r = post(
        c,
        &format!("{base}/api/campaigns/transition"),
        &[
            ("org_id", &org.to_string()),
            ("campaign_id", &campaign.to_string()),
            ("to", "closed"),
        ],
    )
    .await;
    assert!(r.is_ok(), "close campaign {campaign} on {base}: {r}");
}

async fn start(c: &reqwest::Client, base: &str, code: &str) -> Reply {
    post(
        c,
        &format!("{base}/api/survey/start"),
        &[("code", code), ("language", "sv")],
    )
    .await
}

async fn submit(c: &reqwest::Client, base: &str, resume: &str, answers: &str) -> Reply {
    post(
        c,
        &format!("{base}/api/survey/submit"),
        &[("resume", resume), ("answers", answers), ("language", "sv")],
    )
    .await
}

async fn results(c: &reqwest::Client, base: &str, org: i64, campaign: i64) -> Value {
    let r = post(
        c,
        &format!("{base}/api/results/campaign"),
        &[
            ("org_id", &org.to_string()),
            ("campaign_id", &campaign.to_string()),
        ],
    )
    .await;
    assert!(r.is_ok(), "campaign results on {base}: {r}");
    r.json()
}

async fn dashboard(c: &reqwest::Client, base: &str, org: i64) -> Value {
    let r = post(
        c,
        &format!("{base}/api/results/dashboard"),
        &[("org_id", &org.to_string()), ("lang", "sv")],
    )
    .await;
    assert!(r.is_ok(), "dashboard on {base}: {r}");
    r.json()
}

async fn benchmark(c: &reqwest::Client, base: &str, org: i64) -> Value {
    let year = server::current_year().to_string();
    let r = post(
        c,
        &format!("{base}/api/results/benchmark"),
        &[
            ("org_id", &org.to_string()),
            ("year", &year),
            ("country", ""),
            ("kind", ""),
            ("size_band", ""),
            ("lang", "sv"),
        ],
    )
    .await;
    assert!(r.is_ok(), "benchmark on {base}: {r}");
    r.json()
}

fn has_self(bench: &Value) -> bool {
    bench["entries"]
        .as_array()
        .is_some_and(|es| es.iter().any(|e| e["is_self"] == json!(true)))
}

/// `.eml` files by outbox id, with the directories each was found in.
fn delivered(dirs: &[PathBuf]) -> BTreeMap<i64, Vec<String>> {
    let mut out: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (i, dir) in dirs.iter().enumerate() {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(id) = name.strip_suffix(".eml") {
                let id: i64 = id
                    .parse()
                    .unwrap_or_else(|_| panic!("unexpected mail file {name}"));
                out.entry(id).or_default().push(NAMES[i].to_owned());
            }
        }
    }
    out
}

// ---- survey load over both servers ----------------------------------------

#[derive(Default, Debug)]
struct LoadStats {
    /// Submissions acknowledged by each server.
    acked_by: [usize; 2],
    /// Starts acknowledged (on either server).
    starts_ok: usize,
    /// Failed attempts: "A submit: transport error", "B start: HTTP 503", ….
    failures: BTreeMap<String, usize>,
    /// Failed attempts per server.
    failed_on: [usize; 2],
    /// Submissions given up on (a refusal, or no server answered).
    abandoned: Vec<String>,
}

/// POST to one server, and on a transport error or a 5xx to the other, in
/// turn (up to 8 attempts): what a client behind a failing-over proxy sees.
/// The index of the server that answered 200, and its reply.
async fn on_either(
    c: &reqwest::Client,
    bases: &[String; 2],
    first: usize,
    step: &str,
    form: &[(&str, &str)],
    stats: &Mutex<LoadStats>,
) -> Result<(usize, Reply), Reply> {
    let mut last = None;
    for attempt in 0..8 {
        let i = (first + attempt) % 2;
        let r = post(c, &format!("{}/api/survey/{step}", bases[i]), form).await;
        if r.is_ok() {
            return Ok((i, r));
        }
        {
            let mut s = stats.lock().expect("stats");
            let kind = match r.status() {
                Some(code) => format!("{} {step}: HTTP {code}", NAMES[i]),
                None => format!("{} {step}: transport error", NAMES[i]),
            };
            *s.failures.entry(kind).or_default() += 1;
            s.failed_on[i] += 1;
        }
        if r.status().is_some_and(|s| s < 500) {
            // A refusal, not an outage: another server would say the same.
            return Err(r);
        }
        last = Some(r);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(last.unwrap_or(Reply::Transport("no attempt".into())))
}

/// `CLIENTS` respondents until stopped: each starts on one server and submits
/// on the other (alternating), failing over to the other server on an error.
fn spawn_load(
    bases: [String; 2],
    code: String,
    ledger: SharedLedger,
    round: &str,
) -> Load<LoadStats> {
    let stop = Arc::new(AtomicBool::new(false));
    let stats: Arc<Mutex<LoadStats>> = Arc::default();
    let q = Arc::new(standard_questionnaire());
    let bases = Arc::new(bases);
    let tasks = (0..CLIENTS)
        .map(|id| {
            let (bases, code, ledger, stop, stats, q, round) = (
                bases.clone(),
                code.clone(),
                ledger.clone(),
                stop.clone(),
                stats.clone(),
                q.clone(),
                round.to_owned(),
            );
            tokio::spawn(async move {
                let c = client();
                let mut seq = 0;
                while !stop.load(Ordering::SeqCst) {
                    seq += 1;
                    let marker = format!("multi-{round}-c{id}-n{seq}");
                    let first = (id + seq) % 2;
                    let form = [("code", code.as_str()), ("language", "sv")];
                    let resume = match on_either(&c, &bases, first, "start", &form, &stats).await {
                        Ok((_, r)) => match r.json().as_str() {
                            Some(resume) => resume.to_owned(),
                            None => panic!("start answered 200 without a resume code: {r}"),
                        },
                        Err(r) => {
                            let mut s = stats.lock().expect("stats");
                            s.abandoned.push(format!("{marker} start: {r}"));
                            continue;
                        }
                    };
                    stats.lock().expect("stats").starts_ok += 1;
                    let answers = answers_json(&q, &marker);
                    ledger
                        .lock()
                        .expect("ledger")
                        .attempted
                        .insert(marker.clone());
                    let form = [
                        ("resume", resume.as_str()),
                        ("answers", answers.as_str()),
                        ("language", "sv"),
                    ];
                    // Submitted on the other server than the start.
                    match on_either(&c, &bases, 1 - first, "submit", &form, &stats).await {
                        Ok((i, _)) => {
                            ledger.lock().expect("ledger").acked.insert(marker);
                            stats.lock().expect("stats").acked_by[i] += 1;
                        }
                        Err(r) => {
                            let mut s = stats.lock().expect("stats");
                            s.abandoned.push(format!("{marker} submit: {r}"));
                        }
                    }
                }
            })
        })
        .collect();
    Load { stop, stats, tasks }
}

/// `n` sign-ins of `email` with a wrong password, all at once, alternating
/// between the servers; their statuses in order (0: no HTTP answer).
async fn wrong_sign_ins(bases: &[String; 2], email: &'static str, n: usize) -> Vec<u16> {
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let base = bases[i % 2].clone();
            tokio::spawn(async move { sign_in(&client(), &base, email, "not-the-password").await })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.expect("task").status().unwrap_or(0));
    }
    statuses
}

// ---- the test ----------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_app_servers_on_one_postgres_act_as_one() {
    let t0 = Instant::now();
    assert!(
        postgres_bin_dir().is_some(),
        "PostgreSQL binaries not found in /usr/lib/postgresql/*/bin: install them with scripts/install.sh --test"
    );
    let (pg, url) = PgCluster::start_on(free_port_from(55600));
    println!("[multi {}] cluster up on port {}", secs(t0), pg.port);
    let dir = tempfile::tempdir().expect("temp dir");

    // Both servers start at the same moment on the empty database: the
    // migrations, the generated session secret and the standard
    // questionnaire are each set up once, whichever comes first.
    let mut a = Server::spawn(&url, &dir.path().join("server-a.log"), &ENV);
    let mut b = Server::spawn(&url, &dir.path().join("server-b.log"), &ENV);
    assert_ne!(a.port, b.port);
    tokio::join!(
        a.wait_ready(Duration::from_secs(90)),
        b.wait_ready(Duration::from_secs(90))
    );
    let (base_a, base_b) = (a.base(), b.base());
    let bases = [base_a.clone(), base_b.clone()];
    let mail_dirs = [a.mail_dir.clone(), b.mail_dir.clone()];
    let dirs: Vec<&Path> = mail_dirs.iter().map(PathBuf::as_path).collect();
    let mut db = connect(&url).await;
    assert_eq!(
        count(
            &mut db,
            "SELECT COUNT(*) FROM app_settings WHERE key = 'session_secret'"
        )
        .await,
        1
    );
    println!(
        "[multi {}] servers A ({}) and B ({}) ready on one database",
        secs(t0),
        a.port,
        b.port
    );

    // ---- setup: four organisations, three peers with closed campaigns ----
    let main_admin = client();
    let peer_admin = [client(), client(), client()];
    let peer_email = [
        "admin@peer1.example",
        "admin@peer2.example",
        "admin@peer3.example",
    ];
    let (main_org, p1, p2, p3) = tokio::join!(
        sign_up_org_in(&a, &main_admin, "admin@main.example", &dirs),
        sign_up_org_in(&b, &peer_admin[0], peer_email[0], &dirs),
        sign_up_org_in(&a, &peer_admin[1], peer_email[1], &dirs),
        sign_up_org_in(&b, &peer_admin[2], peer_email[2], &dirs),
    );
    let peers = [p1, p2, p3];
    let q = standard_questionnaire();
    let anon = client();
    for (i, org) in peers.iter().enumerate() {
        let (here, there) = (&bases[i % 2], &bases[(i + 1) % 2]);
        let c = open_campaign_for(here, &peer_admin[i], *org, &org.to_string()).await;
        let ledger = SharedLedger::default();
        for n in 0..K {
            let marker = format!("peer{i}-n{n}");
            let on = &bases[n % 2];
            let s = submit_one(&anon, on, &c.shared_code, &q, &marker, &ledger).await;
            assert!(matches!(s, Submission::Acked), "{marker}: {s:?}");
        }
        close(&peer_admin[i], there, *org, c.campaign_id).await;
    }
    let c1 = open_campaign_for(&base_a, &main_admin, main_org, &main_org.to_string()).await;
    let c1_ledger = SharedLedger::default();
    for n in 0..K {
        let marker = format!("main-n{n}");
        let on = &bases[n % 2];
        let s = submit_one(&anon, on, &c1.shared_code, &q, &marker, &c1_ledger).await;
        assert!(matches!(s, Submission::Acked), "{marker}: {s:?}");
    }
    // Started on B now, submitted on B after the close on A.
    let late = start(&anon, &base_b, &c1.shared_code).await;
    assert!(late.is_ok(), "start: {late}");
    let late = late.json().as_str().expect("resume").to_owned();
    // Property 4's mail: queued now, delivered while the other checks run.
    let emails: Vec<String> = (0..INVITATIONS)
        .map(|i| format!("person{i}@invited.example"))
        .collect();
    let r = post(
        &main_admin,
        &format!("{base_b}/api/campaigns/invite_emails"),
        &[
            ("org_id", &main_org.to_string()),
            ("campaign_id", &c1.campaign_id.to_string()),
            ("emails", &emails.join("\n")),
        ],
    )
    .await;
    assert!(r.is_ok(), "invite by e-mail: {r}");
    assert_eq!(r.json(), json!(INVITATIONS));
    println!(
        "[multi {}] four organisations signed up (links mailed by either server), three peers closed, \
         {INVITATIONS} invitations queued",
        secs(t0)
    );

    // ---- 1. sessions: made on one server, valid on both, ended on both ----
    let email = peer_email[2];
    let jar1 = Arc::new(reqwest::cookie::Jar::default());
    let s1 = reqwest::Client::builder()
        .cookie_provider(jar1.clone())
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let s2 = client();
    let r = sign_in(&s1, &base_a, email, PASSWORD).await;
    assert!(r.is_ok(), "sign-in on A: {r}");
    let r = sign_in(&s2, &base_b, email, PASSWORD).await;
    assert!(r.is_ok(), "sign-in on B: {r}");
    let cookie = {
        use reqwest::cookie::CookieStore;
        let url: reqwest::Url = base_a.parse().expect("url");
        jar1.cookies(&url)
            .and_then(|h| h.to_str().ok().map(str::to_owned))
            .filter(|h| h.contains("spindel_session="))
            .expect("a session cookie from A")
    };
    let bare = client_with_timeout(Duration::from_secs(30));
    let with_cookie = |base: &str, path: &str| {
        bare.post(format!("{base}{path}"))
            .header(reqwest::header::COOKIE, cookie.clone())
            .form(&[("org_id", p3.to_string())])
            .send()
    };
    for base in &bases {
        for (name, c) in [("made on A", &s1), ("made on B", &s2)] {
            assert_eq!(
                whoami(c, base).await["email"],
                json!(email),
                "session {name}, asked on {base}"
            );
            let r = campaigns(c, base, p3).await;
            assert!(r.is_ok(), "session {name}: campaigns on {base}: {r}");
        }
        // A's cookie, sent by hand to each server.
        let r = with_cookie(base, "/api/campaigns/list")
            .await
            .expect("request");
        assert_eq!(r.status().as_u16(), 200, "A's session cookie on {base}");
    }
    let r = post(&s1, &format!("{base_b}/api/auth/sign_out"), &[]).await;
    assert!(r.is_ok(), "sign-out on B: {r}");
    for base in &bases {
        for (name, c) in [("made on A", &s1), ("made on B", &s2)] {
            assert_eq!(
                whoami(c, base).await,
                Value::Null,
                "session {name} after the sign-out on B, asked on {base}"
            );
            let r = campaigns(c, base, p3).await;
            assert_eq!(
                r.status(),
                Some(401),
                "session {name} after the sign-out: campaigns on {base}: {r}"
            );
        }
        let r = with_cookie(base, "/api/campaigns/list")
            .await
            .expect("request");
        assert_eq!(
            r.status().as_u16(),
            401,
            "A's old session cookie on {base} after the sign-out on B"
        );
    }
    assert_eq!(
        count(
            &mut db,
            "SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE u.email = 'admin@peer3.example'"
        )
        .await,
        0,
        "the account's sessions are deleted"
    );
    println!(
        "[multi {}] 1. sessions made on A and on B are valid on both; a sign-out on B ended both on both",
        secs(t0)
    );

    // ---- 2. throttling counts failed sign-ins across servers ----
    let email = peer_email[1];
    assert_eq!(
        wrong_sign_ins(&bases, email, 5).await,
        vec![400; 5],
        "five concurrent wrong passwords over A and B"
    );
    // Five failures are within the allowance on one server; so on two.
    let r = sign_in(&client(), &base_b, email, PASSWORD).await;
    assert!(r.is_ok(), "right password after five failures: {r}");
    assert_eq!(
        wrong_sign_ins(&bases, email, 6).await,
        vec![400; 6],
        "six concurrent wrong passwords over A and B"
    );
    // The sixth failure locks the account, on both servers.
    for base in &bases {
        let r = sign_in(&client(), base, email, PASSWORD).await;
        assert_eq!(
            r.status(),
            Some(429),
            "right password after six failures spread over A and B, on {base}: {r}"
        );
    }
    let acct_before = throttle_rows(&mut db, "acct").await;
    assert_eq!(
        acct_before.values().copied().collect::<Vec<_>>(),
        vec![6],
        "one account row counting all six failures"
    );
    // Twelve at once for an unknown address: each refused attempt that was
    // checked (400) is counted, none lost; the rest found the lock (429).
    let ghost = wrong_sign_ins(&bases, "nobody@ghost.example", 12).await;
    let ghost_counted = ghost.iter().filter(|s| **s == 400).count() as i64;
    assert!(
        ghost.iter().all(|s| *s == 400 || *s == 429) && ghost_counted >= 6,
        "twelve concurrent sign-ins of an unknown address: {ghost:?}"
    );
    let acct_after = throttle_rows(&mut db, "acct").await;
    assert_eq!(
        new_row(&acct_before, &acct_after, "unknown address"),
        ghost_counted,
        "every failure answered 400 is counted: {ghost:?}"
    );
    for base in &bases {
        let r = sign_in(&client(), base, "nobody@ghost.example", "x").await;
        assert_eq!(r.status(), Some(429), "unknown address on {base}: {r}");
    }
    let addr = throttle_rows(&mut db, "addr").await;
    assert_eq!(
        addr.values().copied().collect::<Vec<_>>(),
        vec![5 + 6 + ghost_counted],
        "the client address's row counts every failure from it"
    );
    // Behind the proxy, failures count for the address it forwards, alike on
    // both servers; what the client wrote into X-Forwarded-For itself is not
    // believed.
    for (i, forwarded_for) in ["198.51.100.7", "203.0.113.9, 198.51.100.7", "198.51.100.7"]
        .iter()
        .enumerate()
    {
        let r = client()
            .post(format!("{}/api/auth/sign_in", bases[i % 2]))
            .header("x-forwarded-for", *forwarded_for)
            .form(&[
                ("email", "someone@forwarded.example"),
                ("password", "not-the-password"),
            ])
            .send()
            .await
            .expect("sign-in through the proxy");
        assert_eq!(r.status().as_u16(), 400, "forwarded for {forwarded_for}");
    }
    let addr_forwarded = throttle_rows(&mut db, "addr").await;
    assert_eq!(
        new_row(&addr, &addr_forwarded, "forwarded address"),
        3,
        "the forwarded client address counts its three failures"
    );
    assert!(
        addr.iter().all(|(k, n)| addr_forwarded.get(k) == Some(n)),
        "the proxy's own address counts none of them: {addr:?} → {addr_forwarded:?}"
    );
    println!(
        "[multi {}] 2. failed sign-ins over A and B: 5 allowed, the 6th locks on both; \
         12 concurrent for an unknown address {ghost:?}: {ghost_counted} counted of {ghost_counted}; \
         the address row counts all {}; behind the proxy (SPINDEL_TRUSTED_PROXIES) the forwarded \
         address is counted",
        secs(t0),
        5 + 6 + ghost_counted
    );

    // ---- 3. a campaign closed on A is seen closed on B at once ----
    let org = main_org;
    let dash_page = format!("{base_b}/orgs/{org}/dashboard");
    let before = benchmark(&main_admin, &base_b, org).await;
    assert_eq!(before["status"], json!("Available"), "{before}");
    assert_eq!(
        before["ranking_total"],
        json!(3),
        "three peers before: {before}"
    );
    assert!(
        !has_self(&before),
        "no own entry before the close: {before}"
    );
    assert_eq!(
        state_on(&main_admin, &base_b, org, c1.campaign_id).await,
        "open"
    );
    let r0 = results(&main_admin, &base_b, org, c1.campaign_id).await;
    assert_eq!(r0["availability"], json!("NotClosed"), "{r0}");
    assert!(dashboard(&main_admin, &base_b, org).await["latest"].is_null());
    let page = get(&main_admin, &dash_page).await;
    assert!(
        page.is_ok() && page.body().contains("id=\"no-results\""),
        "dashboard page on B before the close: {page}"
    );
    // B has read (and may keep) the peer table of the year; A closes.
    close(&main_admin, &base_a, org, c1.campaign_id).await;
    assert_eq!(
        state_on(&main_admin, &base_b, org, c1.campaign_id).await,
        "closed",
        "B lists the campaign closed right after the close on A"
    );
    let r1 = results(&main_admin, &base_b, org, c1.campaign_id).await;
    assert_eq!(r1["availability"], json!("Available"), "results on B: {r1}");
    assert_eq!(r1["n"], json!(K), "results on B: {r1}");
    let d = dashboard(&main_admin, &base_b, org).await;
    assert_eq!(
        d["latest"]["campaign_id"],
        json!(c1.campaign_id),
        "dashboard on B: {d}"
    );
    assert_eq!(d["latest"]["n"], json!(K), "dashboard on B: {d}");
    let page = get(&main_admin, &dash_page).await;
    assert!(
        page.is_ok()
            && page.body().contains("id=\"latest-n\"")
            && !page.body().contains("id=\"no-results\""),
        "dashboard page on B after the close on A: {page}"
    );
    let after = benchmark(&main_admin, &base_b, org).await;
    assert_eq!(
        after["ranking_total"],
        json!(4),
        "B's peer benchmark includes the campaign closed on A: {after}"
    );
    assert!(has_self(&after), "own entry on B after the close: {after}");
    let r = submit(&anon, &base_b, &late, &answers_json(&q, "main-late")).await;
    assert!(
        r.status() == Some(400) && r.body().contains("survey.closed"),
        "a submission on B after the close on A: {r}"
    );
    let r = start(&client(), &base_b, &c1.shared_code).await;
    assert!(!r.is_ok(), "a start on B after the close on A: {r}");
    let ledger = std::mem::take(&mut *c1_ledger.lock().expect("ledger"));
    let audit = audit_responses(&url, c1.campaign_id, &ledger).await;
    assert_eq!(audit.submitted_rows, K);
    println!(
        "[multi {}] 3. closed on A: B at once lists it closed, shows its results (n = {K}), the dashboard \
         (page and data) and its peer benchmark (4 organisations instead of 3), refuses its submissions",
        secs(t0)
    );

    // ---- 4. every mail delivered exactly once by two mailers ----
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let pending = count(&mut db, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").await;
        if pending == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{pending} mails still queued after 90 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let ids: BTreeSet<i64> = sqlx::query_as::<_, (i64,)>("SELECT id FROM outbox")
        .fetch_all(&mut db)
        .await
        .expect("outbox ids")
        .into_iter()
        .map(|r| r.0)
        .collect();
    let files = delivered(&mail_dirs);
    let twice: Vec<_> = files.iter().filter(|(_, d)| d.len() > 1).collect();
    assert!(
        twice.is_empty(),
        "mails delivered more than once: {twice:?}"
    );
    let file_ids: BTreeSet<i64> = files.keys().copied().collect();
    assert_eq!(
        file_ids, ids,
        "every queued mail is delivered, and nothing else"
    );
    assert_eq!(
        count(&mut db, "SELECT COUNT(*) FROM outbox WHERE attempts <> 1").await,
        0,
        "each mail was claimed once"
    );
    let sent_by: Vec<usize> = [&a, &b]
        .iter()
        .map(|s| {
            s.log_text()
                .lines()
                .filter(|l| l.contains("mail sent"))
                .count()
        })
        .collect();
    assert_eq!(
        sent_by.iter().sum::<usize>(),
        ids.len(),
        "mails sent per the logs of A and B: {sent_by:?}"
    );
    assert!(
        sent_by.iter().all(|n| *n > 0),
        "both mailers delivered part of the outbox: {sent_by:?}"
    );
    println!(
        "[multi {}] 4. {} mails ({} invitations, {} sign-up mails): each delivered exactly once, \
         {} by A and {} by B",
        secs(t0),
        ids.len(),
        INVITATIONS,
        ids.len() - INVITATIONS,
        sent_by[0],
        sent_by[1]
    );

    // ---- 5. submissions spread over both servers, stored exactly once ----
    let c2 = open_campaign_for(&base_b, &main_admin, org, &org.to_string()).await;
    let shared_before = throttle_rows(&mut db, "shared-start").await;
    let ledger = SharedLedger::default();
    let load = spawn_load(
        bases.clone(),
        c2.shared_code.clone(),
        ledger.clone(),
        "spread",
    );
    tokio::time::sleep(SPREAD_LOAD).await;
    let spread = load.stop(Duration::from_secs(300)).await; // each step: up to 8 attempts of 30 s
    println!(
        "[multi {}] 5. {CLIENTS} clients for {:?} (start on one server, submit on the other): \
         {} acknowledged by A, {} by B; failures {:?}",
        secs(t0),
        SPREAD_LOAD,
        spread.acked_by[0],
        spread.acked_by[1],
        spread.failures
    );
    assert!(
        spread.failures.is_empty() && spread.abandoned.is_empty(),
        "failures with both servers up: {:?}, {:?}",
        spread.failures,
        spread.abandoned
    );
    assert!(
        spread.acked_by.iter().all(|n| *n > 0),
        "both servers took submissions: {:?}",
        spread.acked_by
    );
    let snapshot = {
        let l = ledger.lock().expect("ledger");
        Ledger {
            attempted: l.attempted.clone(),
            acked: l.acked.clone(),
        }
    };
    assert_eq!(
        snapshot.attempted, snapshot.acked,
        "every submission was acknowledged"
    );
    let audit = audit_responses(&url, c2.campaign_id, &snapshot).await;
    assert_eq!(audit.submitted_rows, audit.acked);
    assert_eq!(audit.unacked_stored + audit.unacked_absent, 0);
    // The shared-link limit counted every start, whichever server took it.
    let shared_after = throttle_rows(&mut db, "shared-start").await;
    assert_eq!(
        new_row(&shared_before, &shared_after, "shared-link starts") as usize,
        spread.starts_ok,
        "the shared-link start counter over both servers"
    );
    println!(
        "[multi {}] 5. {} submissions stored exactly once and complete; the shared-link limit counted all {} starts",
        secs(t0),
        audit.acked,
        spread.starts_ok
    );

    // ---- 6. kill -9 of A under load: B carries on, nothing is lost ----
    let load = spawn_load(
        bases.clone(),
        c2.shared_code.clone(),
        ledger.clone(),
        "kill",
    );
    let after = Duration::from_millis(rand::rng().random_range(1000..=2500));
    tokio::time::sleep(after).await;
    let status = a.kill9().await;
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(9), "A killed by SIGKILL: {status}");
    }
    tokio::time::sleep(AFTER_KILL).await;
    let killed = load.stop(Duration::from_secs(300)).await; // each step: up to 8 attempts of 30 s
    println!(
        "[multi {}] 6. kill -9 of A after {:.1} s of load, then {:?} on B alone: {} acknowledged by A, \
         {} by B; failures {:?}",
        secs(t0),
        after.as_secs_f64(),
        AFTER_KILL,
        killed.acked_by[0],
        killed.acked_by[1],
        killed.failures
    );
    assert_eq!(
        killed.failed_on[1], 0,
        "the survivor B failed requests: {:?}",
        killed.failures
    );
    assert!(
        killed
            .failures
            .keys()
            .all(|k| k.ends_with("transport error")),
        "A's failures are its death only (no 5xx): {:?}",
        killed.failures
    );
    assert!(
        killed.abandoned.is_empty(),
        "submissions given up on: {:?}",
        killed.abandoned
    );
    assert!(
        killed.acked_by[1] > 0,
        "B acknowledged nothing after the kill"
    );
    let ledger = std::mem::take(&mut *ledger.lock().expect("ledger"));
    assert_eq!(
        ledger.attempted, ledger.acked,
        "every submission, also those cut off by the kill, was acknowledged (by B on retry)"
    );
    let audit = audit_responses(&url, c2.campaign_id, &ledger).await;
    assert_eq!(
        audit.submitted_rows, audit.acked,
        "submitted rows are exactly the acknowledged submissions"
    );
    // The session made on A (at sign-up) still works on B.
    assert_eq!(
        whoami(&main_admin, &base_b).await["email"],
        json!("admin@main.example")
    );
    let r = get(&client(), &b.url("/readyz")).await;
    assert!(r.is_ok(), "B ready after A's death: {r}");
    println!(
        "[multi {}] 6. {} submissions over both phases stored exactly once ({} drafts); \
         B still ready and the admin's session from A valid on B",
        secs(t0),
        audit.acked,
        audit.draft_rows
    );

    b.signal("TERM");
    let status = b.wait_exit(Duration::from_secs(30)).await;
    assert!(status.success(), "B's clean exit: {status}");
    let mut errors: HashMap<&str, Vec<String>> = HashMap::new();
    for (name, s) in [("A", &a), ("B", &b)] {
        let e = log_lines(&s.log_text(), "ERROR");
        if !e.is_empty() {
            errors.insert(name, e);
        }
    }
    assert!(
        errors.is_empty(),
        "ERROR lines in the server logs: {errors:?}"
    );
    drop(db);
    drop(pg);
}
