//! The organisation dashboard (server only): its closed campaigns through
//! the anonymity gate, the trend over years, targets, and the benchmark
//! against its country's organisations.

use super::service::{BenchSettings, benchmark};
use super::{CollaborationRef, Dashboard, PeerFilter, TargetView, TrendPoint};
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
            .await?,
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
