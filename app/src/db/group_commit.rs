//! Group commit for survey answers.
//!
//! Every autosave and submission is a small write that must be durable before
//! the respondent is told it is saved (SQLite `synchronous=FULL`, PostgreSQL
//! `fsync`). A durable commit costs one disk flush (≈ 2–3 ms here), so one
//! transaction per request caps a server at a few hundred writes per second.
//! Instead, requests hand their update to one writer task, which takes every
//! update that is waiting and applies them in **one** transaction: one query
//! reads every draft of the batch (locked on PostgreSQL), each update is merged
//! into its draft and checked against the questionnaire, one statement writes
//! every changed draft, and one commit makes them durable. Each request gets
//! its own outcome only after that commit succeeded. Under light load a batch
//! holds one update, so nothing waits for company. The writer has a database
//! connection of its own (the `Db`'s writer pool), which it keeps from batch to
//! batch (`Held`), so its prepared statements and page cache stay warm and it
//! never waits for a connection a request holds.
//!
//! Reading the draft inside the writing transaction means two updates of the
//! same draft (two tabs autosaving) apply one after the other, neither lost;
//! and a request costs the database one round trip per batch, not one per
//! query (each round trip to SQLite's connection thread is a thread switch).
//!
//! If a batch fails, each of its updates is retried alone, so that one bad
//! update cannot fail the others. If the writer is gone (its runtime ended),
//! the update runs directly in its own transaction.

use super::campaigns::{self, CampaignRow, ParsedVersion, VersionCache};
use super::{Backend, DbError};
use crate::domain::questionnaire::AnswerProblem;
use crate::survey::submission::{self, Answers, Mode};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, oneshot};

/// Largest number of updates in one transaction.
const MAX_BATCH: usize = 256;
/// Queued updates before senders wait (back-pressure).
const QUEUE: usize = 4096;

/// One autosave or submission as the respondent sent it: decoded, not yet
/// checked (the check needs the draft, read in the writer's transaction).
#[derive(Debug, Clone)]
pub struct DraftUpdate {
    /// Hash of the respondent's resume code.
    pub resume_hash: String,
    pub answers: Answers,
    /// The page's language (one of the supported ones).
    pub language: String,
    /// `Save` keeps a draft; `Submit` makes the response final.
    pub mode: Mode,
    /// The day (YYYY-MM-DD) stored as `submitted_on` on submission.
    pub today: String,
}

/// What happened to one update.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftOutcome {
    /// Merged, checked, written and committed.
    Stored,
    /// No response has this resume code.
    UnknownResume,
    /// The response is already submitted (and a submission repeated the same
    /// answers): nothing written.
    AlreadySubmitted,
    /// The response is already submitted and this submission or autosave
    /// carried other answers: nothing written, and the respondent is told.
    SubmittedDifferently,
    /// The campaign is not open (`closed`: it has been closed): nothing written.
    CampaignNotOpen { closed: bool },
    /// Refused by the questionnaire: nothing written.
    Invalid(Vec<AnswerProblem>),
}

type Reply = oneshot::Sender<Result<DraftOutcome, DbError>>;

/// The handle kept by [`super::Db`]: a lazily started writer task.
#[derive(Debug, Default)]
pub(crate) struct GroupCommit {
    sender: Mutex<Option<mpsc::Sender<(DraftUpdate, Reply)>>>,
}

/// What the writer needs besides the updates.
#[derive(Clone)]
pub(crate) struct WriterDb {
    pub pool: AnyPool,
    pub backend: Backend,
    pub versions: Arc<VersionCache>,
    /// The pool is the writer's alone: it keeps its connection from batch to
    /// batch instead of returning it after each (see [`Held`]). False when
    /// the pool is shared with requests (a pool of one connection).
    pub own_pool: bool,
}

/// A held connection idle longer than this goes back to the pool, and the
/// next batch takes one through the pool's checks (on PostgreSQL a ping,
/// which finds a connection the server dropped meanwhile).
const HOLD_IDLE: std::time::Duration = std::time::Duration::from_secs(1);

/// The writer's connection between batches. Returning a connection to an sqlx
/// pool costs a spawned task and a ping (a round trip to SQLite's connection
/// thread), and the next batch waits for both: under load that was a third
/// of a batch's time. So the writer keeps its connection while batches follow
/// each other, and gives it back after a failed batch (the pool then closes a
/// broken one) or after [`HOLD_IDLE`] without work.
struct Held {
    conn: Option<(PoolConnection<Any>, std::time::Instant)>,
}

