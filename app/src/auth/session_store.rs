//! tower-sessions store on the app's own database (SQLite or PostgreSQL), so
//! that several app servers share sessions. The signed-in account id is also
//! kept in its own column, so every session of an account can be ended at once.

use crate::db::{Db, now_unix};
use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};

/// Session key holding the signed-in account id.
pub const USER_ID: &str = "user_id";
/// Session key holding the time (unix seconds) of sign-in, for the absolute timeout.
pub const AUTH_AT: &str = "auth_at";

#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: Db,
}

impl DbSessionStore {
    pub fn new(db: Db) -> Self {
        DbSessionStore { db }
    }
}

/// Start of a store error whose cause is an unavailable database (down,
/// locked, full): tower-sessions keeps only the message, so the cause travels
/// in it and [`is_unavailable`] lets the caller answer 503 instead of 500.
const UNAVAILABLE: &str = "database unavailable: ";

fn backend(e: sqlx::Error) -> session_store::Error {
    if crate::error::is_unavailable(&e) {
        session_store::Error::Backend(format!("{UNAVAILABLE}{e}"))
    } else {
        session_store::Error::Backend(e.to_string())
    }
}

/// Whether a session error was caused by an unavailable database.
pub fn is_unavailable(e: &tower_sessions::session::Error) -> bool {
    matches!(
        e,
        tower_sessions::session::Error::Store(session_store::Error::Backend(m))
            if m.starts_with(UNAVAILABLE)
    )
}

fn encode(record: &Record) -> session_store::Result<(String, Option<i64>, i64)> {
    let data =
        serde_json::to_string(record).map_err(|e| session_store::Error::Encode(e.to_string()))?;
    let user_id = record.data.get(USER_ID).and_then(|v| v.as_i64());
    Ok((data, user_id, record.expiry_date.unix_timestamp()))
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        loop {
            let (data, user_id, expires) = encode(record)?;
            let res = sqlx::query(
                "INSERT INTO sessions (id, user_id, data, expires_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(record.id.to_string())
            .bind(user_id)
            .bind(data)
            .bind(expires)
            .execute(self.db.pool())
            .await
            .map_err(backend)?;
            if res.rows_affected() == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let (data, user_id, expires) = encode(record)?;
        sqlx::query(
            "INSERT INTO sessions (id, user_id, data, expires_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, data = excluded.data,
               expires_at = excluded.expires_at",
        )
        .bind(record.id.to_string())
        .bind(user_id)
        .bind(data)
        .bind(expires)
        .execute(self.db.pool())
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT data FROM sessions WHERE id = $1 AND expires_at > $2")
                .bind(id.to_string())
                .bind(now_unix())
                .fetch_optional(self.db.pool())
                .await
                .map_err(backend)?;
        match row {
            Some((data,)) => serde_json::from_str(&data)
                .map(Some)
                .map_err(|e| session_store::Error::Decode(e.to_string())),
            None => Ok(None),
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id.to_string())
            .execute(self.db.pool())
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now_unix())
            .execute(self.db.pool())
            .await
            .map_err(backend)?;
        Ok(())
    }
}
