//! Questionnaire versions and campaigns. Every campaign query takes the
//! organisation id (tenant) except the respondent's look-ups by code.

use super::{Db, DbError, now_unix};
use sqlx::{Any, Executor};

#[derive(Debug, Clone, PartialEq)]
pub struct VersionRow {
    pub id: i64,
    pub version: String,
    pub document: String,
    pub published_at: i64,
}

/// A published questionnaire version, parsed once per process.
#[derive(Debug)]
pub struct ParsedVersion {
    pub document: String,
    pub questionnaire: crate::domain::questionnaire::Questionnaire,
}

/// Cache of [`ParsedVersion`]s, kept by [`Db`] (one per database).
#[derive(Debug, Default)]
pub struct VersionCache(
    std::sync::RwLock<std::collections::HashMap<i64, std::sync::Arc<ParsedVersion>>>,
);

/// The parsed version `id` (cached: published versions never change). `Ok(None)`
/// when it does not exist; `Err(Corrupt)` when the stored document does not parse.
pub async fn parsed_version(
    db: &Db,
    id: i64,
) -> Result<Option<std::sync::Arc<ParsedVersion>>, DbError> {
    cached_version(&db.versions, db.pool(), id).await
}

/// [`parsed_version`] for a holder of the cache, reading through `ex` on a miss
/// (the survey writer passes its own transaction: while it holds the write
/// lock it must not wait for another pool connection).
pub(crate) async fn cached_version<'e, E: Executor<'e, Database = Any>>(
    cache: &VersionCache,
    ex: E,
    id: i64,
) -> Result<Option<std::sync::Arc<ParsedVersion>>, DbError> {
    if let Ok(map) = cache.0.read()
        && let Some(v) = map.get(&id)
    {
        return Ok(Some(v.clone()));
    }
    let Some(row) = version_row(ex, id).await? else {
        return Ok(None);
    };
    let questionnaire = crate::domain::questionnaire::parse(&row.document)
        .map_err(|p| DbError::Corrupt(format!("questionnaire version {id} does not parse: {p}")))?;
    let parsed = std::sync::Arc::new(ParsedVersion {
        document: row.document,
        questionnaire,
    });
    if let Ok(mut map) = cache.0.write() {
        map.insert(id, parsed.clone());
    }
    Ok(Some(parsed))
}

pub async fn versions(db: &Db) -> Result<Vec<VersionRow>, DbError> {
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT id, version, document, published_at FROM questionnaire_versions ORDER BY id",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, version, document, published_at)| VersionRow {
            id,
            version,
            document,
            published_at,
        })
        .collect())
}

pub async fn version_by_id(db: &Db, id: i64) -> Result<Option<VersionRow>, DbError> {
    version_row(db.pool(), id).await
}

async fn version_row<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    id: i64,
) -> Result<Option<VersionRow>, DbError> {
    let row: Option<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT id, version, document, published_at FROM questionnaire_versions WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(ex)
    .await?;
    Ok(row.map(|(id, version, document, published_at)| VersionRow {
        id,
        version,
        document,
        published_at,
    }))
}

/// Publish a version (insert only: published versions are never changed).
pub async fn insert_version<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    version: &str,
    document: &str,
) -> Result<i64, DbError> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO questionnaire_versions (version, document, published_at) VALUES ($1, $2, $3)
         RETURNING id",
    )
    .bind(version)
    .bind(document)
    .bind(now_unix())
    .fetch_one(ex)
    .await?;
    Ok(id)
}

/// How many campaigns run a version.
pub async fn count_for_version(db: &Db, version_id: i64) -> Result<i64, DbError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM campaigns WHERE version_id = $1")
        .bind(version_id)
        .fetch_one(db.pool())
        .await?;
    Ok(n)
}

#[derive(Debug, Clone, PartialEq)]
pub struct CampaignRow {
    pub id: i64,
    pub org_id: i64,
    pub version_id: i64,
    pub year: i64,
    pub name: String,
    pub state: String,
    pub departments: Vec<String>,
    pub shared_code: String,
    pub tokens_issued: i64,
    pub closed_at: Option<i64>,
}

type RawCampaign = (
    i64,
    i64,
    i64,
    i64,
    String,
    String,
    String,
    String,
    i64,
    Option<i64>,
);

