//! Aggregation at close and `reaggregate` (server only). A campaign's
//! aggregates are computed from its submitted responses once, inside the
//! transaction that closes it; `reaggregate` recomputes them (after a scoring
//! change), each campaign in its own transaction, replacing what was stored.

use super::aggregate::{Aggregates, Respondent, aggregate};
use crate::AppError;
use crate::db::{Db, DbError, now_unix};
use crate::domain::questionnaire::{self, Answer};
use sqlx::AnyConnection;
use std::collections::BTreeMap;

/// Rows per multi-row INSERT (well below both backends' bind limits).
const CHUNK: usize = 200;
/// Campaigns recomputed per transaction by [`reaggregate`].
const REAGGREGATE_PER_TX: usize = 100;

fn internal(ctx: &'static str) -> impl Fn(sqlx::Error) -> AppError {
    move |e| AppError::internal(ctx, &e)
}

/// Compute and store the aggregates of one campaign on `conn` (the caller's
/// transaction). Replaces any earlier aggregates. Returns the number of
/// submitted responses and of answers read.
pub async fn aggregate_campaign(
    conn: &mut AnyConnection,
    campaign_id: i64,
) -> Result<(i64, u64), AppError> {
    aggregate_with(conn, campaign_id, &mut Questionnaires::new()).await
}

/// Parsed questionnaire versions by id, for a run over many campaigns.
type Questionnaires = std::collections::HashMap<i64, std::sync::Arc<questionnaire::Questionnaire>>;

async fn aggregate_with(
    conn: &mut AnyConnection,
    campaign_id: i64,
    parsed: &mut Questionnaires,
) -> Result<(i64, u64), AppError> {
    let c = load(conn, campaign_id, parsed).await?.compute()?;
    store(conn, campaign_id, c.org_id, c.year, &c.agg).await?;
    Ok((c.agg.n, c.answers))
}

/// A submitted response as stored: answers (JSON), role, department, tenure.
type ResponseRow = (String, Option<String>, Option<String>, Option<String>);

/// A campaign's submitted responses as read (decoded by [`Loaded::compute`],
/// on the blocking thread).
struct Loaded {
    campaign_id: i64,
    org_id: i64,
    year: i64,
    questionnaire: std::sync::Arc<questionnaire::Questionnaire>,
    rows: Vec<ResponseRow>,
}

/// A campaign's aggregates, ready to be stored.
struct Computed {
    campaign_id: i64,
    org_id: i64,
    year: i64,
    agg: Aggregates,
    answers: u64,
}

impl Loaded {
    fn compute(self) -> Result<Computed, AppError> {
        let mut answers_read = 0u64;
        let mut respondents = Vec::with_capacity(self.rows.len());
        for (json, role, dept, tenure) in self.rows {
            let answers: BTreeMap<String, Answer> = serde_json::from_str(&json).map_err(|e| {
                AppError::internal("stored answers", &DbError::Corrupt(e.to_string()))
            })?;
            answers_read += answers.len() as u64;
            respondents.push(Respondent {
                role_group: role.unwrap_or_default(),
                department: dept.unwrap_or_default(),
                tenure_band: tenure.unwrap_or_default(),
                answers,
            });
        }
        Ok(Computed {
            campaign_id: self.campaign_id,
            org_id: self.org_id,
            year: self.year,
            agg: aggregate(&self.questionnaire, &respondents),
            answers: answers_read,
        })
    }
}

