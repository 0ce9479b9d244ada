//! The organisation dashboard (server only): its closed campaigns through
//! the anonymity gate, the trend over years, targets, and the benchmark
//! against its country's organisations.

use super::service::{BenchSettings, benchmark};
use super::{BenchContext, CollaborationRef, Dashboard, PeerFilter, TargetView, TrendPoint};
use crate::AppError;
use crate::db::{Db, orgs};
use crate::scoring::gate::campaign_results;
use crate::scoring::model::Availability;
use crate::survey::response_rate;

fn internal(ctx: &'static str) -> impl Fn(sqlx::Error) -> AppError {
    move |e| AppError::internal(ctx, &e)
}

/// Current targets (the latest row per strategy).
pub async fn targets(db: &Db, org_id: i64) -> Result<Vec<TargetView>, AppError> {
    let rows: Vec<(String, f64, i64)> = sqlx::query_as(
        "SELECT strategy, level, target_year FROM targets WHERE org_id = $1 ORDER BY id",
    )
    .bind(org_id)
    .fetch_all(db.pool())
    .await
    .map_err(internal("targets"))?;
    let mut out: Vec<TargetView> = Vec::new();
    for (strategy, level, target_year) in rows {
        out.retain(|t| t.strategy != strategy);
        out.push(TargetView {
            strategy,
            level,
            target_year,
        });
    }
    out.sort_by(|a, b| a.strategy.cmp(&b.strategy));
    Ok(out)
}

pub async fn collaborations(db: &Db, org_id: i64) -> Result<Vec<CollaborationRef>, AppError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT c.id, c.name FROM collaborations c JOIN collaboration_members m
         ON m.collaboration_id = c.id WHERE m.org_id = $1 AND m.status = 'member' ORDER BY c.name",
    )
    .bind(org_id)
    .fetch_all(db.pool())
    .await
    .map_err(internal("collaborations"))?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| CollaborationRef { id, name })
        .collect())
}

/// The benchmark page's frame: the years with a closed campaign of at least
/// k responses (those the dashboard's trend shows), without reading any
/// campaign's figures.
pub async fn bench_context(db: &Db, org_id: i64, k: i64) -> Result<BenchContext, AppError> {
    let org = orgs::get(db, org_id)
        .await
        .map_err(|e| AppError::internal("org", &e))?
        .ok_or(AppError::NotFound)?;
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT r.year, r.n FROM campaign_results r JOIN campaigns c ON c.id = r.campaign_id
         WHERE r.org_id = $1 AND c.state = 'closed' ORDER BY r.year",
    )
    .bind(org_id)
    .fetch_all(db.pool())
    .await
    .map_err(internal("result years"))?;
    let mut years: Vec<i64> = rows
        .into_iter()
        .filter(|(_, n)| crate::scoring::anonymity::total_disclosed(*n, k))
        .map(|(y, _)| y)
        .collect();
    years.dedup();
    Ok(BenchContext {
        org_id,
        org_name: org.name,
        country: org.country,
        years,
        collaborations: collaborations(db, org_id).await?,
    })
}

pub async fn dashboard(
    db: &Db,
    org_id: i64,
    lang: &str,
    s: BenchSettings,
) -> Result<Dashboard, AppError> {
    let org = orgs::get(db, org_id)
        .await
        .map_err(|e| AppError::internal("org", &e))?
        .ok_or(AppError::NotFound)?;
    let closed: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT id, year, tokens_issued FROM campaigns WHERE org_id = $1 AND state = 'closed'
         ORDER BY year, id",
    )
    .bind(org_id)
    .fetch_all(db.pool())
    .await
    .map_err(internal("closed campaigns"))?;
    let mut trend: Vec<TrendPoint> = Vec::new();
    let mut latest = None;
    let mut response = None;
    for (id, year, tokens) in &closed {
        let r = campaign_results(db, org_id, *id, s.k, s.quadrant_threshold).await?;
        if r.availability == Availability::Available {
            // The latest campaign of a year stands for that year.
            trend.retain(|t| t.year != *year);
            trend.push(TrendPoint {
                year: *year,
                dims: r.total.clone(),
            });
        }
        response = r.n.and_then(|n| response_rate(n, *tokens));
        latest = Some(r);
    }
    let years: Vec<i64> = trend.iter().map(|t| t.year).collect();
    let bench = match latest
        .as_ref()
        .filter(|l| l.availability == Availability::Available)
    {
        Some(l) => Some(
            benchmark(
                db,
                Some(org_id),
                &PeerFilter {
                    year: l.year,
                    country: Some(org.country.clone()),
                    ..PeerFilter::default()
                },
                lang,
                s,
            )
            .await?
            // The dashboard shows the reader's place, not the ranking itself.
            .ranking_page(None),
        ),
        None => None,
    };
    Ok(Dashboard {
        org_id,
        org_name: org.name,
        country: org.country,
        kind: org.kind,
        size_band: org.size_band,
        ambition: org.ambition,
        latest,
        response_rate: response,
        trend,
        targets: targets(db, org_id).await?,
        benchmark: bench,
        years,
        collaborations: collaborations(db, org_id).await?,
        labels: labels(lang),
    })
}

