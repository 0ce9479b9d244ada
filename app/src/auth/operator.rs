//! Operator actions on organisations (server only).

use super::service::validate_org;
use crate::AppError;
use crate::db::{Db, DbError, audit};
use crate::domain::org::SizeBand;

/// The editable profile of an organisation.
pub struct ProfileEdit<'a> {
    pub name: &'a str,
    pub country: &'a str,
    pub kind: &'a str,
    pub population: &'a str,
    pub ambition: &'a str,
    /// Named benchmarking (sharing setting); `None` leaves it as it is.
    pub named_benchmarking: Option<bool>,
}

/// Edit an organisation's profile (operator, or the organisation's admin);
/// the same validation as sign-up.
pub async fn update_org(
    db: &Db,
    actor_id: i64,
    org_id: i64,
    edit: &ProfileEdit<'_>,
) -> Result<(), AppError> {
    let org = validate_org(
        edit.name,
        edit.country,
        edit.kind,
        edit.population,
        edit.ambition,
    )?;
    let result: Result<u64, DbError> = async {
        let mut tx = db.begin_write().await?;
        let res = sqlx::query(
            "UPDATE organisations SET name = $1, country = $2, kind = $3, population = $4,
               size_band = $5, ambition = $6,
               named_benchmarking = COALESCE($7, named_benchmarking) WHERE id = $8",
        )
        .bind(&org.name)
        .bind(org.country.as_str())
        .bind(org.kind.code())
        .bind(org.population)
        .bind(SizeBand::from_population(org.population).code())
        .bind(org.ambition.code())
        .bind(edit.named_benchmarking.map(i64::from))
        .bind(org_id)
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut *tx,
            Some(org_id),
            Some(actor_id),
            "org.updated",
            &format!("org:{org_id}"),
        )
        .await?;
        tx.commit().await?;
        Ok(res.rows_affected())
    }
    .await;
    match result {
        Ok(0) => Err(AppError::NotFound),
        Ok(_) => Ok(()),
        Err(e) => Err(AppError::internal("update org", &e)),
    }
}

/// Disable (or enable) an organisation. A disabled organisation disappears
/// from its members' reach and from peer groups; nothing is deleted.
pub async fn set_org_disabled(
    db: &Db,
    actor_id: i64,
    org_id: i64,
    disabled: bool,
) -> Result<(), AppError> {
    let result: Result<u64, DbError> = async {
        let mut tx = db.begin_write().await?;
        let res = sqlx::query("UPDATE organisations SET disabled = $1 WHERE id = $2")
            .bind(i64::from(disabled))
            .bind(org_id)
            .execute(&mut *tx)
            .await?;
        let action = if disabled {
            "org.disabled"
        } else {
            "org.enabled"
        };
        audit::record(
            &mut *tx,
            Some(org_id),
            Some(actor_id),
            action,
            &format!("org:{org_id}"),
        )
        .await?;
        tx.commit().await?;
        Ok(res.rows_affected())
    }
    .await;
    match result {
        Ok(0) => Err(AppError::NotFound),
        Ok(_) => Ok(()),
        Err(e) => Err(AppError::internal("disable org", &e)),
    }
}
