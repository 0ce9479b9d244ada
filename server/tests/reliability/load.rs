//! Mixed load on the release server (SQLite, demo data): 64 clients for 60 s,
//! about 70 % survey submissions, 20 % dashboard views by signed-in leaders,
//! 10 % sign-ins. Zero 5xx, zero transport errors, no ERROR in the server log.
//! The summary (requests per kind, p50 / p99) is printed, not judged.

use crate::harness::*;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CLIENTS: usize = 64;
const RUN: Duration = Duration::from_secs(60);

#[derive(Default)]
struct Stats {
    latencies: BTreeMap<&'static str, Vec<Duration>>,
    /// Everything that was not a 200 (kind, status or transport error, detail).
    problems: Vec<String>,
    server_errors: usize,
    transport_errors: usize,
    other_statuses: usize,
}

fn note(stats: &Mutex<Stats>, kind: &'static str, took: Duration, r: &Reply, content_ok: bool) {
    let mut s = stats.lock().expect("stats");
    s.latencies.entry(kind).or_default().push(took);
    match r.status() {
        Some(200) if content_ok => {}
        Some(200) => {
            s.other_statuses += 1;
            s.problems
                .push(format!("{kind}: 200 with unexpected content: {r}"));
        }
        Some(code) if code >= 500 => {
            s.server_errors += 1;
            s.problems.push(format!("{kind}: {r}"));
        }
        Some(_) => {
            s.other_statuses += 1;
            s.problems.push(format!("{kind}: {r}"));
        }
        None => {
            s.transport_errors += 1;
            s.problems.push(format!("{kind}: {r}"));
        }
    }
}

struct Account {
    email: String,
    password: String,
}

