//! Database faults while the server runs: the SQLite file locked by another
//! process, PostgreSQL stopped, a full disk. Each time the app answers 503
//! with its "temporarily unavailable" error (never 500, never a hang), and
//! recovers by itself once the fault is gone, without a restart.

use crate::harness::*;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The JSON body of a server function that failed with `AppError::Unavailable`.
fn unavailable_json() -> serde_json::Value {
    json!("Unavailable")
}

/// The HTML message of `AppError::Unavailable` (pages and `/readyz`).
const UNAVAILABLE_TEXT: &str = "temporarily unavailable";

fn assert_unavailable_api(server: &Server, what: &str, r: &Reply) {
    assert!(
        r.status() == Some(503) && r.json() == unavailable_json(),
        "{what}: expected 503 with the app's \"Unavailable\", got {r}; server log:\n{}",
        server.log_tail(30)
    );
}

fn assert_unavailable_page(server: &Server, what: &str, r: &Reply) {
    assert!(
        r.status() == Some(503) && r.body().contains(UNAVAILABLE_TEXT),
        "{what}: expected 503 with \"{UNAVAILABLE_TEXT}\", got {r}; server log:\n{}",
        server.log_tail(30)
    );
}

async fn timed(f: impl std::future::Future<Output = Reply>) -> (Reply, Duration) {
    let t = Instant::now();
    let r = f.await;
    (r, t.elapsed())
}

/// Start a response now; its resume code, to submit later.
async fn draft(c: &reqwest::Client, base: &str, code: &str) -> String {
    let r = post(
        c,
        &format!("{base}/api/survey/start"),
        &[("code", code), ("language", "sv")],
    )
    .await;
    assert!(r.is_ok(), "start: {r}");
    r.json().as_str().expect("resume").to_owned()
}

