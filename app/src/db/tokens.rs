//! Single-use, expiring tokens for invitations and password resets. Only the
//! SHA-256 of a token is stored.

use super::{Db, DbError, now_unix};
use sha2::{Digest, Sha256};
use sqlx::{Any, Executor};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Invite,
    Reset,
}

impl TokenKind {
    pub fn code(self) -> &'static str {
        match self {
            TokenKind::Invite => "invite",
            TokenKind::Reset => "reset",
        }
    }
}

/// A fresh random token (256 bits, hex) for a link.
pub fn new_token() -> String {
    use rand::RngCore;
    let mut buf = [0u8; 32];
    rand::rng().fill_bytes(&mut buf);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.trim().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct TokenRow {
    pub id: i64,
    pub email: String,
    pub org_id: Option<i64>,
    pub role: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

pub struct NewToken<'a> {
    pub kind: TokenKind,
    pub token: &'a str,
    pub email: &'a str,
    pub org_id: Option<i64>,
    pub role: Option<&'a str>,
    pub created_by: Option<i64>,
    pub ttl_secs: i64,
}

pub async fn insert<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    t: &NewToken<'_>,
) -> Result<i64, DbError> {
    let now = now_unix();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO auth_tokens (kind, token_hash, email, org_id, role, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(t.kind.code())
    .bind(hash_token(t.token))
    .bind(t.email)
    .bind(t.org_id)
    .bind(t.role)
    .bind(t.created_by)
    .bind(now)
    .bind(now + t.ttl_secs)
    .fetch_one(ex)
    .await?;
    Ok(id)
}

type RawToken = (
    i64,
    String,
    Option<i64>,
    Option<String>,
    i64,
    i64,
    Option<i64>,
);

/// A token that is unused and not expired.
pub async fn find_valid<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    kind: TokenKind,
    token: &str,
) -> Result<Option<TokenRow>, DbError> {
    let row: Option<RawToken> = sqlx::query_as(
        "SELECT id, email, org_id, role, created_at, expires_at, used_at FROM auth_tokens
         WHERE kind = $1 AND token_hash = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(kind.code())
    .bind(hash_token(token))
    .bind(now_unix())
    .fetch_optional(ex)
    .await?;
    Ok(row.map(|r| TokenRow {
        id: r.0,
        email: r.1,
        org_id: r.2,
        role: r.3,
        created_at: r.4,
        expires_at: r.5,
        used_at: r.6,
    }))
}

/// Mark used; false when it was used meanwhile (a concurrent request won).
pub async fn mark_used<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    id: i64,
) -> Result<bool, DbError> {
    let res = sqlx::query("UPDATE auth_tokens SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
        .bind(now_unix())
        .bind(id)
        .execute(ex)
        .await?;
    Ok(res.rows_affected() == 1)
}

/// Tokens of one kind created for an e-mail address since `since`.
pub async fn count_recent(
    db: &Db,
    kind: TokenKind,
    email: &str,
    since: i64,
) -> Result<i64, DbError> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM auth_tokens WHERE kind = $1 AND email = $2 AND created_at >= $3",
    )
    .bind(kind.code())
    .bind(email)
    .bind(since)
    .fetch_one(db.pool())
    .await?;
    Ok(n)
}

/// Open invitations of an organisation (for its admins).
pub async fn open_invitations(db: &Db, org_id: i64) -> Result<Vec<TokenRow>, DbError> {
    let rows: Vec<RawToken> = sqlx::query_as(
        "SELECT id, email, org_id, role, created_at, expires_at, used_at FROM auth_tokens
         WHERE kind = 'invite' AND org_id = $1 AND used_at IS NULL AND expires_at > $2
         ORDER BY id DESC",
    )
    .bind(org_id)
    .bind(now_unix())
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TokenRow {
            id: r.0,
            email: r.1,
            org_id: r.2,
            role: r.3,
            created_at: r.4,
            expires_at: r.5,
            used_at: r.6,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = new_token();
        let b = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(hash_token(&a), hash_token(&format!(" {a} ")));
        assert_ne!(hash_token(&a), a);
        assert_eq!(hash_token(&a).len(), 64);
    }
}
