//! Targets service (server only): every save is one transaction that adds a
//! history row for each changed strategy and an audit entry.

use super::{TargetChange, TargetInput, Targets};
use crate::AppError;
use crate::db::{Db, audit, now_unix};

fn internal(ctx: &'static str) -> impl Fn(sqlx::Error) -> AppError {
    move |e| AppError::internal(ctx, &e)
}

pub async fn targets(db: &Db, org_id: i64) -> Result<Targets, AppError> {
    let current = crate::benchmark::dashboard::targets(db, org_id).await?;
    let rows: Vec<(String, f64, i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT t.strategy, t.level, t.target_year, t.set_at, u.display_name
         FROM targets t LEFT JOIN users u ON u.id = t.set_by
         WHERE t.org_id = $1 ORDER BY t.id DESC",
    )
    .bind(org_id)
    .fetch_all(db.pool())
    .await
    .map_err(internal("target history"))?;
    Ok(Targets {
        current,
        history: rows
            .into_iter()
            .map(
                |(strategy, level, target_year, set_at, set_by)| TargetChange {
                    strategy,
                    level,
                    target_year,
                    set_at,
                    set_by,
                },
            )
            .collect(),
    })
}

/// Save the targets that changed. Returns how many changed.
pub async fn save(
    db: &Db,
    org_id: i64,
    actor_id: i64,
    input: &[TargetInput],
) -> Result<usize, AppError> {
    let current = crate::benchmark::dashboard::targets(db, org_id).await?;
    let changed = crate::plan::changed_targets(&current, input);
    if changed.is_empty() {
        return Ok(0);
    }
    let mut tx = db.begin_write().await.map_err(internal("tx"))?;
    for t in &changed {
        sqlx::query(
            "INSERT INTO targets (org_id, strategy, level, target_year, set_by, set_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(org_id)
        .bind(&t.strategy)
        .bind(t.level)
        .bind(t.target_year)
        .bind(actor_id)
        .bind(now_unix())
        .execute(&mut *tx)
        .await
        .map_err(internal("insert target"))?;
    }
    audit::record(
        &mut *tx,
        Some(org_id),
        Some(actor_id),
        "targets.set",
        &changed
            .iter()
            .map(|t| t.strategy.as_str())
            .collect::<Vec<_>>()
            .join(","),
    )
    .await
    .map_err(|e| AppError::internal("audit", &e))?;
    tx.commit().await.map_err(internal("commit"))?;
    Ok(changed.len())
}