async fn submit(
    c: &reqwest::Client,
    base: &str,
    resume: &str,
    marker: &str,
    ledger: &SharedLedger,
) -> Reply {
    let q = standard_questionnaire();
    ledger
        .lock()
        .expect("ledger")
        .attempted
        .insert(marker.to_owned());
    let r = post(
        c,
        &format!("{base}/api/survey/submit"),
        &[
            ("resume", resume),
            ("answers", &answers_json(&q, marker)),
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
    }
    r
}

/// Poll `/readyz` until it answers `want` (bounded).
async fn readyz_becomes(server: &Server, want: u16, within: Duration) -> Reply {
    let c = client_with_timeout(Duration::from_secs(20));
    let deadline = Instant::now() + within;
    loop {
        let r = get(&c, &server.url("/readyz")).await;
        if r.status() == Some(want) {
            return r;
        }
        assert!(
            Instant::now() < deadline,
            "/readyz did not answer {want} within {within:?}; last: {r}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn report_log(name: &str, server: &Server) {
    let log = server.log_text();
    let errors = log_lines(&log, "ERROR");
    let warns = log_lines(&log, "WARN");
    println!("[{name}] server log: {} WARN lines", warns.len());
    for w in warns.iter().take(5) {
        println!("    {w}");
    }
    assert!(
        errors.is_empty(),
        "ERROR lines in the server log:\n{}",
        errors.join("\n")
    );
}

// ---- SQLite locked by another process --------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_locked_by_another_process_answers_503_and_recovers() {
    use sqlx::sqlite::{SqliteConnectOptions, SqliteLockingMode};
    use sqlx::{ConnectOptions, Connection, Executor};

    let t0 = Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let db_path = dir.path().join("locked.db");
    let url = format!("sqlite://{}", db_path.display());
    let log = dir.path().join("server.log");
    let ledger = SharedLedger::default();

    let mut server = Server::spawn(&url, &log, &[]);
    server.wait_ready(Duration::from_secs(60)).await;
    let base = server.base();
    let admin = client_with_timeout(Duration::from_secs(25));
    let campaign = open_campaign(&server, &admin, "admin@locked.example").await;
    let org = campaign.org_id.to_string();
    let anon = client_with_timeout(Duration::from_secs(25));
    let r = submit(
        &anon,
        &base,
        &draft(&anon, &base, &campaign.shared_code).await,
        "locked-before",
        &ledger,
    )
    .await;
    assert!(r.is_ok(), "baseline submission: {r}");
    let read_resume = draft(&anon, &base, &campaign.shared_code).await;
    let mut pending = Vec::new();
    for i in 0..13 {
        pending.push((
            format!("locked-during-{i}"),
            draft(&anon, &base, &campaign.shared_code).await,
        ));
    }

    let opts = SqliteConnectOptions::new()
        .filename(&db_path)
        .busy_timeout(Duration::from_secs(1));

    // What another process can lock. An exclusive lock that would block
    // readers too is not to be had while the server holds its connections
    // (in WAL mode each open connection keeps a shared lock on the file).
    let mut exclusive = opts
        .clone()
        .locking_mode(SqliteLockingMode::Exclusive)
        .connect()
        .await
        .expect("open a second connection");
    let attempt = exclusive.execute("BEGIN EXCLUSIVE").await;
    let refused = match &attempt {
        Err(e) => e.to_string(),
        Ok(_) => String::new(),
    };
    exclusive.close().await.ok();
    assert!(
        refused.contains("locked"),
        "expected SQLITE_BUSY for an exclusive-mode lock while the server runs, got {attempt:?}"
    );
    println!(
        "[sqlite-lock {}] locking_mode=EXCLUSIVE + BEGIN EXCLUSIVE from another connection: refused ({refused}); \
         taking the write lock instead (BEGIN IMMEDIATE + an uncommitted INSERT)",
        secs(t0)
    );

    // The write lock: every writer waits for it (busy timeout), readers in
    // WAL mode do not.
    let mut holder = opts.connect().await.expect("open the lock holder");
    holder
        .execute("BEGIN IMMEDIATE")
        .await
        .expect("take the write lock");
    holder
        .execute(
            "INSERT INTO app_settings (key, value, updated_at) VALUES ('reliability-lock', 'held', 0)",
        )
        .await
        .expect("write under the lock");
    let locked_at = Instant::now();

    // A: one submission, one start, readiness and reads at the same time.
    let (resume_a_marker, resume_a) = pending.remove(0);
    let page_url = server.url(&format!("/orgs/{org}/campaigns"));
    let (fresh, probe) = (
        client_with_timeout(Duration::from_secs(25)),
        client_with_timeout(Duration::from_secs(25)),
    );
    let (start_url, ready_url, load_url, list_url) = (
        format!("{base}/api/survey/start"),
        server.url("/readyz"),
        format!("{base}/api/survey/load"),
        format!("{base}/api/campaigns/list"),
    );
    let (submit_a, start_b, ready, load_read, list_read, page_read) = tokio::join!(
        timed(submit(&anon, &base, &resume_a, &resume_a_marker, &ledger)),
        timed(async {
            post(
                &fresh,
                &start_url,
                &[("code", &campaign.shared_code), ("language", "sv")],
            )
            .await
        }),
        timed(get(&probe, &ready_url)),
        timed(async { post(&anon, &load_url, &[("resume", &read_resume)]).await }),
        timed(async { post(&admin, &list_url, &[("org_id", &org)]).await }),
        timed(get(&admin, &page_url)),
    );
    println!(
        "[sqlite-lock {}] while locked: submit {} in {:.2} s; start {} in {:.2} s; /readyz {} in {:.2} s; \
         survey/load {} in {:.2} s; campaigns/list {} in {:.2} s; campaigns page {} in {:.2} s",
        secs(t0),
        submit_a.0.status().unwrap_or(0),
        submit_a.1.as_secs_f64(),
        start_b.0.status().unwrap_or(0),
        start_b.1.as_secs_f64(),
        ready.0.status().unwrap_or(0),
        ready.1.as_secs_f64(),
        load_read.0.status().unwrap_or(0),
        load_read.1.as_secs_f64(),
        list_read.0.status().unwrap_or(0),
        list_read.1.as_secs_f64(),
        page_read.0.status().unwrap_or(0),
        page_read.1.as_secs_f64(),
    );
    assert_unavailable_api(&server, "submit while locked", &submit_a.0);
    assert_unavailable_api(&server, "start while locked", &start_b.0);
    assert_unavailable_page(&server, "/readyz while locked", &ready.0);
    // Readers are not blocked by another process's write lock (WAL).
    assert!(
        load_read.0.is_ok(),
        "survey/load while locked: {}",
        load_read.0
    );
    assert!(
        list_read.0.is_ok(),
        "campaigns/list while locked: {}",
        list_read.0
    );
    assert!(
        page_read.0.is_ok(),
        "campaigns page while locked: {}",
        page_read.0
    );

    // B: more writers than pooled connections (8): those that wait for a
    // connection give up after the acquire timeout, also with 503.
    let many = futures_join_all(pending.drain(..12).map(|(marker, resume)| {
        let (anon, base, ledger) = (anon.clone(), base.clone(), ledger.clone());
        async move {
            let r = timed(submit(&anon, &base, &resume, &marker, &ledger)).await;
            (marker, resume, r)
        }
    }))
    .await;
    let mut slowest = Duration::ZERO;
    for (marker, _, (r, took)) in &many {
        assert_unavailable_api(&server, &format!("submit {marker} (pool exhausted)"), r);
        slowest = slowest.max(*took);
    }
    println!(
        "[sqlite-lock {}] {} concurrent submissions while locked: all 503, slowest after {:.2} s (busy timeout 5 s, acquire timeout 5 s)",
        secs(t0),
        many.len(),
        slowest.as_secs_f64()
    );

    // Release: the app recovers by itself.
    holder.execute("ROLLBACK").await.expect("rollback");
    holder.close().await.expect("close the lock holder");
    let released = Instant::now();
    readyz_becomes(&server, 200, Duration::from_secs(20)).await;
    let mut retried = 0;
    for (marker, resume) in std::iter::once((resume_a_marker, resume_a))
        .chain(many.into_iter().map(|(m, resume, _)| (m, resume)))
    {
        let r = submit(&anon, &base, &resume, &marker, &ledger).await;
        assert!(r.is_ok(), "retry of {marker} after the lock: {r}");
        retried += 1;
    }
    let r = submit(
        &anon,
        &base,
        &draft(&anon, &base, &campaign.shared_code).await,
        "locked-after",
        &ledger,
    )
    .await;
    assert!(r.is_ok(), "new submission after the lock: {r}");
    println!(
        "[sqlite-lock {}] locked for {:.1} s; after release ready again in {:.2} s; {retried} retried submissions and a new one succeed",
        secs(t0),
        (released - locked_at).as_secs_f64(),
        released.elapsed().as_secs_f64()
    );

    server.signal("TERM");
    let status = server.wait_exit(Duration::from_secs(30)).await;
    assert!(status.success(), "clean exit: {status}");
    report_log("sqlite-lock", &server);
    assert_eq!(sqlite_integrity(&db_path).await, vec!["ok".to_owned()]);
    let ledger = std::mem::take(&mut *ledger.lock().expect("ledger"));
    let audit = audit_responses(&url, campaign.campaign_id, &ledger).await;
    assert_eq!(audit.acked, 15);
    assert_eq!(audit.unacked_stored + audit.unacked_absent, 0);
}

/// `join_all` without the futures crate: run them as tasks.
async fn futures_join_all<F>(futs: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futs.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}

// ---- PostgreSQL stopped mid-run ------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_stopped_mid_run_answers_503_and_recovers() {
    let t0 = Instant::now();
    let bin = postgres_bin_dir();
    assert!(
        bin.is_some(),
        "PostgreSQL binaries not found in /usr/lib/postgresql/*/bin: install them with scripts/install.sh --test"
    );
    let (pg, admin_url) = PgCluster::start();
    println!("[pg-stop {}] cluster up on port {}", secs(t0), pg.port);
    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join("server.log");
    let ledger = SharedLedger::default();

    let mut server = Server::spawn(&admin_url, &log, &[]);
    server.wait_ready(Duration::from_secs(60)).await;
    let base = server.base();
    let admin = client_with_timeout(Duration::from_secs(25));
    let campaign = open_campaign(&server, &admin, "admin@pg.example").await;
    let org = campaign.org_id.to_string();
    let anon = client_with_timeout(Duration::from_secs(25));
    let r = submit(
        &anon,
        &base,
        &draft(&anon, &base, &campaign.shared_code).await,
        "pg-before",
        &ledger,
    )
    .await;
    assert!(r.is_ok(), "baseline submission: {r}");
    let resume = draft(&anon, &base, &campaign.shared_code).await;

    pg.stop();
    let stopped = Instant::now();
    let ready = readyz_becomes(&server, 503, Duration::from_secs(20)).await;
    assert_unavailable_page(&server, "/readyz with PostgreSQL stopped", &ready);
    let noticed = stopped.elapsed();

    let (fresh, other) = (
        client_with_timeout(Duration::from_secs(25)),
        client_with_timeout(Duration::from_secs(25)),
    );
    let (start_url, list_url, sign_in_url, page_url) = (
        format!("{base}/api/survey/start"),
        format!("{base}/api/campaigns/list"),
        format!("{base}/api/auth/sign_in"),
        server.url(&format!("/orgs/{org}/campaigns")),
    );
    let (sub, start, list, sign_in, page) = tokio::join!(
        timed(submit(&anon, &base, &resume, "pg-during", &ledger)),
        timed(async {
            post(
                &fresh,
                &start_url,
                &[("code", &campaign.shared_code), ("language", "sv")],
            )
            .await
        }),
        timed(async { post(&admin, &list_url, &[("org_id", &org)]).await }),
        timed(async {
            post(
                &other,
                &sign_in_url,
                &[("email", "admin@pg.example"), ("password", PASSWORD)],
            )
            .await
        }),
        timed(get(&admin, &page_url)),
    );
    println!(
        "[pg-stop {}] PostgreSQL stopped: /readyz 503 after {:.2} s; submit {} in {:.2} s; start {} in {:.2} s; \
         campaigns/list {} in {:.2} s; sign_in {} in {:.2} s; campaigns page {} in {:.2} s",
        secs(t0),
        noticed.as_secs_f64(),
        sub.0.status().unwrap_or(0),
        sub.1.as_secs_f64(),
        start.0.status().unwrap_or(0),
        start.1.as_secs_f64(),
        list.0.status().unwrap_or(0),
        list.1.as_secs_f64(),
        sign_in.0.status().unwrap_or(0),
        sign_in.1.as_secs_f64(),
        page.0.status().unwrap_or(0),
        page.1.as_secs_f64(),
    );
    assert_unavailable_api(&server, "submit with PostgreSQL stopped", &sub.0);
    assert_unavailable_api(&server, "start with PostgreSQL stopped", &start.0);
    assert_unavailable_api(&server, "signed-in read with PostgreSQL stopped", &list.0);
    assert_unavailable_api(&server, "sign-in with PostgreSQL stopped", &sign_in.0);
    // Pages stream before their data is read; once the outage is known (here
    // from /readyz) the page guard probes first and answers 503.
    assert_unavailable_page(&server, "page with PostgreSQL stopped", &page.0);

    pg.resume();
    let resumed = Instant::now();
    readyz_becomes(&server, 200, Duration::from_secs(30)).await;
    let back = resumed.elapsed();
    let r = submit(&anon, &base, &resume, "pg-during", &ledger).await;
    assert!(r.is_ok(), "retry after PostgreSQL is back: {r}");
    let r = post(
        &admin,
        &format!("{base}/api/campaigns/list"),
        &[("org_id", &org)],
    )
    .await;
    assert!(r.is_ok(), "the admin's session survived: {r}");
    let r = get(&admin, &page_url).await;
    assert!(
        r.status() == Some(200) && !r.body().contains(UNAVAILABLE_TEXT),
        "page after PostgreSQL is back: {r}"
    );
    let r = submit(
        &anon,
        &base,
        &draft(&anon, &base, &campaign.shared_code).await,
        "pg-after",
        &ledger,
    )
    .await;
    assert!(r.is_ok(), "new submission after PostgreSQL is back: {r}");
    println!(
        "[pg-stop {}] PostgreSQL started again: ready after {:.2} s, the failed submission retried and a new one accepted, the session survived",
        secs(t0),
        back.as_secs_f64()
    );

    server.signal("TERM");
    let status = server.wait_exit(Duration::from_secs(30)).await;
    assert!(status.success(), "clean exit: {status}");
    report_log("pg-stop", &server);
    let ledger = std::mem::take(&mut *ledger.lock().expect("ledger"));
    let audit = audit_responses(&admin_url, campaign.campaign_id, &ledger).await;
    assert_eq!(audit.acked, 3);
    assert_eq!(audit.submitted_rows, 3);
    drop(pg);
}

// ---- full disk -------------------------------------------------------------

/// A tmpfs mounted for the test; unmounted on drop.
struct TmpfsMount {
    path: PathBuf,
}

impl TmpfsMount {
    fn mount(path: &Path, size: &str) -> Result<TmpfsMount, String> {
        let out = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0755"),
                "tmpfs",
            ])
            .arg(path)
            .output()
            .map_err(|e| format!("running mount: {e}"))?;
        if out.status.success() {
            Ok(TmpfsMount {
                path: path.to_path_buf(),
            })
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
        }
    }
}

