//! Crash durability on SQLite: `kill -9` under submission load, restart on the
//! same file, several times; then every acknowledged submission is stored
//! exactly once and complete, and the file passes `PRAGMA integrity_check`.

use crate::harness::*;
use rand::Rng;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CLIENTS: usize = 16;
const KILLS: usize = 4;

#[derive(Default)]
struct RoundStats {
    acked: usize,
    /// Outcome of each failed attempt ("start: HTTP 503", "submit: transport", …).
    failures: BTreeMap<String, usize>,
}

fn failure_kind(step: &str, r: &Reply) -> String {
    match r.status() {
        Some(s) => format!("{step}: HTTP {s}"),
        None => format!("{step}: transport error"),
    }
}

fn spawn_load(base: String, code: String, ledger: SharedLedger, round: usize) -> Load<RoundStats> {
    let stop = Arc::new(AtomicBool::new(false));
    let stats = Arc::new(Mutex::new(RoundStats::default()));
    let q = Arc::new(standard_questionnaire());
    let tasks = (0..CLIENTS)
        .map(|id| {
            let (base, code, ledger, stop, stats, q) = (
                base.clone(),
                code.clone(),
                ledger.clone(),
                stop.clone(),
                stats.clone(),
                q.clone(),
            );
            tokio::spawn(async move {
                let c = client();
                let mut seq = 0;
                while !stop.load(Ordering::SeqCst) {
                    seq += 1;
                    let marker = format!("crash-r{round}-c{id}-n{seq}");
                    let outcome = submit_one(&c, &base, &code, &q, &marker, &ledger).await;
                    // The server is down (killed): back off a little.
                    let down = matches!(
                        outcome,
                        Submission::StartFailed(Reply::Transport(_))
                            | Submission::SubmitFailed(Reply::Transport(_))
                    );
                    {
                        let mut s = stats.lock().expect("stats");
                        match outcome {
                            Submission::Acked => s.acked += 1,
                            Submission::StartFailed(r) => {
                                *s.failures.entry(failure_kind("start", &r)).or_default() += 1;
                            }
                            Submission::SubmitFailed(r) => {
                                *s.failures.entry(failure_kind("submit", &r)).or_default() += 1;
                            }
                        }
                    }
                    if down {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                }
            })
        })
        .collect();
    Load { stop, stats, tasks }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_under_load_loses_no_acknowledged_submission() {
    let t0 = Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let db_path = dir.path().join("crash.db");
    let url = format!("sqlite://{}", db_path.display());
    let log = dir.path().join("server.log");
    let ledger = SharedLedger::default();

    let mut server = Server::spawn(&url, &log, &[]);
    server.wait_ready(Duration::from_secs(60)).await;
    let admin = client();
    let campaign = open_campaign(&server, &admin, "admin@crash.example").await;
    println!("[crash {}] server up, campaign open", secs(t0));

    let mut rng = rand::rng();
    let mut total_failures: BTreeMap<String, usize> = BTreeMap::new();
    for round in 0..=KILLS {
        if round > 0 {
            let started = Instant::now();
            server = Server::spawn(&url, &log, &[]);
            server.wait_ready(Duration::from_secs(60)).await;
            println!(
                "[crash {}] restarted on the same file, ready after {:.2} s",
                secs(t0),
                started.elapsed().as_secs_f64()
            );
        }
        let load = spawn_load(
            server.base(),
            campaign.shared_code.clone(),
            ledger.clone(),
            round,
        );
        let stats = if round < KILLS {
            let after = Duration::from_millis(rng.random_range(1000..=3000));
            tokio::time::sleep(after).await;
            let status = server.kill9().await;
            let stats = load.stop(Duration::from_secs(60)).await;
            {
                use std::os::unix::process::ExitStatusExt;
                assert_eq!(status.signal(), Some(9), "killed by SIGKILL: {status}");
            }
            println!(
                "[crash {}] round {round}: kill -9 after {:.1} s of load; {} acknowledged; failures {:?}",
                secs(t0),
                after.as_secs_f64(),
                stats.acked,
                stats.failures
            );
            stats
        } else {
            // After the last crash the server takes submissions as before.
            tokio::time::sleep(Duration::from_millis(1500)).await;
            let stats = load.stop(Duration::from_secs(60)).await;
            println!(
                "[crash {}] final round: {} acknowledged; failures {:?}",
                secs(t0),
                stats.acked,
                stats.failures
            );
            assert!(
                stats.acked > 0,
                "the restarted server acknowledged no submission"
            );
            server.signal("TERM");
            let status = server.wait_exit(Duration::from_secs(30)).await;
            assert!(status.success(), "clean exit after SIGTERM: {status}");
            stats
        };
        for (k, n) in stats.failures {
            *total_failures.entry(k).or_default() += n;
        }
    }

    let integrity = sqlite_integrity(&db_path).await;
    assert_eq!(integrity, vec!["ok".to_owned()], "PRAGMA integrity_check");
    let ledger = std::mem::take(&mut *ledger.lock().expect("ledger"));
    let audit = audit_responses(&url, campaign.campaign_id, &ledger).await;
    println!(
        "[crash {}] {KILLS} kills: {} submissions sent, {} acknowledged (all stored once, complete); \
         {} unacknowledged but stored complete, {} unacknowledged and absent; \
         {} submitted rows, {} drafts (no answers); integrity_check ok; failures seen by clients {:?}",
        secs(t0),
        ledger.attempted.len(),
        audit.acked,
        audit.unacked_stored,
        audit.unacked_absent,
        audit.submitted_rows,
        audit.draft_rows,
        total_failures
    );
    assert!(audit.acked > 0, "no submission was acknowledged at all");
    assert_eq!(
        audit.submitted_rows,
        audit.acked + audit.unacked_stored,
        "submitted rows are exactly the acknowledged ones plus unacknowledged complete ones"
    );
    let internal: Vec<_> = total_failures
        .keys()
        .filter(|k| k.ends_with("HTTP 500"))
        .collect();
    assert!(internal.is_empty(), "internal errors: {internal:?}");
    let log_text = server.log_text();
    let errors = log_lines(&log_text, "ERROR");
    assert!(
        errors.is_empty(),
        "ERROR lines in the server log:\n{}",
        errors.join("\n")
    );
}
