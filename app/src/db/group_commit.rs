//! Group commit for survey answers.
//!
//! Every autosave and submission is a small write that must be durable before
//! the respondent is told it is saved (SQLite `synchronous=FULL`, PostgreSQL
//! `fsync`). A durable commit costs one disk flush (≈ 2–3 ms here), so one
//! transaction per request caps a server at a few hundred writes per second.
//! Instead, requests hand their write to one writer task, which takes every
//! write that is waiting, applies them in **one** transaction and commits once;
//! each request gets its own outcome only after that commit succeeded. Under
//! light load a batch holds one write, so nothing waits for company.
//!
//! If a batch fails, each of its writes is retried alone, so that one bad
//! write cannot fail the others. If the writer is gone (its runtime ended),
//! the write runs directly in its own transaction.

use super::{Backend, DbError};
use sqlx::AnyPool;
use std::sync::Mutex;
use tokio::sync::{mpsc, oneshot};

/// Largest number of writes in one transaction.
const MAX_BATCH: usize = 256;
/// Queued writes before senders wait (back-pressure).
const QUEUE: usize = 4096;

/// One response's new state (autosave or submission).
#[derive(Debug, Clone)]
pub struct ResponseWrite {
    pub response_id: String,
    pub campaign_id: i64,
    pub answers_json: String,
    pub language: String,
    pub role_group: Option<String>,
    pub department: Option<String>,
    pub tenure_band: Option<String>,
    /// `true`: make the response final (`submitted`, with the day).
    pub submit: bool,
    /// The day (YYYY-MM-DD) stored as `submitted_on` when `submit`.
    pub today: String,
}

/// What happened to one write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    /// Written and committed.
    Stored,
    /// The response is no longer a draft (submitted meanwhile): nothing written.
    NotDraft,
    /// The campaign is not open (closed meanwhile): nothing written.
    CampaignNotOpen,
}

type Reply = oneshot::Sender<Result<WriteOutcome, DbError>>;

/// The handle kept by [`super::Db`]: a lazily started writer task.
#[derive(Debug, Default)]
pub(crate) struct GroupCommit {
    sender: Mutex<Option<mpsc::Sender<(ResponseWrite, Reply)>>>,
}

impl GroupCommit {
    fn sender(
        &self,
        pool: &AnyPool,
        backend: Backend,
    ) -> Option<mpsc::Sender<(ResponseWrite, Reply)>> {
        let handle = tokio::runtime::Handle::try_current().ok()?;
        let mut guard = self.sender.lock().ok()?;
        if let Some(s) = guard.as_ref()
            && !s.is_closed()
        {
            return Some(s.clone());
        }
        let (tx, rx) = mpsc::channel(QUEUE);
        handle.spawn(writer(pool.clone(), backend, rx));
        *guard = Some(tx.clone());
        Some(tx)
    }

    /// Write through the writer task (or directly when there is none).
    pub(crate) async fn write(
        &self,
        pool: &AnyPool,
        backend: Backend,
        w: ResponseWrite,
    ) -> Result<WriteOutcome, DbError> {
        if let Some(sender) = self.sender(pool, backend) {
            let (reply, answer) = oneshot::channel();
            match sender.send((w, reply)).await {
                Ok(()) => {
                    if let Ok(r) = answer.await {
                        return r;
                    }
                    // The writer stopped before answering: the write may or
                    // may not be committed, so say the database is unavailable.
                    return Err(DbError::Sqlx(sqlx::Error::PoolClosed));
                }
                Err(mpsc::error::SendError((w, _))) => return write_one(pool, backend, &w).await,
            }
        }
        write_one(pool, backend, &w).await
    }
}

