//! Platform-wide key/value settings (not tenant data).

use super::{Db, DbError, now_unix};

/// Read a setting.
pub async fn get(db: &Db, key: &str) -> Result<Option<String>, DbError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT value FROM app_settings WHERE key = $1")
        .bind(key)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(|r| r.0))
}

/// Insert or replace a setting.
pub async fn put(db: &Db, key: &str, value: &str) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO app_settings (key, value, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(key)
    .bind(value)
    .bind(now_unix())
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Store `value` under `key` unless a value is already there; return the value
/// that is stored afterwards. Safe when several servers start at once.
pub async fn get_or_insert(db: &Db, key: &str, value: &str) -> Result<String, DbError> {
    sqlx::query(
        "INSERT INTO app_settings (key, value, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(value)
    .bind(now_unix())
    .execute(db.pool())
    .await?;
    get(db, key)
        .await?
        .ok_or_else(|| DbError::Corrupt(format!("setting {key} vanished after insert")))
}