async fn load(
    conn: &mut AnyConnection,
    campaign_id: i64,
    parsed: &mut Questionnaires,
) -> Result<Loaded, AppError> {
    let (org_id, year, version_id): (i64, i64, i64) =
        sqlx::query_as("SELECT org_id, year, version_id FROM campaigns WHERE id = $1")
            .bind(campaign_id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(internal("campaign for aggregation"))?
            .ok_or(AppError::NotFound)?;
    let questionnaire = match parsed.get(&version_id) {
        Some(q) => q.clone(),
        None => {
            let (document,): (String,) =
                sqlx::query_as("SELECT document FROM questionnaire_versions WHERE id = $1")
                    .bind(version_id)
                    .fetch_one(&mut *conn)
                    .await
                    .map_err(internal("questionnaire for aggregation"))?;
            let q = std::sync::Arc::new(questionnaire::parse(&document).map_err(|p| {
                AppError::internal("stored questionnaire", &DbError::Corrupt(p.to_string()))
            })?);
            parsed.insert(version_id, q.clone());
            q
        }
    };
    let rows: Vec<ResponseRow> = sqlx::query_as(
        "SELECT answers, role_group, department, tenure_band FROM responses
         WHERE campaign_id = $1 AND status = 'submitted'",
    )
    .bind(campaign_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal("responses for aggregation"))?;
    Ok(Loaded {
        campaign_id,
        org_id,
        year,
        questionnaire,
        rows,
    })
}

async fn store(
    conn: &mut AnyConnection,
    campaign_id: i64,
    org_id: i64,
    year: i64,
    agg: &Aggregates,
) -> Result<(), AppError> {
    let sqlite = conn.backend_name().eq_ignore_ascii_case("sqlite");
    for table in [
        "campaign_aggregates",
        "campaign_cells",
        "campaign_free_texts",
        "campaign_results",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE campaign_id = $1"))
            .bind(campaign_id)
            .execute(&mut *conn)
            .await
            .map_err(internal("clear aggregates"))?;
    }
    sqlx::query(
        "INSERT INTO campaign_results (campaign_id, org_id, year, n, computed_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(campaign_id)
    .bind(org_id)
    .bind(year)
    .bind(agg.n)
    .bind(now_unix())
    .execute(&mut *conn)
    .await
    .map_err(internal("insert result"))?;
    for chunk in agg.rows.chunks(CHUNK) {
        let sql = values_sql(
            "INSERT INTO campaign_aggregates (campaign_id, breakdown, grp, dimension, n, mean,
             median, sd, q1, q3, ci_lo, ci_hi) VALUES ",
            12,
            chunk.len(),
            sqlite,
        );
        let mut qy = sqlx::query(&sql);
        for r in chunk {
            let s = &r.summary;
            qy = qy
                .bind(campaign_id)
                .bind(r.breakdown)
                .bind(r.grp.as_str())
                .bind(r.dimension)
                .bind(s.n)
                .bind(s.mean)
                .bind(s.median)
                .bind(s.sd)
                .bind(s.q1)
                .bind(s.q3)
                .bind(s.ci_lo)
                .bind(s.ci_hi);
        }
        qy.execute(&mut *conn)
            .await
            .map_err(internal("insert aggregates"))?;
    }
    let cells = super::cells::pack(&agg.cells);
    for chunk in cells.chunks(CHUNK) {
        let sql = values_sql(
            "INSERT INTO campaign_cells (campaign_id, role_group, department, tenure_band,
             n, dimensions) VALUES ",
            6,
            chunk.len(),
            sqlite,
        );
        let mut qy = sqlx::query(&sql);
        for c in chunk {
            qy = qy
                .bind(campaign_id)
                .bind(c.role_group)
                .bind(c.department)
                .bind(c.tenure_band)
                .bind(c.n)
                .bind(c.dimensions.as_str());
        }
        qy.execute(&mut *conn)
            .await
            .map_err(internal("insert cells"))?;
    }
    // Free texts lose their order (and with it any link to the response):
    // a random sort key, read back in that order.
    let keyed: Vec<(String, &str, &str)> = {
        use rand::Rng;
        let mut rng = rand::rng();
        agg.free_texts
            .iter()
            .map(|(item, text)| {
                (
                    format!("{:016x}", rng.random::<u64>()),
                    item.as_str(),
                    text.as_str(),
                )
            })
            .collect()
    };
    for chunk in keyed.chunks(CHUNK) {
        let sql = values_sql(
            "INSERT INTO campaign_free_texts (campaign_id, item_id, sort_key, body) VALUES ",
            4,
            chunk.len(),
            sqlite,
        );
        let mut qy = sqlx::query(&sql);
        for (key, item, text) in chunk {
            qy = qy
                .bind(campaign_id)
                .bind(*item)
                .bind(key.as_str())
                .bind(*text);
        }
        qy.execute(&mut *conn)
            .await
            .map_err(internal("insert free texts"))?;
    }
    Ok(())
}

/// "INSERT … VALUES ($1, …, $cols), (…)" for `rows` rows. SQLite gets
/// anonymous `?` placeholders instead: sqlx resolves each `$n` there through
/// `sqlite3_bind_parameter_name`, a linear scan, which made wide inserts
/// quadratic (39 % of a `reaggregate` profile).
fn values_sql(head: &str, cols: usize, rows: usize, sqlite: bool) -> String {
    let mut sql = String::with_capacity(head.len() + rows * cols * 5);
    sql.push_str(head);
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..cols {
            if c > 0 {
                sql.push_str(", ");
            }
            if sqlite {
                sql.push('?');
            } else {
                sql.push_str(&format!("${}", r * cols + c + 1));
            }
        }
        sql.push(')');
    }
    sql
}

