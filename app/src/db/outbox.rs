//! Outgoing e-mail. Every mail is queued here and delivered from here (SMTP
//! or a pickup directory, `server/src/mailer.rs`). A queued mail holds its
//! link (an invitation, survey or reset token) only until it is delivered:
//! delivery replaces the body by [`redact`]ed text, and the operator's view
//! shows only redacted bodies, so no usable secret is readable in the app.

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
    /// When it was delivered (None: still queued).
    pub sent_at: Option<i64>,
}

/// What replaces each link of a mail once it is delivered or shown.
pub const LINK_WITHHELD: &str = "[link withheld]";

/// `body` with every web address replaced by [`LINK_WITHHELD`]: the links of
/// invitation, survey and reset mails carry their tokens.
pub fn redact(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = ["http://", "https://"]
        .iter()
        .filter_map(|p| rest.find(p))
        .min()
    {
        out.push_str(&rest[..i]);
        out.push_str(LINK_WITHHELD);
        let tail = &rest[i..];
        let end = tail.find(char::is_whitespace).unwrap_or(tail.len());
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// After delivery: keep only the redacted body (no usable secret stays).
pub async fn forget_secrets<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    id: i64,
    body: &str,
) -> Result<(), DbError> {
    sqlx::query("UPDATE outbox SET body = $1 WHERE id = $2")
        .bind(redact(body))
        .bind(id)
        .execute(ex)
        .await?;
    Ok(())
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

/// Sign-up mails (confirmation links and "you already have an account")
/// queued for `recipient` since `since`: a per-address allowance.
pub async fn count_recent_sign_up_mails(
    db: &Db,
    recipient: &str,
    since: i64,
) -> Result<i64, DbError> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM outbox
         WHERE recipient = $1 AND kind IN ('sign_up_confirm', 'sign_up_taken') AND created_at >= $2",
    )
    .bind(recipient)
    .bind(since)
    .fetch_one(db.pool())
    .await?;
    Ok(n)
}

type RawMail = (i64, String, String, String, String, i64, Option<i64>);

fn to_row(r: RawMail) -> MailRow {
    MailRow {
        id: r.0,
        recipient: r.1,
        subject: r.2,
        body: r.3,
        kind: r.4,
        created_at: r.5,
        sent_at: r.6,
    }
}

/// Newest first.
pub async fn latest(db: &Db, limit: i64) -> Result<Vec<MailRow>, DbError> {
    let rows: Vec<RawMail> = sqlx::query_as(
        "SELECT id, recipient, subject, body, kind, created_at, sent_at FROM outbox
         ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(to_row).collect())
}

/// Mails to one address, newest first (tests, operator search).
pub async fn for_recipient(db: &Db, recipient: &str) -> Result<Vec<MailRow>, DbError> {
    let rows: Vec<RawMail> = sqlx::query_as(
        "SELECT id, recipient, subject, body, kind, created_at, sent_at FROM outbox WHERE recipient = $1
         ORDER BY id DESC",
    )
    .bind(recipient)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(to_row).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_withholds_every_link_and_keeps_the_text() {
        let body = "Hello,\n\nopen https://spindel.example/invite/0a1b2c within a week:\n\nhttp://127.0.0.1:3000/t/ABCDEFGHJKLM\n\nThanks.";
        let r = redact(body);
        assert_eq!(
            r,
            "Hello,\n\nopen [link withheld] within a week:\n\n[link withheld]\n\nThanks."
        );
        assert!(!r.contains("0a1b2c") && !r.contains("ABCDEFGHJKLM"));
        assert_eq!(redact("no links here"), "no links here");
        assert_eq!(redact("https://x"), LINK_WITHHELD);
    }
}