/// Option labels of the profile questions and the free-text questions of the
/// standard questionnaire, in `lang`.
fn labels(lang: &str) -> Vec<(String, String)> {
    use crate::domain::questionnaire::{ItemKind, parse};
    let Ok(q) = parse(crate::survey::service::STANDARD_V1) else {
        return vec![];
    };
    let mut out = Vec::new();
    for item in q.items() {
        match &item.kind {
            ItemKind::SingleChoice { options } if item.profile.is_some() => {
                for o in options {
                    out.push((o.id.clone(), o.label.get(lang).to_owned()));
                }
            }
            ItemKind::FreeText { .. } => {
                out.push((item.id.clone(), item.text.get(lang).to_owned()))
            }
            _ => {}
        }
    }
    out
}

/// The operator's platform overview: only counts and k-safe distributions.
pub async fn platform_overview(
    db: &Db,
    k: i64,
    min_orgs: i64,
) -> Result<super::PlatformOverview, AppError> {
    use crate::scoring::anonymity::{peer_group_disclosed, total_disclosed};
    use crate::scoring::stats::quantile;
    let by_country = orgs::count_by_country(db)
        .await
        .map_err(|e| AppError::internal("orgs by country", &e))?;
    let orgs_total = by_country.iter().map(|(_, n)| n).sum();
    let campaigns: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT year, COUNT(*) FROM campaigns WHERE state = 'closed' GROUP BY year ORDER BY year",
    )
    .fetch_all(db.pool())
    .await
    .map_err(internal("campaigns per year"))?;
    let results: Vec<(i64, i64, i64)> =
        sqlx::query_as("SELECT year, org_id, n FROM campaign_results")
            .fetch_all(db.pool())
            .await
            .map_err(internal("results per year"))?;
    let years = campaigns
        .into_iter()
        .map(|(year, n)| {
            let safe: Vec<&(i64, i64, i64)> = results
                .iter()
                .filter(|r| r.0 == year && total_disclosed(r.2, k))
                .collect();
            let mut orgs_with: Vec<i64> = safe.iter().map(|r| r.1).collect();
            orgs_with.sort_unstable();
            orgs_with.dedup();
            super::YearStats {
                year,
                campaigns: n,
                responses: safe.iter().map(|r| r.2).sum(),
                orgs_with_results: orgs_with.len() as i64,
            }
        })
        .collect::<Vec<_>>();
    let mut distribution = None;
    if let Some(latest) = years
        .iter()
        .rev()
        .find(|y| y.orgs_with_results > 0)
        .map(|y| y.year)
    {
        let rows: Vec<(i64, i64, i64, f64)> = sqlx::query_as(
            "SELECT r.org_id, r.campaign_id, a.n, a.mean FROM campaign_results r
             JOIN campaign_aggregates a ON a.campaign_id = r.campaign_id
             WHERE r.year = $1 AND a.breakdown = 'total' AND a.grp = '' AND a.dimension = 'INDEX'
             ORDER BY r.org_id, r.campaign_id",
        )
        .bind(latest)
        .fetch_all(db.pool())
        .await
        .map_err(internal("index distribution"))?;
        // The latest campaign per organisation, each with n ≥ k.
        let mut per_org: std::collections::BTreeMap<i64, f64> = Default::default();
        for (org, _, n, mean) in rows {
            if total_disclosed(n, k) {
                per_org.insert(org, mean);
            }
        }
        let values: Vec<f64> = per_org.into_values().collect();
        if peer_group_disclosed(values.len(), min_orgs) {
            distribution = Some(super::Distribution {
                year: latest,
                count: values.len() as i64,
                min: values.iter().copied().fold(f64::INFINITY, f64::min),
                q1: quantile(&values, 0.25).unwrap_or(f64::NAN),
                median: quantile(&values, 0.5).unwrap_or(f64::NAN),
                q3: quantile(&values, 0.75).unwrap_or(f64::NAN),
                max: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            });
        }
    }
    Ok(super::PlatformOverview {
        orgs: orgs_total,
        by_country,
        years,
        distribution,
    })
}
