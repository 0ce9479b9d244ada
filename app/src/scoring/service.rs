//! Aggregation at close and `reaggregate` (server only). A campaign's
//! aggregates are computed from its submitted responses once, inside the
//! transaction that closes it; `reaggregate` recomputes them (after a scoring
//! change), each campaign in its own transaction, replacing what was stored.

use super::aggregate::Aggregates;
use super::decode::Decoder;
use crate::AppError;
use crate::db::{Db, DbError, now_unix};
use crate::domain::questionnaire;
use sqlx::AnyConnection;

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
    store(conn, &[&c]).await?;
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
        let responses = self.rows.iter().map(|(json, role, dept, tenure)| {
            let profile = [role, dept, tenure].map(|p| p.as_deref().unwrap_or_default());
            (json.as_str(), profile)
        });
        let (agg, answers) = Decoder::new(&self.questionnaire)
            .aggregate(responses)
            .map_err(|e| AppError::internal("stored answers", &DbError::Corrupt(e.to_string())))?;
        Ok(Computed {
            campaign_id: self.campaign_id,
            org_id: self.org_id,
            year: self.year,
            agg,
            answers,
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

/// Replace the stored aggregates of these campaigns, on `conn` (the
/// caller's transaction). Several campaigns share each statement: one
/// statement costs a round trip to the database (a thread hand-over for
/// SQLite), and per-campaign statements were half of a `reaggregate`'s
/// writing time.
async fn store(conn: &mut AnyConnection, campaigns: &[&Computed]) -> Result<(), AppError> {
    let sqlite = conn.backend_name().eq_ignore_ascii_case("sqlite");
    for ids in campaigns.chunks(CHUNK) {
        for table in [
            "campaign_aggregates",
            "campaign_cells",
            "campaign_free_texts",
            "campaign_results",
        ] {
            let sql = format!(
                "DELETE FROM {table} WHERE campaign_id IN {}",
                placeholders(ids.len(), sqlite)
            );
            let mut qy = sqlx::query(&sql);
            for c in ids {
                qy = qy.bind(c.campaign_id);
            }
            qy.execute(&mut *conn)
                .await
                .map_err(internal("clear aggregates"))?;
        }
    }
    let now = now_unix();
    for chunk in campaigns.chunks(CHUNK) {
        let sql = values_sql(
            "INSERT INTO campaign_results (campaign_id, org_id, year, n, computed_at) VALUES ",
            5,
            chunk.len(),
            sqlite,
        );
        let mut qy = sqlx::query(&sql);
        for c in chunk {
            qy = qy
                .bind(c.campaign_id)
                .bind(c.org_id)
                .bind(c.year)
                .bind(c.agg.n)
                .bind(now);
        }
        qy.execute(&mut *conn)
            .await
            .map_err(internal("insert result"))?;
    }
    let rows: Vec<(i64, &super::aggregate::AggRow)> = campaigns
        .iter()
        .flat_map(|c| c.agg.rows.iter().map(|r| (c.campaign_id, r)))
        .collect();
    for chunk in rows.chunks(CHUNK) {
        let sql = values_sql(
            "INSERT INTO campaign_aggregates (campaign_id, breakdown, grp, dimension, n, mean,
             median, sd, q1, q3, ci_lo, ci_hi) VALUES ",
            12,
            chunk.len(),
            sqlite,
        );
        let mut qy = sqlx::query(&sql);
        for (campaign_id, r) in chunk {
            let s = &r.summary;
            qy = qy
                .bind(*campaign_id)
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
    let cells: Vec<(i64, super::cells::PackedCell)> = campaigns
        .iter()
        .flat_map(|c| {
            super::cells::pack(&c.agg.cells)
                .into_iter()
                .map(|cell| (c.campaign_id, cell))
        })
        .collect();
    for chunk in cells.chunks(CHUNK) {
        let sql = values_sql(
            "INSERT INTO campaign_cells (campaign_id, role_group, department, tenure_band,
             n, dimensions) VALUES ",
            6,
            chunk.len(),
            sqlite,
        );
        let mut qy = sqlx::query(&sql);
        for (campaign_id, c) in chunk {
            qy = qy
                .bind(*campaign_id)
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
    let keyed: Vec<(i64, String, &str, &str)> = {
        use rand::Rng;
        let mut rng = rand::rng();
        campaigns
            .iter()
            .flat_map(|c| c.agg.free_texts.iter().map(|t| (c.campaign_id, t)))
            .map(|(campaign_id, (item, text))| {
                (
                    campaign_id,
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
        for (campaign_id, key, item, text) in chunk {
            qy = qy
                .bind(*campaign_id)
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

/// "($1, …, $n)" for an IN list of `n` values (SQLite: anonymous `?`, see
/// [`values_sql`]).
fn placeholders(n: usize, sqlite: bool) -> String {
    let list: Vec<String> = (0..n)
        .map(|i| {
            if sqlite {
                "?".to_string()
            } else {
                format!("${}", i + 1)
            }
        })
        .collect();
    format!("({})", list.join(", "))
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
    let sqlite = db.backend() == crate::db::Backend::Sqlite;
    // Several campaigns per transaction: one durable commit (a disk flush)
    // per campaign dominated the run. Each campaign's results are replaced
    // whole, so a run cut short leaves every campaign either old or new.
    let written = async {
        while let Some(batch) = batches.recv().await {
            let mut tx = db.begin_write().await.map_err(internal("tx"))?;
            // Which campaigns are still closed, and with how many submitted
            // responses (the read may be older than this transaction).
            let sql = format!(
                "SELECT c.id, (SELECT COUNT(*) FROM responses r
                               WHERE r.campaign_id = c.id AND r.status = 'submitted')
                 FROM campaigns c WHERE c.state = 'closed' AND c.id IN {}",
                placeholders(batch.len(), sqlite)
            );
            let mut qy = sqlx::query_as::<_, (i64, i64)>(&sql);
            for c in &batch {
                qy = qy.bind(c.campaign_id);
            }
            let closed: std::collections::HashMap<i64, i64> = qy
                .fetch_all(&mut *tx)
                .await
                .map_err(internal("campaigns still closed"))?
                .into_iter()
                .collect();
            let mut unchanged = Vec::with_capacity(batch.len());
            let mut changed = Vec::new();
            for c in &batch {
                match closed.get(&c.campaign_id) {
                    None => {}
                    Some(&submitted) if submitted == c.agg.n => unchanged.push(c),
                    Some(_) => changed.push(c.campaign_id),
                }
            }
            store(&mut tx, &unchanged).await?;
            for c in unchanged {
                report.campaigns += 1;
                report.responses += c.agg.n as u64;
                report.answers += c.answers;
            }
            for campaign_id in changed {
                let (n, answers) = aggregate_with(&mut tx, campaign_id, &mut parsed).await?;
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
    use super::{placeholders, values_sql};

    #[test]
    fn placeholders_are_numbered_row_by_row() {
        assert_eq!(values_sql("V ", 2, 2, false), "V ($1, $2), ($3, $4)");
        assert_eq!(values_sql("V ", 2, 2, true), "V (?, ?), (?, ?)");
        assert_eq!(placeholders(3, false), "($1, $2, $3)");
        assert_eq!(placeholders(2, true), "(?, ?)");
    }
}
