//! How a campaign's responses come in (table `campaign_intake`): headcounts
//! per department, shared-link starts and refused bursts. Read by the
//! anonymity gate's padding rule and shown to the org admin.

use super::{Db, DbError};
use sqlx::{Any, Executor};
use std::collections::BTreeMap;

/// One campaign's row (zeros and no headcounts when it has none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntakeRow {
    pub headcounts: BTreeMap<String, i64>,
    pub shared_starts: i64,
    pub refused_starts: i64,
    pub last_refused_on: Option<String>,
}

pub async fn get<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    campaign_id: i64,
) -> Result<IntakeRow, DbError> {
    let row: Option<(String, i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT headcounts, shared_starts, refused_starts, last_refused_on
         FROM campaign_intake WHERE campaign_id = $1",
    )
    .bind(campaign_id)
    .fetch_optional(ex)
    .await?;
    let Some((headcounts, shared_starts, refused_starts, last_refused_on)) = row else {
        return Ok(IntakeRow::default());
    };
    let headcounts = serde_json::from_str(&headcounts)
        .map_err(|e| DbError::Corrupt(format!("headcounts of campaign {campaign_id}: {e}")))?;
    Ok(IntakeRow {
        headcounts,
        shared_starts,
        refused_starts,
        last_refused_on,
    })
}

/// Count one response started through the shared link or code.
pub async fn count_shared_start<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    campaign_id: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO campaign_intake (campaign_id, shared_starts) VALUES ($1, 1)
         ON CONFLICT (campaign_id) DO UPDATE SET shared_starts = campaign_intake.shared_starts + 1",
    )
    .bind(campaign_id)
    .execute(ex)
    .await?;
    Ok(())
}

/// Count one shared-link start refused for coming too fast from one address.
pub async fn count_refused(db: &Db, campaign_id: i64, today: &str) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO campaign_intake (campaign_id, refused_starts, last_refused_on) VALUES ($1, 1, $2)
         ON CONFLICT (campaign_id) DO UPDATE SET
           refused_starts = campaign_intake.refused_starts + 1, last_refused_on = excluded.last_refused_on",
    )
    .bind(campaign_id)
    .bind(today)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Replace the headcounts of a campaign.
pub async fn set_headcounts<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    campaign_id: i64,
    headcounts: &BTreeMap<String, i64>,
) -> Result<(), DbError> {
    let json = serde_json::to_string(headcounts).map_err(|e| DbError::Corrupt(e.to_string()))?;
    sqlx::query(
        "INSERT INTO campaign_intake (campaign_id, headcounts) VALUES ($1, $2)
         ON CONFLICT (campaign_id) DO UPDATE SET headcounts = excluded.headcounts",
    )
    .bind(campaign_id)
    .bind(json)
    .execute(ex)
    .await?;
    Ok(())
}

/// Departments of a campaign whose submitted responses outnumber their
/// headcount (for the org admin's warning: names only, never counts).
pub async fn over_headcount(db: &Db, campaign_id: i64) -> Result<Vec<String>, DbError> {
    let intake = get(db.pool(), campaign_id).await?;
    if intake.headcounts.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(Option<String>, i64)> = sqlx::query_as(
        "SELECT department, COUNT(*) FROM responses
         WHERE campaign_id = $1 AND status = 'submitted' GROUP BY department",
    )
    .bind(campaign_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(d, n)| {
            let d = d?;
            let head = intake.headcounts.get(&d)?;
            (n > *head).then_some(d)
        })
        .collect())
}
