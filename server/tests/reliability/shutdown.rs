//! Graceful shutdown under load: SIGTERM while 16 clients submit. Requests in
//! flight at the signal finish with 200 (not a reset), the process exits 0,
//! and every acknowledged submission is stored.

use crate::harness::*;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CLIENTS: usize = 16;
/// Submissions written by hand and held half-sent across the signal.
const HELD: usize = 8;
/// A load request sent at least this long before the signal was surely on
/// the wire when the signal came (loopback): it must finish.
const ON_THE_WIRE: Duration = Duration::from_millis(250);

struct Req {
    step: &'static str,
    sent: Instant,
    done: Instant,
    status: Option<u16>,
    detail: String,
}

fn record(log: &Mutex<Vec<Req>>, step: &'static str, sent: Instant, r: &Reply) {
    log.lock().expect("requests").push(Req {
        step,
        sent,
        done: Instant::now(),
        status: r.status(),
        detail: r.to_string(),
    });
}

/// One submit request written by hand: headers and half of the body now,
/// the rest when `go` fires; the raw response comes back.
fn held_submit(
    port: u16,
    body: String,
    ready: tokio::sync::oneshot::Sender<()>,
    go: tokio::sync::oneshot::Receiver<()>,
) -> Result<String, String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("connect: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .map_err(|e| e.to_string())?;
    let (first, rest) = body.split_at(body.len() / 2);
    write!(
        s,
        "POST /api/survey/submit HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{first}",
        body.len()
    )
    .map_err(|e| format!("headers: {e}"))?;
    let _ = ready.send(());
    go.blocking_recv().map_err(|e| format!("go: {e}"))?;
    s.write_all(rest.as_bytes())
        .map_err(|e| format!("rest of the body: {e}"))?;
    let mut response = String::new();
    s.read_to_string(&mut response)
        .map_err(|e| format!("response: {e} (so far {response:?})"))?;
    Ok(response)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_under_load_finishes_in_flight_submissions() {
    let t0 = Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let db_path = dir.path().join("shutdown.db");
    let url = format!("sqlite://{}", db_path.display());
    let log = dir.path().join("server.log");
    let ledger = SharedLedger::default();
    let q = Arc::new(standard_questionnaire());

    let mut server = Server::spawn(&url, &log, &[]);
    server.wait_ready(Duration::from_secs(60)).await;
    let base = server.base();
    let admin = client();
    let campaign = open_campaign(&server, &admin, "admin@shutdown.example").await;

    // The held submissions: started now, their submit half-sent just before
    // the signal.
    let mut held_bodies = Vec::new();
    for i in 0..HELD {
        let marker = format!("shutdown-held-{i}");
        let r = post(
            &client(),
            &format!("{base}/api/survey/start"),
            &[("code", &campaign.shared_code), ("language", "sv")],
        )
        .await;
        assert!(r.is_ok(), "start: {r}");
        let resume = r.json().as_str().expect("resume").to_owned();
        let body = form_encode(&[
            ("resume", &resume),
            ("answers", &answers_json(&q, &marker)),
            ("language", "sv"),
        ]);
        held_bodies.push((marker, body));
    }

    // The load.
    let stop = Arc::new(AtomicBool::new(false));
    let requests: Arc<Mutex<Vec<Req>>> = Arc::default();
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|id| {
            let (base, code, ledger, stop, requests, q) = (
                base.clone(),
                campaign.shared_code.clone(),
                ledger.clone(),
                stop.clone(),
                requests.clone(),
                q.clone(),
            );
            tokio::spawn(async move {
                let c = client();
                let mut seq = 0;
                while !stop.load(Ordering::SeqCst) {
                    seq += 1;
                    let marker = format!("shutdown-c{id}-n{seq}");
                    let sent = Instant::now();
                    let r = post(
                        &c,
                        &format!("{base}/api/survey/start"),
                        &[("code", &code), ("language", "sv")],
                    )
                    .await;
                    record(&requests, "start", sent, &r);
                    let resume = match (r.is_ok(), r.json().as_str()) {
                        (true, Some(resume)) => resume.to_owned(),
                        _ => {
                            tokio::time::sleep(Duration::from_millis(20)).await;
                            continue;
                        }
                    };
                    let answers = answers_json(&q, &marker);
                    ledger
                        .lock()
                        .expect("ledger")
                        .attempted
                        .insert(marker.clone());
                    let sent = Instant::now();
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
                    record(&requests, "submit", sent, &r);
                    if r.is_ok() {
                        ledger.lock().expect("ledger").acked.insert(marker);
                    } else {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                }
            })
        })
        .collect();

    tokio::time::sleep(Duration::from_millis(1500)).await;

    let mut held = Vec::new();
    for (marker, body) in held_bodies {
        let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
        let (go_tx, go_rx) = tokio::sync::oneshot::channel();
        let port = server.port;
        let handle = tokio::task::spawn_blocking(move || held_submit(port, body, ready_tx, go_rx));
        tokio::time::timeout(Duration::from_secs(10), ready_rx)
            .await
            .expect("held request not written within 10 s")
            .expect("held request thread failed before writing");
        ledger
            .lock()
            .expect("ledger")
            .attempted
            .insert(marker.clone());
        held.push((marker, go_tx, handle));
    }
    // Let the server read the held requests' headers.
    tokio::time::sleep(Duration::from_millis(200)).await;

    let signal_at = Instant::now();
    server.signal("TERM");
    println!("[shutdown {}] SIGTERM under load", secs(t0));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut held_results = Vec::new();
    for (marker, go, handle) in held {
        let _ = go.send(());
        held_results.push((marker, handle));
    }
    // Keep the clients trying for a moment after the signal (those requests
    // may be refused: the listener is closed).
    tokio::time::sleep(Duration::from_millis(700)).await;
    stop.store(true, Ordering::SeqCst);

    let status = server.wait_exit(Duration::from_secs(30)).await;
    let exit_after = signal_at.elapsed();
    for t in tasks {
        tokio::time::timeout(Duration::from_secs(60), t)
            .await
            .expect("a load task did not stop")
            .expect("a load task panicked");
    }
    let mut held_ok = 0;
    for (marker, handle) in held_results {
        let response = tokio::time::timeout(Duration::from_secs(60), handle)
            .await
            .expect("held request did not finish")
            .expect("held request thread panicked")
            .unwrap_or_else(|e| panic!("held submission {marker} got no response: {e}"));
        assert!(
            response.starts_with("HTTP/1.1 200"),
            "held submission {marker} was in flight at SIGTERM and must finish with 200: {response}"
        );
        ledger.lock().expect("ledger").acked.insert(marker);
        held_ok += 1;
    }
    assert!(
        status.success(),
        "exit status 0 after SIGTERM: {status}; log:\n{}",
        server.log_tail(40)
    );

    // The load requests around the signal.
    let requests = std::mem::take(&mut *requests.lock().expect("requests"));
    let cutoff = signal_at.checked_sub(ON_THE_WIRE).expect("cutoff");
    let mut in_flight = 0;
    let mut in_flight_ok = 0;
    let mut after: BTreeMap<String, usize> = BTreeMap::new();
    let mut before: BTreeMap<String, usize> = BTreeMap::new();
    for r in requests.iter() {
        let outcome = match r.status {
            Some(s) => format!("{} HTTP {s}", r.step),
            None => format!("{} transport error", r.step),
        };
        if r.sent <= cutoff && r.done >= signal_at {
            in_flight += 1;
            assert_eq!(
                r.status,
                Some(200),
                "a {} sent {:?} before SIGTERM was in flight and must finish with 200: {}",
                r.step,
                signal_at - r.sent,
                r.detail
            );
            in_flight_ok += 1;
        }
        if r.sent < signal_at {
            if r.done < signal_at {
                assert_eq!(
                    r.status,
                    Some(200),
                    "before the signal every request succeeds: {}",
                    r.detail
                );
            }
            *before.entry(outcome).or_default() += 1;
        } else {
            *after.entry(outcome).or_default() += 1;
        }
    }

    let log_text = server.log_text();
    assert!(log_text.contains("shutdown requested"), "{log_text}");
    assert!(log_text.contains("stopped"), "{log_text}");
    assert!(
        !log_text.contains("grace period over"),
        "in-flight requests needed the whole grace period"
    );
    let errors = log_lines(&log_text, "ERROR");
    assert!(errors.is_empty(), "ERROR lines:\n{}", errors.join("\n"));

    let integrity = sqlite_integrity(&db_path).await;
    assert_eq!(integrity, vec!["ok".to_owned()], "PRAGMA integrity_check");
    let ledger = std::mem::take(&mut *ledger.lock().expect("ledger"));
    let audit = audit_responses(&url, campaign.campaign_id, &ledger).await;
    println!(
        "[shutdown {}] exit 0 {:.2} s after SIGTERM; held half-sent submissions: {held_ok}/{HELD} finished with 200; \
         load requests sent ≥{} ms before and finished after the signal: {in_flight_ok}/{in_flight} with 200; \
         sent before the signal: {before:?}; sent after: {after:?}; \
         {} acknowledged submissions all stored once ({} unacknowledged but stored, {} absent)",
        secs(t0),
        exit_after.as_secs_f64(),
        ON_THE_WIRE.as_millis(),
        audit.acked,
        audit.unacked_stored,
        audit.unacked_absent
    );
}
