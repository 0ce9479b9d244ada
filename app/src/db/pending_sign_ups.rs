//! Sign-ups waiting for the owner of the address to open the mailed link
//! (issue 23, leak 8). Only the SHA-256 of the link's token is stored
//! ([`super::tokens::hash_token`], as for invitations and resets). At most
//! one pending sign-up per address: a new one replaces the earlier one, so
//! only the newest link works.

use super::tokens::hash_token;
use super::{Db, DbError, now_unix};
use sqlx::{Any, Executor};

#[derive(Debug, Clone, PartialEq)]
pub struct PendingRow {
    pub id: i64,
    pub email: String,
    /// JSON: [`crate::auth::service::PendingSignUp`].
    pub payload: String,
    pub expires_at: i64,
}

/// Forget every pending sign-up of `email` (before storing a new one).
pub async fn delete_for_email<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    email: &str,
) -> Result<u64, DbError> {
    let r = sqlx::query("DELETE FROM pending_sign_ups WHERE email = $1")
        .bind(email)
        .execute(ex)
        .await?;
    Ok(r.rows_affected())
}

pub async fn insert<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    token: &str,
    email: &str,
    payload: &str,
    ttl_secs: i64,
) -> Result<i64, DbError> {
    let now = now_unix();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO pending_sign_ups (token_hash, email, payload, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(hash_token(token))
    .bind(email)
    .bind(payload)
    .bind(now)
    .bind(now + ttl_secs)
    .fetch_one(ex)
    .await?;
    Ok(id)
}

/// The pending sign-up of `token`, unless unknown or expired.
pub async fn find_valid<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    token: &str,
) -> Result<Option<PendingRow>, DbError> {
    let row: Option<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT id, email, payload, expires_at FROM pending_sign_ups
         WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(hash_token(token))
    .bind(now_unix())
    .fetch_optional(ex)
    .await?;
    Ok(row.map(|(id, email, payload, expires_at)| PendingRow {
        id,
        email,
        payload,
        expires_at,
    }))
}

/// Use up a pending sign-up; false when it was used meanwhile (a concurrent
/// confirmation won).
pub async fn take<'e, E: Executor<'e, Database = Any>>(ex: E, id: i64) -> Result<bool, DbError> {
    let r = sqlx::query("DELETE FROM pending_sign_ups WHERE id = $1")
        .bind(id)
        .execute(ex)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Delete expired pending sign-ups (periodic cleanup). Returns how many.
pub async fn delete_expired(db: &Db) -> Result<u64, DbError> {
    let r = sqlx::query("DELETE FROM pending_sign_ups WHERE expires_at <= $1")
        .bind(now_unix())
        .execute(db.pool())
        .await?;
    Ok(r.rows_affected())
}
