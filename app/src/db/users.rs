//! Accounts and their memberships in organisations.

use super::{Db, DbError, now_unix};
use sqlx::{Any, Executor};

#[derive(Debug, Clone, PartialEq)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub language: String,
    pub is_operator: bool,
    pub disabled: bool,
}

type RawUser = (i64, String, String, String, String, i64, i64);

fn from_raw(r: RawUser) -> UserRow {
    UserRow {
        id: r.0,
        email: r.1,
        display_name: r.2,
        password_hash: r.3,
        language: r.4,
        is_operator: r.5 != 0,
        disabled: r.6 != 0,
    }
}

const COLS: &str = "id, email, display_name, password_hash, language, is_operator, disabled";

/// E-mail addresses are compared and stored trimmed and lower-cased.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub language: &'a str,
    pub is_operator: bool,
}

pub async fn insert<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    u: &NewUser<'_>,
) -> Result<i64, DbError> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO users (email, display_name, password_hash, language, is_operator, disabled, created_at)
         VALUES ($1, $2, $3, $4, $5, 0, $6) RETURNING id",
    )
    .bind(normalise_email(u.email))
    .bind(u.display_name.trim())
    .bind(u.password_hash)
    .bind(u.language)
    .bind(i64::from(u.is_operator))
    .bind(now_unix())
    .fetch_one(ex)
    .await?;
    Ok(id)
}

pub async fn by_email<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    email: &str,
) -> Result<Option<UserRow>, DbError> {
    let row: Option<RawUser> =
        sqlx::query_as(&format!("SELECT {COLS} FROM users WHERE email = $1"))
            .bind(normalise_email(email))
            .fetch_optional(ex)
            .await?;
    Ok(row.map(from_raw))
}

pub async fn by_id(db: &Db, user_id: i64) -> Result<Option<UserRow>, DbError> {
    let row: Option<RawUser> = sqlx::query_as(&format!("SELECT {COLS} FROM users WHERE id = $1"))
        .bind(user_id)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(from_raw))
}

pub async fn set_password_hash<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
    hash: &str,
) -> Result<(), DbError> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(user_id)
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn set_operator<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
    is_operator: bool,
) -> Result<(), DbError> {
    sqlx::query("UPDATE users SET is_operator = $1 WHERE id = $2")
        .bind(i64::from(is_operator))
        .bind(user_id)
        .execute(ex)
        .await?;
    Ok(())
}

/// Roles an account holds in organisations.
#[derive(Debug, Clone, PartialEq)]
pub struct MembershipRow {
    pub org_id: i64,
    pub org_name: String,
    pub role: String,
}

pub async fn add_membership<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
    org_id: i64,
    role: &str,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO memberships (user_id, org_id, role, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(user_id)
    .bind(org_id)
    .bind(role)
    .bind(now_unix())
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn memberships(db: &Db, user_id: i64) -> Result<Vec<MembershipRow>, DbError> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT m.org_id, o.name, m.role FROM memberships m
         JOIN organisations o ON o.id = m.org_id
         WHERE m.user_id = $1 AND o.disabled = 0
         ORDER BY o.name",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(org_id, org_name, role)| MembershipRow {
            org_id,
            org_name,
            role,
        })
        .collect())
}

/// The caller's role in one organisation (tenant check), if any.
pub async fn role_in(db: &Db, user_id: i64, org_id: i64) -> Result<Option<String>, DbError> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT m.role FROM memberships m JOIN organisations o ON o.id = m.org_id
         WHERE m.user_id = $1 AND m.org_id = $2 AND o.disabled = 0",
    )
    .bind(user_id)
    .bind(org_id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|r| r.0))
}

/// End every session of an account (sign-out everywhere, password change,
/// account disabled).
pub async fn delete_sessions<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
) -> Result<u64, DbError> {
    let res = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(ex)
        .await?;
    Ok(res.rows_affected())
}
