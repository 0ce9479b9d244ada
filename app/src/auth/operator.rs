//! Operator actions on organisations (server only).

use super::service::{SignUp, validate_sign_up};
use crate::AppError;
use crate::db::{Db, DbError, audit};
use crate::domain::org::SizeBand;

/// Edit an organisation's profile; the same validation as sign-up.
#[allow(clippy::too_many_arguments)]
pub async fn update_org(
    db: &Db,
    actor_id: i64,
    org_id: i64,
    name: &str,
    country: &str,
    kind: &str,
    population: &str,
    ambition: &str,
) -> Result<(), AppError> {
    // Reuse the sign-up rules for the organisation fields.
    let v = validate_sign_up(SignUp {
        org_name: name.into(),
        country: country.into(),
        kind: kind.into(),
        population: population.into(),
        ambition: ambition.into(),
        display_name: "x".into(),
        email: "x@x.example".into(),
        password: "not-checked-here-000".into(),
        language: "en".into(),
    })?;
    let result: Result<u64, DbError> = async {
        let mut tx = db.pool().begin().await?;
        let res = sqlx::query(
            "UPDATE organisations SET name = $1, country = $2, kind = $3, population = $4,
               size_band = $5, ambition = $6 WHERE id = $7",
        )
        .bind(&v.org.name)
        .bind(v.org.country.as_str())
        .bind(v.org.kind.code())
        .bind(v.org.population)
        .bind(SizeBand::from_population(v.org.population).code())
        .bind(v.org.ambition.code())
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
        let mut tx = db.pool().begin().await?;
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