impl Held {
    /// Apply a batch on the held connection (taken from the pool when none).
    async fn apply(
        &mut self,
        db: &WriterDb,
        updates: &[&DraftUpdate],
    ) -> Result<Vec<DraftOutcome>, DbError> {
        if !db.own_pool {
            return apply_pooled(db, updates).await;
        }
        let mut conn = match self.conn.take() {
            Some((conn, last)) if last.elapsed() < HOLD_IDLE => conn,
            stale => {
                drop(stale);
                db.pool.acquire().await?
            }
        };
        let result = apply_batch(db, &mut conn, updates).await;
        if result.is_ok() {
            self.conn = Some((conn, std::time::Instant::now()));
        }
        result
    }
}

impl GroupCommit {
    fn sender(&self, db: &WriterDb) -> Option<mpsc::Sender<(DraftUpdate, Reply)>> {
        let handle = tokio::runtime::Handle::try_current().ok()?;
        let mut guard = self.sender.lock().ok()?;
        if let Some(s) = guard.as_ref()
            && !s.is_closed()
        {
            return Some(s.clone());
        }
        let (tx, rx) = mpsc::channel(QUEUE);
        handle.spawn(writer(db.clone(), rx));
        *guard = Some(tx.clone());
        Some(tx)
    }

    /// Let the writer task end: it answers the updates already sent to it,
    /// then stops and gives back its connection. A later update starts a
    /// new writer.
    pub(crate) fn stop(&self) {
        if let Ok(mut guard) = self.sender.lock() {
            guard.take();
        }
    }

    /// Apply through the writer task (or directly when there is none).
    pub(crate) async fn update(
        &self,
        db: &WriterDb,
        u: DraftUpdate,
    ) -> Result<DraftOutcome, DbError> {
        if let Some(sender) = self.sender(db) {
            let (reply, answer) = oneshot::channel();
            match sender.send((u, reply)).await {
                Ok(()) => {
                    if let Ok(r) = answer.await {
                        return r;
                    }
                    // The writer stopped before answering: the update may or
                    // may not be committed, so say the database is unavailable.
                    return Err(DbError::Sqlx(sqlx::Error::PoolClosed));
                }
                Err(mpsc::error::SendError((u, _))) => return apply_one(db, &u).await,
            }
        }
        apply_one(db, &u).await
    }
}

async fn writer(db: WriterDb, mut rx: mpsc::Receiver<(DraftUpdate, Reply)>) {
    let mut batch: Vec<(DraftUpdate, Reply)> = Vec::with_capacity(MAX_BATCH);
    let mut held = Held { conn: None };
    loop {
        let first = match held.conn {
            // Wait for work while holding the connection, but not for long.
            Some(_) => match tokio::time::timeout(HOLD_IDLE, rx.recv()).await {
                Ok(Some(job)) => job,
                Ok(None) => break,
                Err(_) => {
                    held.conn = None;
                    continue;
                }
            },
            None => match rx.recv().await {
                Some(job) => job,
                None => break,
            },
        };
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let updates: Vec<&DraftUpdate> = batch.iter().map(|(u, _)| u).collect();
        let result = held.apply(&db, &updates).await;
        match result {
            Ok(outcomes) => {
                for ((_, reply), outcome) in batch.drain(..).zip(outcomes) {
                    let _ = reply.send(Ok(outcome));
                }
            }
            Err(e) if batch.len() == 1 => {
                if let Some((_, reply)) = batch.pop() {
                    let _ = reply.send(Err(e));
                }
            }
            // Locked, full or unreachable: applying each alone would only wait
            // out the busy / acquire timeout once per update (a batch of n
            // would answer after n × 5 s). Every update gets the error now.
            Err(e) if crate::error::is_unavailable(&e) => {
                for (_, reply) in batch.drain(..) {
                    let _ = reply.send(Err(clone_unavailable(&e)));
                }
            }
            Err(e) => {
                tracing::warn!(
                    updates = batch.len(),
                    error.chain = %crate::error::error_chain(&e),
                    "a batch of survey updates failed; applying each alone"
                );
                for (u, reply) in batch.drain(..) {
                    let _ = reply.send(apply_one(&db, &u).await);
                }
            }
        }
    }
}

/// The same "unavailable" failure for every update of a failed batch
/// (`sqlx::Error` is not `Clone`); the message keeps the original cause.
fn clone_unavailable(e: &DbError) -> DbError {
    DbError::Sqlx(sqlx::Error::Io(std::io::Error::other(
        crate::error::error_chain(e),
    )))
}

/// One update in its own transaction.
async fn apply_one(db: &WriterDb, u: &DraftUpdate) -> Result<DraftOutcome, DbError> {
    let mut out = apply_pooled(db, &[u]).await?;
    out.pop()
        .ok_or_else(|| DbError::Corrupt("a batch of one update had no outcome".into()))
}