/// What a `reaggregate` run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReaggregateReport {
    pub campaigns: u64,
    pub responses: u64,
    pub answers: u64,
}

/// Recompute the aggregates of closed campaigns: all of them, or (with
/// `only_missing`) those closed without stored results. Idempotent.
///
/// Reading (on a second connection), then decoding and aggregating (on a
/// blocking thread) run one batch ahead of the writes, so that the two use
/// separate cores. (Decoding and aggregating as a third stage of their own
/// measured 5 % slower.) A
/// closed campaign's submitted responses never change (submissions need an
/// open campaign, only drafts are ever deleted); the write transaction
/// still checks that each campaign is closed with the same number of
/// submitted responses and recomputes it in place otherwise.
pub async fn reaggregate(db: &Db, only_missing: bool) -> Result<ReaggregateReport, AppError> {
    let sql = if only_missing {
        "SELECT c.id FROM campaigns c WHERE c.state = 'closed'
         AND NOT EXISTS (SELECT 1 FROM campaign_results r WHERE r.campaign_id = c.id) ORDER BY c.id"
    } else {
        "SELECT id FROM campaigns WHERE state = 'closed' ORDER BY id"
    };
    let ids: Vec<(i64,)> = sqlx::query_as(sql)
        .fetch_all(db.pool())
        .await
        .map_err(internal("closed campaigns"))?;
    let (send, mut batches) = tokio::sync::mpsc::channel::<Vec<Computed>>(1);
    let pool = db.pool().clone();
    let reader = tokio::spawn(async move {
        let mut conn = pool.acquire().await.map_err(internal("read connection"))?;
        let mut parsed = Questionnaires::new();
        for chunk in ids.chunks(REAGGREGATE_PER_TX) {
            let mut loaded = Vec::with_capacity(chunk.len());
            for (id,) in chunk {
                match load(&mut conn, *id, &mut parsed).await {
                    Ok(l) => loaded.push(l),
                    // deleted since the list was read
                    Err(AppError::NotFound) => {}
                    Err(e) => return Err(e),
                }
            }
            let computed = tokio::task::spawn_blocking(move || {
                loaded
                    .into_iter()
                    .map(Loaded::compute)
                    .collect::<Result<Vec<_>, _>>()
            })
            .await
            .map_err(|e| AppError::internal("aggregation thread", &e))??;
            if send.send(computed).await.is_err() {
                break; // the writer stopped; its error is returned
            }
        }
        Ok::<(), AppError>(())
    });
    let mut report = ReaggregateReport::default();
    let mut parsed = Questionnaires::new();
    // Several campaigns per transaction: one durable commit (a disk flush)
    // per campaign dominated the run. Each campaign's results are replaced
    // whole, so a run cut short leaves every campaign either old or new.
    let written = async {
        while let Some(batch) = batches.recv().await {
            let mut tx = db.begin_write().await.map_err(internal("tx"))?;
            for c in batch {
                let (closed, submitted): (i64, i64) = sqlx::query_as(
                    "SELECT (SELECT COUNT(*) FROM campaigns WHERE id = $1 AND state = 'closed'),
                            (SELECT COUNT(*) FROM responses WHERE campaign_id = $1 AND status = 'submitted')",
                )
                .bind(c.campaign_id)
                .fetch_one(&mut *tx)
                .await
                .map_err(internal("campaign still closed"))?;
                if closed == 0 {
                    continue;
                }
                let (n, answers) = if submitted == c.agg.n {
                    store(&mut tx, c.campaign_id, c.org_id, c.year, &c.agg).await?;
                    (c.agg.n, c.answers)
                } else {
                    aggregate_with(&mut tx, c.campaign_id, &mut parsed).await?
                };
                report.campaigns += 1;
                report.responses += n as u64;
                report.answers += answers;
            }
            tx.commit().await.map_err(internal("commit"))?;
        }
        Ok::<(), AppError>(())
    }
    .await;
    drop(batches);
    let read = reader
        .await
        .map_err(|e| AppError::internal("aggregation reader", &e))?;
    written?;
    read?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::values_sql;

    #[test]
    fn placeholders_are_numbered_row_by_row() {
        assert_eq!(values_sql("V ", 2, 2, false), "V ($1, $2), ($3, $4)");
        assert_eq!(values_sql("V ", 2, 2, true), "V (?, ?), (?, ?)");
    }
}
