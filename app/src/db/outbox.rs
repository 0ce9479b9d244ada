//! Outgoing e-mail. Every mail is queued here; without SMTP configured this
//! is the only place it goes, readable by the operator in the app.

use super::{Db, DbError, now_unix};
use sqlx::{Any, Executor};

#[derive(Debug, Clone, PartialEq)]
pub struct MailRow {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub kind: String,
    pub created_at: i64,
}

/// Queue a mail. The log records only that a mail of `kind` was queued.
pub async fn queue<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    recipient: &str,
    subject: &str,
    body: &str,
    kind: &str,
) -> Result<i64, DbError> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO outbox (recipient, subject, body, kind, created_at) VALUES ($1, $2, $3, $4, $5)
         RETURNING id",
    )
    .bind(recipient)
    .bind(subject)
    .bind(body)
    .bind(kind)
    .bind(now_unix())
    .fetch_one(ex)
    .await?;
    tracing::info!(mail.id = id, mail.kind = kind, "mail queued");
    Ok(id)
}

type RawMail = (i64, String, String, String, String, i64);

fn to_row(r: RawMail) -> MailRow {
    MailRow {
        id: r.0,
        recipient: r.1,
        subject: r.2,
        body: r.3,
        kind: r.4,
        created_at: r.5,
    }
}

/// Newest first.
pub async fn latest(db: &Db, limit: i64) -> Result<Vec<MailRow>, DbError> {
    let rows: Vec<RawMail> = sqlx::query_as(
        "SELECT id, recipient, subject, body, kind, created_at FROM outbox ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(to_row).collect())
}

/// Mails to one address, newest first (tests, operator search).
pub async fn for_recipient(db: &Db, recipient: &str) -> Result<Vec<MailRow>, DbError> {
    let rows: Vec<RawMail> = sqlx::query_as(
        "SELECT id, recipient, subject, body, kind, created_at FROM outbox WHERE recipient = $1
         ORDER BY id DESC",
    )
    .bind(recipient)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(to_row).collect())
}
