//! Audit log: who did what to whom, and when. Never passwords or tokens.

use super::{Db, DbError, now_unix};
use sqlx::{Any, Executor};

#[derive(Debug, Clone, PartialEq)]
pub struct AuditRow {
    pub id: i64,
    pub org_id: Option<i64>,
    pub actor_user_id: Option<i64>,
    pub action: String,
    pub target: String,
    pub created_at: i64,
}

pub async fn record<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    org_id: Option<i64>,
    actor_user_id: Option<i64>,
    action: &str,
    target: &str,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO audit_log (org_id, actor_user_id, action, target, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(org_id)
    .bind(actor_user_id)
    .bind(action)
    .bind(target)
    .bind(now_unix())
    .execute(ex)
    .await?;
    Ok(())
}

/// Entries about one organisation (for its admins), newest first.
pub async fn for_org(db: &Db, org_id: i64, limit: i64) -> Result<Vec<AuditRow>, DbError> {
    let rows: Vec<RawAudit> = sqlx::query_as(
        "SELECT id, org_id, actor_user_id, action, target, created_at FROM audit_log
         WHERE org_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(org_id)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(to_row).collect())
}

/// Every entry (operator), newest first.
pub async fn all(db: &Db, limit: i64) -> Result<Vec<AuditRow>, DbError> {
    let rows: Vec<RawAudit> = sqlx::query_as(
        "SELECT id, org_id, actor_user_id, action, target, created_at FROM audit_log
         ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(to_row).collect())
}

type RawAudit = (i64, Option<i64>, Option<i64>, String, String, i64);

fn to_row(r: RawAudit) -> AuditRow {
    AuditRow {
        id: r.0,
        org_id: r.1,
        actor_user_id: r.2,
        action: r.3,
        target: r.4,
        created_at: r.5,
    }
}
