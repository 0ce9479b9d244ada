//! Delivery of the outbox: over SMTP (`SPINDEL_SMTP_URL`) or into a pickup
//! directory (`SPINDEL_MAIL_DIR`: one RFC 5322 `.eml` file per mail, for a
//! local mail setup or a developer's machine). Without either, mail stays
//! queued in the outbox and reaches nobody (the operator page says so). A
//! background task sends unsent mail and marks it sent; several app servers
//! may run it at once (a row is claimed before it is sent). Once a mail is
//! delivered its links are removed from the stored body
//! ([`app::db::outbox::redact`]): no usable token stays in the database.
//! Bodies and links never reach the log.

use app::db::{Db, now_unix};
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::time::Duration;

/// Give up on a mail after this many failed attempts.
pub const MAX_ATTEMPTS: i64 = 5;

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Dir(PathBuf),
}

pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

#[derive(Debug, thiserror::Error)]
pub enum MailerError {
    #[error("SPINDEL_SMTP_URL is not a valid SMTP URL")]
    Url(#[source] lettre::transport::smtp::Error),
    #[error("SPINDEL_MAIL_FROM is not a valid address")]
    From(#[source] lettre::address::AddressError),
    #[error("SPINDEL_MAIL_DIR cannot be created")]
    Dir(#[source] std::io::Error),
}

impl Mailer {
    /// `smtp://host:25` (plain), `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS) or `smtps://user:pass@host:465` (TLS).
    pub fn new(url: &str, from: &str) -> Result<Mailer, MailerError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(MailerError::Url)?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = from.parse::<Mailbox>().map_err(MailerError::From)?;
        Ok(Mailer {
            transport: Transport::Smtp(transport),
            from,
        })
    }

    /// Deliver into `dir` (created if missing), one `<id>.eml` file per mail.
    pub fn directory(dir: PathBuf, from: &str) -> Result<Mailer, MailerError> {
        std::fs::create_dir_all(&dir).map_err(MailerError::Dir)?;
        let from = from.parse::<Mailbox>().map_err(MailerError::From)?;
        Ok(Mailer {
            transport: Transport::Dir(dir),
            from,
        })
    }

    /// Send every unsent mail once. Returns how many were sent.
    pub async fn deliver_pending(&self, db: &Db) -> Result<usize, app::db::DbError> {
        let pending: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
            "SELECT id, recipient, subject, body, attempts FROM outbox
             WHERE sent_at IS NULL AND attempts < $1 ORDER BY id LIMIT 50",
        )
        .bind(MAX_ATTEMPTS)
        .fetch_all(db.pool())
        .await?;
        let mut sent = 0;
        for (id, to, subject, body, attempts) in pending {
            // Claim the row so another app server does not send it too.
            let claimed = sqlx::query(
                "UPDATE outbox SET sent_at = $1, attempts = attempts + 1
                 WHERE id = $2 AND sent_at IS NULL AND attempts = $3",
            )
            .bind(now_unix())
            .bind(id)
            .bind(attempts)
            .execute(db.pool())
            .await?;
            if claimed.rows_affected() != 1 {
                continue;
            }
            match self.send(id, &to, &subject, &body).await {
                Ok(()) => {
                    sent += 1;
                    tracing::info!(mail.id = id, "mail sent");
                    app::db::outbox::forget_secrets(db.pool(), id, &body).await?;
                }
                Err(e) => {
                    tracing::warn!(mail.id = id, attempt = attempts + 1, error = %e, "mail not sent; will retry");
                    sqlx::query("UPDATE outbox SET sent_at = NULL WHERE id = $1")
                        .bind(id)
                        .execute(db.pool())
                        .await?;
                }
            }
        }
        Ok(sent)
    }

    async fn send(&self, id: i64, to: &str, subject: &str, body: &str) -> Result<(), String> {
        let to: Mailbox = to
            .parse()
            .map_err(|e: lettre::address::AddressError| e.to_string())?;
        let msg = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned())
            .map_err(|e| e.to_string())?;
        match &self.transport {
            Transport::Smtp(t) => t.send(msg).await.map(|_| ()).map_err(|e| e.to_string()),
            Transport::Dir(dir) => {
                // Written under a temporary name, then renamed: a reader of
                // the directory never sees half a mail.
                let tmp = dir.join(format!(".{id}.eml.tmp"));
                let path = dir.join(format!("{id}.eml"));
                tokio::fs::write(&tmp, msg.formatted())
                    .await
                    .map_err(|e| e.to_string())?;
                tokio::fs::rename(&tmp, &path)
                    .await
                    .map_err(|e| e.to_string())
            }
        }
    }
}

/// Deliver the outbox every `every` until the process stops.
pub fn spawn(mailer: Mailer, db: Db, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            if let Err(e) = mailer.deliver_pending(&db).await {
                tracing::warn!(error.chain = %app::error::error_chain(&e), "outbox delivery failed");
            }
        }
    })
}