fn from_raw(r: RawCampaign) -> CampaignRow {
    CampaignRow {
        id: r.0,
        org_id: r.1,
        version_id: r.2,
        year: r.3,
        name: r.4,
        state: r.5,
        departments: serde_json::from_str(&r.6).unwrap_or_default(),
        shared_code: r.7,
        tokens_issued: r.8,
        closed_at: r.9,
    }
}

const COLS: &str =
    "id, org_id, version_id, year, name, state, departments, shared_code, tokens_issued, closed_at";

pub struct NewCampaign<'a> {
    pub org_id: i64,
    pub version_id: i64,
    pub year: i64,
    pub name: &'a str,
    pub departments: &'a [String],
    pub shared_code: &'a str,
}

pub async fn insert<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    c: &NewCampaign<'_>,
) -> Result<i64, DbError> {
    let departments =
        serde_json::to_string(c.departments).map_err(|e| DbError::Corrupt(e.to_string()))?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO campaigns (org_id, version_id, year, name, state, departments, shared_code, created_at)
         VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7) RETURNING id",
    )
    .bind(c.org_id)
    .bind(c.version_id)
    .bind(c.year)
    .bind(c.name)
    .bind(departments)
    .bind(c.shared_code)
    .bind(now_unix())
    .fetch_one(ex)
    .await?;
    Ok(id)
}

/// A campaign of one organisation (tenant-scoped).
pub async fn get(db: &Db, org_id: i64, campaign_id: i64) -> Result<Option<CampaignRow>, DbError> {
    let row: Option<RawCampaign> = sqlx::query_as(&format!(
        "SELECT {COLS} FROM campaigns WHERE id = $1 AND org_id = $2"
    ))
    .bind(campaign_id)
    .bind(org_id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(from_raw))
}

pub async fn list(db: &Db, org_id: i64) -> Result<Vec<CampaignRow>, DbError> {
    let rows: Vec<RawCampaign> = sqlx::query_as(&format!(
        "SELECT {COLS} FROM campaigns WHERE org_id = $1 ORDER BY year DESC, id DESC"
    ))
    .bind(org_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(from_raw).collect())
}

/// Respondent look-up by the shared campaign code.
pub async fn by_shared_code<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    code: &str,
) -> Result<Option<CampaignRow>, DbError> {
    let row: Option<RawCampaign> = sqlx::query_as(&format!(
        "SELECT {COLS} FROM campaigns WHERE shared_code = $1"
    ))
    .bind(code)
    .fetch_optional(ex)
    .await?;
    Ok(row.map(from_raw))
}

/// Respondent look-up by id (after a token or resume code led to it).
pub async fn by_id<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    id: i64,
) -> Result<Option<CampaignRow>, DbError> {
    let row: Option<RawCampaign> =
        sqlx::query_as(&format!("SELECT {COLS} FROM campaigns WHERE id = $1"))
            .bind(id)
            .fetch_optional(ex)
            .await?;
    Ok(row.map(from_raw))
}

/// A survey response as its respondent's requests read it.
#[derive(Debug, Clone)]
pub struct ResponseRow {
    pub id: String,
    pub status: String,
    pub language: String,
    pub answers: String,
}

/// Open the survey writer's transaction and read the drafts behind these
/// resume hashes, with their campaigns: `(resume_hash, response, campaign)`.
/// The caller commits, or rolls back on any failure.
///
/// On SQLite, `BEGIN IMMEDIATE` (the database's write lock) travels in one
/// statement with the read: one round trip to the connection's thread instead
/// of two (under load each round trip waits for that thread to get a CPU).
/// On PostgreSQL the responses are locked for update and the campaigns
/// shared, so that another writer waits and a concurrent close waits for this
/// commit (or wins first, and is then seen here).
pub(crate) async fn begin_and_read_drafts(
    conn: &mut sqlx::AnyConnection,
    backend: super::Backend,
    resume_hashes: &[&str],
) -> Result<Vec<(String, ResponseRow, CampaignRow)>, DbError> {
    use sqlx::Row;
    let Some(last) = resume_hashes.last() else {
        return Err(DbError::Corrupt("a survey batch without drafts".into()));
    };
    if backend == super::Backend::Postgres {
        sqlx::query("BEGIN").execute(&mut *conn).await?;
    }
    // A padded list (the last hash repeated): a few statement shapes that
    // stay in each connection's prepared-statement cache.
    static SQLITE: super::BatchSql =
        super::BatchSql::new(|len| drafts_sql(super::Backend::Sqlite, len));
    static POSTGRES: super::BatchSql =
        super::BatchSql::new(|len| drafts_sql(super::Backend::Postgres, len));
    let (sql, len) = match backend {
        super::Backend::Sqlite => SQLITE.get(resume_hashes.len()),
        super::Backend::Postgres => POSTGRES.get(resume_hashes.len()),
    };
    let mut q = sqlx::query(&sql);
    for i in 0..len {
        q = q.bind(resume_hashes.get(i).unwrap_or(last));
    }
    let rows = q.fetch_all(&mut *conn).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let (response, campaign) = response_and_campaign(&row)?;
        out.push((row.try_get(14)?, response, campaign));
    }
    Ok(out)
}

