//! The peer table of a year: every enabled organisation's closed campaigns
//! of that year with their total statistics, as stored. The benchmark reads
//! it on every page view, so [`Db`] keeps one copy per year in memory.
//!
//! The copy is valid while `results_generation.gen` is unchanged: database
//! triggers move that counter on every write to `campaign_results`,
//! `organisations` and `collaboration_members` (see the migration
//! `…_results_generation.sql`), whatever process or code path wrote. Each
//! read asks the counter first (one single-row query), so a consent
//! withdrawn, an organisation disabled or a campaign closed shows at once.
//!
//! The rows hold raw counts: the anonymity rules are applied by the
//! benchmark service on every read, never here.

use super::{Backend, Db, DbError};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// One closed campaign of an enabled organisation in the year.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerRow {
    pub campaign_id: i64,
    pub org_id: i64,
    /// Submitted responses.
    pub n: i64,
    pub name: String,
    pub country: String,
    pub kind: String,
    pub size_band: String,
    pub named: bool,
    pub ambition: String,
}

/// A stored total of one dimension of one campaign.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TotalStat {
    pub n: i64,
    pub mean: f64,
    pub ci_lo: f64,
    pub ci_hi: f64,
}

#[derive(Debug, Default)]
pub struct YearTable {
    pub rows: Vec<PeerRow>,
    /// Totals by campaign id, then dimension code.
    pub totals: HashMap<i64, Vec<(String, TotalStat)>>,
}

impl YearTable {
    pub fn total(&self, campaign_id: i64, dimension: &str) -> Option<TotalStat> {
        self.totals
            .get(&campaign_id)?
            .iter()
            .find(|(d, _)| d == dimension)
            .map(|(_, t)| *t)
    }
}

#[derive(Debug, Default)]
struct Inner {
    stamp: i64,
    years: HashMap<i64, Arc<YearTable>>,
}

/// Year tables of one database, valid for one generation.
#[derive(Debug, Default)]
pub struct PeerCache {
    inner: RwLock<Inner>,
    /// One loader at a time: readers that miss together wait for one load.
    loading: tokio::sync::Mutex<()>,
}

async fn generation(db: &Db) -> Result<i64, DbError> {
    let (stamp,): (i64,) = sqlx::query_as("SELECT gen FROM results_generation WHERE id = 1")
        .fetch_one(db.pool())
        .await?;
    Ok(stamp)
}

impl PeerCache {
    fn get(&self, stamp: i64, year: i64) -> Option<Arc<YearTable>> {
        let inner = self.inner.read().ok()?;
        (inner.stamp == stamp).then(|| inner.years.get(&year).cloned())?
    }

    fn put(&self, stamp: i64, year: i64, table: Arc<YearTable>) {
        if let Ok(mut inner) = self.inner.write() {
            if inner.stamp != stamp {
                // Only a newer generation replaces the tables.
                if stamp < inner.stamp {
                    return;
                }
                inner.stamp = stamp;
                inner.years.clear();
            }
            inner.years.insert(year, table);
        }
    }
}

/// The peer table of `year`, from memory when nothing it reads has changed.
pub async fn year_table(db: &Db, year: i64) -> Result<Arc<YearTable>, DbError> {
    let stamp = generation(db).await?;
    if let Some(t) = db.peers.get(stamp, year) {
        return Ok(t);
    }
    let _guard = db.peers.loading.lock().await;
    let stamp = generation(db).await?;
    if let Some(t) = db.peers.get(stamp, year) {
        return Ok(t);
    }
    let (stamp, table) = load(db, year).await?;
    let table = Arc::new(table);
    db.peers.put(stamp, year, table.clone());
    Ok(table)
}

/// Read the counter and the year's rows in one snapshot, so the table is
/// consistent and tagged with the generation it was read at.
async fn load(db: &Db, year: i64) -> Result<(i64, YearTable), DbError> {
    let mut tx = db.pool().begin().await?;
    if db.backend() == Backend::Postgres {
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            .execute(&mut *tx)
            .await?;
    }
    let (stamp,): (i64,) = sqlx::query_as("SELECT gen FROM results_generation WHERE id = 1")
        .fetch_one(&mut *tx)
        .await?;
    let rows = sqlx::query_as::<_, (i64, i64, i64, String, String, String, String, i64, String)>(
        "SELECT r.campaign_id, r.org_id, r.n, o.name, o.country, o.kind, o.size_band,
                o.named_benchmarking, o.ambition
         FROM campaign_results r JOIN organisations o ON o.id = r.org_id
         WHERE r.year = $1 AND o.disabled = 0
         ORDER BY r.campaign_id",
    )
    .bind(year)
    .fetch_all(&mut *tx)
    .await?;
    let stats = sqlx::query_as::<_, (i64, String, i64, f64, f64, f64)>(
        "SELECT a.campaign_id, a.dimension, a.n, a.mean, a.ci_lo, a.ci_hi
         FROM campaign_aggregates a JOIN campaign_results r ON r.campaign_id = a.campaign_id
         WHERE r.year = $1 AND a.breakdown = 'total' AND a.grp = ''",
    )
    .bind(year)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let mut table = YearTable {
        rows: rows
            .into_iter()
            .map(
                |(campaign_id, org_id, n, name, country, kind, size_band, named, ambition)| {
                    PeerRow {
                        campaign_id,
                        org_id,
                        n,
                        name,
                        country,
                        kind,
                        size_band,
                        named: named == 1,
                        ambition,
                    }
                },
            )
            .collect(),
        totals: HashMap::new(),
    };
    for (campaign_id, dimension, n, mean, ci_lo, ci_hi) in stats {
        table.totals.entry(campaign_id).or_default().push((
            dimension,
            TotalStat {
                n,
                mean,
                ci_lo,
                ci_hi,
            },
        ));
    }
    Ok((stamp, table))
}
