//! The read side of results: every figure of a campaign leaves the server
//! through [`campaign_results`], which applies the anonymity rules of
//! [`super::anonymity`] to the stored aggregates. Raw answers are never read.

use super::anonymity::{
    Breakdown, Cell, Intake, disclose_dimensions_with, figure, total_disclosed,
};
use super::model::{Availability, CampaignResults, DimStat, FreeTexts, GroupResult};
use super::score::{DIMENSIONS, Quadrant};
use super::stats::Summary;
use crate::AppError;
use crate::db::Db;
use std::collections::BTreeMap;

fn internal(ctx: &'static str) -> impl Fn(sqlx::Error) -> AppError {
    move |e| AppError::internal(ctx, &e)
}

type AggRow = (
    String,
    String,
    String,
    i64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
);

fn summary(r: &AggRow) -> Summary {
    Summary {
        n: r.3,
        mean: r.4,
        median: r.5,
        sd: r.6,
        q1: r.7,
        q3: r.8,
        ci_lo: r.9,
        ci_hi: r.10,
    }
}

/// The k-safe results of one campaign of organisation `org_id`.
pub async fn campaign_results(
    db: &Db,
    org_id: i64,
    campaign_id: i64,
    k: i64,
    quadrant_threshold: f64,
) -> Result<CampaignResults, AppError> {
    let (name, year, state): (String, i64, String) =
        sqlx::query_as("SELECT name, year, state FROM campaigns WHERE id = $1 AND org_id = $2")
            .bind(campaign_id)
            .bind(org_id)
            .fetch_optional(db.pool())
            .await
            .map_err(internal("campaign"))?
            .ok_or(AppError::NotFound)?;
    let mut out = CampaignResults {
        campaign_id,
        name,
        year,
        k,
        availability: Availability::NotClosed,
        n: None,
        total: vec![],
        quadrant: None,
        groups: vec![],
        free_texts: vec![],
    };
    if state != "closed" {
        return Ok(out);
    }
    let n: Option<(i64,)> = sqlx::query_as("SELECT n FROM campaign_results WHERE campaign_id = $1")
        .bind(campaign_id)
        .fetch_optional(db.pool())
        .await
        .map_err(internal("campaign result"))?;
    let n = match n {
        Some((n,)) => n,
        None => {
            // Closed before results existed: compute them now (idempotent).
            let mut tx = db.begin_write().await.map_err(internal("tx"))?;
            let (n, _) = super::service::aggregate_campaign(&mut tx, campaign_id).await?;
            tx.commit().await.map_err(internal("commit"))?;
            n
        }
    };
    if !total_disclosed(n, k) {
        out.availability = Availability::TooFew;
        return Ok(out);
    }
    out.availability = Availability::Available;

    let cells: Vec<(String, String, String, i64, String)> = sqlx::query_as(
        "SELECT role_group, department, tenure_band, n, dimensions FROM campaign_cells
         WHERE campaign_id = $1",
    )
    .bind(campaign_id)
    .fetch_all(db.pool())
    .await
    .map_err(internal("cells"))?;
    let mut by_dim: BTreeMap<String, Vec<Cell>> = BTreeMap::new();
    for (role_group, department, tenure_band, n, dimensions) in cells {
        let counts = super::cells::unpack(&dimensions)
            .map_err(|e| AppError::internal("stored cells", &crate::db::DbError::Corrupt(e)))?;
        let cell = |n| Cell {
            role_group: role_group.clone(),
            department: department.clone(),
            tenure_band: tenure_band.clone(),
            n,
        };
        for (dim, c) in counts {
            by_dim.entry(dim.to_owned()).or_default().push(cell(c));
        }
        by_dim
            .entry(super::aggregate::RESPONDENTS.to_owned())
            .or_default()
            .push(cell(n));
    }
    // One joint decision over all dimensions (derived ones included), under
    // the padding rule for this campaign's intake.
    let stored = crate::db::intake::get(db.pool(), campaign_id)
        .await
        .map_err(|e| AppError::internal("intake", &e))?;
    let intake = Intake {
        shared_link: stored.shared_starts > 0,
        headcounts: stored.headcounts,
    };
    let disclosures = disclose_dimensions_with(&by_dim, k, &intake);
    let respondents = disclosures.get(super::aggregate::RESPONDENTS);
    let respondent_cells = by_dim
        .get(super::aggregate::RESPONDENTS)
        .cloned()
        .unwrap_or_default();
    if respondents.is_some_and(|d| d.total) {
        out.n = Some(n);
    }

    let rows: Vec<AggRow> = sqlx::query_as(
        "SELECT breakdown, grp, dimension, n, mean, median, sd, q1, q3, ci_lo, ci_hi
         FROM campaign_aggregates WHERE campaign_id = $1",
    )
    .bind(campaign_id)
    .fetch_all(db.pool())
    .await
    .map_err(internal("aggregates"))?;
    let order = |d: &str| {
        DIMENSIONS
            .iter()
            .position(|x| *x == d)
            .unwrap_or(usize::MAX)
    };
    let mut groups: BTreeMap<(Breakdown, String), Vec<DimStat>> = BTreeMap::new();
    for r in &rows {
        let Some(disc) = disclosures.get(&r.2) else {
            continue;
        };
        let stat = DimStat {
            dimension: r.2.clone(),
            stat: figure(&summary(r), k),
        };
        if r.0 == "total" {
            if disc.total && total_disclosed(r.3, k) {
                out.total.push(stat);
            }
        } else if let Some(b) = Breakdown::parse(&r.0)
            && disc.shows(b, &r.1)
            && total_disclosed(r.3, k)
        {
            groups.entry((b, r.1.clone())).or_default().push(stat);
        }
    }
    out.total.sort_by_key(|d| order(&d.dimension));
    for ((b, g), mut dims) in groups {
        dims.sort_by_key(|d| order(&d.dimension));
        let n = respondents
            .filter(|d| d.shows(b, &g))
            .map(|_| super::anonymity::group_size(&respondent_cells, b, &g));
        out.groups.push(GroupResult {
            breakdown: b.code().to_owned(),
            group: g,
            n,
            dims,
        });
    }
    if let (Some(di), Some(tmi)) = (out.total("DI"), out.total("TMI")) {
        out.quadrant = Some(
            Quadrant::of(di.mean, tmi.mean, quadrant_threshold)
                .code()
                .to_owned(),
        );
    }

    let texts: Vec<(String, String)> = sqlx::query_as(
        "SELECT item_id, body FROM campaign_free_texts WHERE campaign_id = $1
         ORDER BY item_id, sort_key",
    )
    .bind(campaign_id)
    .fetch_all(db.pool())
    .await
    .map_err(internal("free texts"))?;
    // Free texts of a campaign answered through its shared link need the
    // breakdown groups' size: k − 1 known fake answers would otherwise leave
    // the one real text standing out (the padding rule).
    let texts = if n >= intake.min_group(k) {
        texts
    } else {
        Vec::new()
    };
    for (item_id, body) in texts {
        match out.free_texts.last_mut() {
            Some(f) if f.item_id == item_id => f.texts.push(body),
            _ => out.free_texts.push(FreeTexts {
                item_id,
                texts: vec![body],
            }),
        }
    }
    Ok(out)
}