async fn sign_in(c: &reqwest::Client, base: &str, a: &Account) -> Reply {
    post(
        c,
        &format!("{base}/api/auth/sign_in"),
        &[("email", &a.email), ("password", &a.password)],
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn mixed_load_of_64_clients_for_60_s_has_no_server_errors() {
    let t0 = Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let db_path = dir.path().join("load.db");
    let url = format!("sqlite://{}", db_path.display());
    let log = dir.path().join("server.log");
    let creds = dir.path().join("demo-accounts.json");
    let creds_str = creds.to_string_lossy().into_owned();
    let mut server = Server::spawn(
        &url,
        &log,
        &[
            ("SPINDEL_DEMO", "true"),
            ("SPINDEL_DEMO_ORGS", "12"),
            ("SPINDEL_DEMO_YEARS", "2"),
            ("SPINDEL_DEMO_CREDENTIALS", &creds_str),
        ],
    );
    server.wait_ready(Duration::from_secs(180)).await;
    let base = server.base();
    println!(
        "[load {}] demo server ready (12 organisations, 2 years)",
        secs(t0)
    );

    let accounts: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&creds).expect("demo credentials"))
            .expect("credentials json");
    let account = |role: &str| -> Account {
        let a = accounts
            .as_array()
            .and_then(|v| v.iter().find(|a| a["role"] == role))
            .unwrap_or_else(|| panic!("no {role} among the demo accounts"));
        Account {
            email: a["email"].as_str().expect("email").to_owned(),
            password: a["password"].as_str().expect("password").to_owned(),
        }
    };
    let leader = Arc::new(account("leader"));
    let org_admin = Arc::new(account("org_admin"));

    let admin = client();
    let r = sign_in(&admin, &base, &org_admin).await;
    assert!(r.is_ok(), "admin sign-in: {r}");
    let org_id = r.json()["memberships"][0]["org_id"]
        .as_i64()
        .expect("the admin's organisation");
    let campaign = open_campaign_for(&base, &admin, org_id, &org_id.to_string()).await;
    let check = client();
    let r = sign_in(&check, &base, &leader).await;
    assert!(r.is_ok(), "leader sign-in: {r}");
    let r = post(
        &check,
        &format!("{base}/api/results/dashboard"),
        &[("org_id", &org_id.to_string()), ("lang", "sv")],
    )
    .await;
    assert!(
        r.is_ok() && r.json()["latest"].is_object(),
        "the leader's dashboard has results: {r}"
    );

    let stats: Arc<Mutex<Stats>> = Arc::default();
    let ledger = SharedLedger::default();
    let q = Arc::new(standard_questionnaire());
    let deadline = Instant::now() + RUN;
    let load_started = Instant::now();
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|id| {
            let (base, code, stats, ledger, q, leader, org_admin) = (
                base.clone(),
                campaign.shared_code.clone(),
                stats.clone(),
                ledger.clone(),
                q.clone(),
                leader.clone(),
                org_admin.clone(),
            );
            tokio::spawn(async move {
                let mut rng = rand::rngs::StdRng::seed_from_u64(id as u64);
                let c = client();
                let t = Instant::now();
                let r = sign_in(&c, &base, &leader).await;
                note(&stats, "sign_in", t.elapsed(), &r, true);
                let dashboard_page = format!("{base}/orgs/{org_id}/dashboard");
                let org = org_id.to_string();
                let mut seq = 0;
                while Instant::now() < deadline {
                    let roll = rng.random_range(0..100);
                    if roll < 70 {
                        seq += 1;
                        let marker = format!("load-c{id}-n{seq}");
                        let t = Instant::now();
                        let r = post(
                            &c,
                            &format!("{base}/api/survey/start"),
                            &[("code", &code), ("language", "sv")],
                        )
                        .await;
                        note(&stats, "survey/start", t.elapsed(), &r, true);
                        let Some(resume) =
                            r.json().as_str().filter(|_| r.is_ok()).map(str::to_owned)
                        else {
                            continue;
                        };
                        let answers = answers_json(&q, &marker);
                        ledger
                            .lock()
                            .expect("ledger")
                            .attempted
                            .insert(marker.clone());
                        let t = Instant::now();
                        let r = post(
                            &c,
                            &format!("{base}/api/survey/submit"),
                            &[
                                ("resume", &resume),
                                ("answers", &answers),
                                ("language", "sv"),
                            ],
                        )
                        .await;
                        note(&stats, "survey/submit", t.elapsed(), &r, true);
                        if r.is_ok() {
                            ledger.lock().expect("ledger").acked.insert(marker);
                        }
                    } else if roll < 90 {
                        let t = Instant::now();
                        let r = get(&c, &dashboard_page).await;
                        let content = r.body().contains("id=\"dashboard-title\"")
                            && !r.body().contains("id=\"results-error\"");
                        note(&stats, "dashboard page", t.elapsed(), &r, content);
                        let t = Instant::now();
                        let r = post(
                            &c,
                            &format!("{base}/api/results/dashboard"),
                            &[("org_id", &org), ("lang", "sv")],
                        )
                        .await;
                        let content = r.json()["org_id"].as_i64() == Some(org_id);
                        note(&stats, "dashboard api", t.elapsed(), &r, content);
                    } else {
                        // Alternate between the leader and the org admin; both
                        // may see the dashboard afterwards.
                        let who = if rng.random_bool(0.5) {
                            &leader
                        } else {
                            &org_admin
                        };
                        let t = Instant::now();
                        let r = sign_in(&c, &base, who).await;
                        note(&stats, "sign_in", t.elapsed(), &r, true);
                    }
                }
            })
        })
        .collect();
    for t in tasks {
        // Each request is bounded by the client timeout (30 s).
        tokio::time::timeout(RUN + Duration::from_secs(90), t)
            .await
            .expect("a client did not finish")
            .expect("a client panicked");
    }
    let wall = load_started.elapsed();

    server.signal("TERM");
    let status = server.wait_exit(Duration::from_secs(30)).await;
    assert!(status.success(), "clean exit: {status}");

    let stats = Arc::try_unwrap(stats)
        .unwrap_or_else(|_| panic!("stats still shared"))
        .into_inner()
        .expect("stats");
    let total: usize = stats.latencies.values().map(Vec::len).sum();
    println!(
        "[load {}] {CLIENTS} clients for {:.1} s: {total} requests ({:.0}/s)",
        secs(t0),
        wall.as_secs_f64(),
        total as f64 / wall.as_secs_f64()
    );
    println!(
        "    {:<16} {:>8} {:>10} {:>10} {:>10}",
        "kind", "requests", "p50 ms", "p99 ms", "max ms"
    );
    for (kind, lat) in &stats.latencies {
        let mut lat = lat.clone();
        lat.sort();
        println!(
            "    {:<16} {:>8} {:>10.1} {:>10.1} {:>10.1}",
            kind,
            lat.len(),
            percentile_ms(&lat, 50.0),
            percentile_ms(&lat, 99.0),
            percentile_ms(&lat, 100.0)
        );
    }
    let log_text = server.log_text();
    let errors = log_lines(&log_text, "ERROR");
    let warns = log_lines(&log_text, "WARN");
    let mut warn_kinds: BTreeMap<String, usize> = BTreeMap::new();
    for w in &warns {
        // "… WARN target: message key=value" → "target: message"
        let msg = w.split(" WARN ").nth(1).unwrap_or(w);
        let msg: String = msg
            .split(" error")
            .next()
            .unwrap_or(msg)
            .chars()
            .take(120)
            .collect();
        *warn_kinds.entry(msg).or_default() += 1;
    }
    println!(
        "[load {}] server log: {} ERROR, {} WARN lines {:?}",
        secs(t0),
        errors.len(),
        warns.len(),
        warn_kinds
    );
    for w in warns.iter().take(5) {
        let short: String = w.chars().take(400).collect();
        println!("    {short}");
    }
    let examples = stats.problems.iter().take(10).cloned().collect::<Vec<_>>();
    assert_eq!(
        stats.server_errors,
        0,
        "5xx answers under load, e.g.:\n{}",
        examples.join("\n")
    );
    assert_eq!(
        stats.transport_errors,
        0,
        "transport errors under load, e.g.:\n{}",
        examples.join("\n")
    );
    assert_eq!(
        stats.other_statuses,
        0,
        "unexpected answers under load, e.g.:\n{}",
        examples.join("\n")
    );
    assert!(
        errors.is_empty(),
        "ERROR lines in the server log:\n{}",
        errors.join("\n")
    );
    let ledger = std::mem::take(&mut *ledger.lock().expect("ledger"));
    let audit = audit_responses(&url, campaign.campaign_id, &ledger).await;
    assert_eq!(audit.unacked_stored + audit.unacked_absent, 0);
    println!(
        "[load {}] {} submissions acknowledged, all stored once and complete",
        secs(t0),
        audit.acked
    );
}