/// [`begin_and_read_drafts`]'s query for `len` hashes.
fn drafts_sql(backend: super::Backend, len: usize) -> String {
    let params: Vec<String> = (1..=len).map(|i| super::placeholder(backend, i)).collect();
    let (begin, lock) = match backend {
        super::Backend::Sqlite => ("BEGIN IMMEDIATE; ", ""),
        super::Backend::Postgres => ("", " FOR UPDATE OF r FOR SHARE OF c"),
    };
    format!(
        "{begin}SELECT {}, r.resume_hash FROM responses r
         JOIN campaigns c ON c.id = r.campaign_id WHERE r.resume_hash IN ({}){lock}",
        *RESPONSE_AND_CAMPAIGN,
        params.join(", ")
    )
}

/// The response with this resume-code hash and its campaign, in one query
/// (the survey form loads its draft here; autosaves and submissions read theirs
/// in the survey writer's transaction, [`begin_and_read_drafts`]).
pub async fn response_by_resume_hash<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    resume_hash: &str,
) -> Result<Option<(ResponseRow, CampaignRow)>, DbError> {
    let sql = format!(
        "SELECT {} FROM responses r
         JOIN campaigns c ON c.id = r.campaign_id WHERE r.resume_hash = $1",
        *RESPONSE_AND_CAMPAIGN
    );
    let Some(row) = sqlx::query(&sql)
        .bind(resume_hash)
        .fetch_optional(ex)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(response_and_campaign(&row)?))
}

/// A response's columns, then its campaign's ([`COLS`]), as
/// [`response_and_campaign`] reads them.
static RESPONSE_AND_CAMPAIGN: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let cols: Vec<String> = COLS.split(", ").map(|c| format!("c.{c}")).collect();
    format!("r.id, r.status, r.language, r.answers, {}", cols.join(", "))
});

fn response_and_campaign(row: &sqlx::any::AnyRow) -> Result<(ResponseRow, CampaignRow), DbError> {
    use sqlx::Row;
    let response = ResponseRow {
        id: row.try_get(0)?,
        status: row.try_get(1)?,
        language: row.try_get(2)?,
        answers: row.try_get(3)?,
    };
    let raw: RawCampaign = (
        row.try_get(4)?,
        row.try_get(5)?,
        row.try_get(6)?,
        row.try_get(7)?,
        row.try_get(8)?,
        row.try_get(9)?,
        row.try_get(10)?,
        row.try_get(11)?,
        row.try_get(12)?,
        row.try_get(13)?,
    );
    Ok((response, from_raw(raw)))
}

/// Move draft → open or open → closed; false if the campaign was not in `from`.
pub async fn transition<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    org_id: i64,
    campaign_id: i64,
    from: &str,
    to: &str,
) -> Result<bool, DbError> {
    let column = if to == "open" {
        "opened_at"
    } else {
        "closed_at"
    };
    let res = sqlx::query(&format!(
        "UPDATE campaigns SET state = $1, {column} = $2 WHERE id = $3 AND org_id = $4 AND state = $5"
    ))
    .bind(to)
    .bind(now_unix())
    .bind(campaign_id)
    .bind(org_id)
    .bind(from)
    .execute(ex)
    .await?;
    Ok(res.rows_affected() == 1)
}

/// Submitted responses and issued tokens (the only figures shown while open).
pub async fn counts(db: &Db, campaign_id: i64) -> Result<(i64, i64), DbError> {
    let (submitted, issued): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM responses WHERE campaign_id = $1 AND status = 'submitted'),
                (SELECT tokens_issued FROM campaigns WHERE id = $1)",
    )
    .bind(campaign_id)
    .fetch_one(db.pool())
    .await?;
    Ok((submitted, issued))
}