async fn writer(pool: AnyPool, backend: Backend, mut rx: mpsc::Receiver<(ResponseWrite, Reply)>) {
    let mut batch: Vec<(ResponseWrite, Reply)> = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = rx.recv().await {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let writes: Vec<&ResponseWrite> = batch.iter().map(|(w, _)| w).collect();
        let result = write_batch(&pool, backend, &writes).await;
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
            // Locked, full or unreachable: writing each alone would only wait
            // out the busy / acquire timeout once per write (a batch of n
            // would answer after n × 5 s). Every write gets the error now.
            Err(e) if crate::error::is_unavailable(&e) => {
                for (_, reply) in batch.drain(..) {
                    let _ = reply.send(Err(clone_unavailable(&e)));
                }
            }
            Err(e) => {
                tracing::warn!(
                    writes = batch.len(),
                    error.chain = %crate::error::error_chain(&e),
                    "a batch of survey writes failed; writing each alone"
                );
                for (w, reply) in batch.drain(..) {
                    let _ = reply.send(write_one(&pool, backend, &w).await);
                }
            }
        }
    }
}

/// The same "unavailable" failure for every write of a failed batch
/// (`sqlx::Error` is not `Clone`); the message keeps the original cause.
fn clone_unavailable(e: &DbError) -> DbError {
    DbError::Sqlx(sqlx::Error::Io(std::io::Error::other(
        crate::error::error_chain(e),
    )))
}

/// One write in its own transaction.
async fn write_one(
    pool: &AnyPool,
    backend: Backend,
    w: &ResponseWrite,
) -> Result<WriteOutcome, DbError> {
    let mut out = write_batch(pool, backend, &[w]).await?;
    Ok(out.pop().unwrap_or(WriteOutcome::NotDraft))
}

/// Apply `writes` in one transaction; the outcome of each, in order.
async fn write_batch(
    pool: &AnyPool,
    backend: Backend,
    writes: &[&ResponseWrite],
) -> Result<Vec<WriteOutcome>, DbError> {
    // The first statement writes, so SQLite takes the write lock at once
    // (waiting on the busy timeout) instead of failing to upgrade a read
    // snapshot later. The campaign must be open at this moment; PostgreSQL
    // takes a share lock on the campaign row so that a concurrent close waits
    // for this commit (and then aggregates these answers) or wins first.
    let update = match backend {
        Backend::Sqlite => {
            "UPDATE responses SET answers = $1, language = $2, role_group = $3, department = $4,
               tenure_band = $5, status = $6, submitted_on = $7
             WHERE id = $8 AND status = 'draft'
               AND campaign_id IN (SELECT id FROM campaigns WHERE id = $9 AND state = 'open')"
        }
        Backend::Postgres => {
            "UPDATE responses SET answers = $1, language = $2, role_group = $3, department = $4,
               tenure_band = $5, status = $6, submitted_on = $7
             WHERE id = $8 AND status = 'draft'
               AND campaign_id IN (SELECT id FROM campaigns WHERE id = $9 AND state = 'open' FOR SHARE)"
        }
    };
    let mut tx = super::begin_write(pool, backend).await?;
    let mut out = Vec::with_capacity(writes.len());
    for w in writes {
        let res = sqlx::query(update)
            .bind(&w.answers_json)
            .bind(&w.language)
            .bind(&w.role_group)
            .bind(&w.department)
            .bind(&w.tenure_band)
            .bind(if w.submit { "submitted" } else { "draft" })
            .bind(w.submit.then_some(w.today.as_str()))
            .bind(&w.response_id)
            .bind(w.campaign_id)
            .execute(&mut *tx)
            .await?;
        if res.rows_affected() == 1 {
            out.push(WriteOutcome::Stored);
            continue;
        }
        let (state,): (String,) = sqlx::query_as("SELECT state FROM campaigns WHERE id = $1")
            .bind(w.campaign_id)
            .fetch_one(&mut *tx)
            .await?;
        out.push(if state == "open" {
            WriteOutcome::NotDraft
        } else {
            WriteOutcome::CampaignNotOpen
        });
    }
    tx.commit().await?;
    Ok(out)
}