impl Drop for TmpfsMount {
    fn drop(&mut self) {
        let ok = Command::new("umount")
            .arg(&self.path)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !ok {
            let _ = Command::new("umount").arg("-l").arg(&self.path).status();
        }
    }
}

/// Fill the file system with one file until the space runs out.
fn fill(path: &Path) -> u64 {
    use std::io::Write;
    let mut f = std::fs::File::create(path).expect("create the filler");
    let mut written = 0u64;
    for chunk in [1 << 20, 64 << 10, 4 << 10, 512] {
        let buf = vec![0x5au8; chunk];
        while f.write_all(&buf).is_ok() {
            written += chunk as u64;
        }
    }
    let _ = f.sync_all();
    written
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn full_disk_answers_503_keeps_the_file_intact_and_recovers() {
    let t0 = Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let mnt = dir.path().join("small-disk");
    std::fs::create_dir(&mnt).expect("mount point");
    let _mount = match TmpfsMount::mount(&mnt, "16m") {
        Ok(m) => m,
        Err(e) => {
            println!(
                "[disk-full] SKIPPED: cannot mount a tmpfs here ({e}). \
                 See \"Reliability tests\" in docs/testing.md for the manual procedure."
            );
            return;
        }
    };
    let db_path = mnt.join("full.db");
    let url = format!("sqlite://{}", db_path.display());
    let log = dir.path().join("server.log");
    let ledger = SharedLedger::default();

    let mut server = Server::spawn(&url, &log, &[]);
    server.wait_ready(Duration::from_secs(60)).await;
    let base = server.base();
    let admin = client_with_timeout(Duration::from_secs(25));
    let campaign = open_campaign(&server, &admin, "admin@full.example").await;
    let anon = client_with_timeout(Duration::from_secs(25));
    let q = standard_questionnaire();
    for i in 0..5 {
        let marker = format!("full-before-{i}");
        assert!(matches!(
            submit_one(&anon, &base, &campaign.shared_code, &q, &marker, &ledger).await,
            Submission::Acked
        ));
    }

    // Responses started now and submitted once the disk is full: the submit
    // path (an UPDATE through group commit) must fail as cleanly as a start.
    let mut drafts = Vec::new();
    for i in 0..3 {
        drafts.push((
            format!("full-draft-{i}"),
            draft(&anon, &base, &campaign.shared_code).await,
        ));
    }

    // Fold the WAL back into the database, then take every free byte.
    {
        use sqlx::{Connection, Executor};
        let mut c = sqlx::SqliteConnection::connect(&url).await.expect("open");
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            .await
            .expect("checkpoint");
        c.close().await.ok();
    }
    let filler = mnt.join("filler");
    let filled = fill(&filler);
    println!(
        "[disk-full {}] 16 MB tmpfs: database {} KB, filler {} KB, nothing left",
        secs(t0),
        std::fs::metadata(&db_path)
            .map(|m| m.len() / 1024)
            .unwrap_or(0),
        filled / 1024
    );

    // Submit until the disk says no (the WAL may still have room for a few).
    let mut accepted_while_full = 0;
    let mut refusal = None;
    for i in 0..400 {
        let marker = format!("full-during-{i}");
        match submit_one(&anon, &base, &campaign.shared_code, &q, &marker, &ledger).await {
            Submission::Acked => accepted_while_full += 1,
            Submission::StartFailed(r) | Submission::SubmitFailed(r) => {
                refusal = Some(r);
                break;
            }
        }
    }
    let refusal = refusal.expect("no submission was refused on a full disk");
    assert_unavailable_api(&server, "submission on a full disk", &refusal);
    // A few more, all refused the same way.
    let mut refused = 1;
    for i in 0..5 {
        let marker = format!("full-refused-{i}");
        match submit_one(&anon, &base, &campaign.shared_code, &q, &marker, &ledger).await {
            Submission::Acked => accepted_while_full += 1,
            Submission::StartFailed(r) | Submission::SubmitFailed(r) => {
                assert_unavailable_api(&server, "submission on a full disk", &r);
                refused += 1;
            }
        }
    }
    let mut submits_refused = 0;
    for (marker, resume) in &drafts {
        let r = submit(&anon, &base, resume, marker, &ledger).await;
        if r.is_ok() {
            accepted_while_full += 1;
        } else {
            assert_unavailable_api(&server, "submit of a started response on a full disk", &r);
            submits_refused += 1;
        }
    }
    let ready = get(&client(), &server.url("/readyz")).await;
    let integrity_full = sqlite_integrity(&db_path).await;
    assert_eq!(
        integrity_full,
        vec!["ok".to_owned()],
        "integrity_check with the disk full"
    );
    println!(
        "[disk-full {}] full: {accepted_while_full} submissions still fitted, then {refused} start+submit and \
         {submits_refused}/{} submits of started responses refused with 503 Unavailable; \
         /readyz {} (reads still work; the probe writes nothing); integrity_check ok",
        secs(t0),
        drafts.len(),
        ready.status().unwrap_or(0)
    );

    std::fs::remove_file(&filler).expect("remove the filler");
    let freed = Instant::now();
    let deadline = freed + Duration::from_secs(20);
    let mut n = 0;
    loop {
        n += 1;
        let marker = format!("full-after-{n}");
        if let Submission::Acked =
            submit_one(&anon, &base, &campaign.shared_code, &q, &marker, &ledger).await
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "submissions did not recover within 20 s of freeing space"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    readyz_becomes(&server, 200, Duration::from_secs(20)).await;
    for (marker, resume) in &drafts {
        let r = submit(&anon, &base, resume, marker, &ledger).await;
        assert!(r.is_ok(), "retry of {marker} after freeing space: {r}");
    }
    println!(
        "[disk-full {}] space freed: submissions accepted again after {:.2} s ({n} attempts), without a restart",
        secs(t0),
        freed.elapsed().as_secs_f64()
    );

    server.signal("TERM");
    let status = server.wait_exit(Duration::from_secs(30)).await;
    assert!(status.success(), "clean exit: {status}");
    report_log("disk-full", &server);
    assert_eq!(sqlite_integrity(&db_path).await, vec!["ok".to_owned()]);
    let ledger = std::mem::take(&mut *ledger.lock().expect("ledger"));
    let audit = audit_responses(&url, campaign.campaign_id, &ledger).await;
    println!(
        "[disk-full {}] {} acknowledged all stored once; {} refused not stored, {} refused but stored complete",
        secs(t0),
        audit.acked,
        audit.unacked_absent,
        audit.unacked_stored
    );
    drop(server);
}
