//! Organisations repository.

use super::{Db, DbError, now_unix};
use crate::domain::org::{Ambition, Country, OrgKind, SizeBand};

/// A new organisation, validated by the caller's domain types.
#[derive(Debug, Clone)]
pub struct NewOrg {
    pub name: String,
    pub country: Country,
    pub kind: OrgKind,
    pub population: i64,
    pub ambition: Ambition,
    pub named_benchmarking: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrgRow {
    pub id: i64,
    pub name: String,
    pub country: String,
    pub kind: String,
    pub population: i64,
    pub size_band: String,
    pub ambition: String,
    pub named_benchmarking: bool,
    pub disabled: bool,
}

type RawOrg = (i64, String, String, String, i64, String, String, i64, i64);

fn from_raw(r: RawOrg) -> OrgRow {
    OrgRow {
        id: r.0,
        name: r.1,
        country: r.2,
        kind: r.3,
        population: r.4,
        size_band: r.5,
        ambition: r.6,
        named_benchmarking: r.7 != 0,
        disabled: r.8 != 0,
    }
}

const COLS: &str =
    "id, name, country, kind, population, size_band, ambition, named_benchmarking, disabled";

pub async fn insert<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    ex: E,
    org: &NewOrg,
) -> Result<i64, DbError> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO organisations
           (name, country, kind, population, size_band, ambition, named_benchmarking, disabled, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8)
         RETURNING id",
    )
    .bind(org.name.trim())
    .bind(org.country.as_str())
    .bind(org.kind.code())
    .bind(org.population)
    .bind(SizeBand::from_population(org.population).code())
    .bind(org.ambition.code())
    .bind(i64::from(org.named_benchmarking))
    .bind(now_unix())
    .fetch_one(ex)
    .await?;
    Ok(id)
}

/// One organisation by id (the tenant id itself).
pub async fn get(db: &Db, org_id: i64) -> Result<Option<OrgRow>, DbError> {
    let row: Option<RawOrg> =
        sqlx::query_as(&format!("SELECT {COLS} FROM organisations WHERE id = $1"))
            .bind(org_id)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(from_raw))
}

/// Number of active organisations per country, most first (platform-wide, no
/// tenant data beyond a count).
pub async fn count_by_country(db: &Db) -> Result<Vec<(String, i64)>, DbError> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT country, COUNT(*) FROM organisations WHERE disabled = 0
         GROUP BY country ORDER BY COUNT(*) DESC, country",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(rows)
}

/// Every organisation with its number of members (operator).
#[allow(clippy::type_complexity)]
pub async fn list_with_member_counts(db: &Db) -> Result<Vec<(OrgRow, i64)>, DbError> {
    let rows: Vec<(
        i64,
        String,
        String,
        String,
        i64,
        String,
        String,
        i64,
        i64,
        i64,
    )> = sqlx::query_as(
        "SELECT o.id, o.name, o.country, o.kind, o.population, o.size_band, o.ambition,
                    o.named_benchmarking, o.disabled,
                    (SELECT COUNT(*) FROM memberships m WHERE m.org_id = o.id)
             FROM organisations o ORDER BY o.name, o.id",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (from_raw((r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8)), r.9))
        .collect())
}

pub async fn count(db: &Db) -> Result<i64, DbError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM organisations")
        .fetch_one(db.pool())
        .await?;
    Ok(n)
}