/// A batch on a connection taken from the pool for it, returned after it.
async fn apply_pooled(
    db: &WriterDb,
    updates: &[&DraftUpdate],
) -> Result<Vec<DraftOutcome>, DbError> {
    let mut conn = db.pool.acquire().await?;
    apply_batch(db, &mut conn, updates).await
}

/// A draft as the batch leaves it.
struct Current {
    response_id: String,
    campaign: CampaignRow,
    status: String,
    answers: Answers,
    language: String,
    submitted_on: Option<String>,
    /// Its questionnaire, once an update needed it.
    version: Option<Arc<ParsedVersion>>,
    /// Changed by an update of this batch (to be written).
    changed: bool,
}

/// The questionnaire of a draft's campaign. Cached (versions never change);
/// a miss reads through this transaction: holding the write lock, never wait
/// for another pool connection (requests holding those may wait for this lock).
async fn version_of(
    db: &WriterDb,
    conn: &mut AnyConnection,
    d: &mut Current,
) -> Result<Arc<ParsedVersion>, DbError> {
    if let Some(v) = &d.version {
        return Ok(v.clone());
    }
    let v = campaigns::cached_version(&db.versions, &mut *conn, d.campaign.version_id)
        .await?
        .ok_or_else(|| {
            DbError::Corrupt(format!(
                "campaign {} runs a missing questionnaire version",
                d.campaign.id
            ))
        })?;
    d.version = Some(v.clone());
    Ok(v)
}

/// The final state of one changed draft, as written.
struct Written {
    response_id: String,
    answers: String,
    language: String,
    role_group: Option<String>,
    department: Option<String>,
    tenure_band: Option<String>,
    status: &'static str,
    submitted_on: Option<String>,
}

/// Apply `updates` in one transaction, in order; the outcome of each.
///
/// The transaction is opened and committed by statements of this module, not
/// by an sqlx `Transaction`, so that SQLite's `BEGIN IMMEDIATE` can travel
/// with the read (see [`campaigns::begin_and_read_drafts`]). So on any
/// failure the transaction is rolled back here; the `ROLLBACK` fails harmlessly
/// when none is open (SQLite rolls back by itself on a full disk, for one).
async fn apply_batch(
    db: &WriterDb,
    conn: &mut AnyConnection,
    updates: &[&DraftUpdate],
) -> Result<Vec<DraftOutcome>, DbError> {
    if updates.is_empty() {
        return Ok(Vec::new());
    }
    let result = apply_in_transaction(db, conn, updates).await;
    if result.is_err()
        && let Err(e) = sqlx::query("ROLLBACK").execute(&mut *conn).await
    {
        tracing::debug!(error = %e, "rollback after a failed survey batch");
    }
    result
}

async fn apply_in_transaction(
    db: &WriterDb,
    conn: &mut AnyConnection,
    updates: &[&DraftUpdate],
) -> Result<Vec<DraftOutcome>, DbError> {
    let t0 = std::time::Instant::now();
    let mut hashes: Vec<&str> = updates.iter().map(|u| u.resume_hash.as_str()).collect();
    hashes.sort_unstable();
    hashes.dedup();
    let rows = campaigns::begin_and_read_drafts(conn, db.backend, &hashes).await?;
    let mut drafts: HashMap<String, Current> = HashMap::with_capacity(rows.len());
    for (hash, r, campaign) in rows {
        drafts.insert(
            hash,
            Current {
                response_id: r.id,
                campaign,
                status: r.status,
                answers: serde_json::from_str(&r.answers).unwrap_or_default(),
                language: r.language,
                submitted_on: None,
                version: None,
                changed: false,
            },
        );
    }

    let t_read = t0.elapsed();
    let mut out = Vec::with_capacity(updates.len());
    for u in updates {
        let Some(d) = drafts.get_mut(&u.resume_hash) else {
            out.push(DraftOutcome::UnknownResume);
            continue;
        };
        if d.status == "submitted" {
            // A repeated submission (a retry) is answered like the first; one
            // with other answers is refused, never silently dropped.
            let same = u.mode == Mode::Submit && {
                let version = version_of(db, conn, d).await?;
                submission::merge_answers(
                    &version.questionnaire,
                    &d.campaign.departments,
                    &d.answers,
                    u.answers.clone(),
                    Mode::Submit,
                )
                .is_ok_and(|merged| merged == d.answers)
            };
            out.push(if same {
                DraftOutcome::AlreadySubmitted
            } else {
                DraftOutcome::SubmittedDifferently
            });
            continue;
        }
        if d.campaign.state != "open" {
            out.push(DraftOutcome::CampaignNotOpen {
                closed: d.campaign.state == "closed",
            });
            continue;
        }
        let version = version_of(db, conn, d).await?;
        match submission::merge_answers(
            &version.questionnaire,
            &d.campaign.departments,
            &d.answers,
            u.answers.clone(),
            u.mode,
        ) {
            Ok(merged) => {
                d.answers = merged;
                d.language = u.language.clone();
                if u.mode == Mode::Submit {
                    d.status = "submitted".into();
                    d.submitted_on = Some(u.today.clone());
                }
                d.changed = true;
                out.push(DraftOutcome::Stored);
            }
            Err(problems) => out.push(DraftOutcome::Invalid(problems)),
        }
    }

    let mut written = Vec::new();
    for d in drafts.into_values() {
        let (true, Some(version)) = (d.changed, d.version.as_ref()) else {
            continue;
        };
        let (role_group, department, tenure_band) =
            submission::profile_fields(&version.questionnaire, &d.answers);
        written.push(Written {
            answers: serde_json::to_string(&d.answers)
                .map_err(|e| DbError::Corrupt(format!("answers do not serialise: {e}")))?,
            response_id: d.response_id,
            language: d.language,
            role_group,
            department,
            tenure_band,
            status: if d.status == "submitted" {
                "submitted"
            } else {
                "draft"
            },
            submitted_on: d.submitted_on,
        });
    }
    let t_check = t0.elapsed();
    write_drafts(conn, db.backend, &written).await?;
    let t_write = t0.elapsed();
    sqlx::query("COMMIT").execute(&mut *conn).await?;
    let t_commit = t0.elapsed();
    tracing::debug!(
        updates = updates.len(),
        read_us = t_read.as_micros() as u64,
        check_us = (t_check - t_read).as_micros() as u64,
        write_us = (t_write - t_check).as_micros() as u64,
        commit_us = (t_commit - t_write).as_micros() as u64,
        "survey batch committed"
    );
    Ok(out)
}

/// [`write_drafts`]'s statement for `len` rows.
fn write_sql(backend: Backend, len: usize) -> String {
    let rows: Vec<String> = (0..len)
        .map(|r| {
            let p: Vec<String> = (1..=WRITE_COLS)
                .map(|c| {
                    let i = r * WRITE_COLS + c;
                    format!("CAST({} AS TEXT)", super::placeholder(backend, i))
                })
                .collect();
            format!("({})", p.join(", "))
        })
        .collect();
    format!(
        "UPDATE responses SET answers = v.column2, language = v.column3,
           role_group = v.column4, department = v.column5, tenure_band = v.column6,
           status = v.column7, submitted_on = v.column8
         FROM (VALUES {}) AS v
         WHERE responses.id = v.column1 AND responses.status = 'draft'",
        rows.join(", ")
    )
}

/// Columns per row of the multi-row update below.
const WRITE_COLS: usize = 8;

/// Write every changed draft with one statement (per 256 drafts): an
/// `UPDATE … FROM (VALUES …)`, which SQLite (3.33+) and PostgreSQL both run.
/// Each draft is still a draft here (read and locked in this transaction);
/// a count that does not match fails the batch.
async fn write_drafts(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
    written: &[Written],
) -> Result<(), DbError> {
    for chunk in written.chunks(MAX_BATCH) {
        // Padded with rows that match no response (`id = ''`): a few
        // statement shapes, each prepared once per connection.
        static SQLITE: super::BatchSql =
            super::BatchSql::new(|len| write_sql(Backend::Sqlite, len));
        static POSTGRES: super::BatchSql =
            super::BatchSql::new(|len| write_sql(Backend::Postgres, len));
        let (sql, len) = match backend {
            Backend::Sqlite => SQLITE.get(chunk.len()),
            Backend::Postgres => POSTGRES.get(chunk.len()),
        };
        let mut q = sqlx::query(&sql);
        for w in chunk {
            q = q
                .bind(&w.response_id)
                .bind(&w.answers)
                .bind(&w.language)
                .bind(&w.role_group)
                .bind(&w.department)
                .bind(&w.tenure_band)
                .bind(w.status)
                .bind(&w.submitted_on);
        }
        for _ in chunk.len()..len {
            q = q.bind("");
            for _ in 1..WRITE_COLS {
                q = q.bind(None::<String>);
            }
        }
        let res = q.execute(&mut *conn).await?;
        if res.rows_affected() != chunk.len() as u64 {
            return Err(DbError::Corrupt(format!(
                "{} of {} drafts were written",
                res.rows_affected(),
                chunk.len()
            )));
        }
    }
    Ok(())
}
