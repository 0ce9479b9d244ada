//! Builds the peer benchmark for a year and a peer group (server only).
//! Reads stored campaign totals only, and passes every figure through the
//! anonymity rules: an organisation's dimension is used only when its n ≥ k,
//! nothing is returned for a group of fewer than `min_orgs` others, and in a
//! collaboration (whose members every reader knows) a member that did not
//! consent to be named is not in the group at all.

use super::counting::{CampaignKey, counting_campaigns};
use super::rank::{Estimate, ambition_status, expected_percentile, positions};
use super::{
    AmbitionCheck, Benchmark, BenchmarkStatus, DimBenchmark, LearnFrom, OwnPosition, PeerEntry,
    PeerFilter, PeerLabel, PeerValue,
};
use crate::AppError;
use crate::db::Db;
use crate::db::peers::YearTable;
use crate::domain::org::{Ambition, OrgKind, SizeBand};
use crate::scoring::anonymity::{peer_group_disclosed, totals_disclosed};
use crate::scoring::score::{DIMENSIONS, Quadrant, STRATEGIES};
use crate::scoring::stats::quantile;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Copy)]
pub struct BenchSettings {
    pub k: i64,
    pub min_orgs: i64,
    pub quadrant_threshold: f64,
}

fn internal(ctx: &'static str) -> impl Fn(sqlx::Error) -> AppError {
    move |e| AppError::internal(ctx, &e)
}

/// Check a peer filter as it arrives from a reader.
pub fn validate_filter(f: &PeerFilter) -> Result<(), AppError> {
    let bad = |m: &str| Err(AppError::BadRequest(m.to_owned()));
    if !(2000..=2100).contains(&f.year) {
        return bad("Choose a year between 2000 and 2100.");
    }
    if let Some(c) = &f.country
        && crate::domain::org::Country::parse(c).is_none_or(|p| p.as_str() != c)
    {
        return bad("Unknown country.");
    }
    if let Some(k) = &f.kind
        && OrgKind::parse(k).is_none()
    {
        return bad("Unknown kind of organisation.");
    }
    if let Some(b) = &f.size_band
        && SizeBand::parse(b).is_none()
    {
        return bad("Unknown size band.");
    }
    if let Some(c) = f.collaboration
        && c <= 0
    {
        return bad("Unknown collaboration.");
    }
    Ok(())
}

type OrgRow = crate::db::peers::PeerRow;
type Totals = HashMap<i64, BTreeMap<String, (i64, Estimate)>>;

/// The organisations of the year's peer table that `filter` selects (or only
/// `only_org`), each with its latest campaign of the year that has at least
/// k responses (rule 1: a campaign below k is not used at all).
fn select_rows(
    table: &YearTable,
    filter: &PeerFilter,
    only_org: Option<i64>,
    members: Option<&[i64]>,
    k: i64,
) -> Vec<OrgRow> {
    let keep = |r: &OrgRow| match only_org {
        Some(o) => r.org_id == o,
        None => {
            filter.country.as_ref().is_none_or(|c| &r.country == c)
                && filter.kind.as_ref().is_none_or(|x| &r.kind == x)
                && filter.size_band.as_ref().is_none_or(|b| &r.size_band == b)
                && members.is_none_or(|m| m.contains(&r.org_id))
        }
    };
    // The table holds one year.
    let counted = counting_campaigns(table.rows.iter().filter(|r| keep(r)), k, |r| CampaignKey {
        org_id: r.org_id,
        year: 0,
        campaign_id: r.campaign_id,
        n: r.n,
    });
    counted.into_iter().cloned().collect()
}

/// The stored totals of `campaign_ids`, each dimension only when its n ≥ k
/// and, for the index, when the totals of DI and TMI do not single out the
/// few respondents without it ([`totals_disclosed`]: the gate's decision).
fn totals(table: &YearTable, campaign_ids: &[i64], k: i64) -> Totals {
    let mut out: Totals = HashMap::new();
    for id in campaign_ids {
        let stored = table.totals.get(id).map(Vec::as_slice).unwrap_or(&[]);
        let n_by_dim: BTreeMap<String, i64> =
            stored.iter().map(|(dim, t)| (dim.clone(), t.n)).collect();
        let shown = totals_disclosed(&n_by_dim, k);
        for (dim, t) in stored {
            if shown.contains(dim) {
                out.entry(*id).or_default().insert(
                    dim.clone(),
                    (
                        t.n,
                        Estimate {
                            mean: t.mean,
                            ci_lo: t.ci_lo,
                            ci_hi: t.ci_hi,
                        },
                    ),
                );
            }
        }
    }
    out
}

async fn year_table(db: &Db, year: i64) -> Result<std::sync::Arc<YearTable>, AppError> {
    crate::db::peers::year_table(db, year)
        .await
        .map_err(|e| AppError::internal("peer table", &e))
}

/// Members (status 'member') of a collaboration: (organisation, named).
async fn collaboration_members(db: &Db, collab: i64) -> Result<Vec<(i64, i64)>, AppError> {
    sqlx::query_as(
        "SELECT org_id, named FROM collaboration_members WHERE collaboration_id = $1
         AND status = 'member'",
    )
    .bind(collab)
    .fetch_all(db.pool())
    .await
    .map_err(internal("collaboration members"))
}

/// The benchmark of `viewer` (if any) against the peer group of `filter`.
pub async fn benchmark(
    db: &Db,
    viewer: Option<i64>,
    filter: &PeerFilter,
    lang: &str,
    s: BenchSettings,
) -> Result<Benchmark, AppError> {
    validate_filter(filter)?;
    // A collaboration is visible only to its member organisations; inside
    // it, members that consented are shown by name.
    let members = match filter.collaboration {
        Some(c) => {
            let m = collaboration_members(db, c).await?;
            if !viewer.is_some_and(|v| m.iter().any(|(o, _)| *o == v)) {
                return Err(AppError::NotFound);
            }
            Some(m)
        }
        None => None,
    };
    let member_ids: Option<Vec<i64>> = members
        .as_ref()
        .map(|m| m.iter().map(|(o, _)| *o).collect());
    let named_collab: Vec<i64> = members
        .iter()
        .flatten()
        .filter(|(_, named)| *named == 1)
        .map(|(o, _)| *o)
        .collect();
    let table = year_table(db, filter.year).await?;
    let mut rows = select_rows(&table, filter, None, member_ids.as_deref(), s.k);
    // Inside a collaboration every reader knows the members, so an anonymised
    // row would be named by exclusion: a member that consented neither here
    // nor to named benchmarking is left out of the group entirely.
    if members.is_some() {
        rows.retain(|r| r.named || named_collab.contains(&r.org_id) || Some(r.org_id) == viewer);
    }
    if let Some(v) = viewer
        && !rows.iter().any(|r| r.org_id == v)
    {
        rows.extend(select_rows(&table, filter, Some(v), None, s.k));
    }
    let others = rows.iter().filter(|r| Some(r.org_id) != viewer).count();
    let mut out = Benchmark {
        filter: filter.clone(),
        status: BenchmarkStatus::TooSmall,
        min_orgs: s.min_orgs,
        entries: vec![],
        ranking_total: 0,
        ranking_offset: 0,
        scatter: vec![],
        scatter_own: None,
        quadrant_counts: vec![],
        dims: vec![],
        ambition: None,
        advice: None,
        learn_from: vec![],
    };
    if !peer_group_disclosed(others, s.min_orgs) {
        return Ok(out);
    }
    out.status = BenchmarkStatus::Available;
    let ids: Vec<i64> = rows.iter().map(|r| r.campaign_id).collect();
    let all_totals = totals(&table, &ids, s.k);
    let mut entries: Vec<PeerEntry> = rows
        .iter()
        .map(|r| PeerEntry {
            label: PeerLabel {
                name: (r.named || named_collab.contains(&r.org_id) || Some(r.org_id) == viewer)
                    .then(|| r.name.clone()),
                kind: r.kind.clone(),
                size_band: r.size_band.clone(),
                country: r.country.clone(),
            },
            is_self: Some(r.org_id) == viewer,
            values: vec![],
            quadrant: None,
        })
        .collect();
    let self_idx = rows.iter().position(|r| Some(r.org_id) == viewer);
    let previous = match (viewer, self_idx) {
        (Some(v), Some(_)) => {
            let prev_filter = PeerFilter {
                year: filter.year - 1,
                ..PeerFilter::default()
            };
            let prev_table = year_table(db, prev_filter.year).await?;
            match select_rows(&prev_table, &prev_filter, Some(v), None, s.k).first() {
                Some(r) => totals(&prev_table, &[r.campaign_id], s.k)
                    .remove(&r.campaign_id)
                    .unwrap_or_default(),
                None => BTreeMap::new(),
            }
        }
        _ => BTreeMap::new(),
    };
    for dim in DIMENSIONS {
        let with: Vec<(usize, Estimate)> = rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                all_totals
                    .get(&r.campaign_id)
                    .and_then(|t| t.get(dim))
                    .map(|(_, e)| (i, *e))
            })
            .collect();
        let others_with = with.iter().filter(|(i, _)| Some(*i) != self_idx).count();
        if !peer_group_disclosed(others_with, s.min_orgs) {
            continue;
        }
        let est: Vec<Estimate> = with.iter().map(|(_, e)| *e).collect();
        let pos = positions(&est);
        let means: Vec<f64> = est.iter().map(|e| e.mean).collect();
        let (q1, median, q3) = (
            quantile(&means, 0.25).unwrap_or(f64::NAN),
            quantile(&means, 0.5).unwrap_or(f64::NAN),
            quantile(&means, 0.75).unwrap_or(f64::NAN),
        );
        let mut own = None;
        for ((i, e), p) in with.iter().zip(&pos) {
            entries[*i].values.push(PeerValue {
                dimension: dim.to_owned(),
                mean: e.mean,
                ci_lo: e.ci_lo,
                ci_hi: e.ci_hi,
                position: *p,
            });
            if Some(*i) == self_idx {
                own = Some(OwnPosition {
                    mean: e.mean,
                    ci_lo: e.ci_lo,
                    ci_hi: e.ci_hi,
                    position: *p,
                    to_median: e.mean - median,
                    to_top_quartile: e.mean - q3,
                    year_over_year: previous.get(dim).map(|(_, prev)| e.mean - prev.mean),
                });
            }
        }
        out.dims.push(DimBenchmark {
            dimension: dim.to_owned(),
            count: est.len() as i64,
            min: means.iter().copied().fold(f64::INFINITY, f64::min),
            q1,
            median,
            q3,
            max: means.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            own,
        });
    }
    for e in entries.iter_mut() {
        if let (Some(di), Some(tmi)) = (e.value("DI"), e.value("TMI")) {
            e.quadrant = Some(
                Quadrant::of(di.mean, tmi.mean, s.quadrant_threshold)
                    .code()
                    .into(),
            );
        }
    }
    if let Some(i) = self_idx {
        let me = &entries[i];
        if let (Some(idx), Some(amb)) = (me.value("INDEX"), Ambition::parse(&rows[i].ambition)) {
            out.ambition = Some(AmbitionCheck {
                ambition: amb.code().to_owned(),
                expected_percentile: expected_percentile(amb),
                percentile: idx.position.percentile,
                status: ambition_status(amb, idx.position.percentile),
            });
        }
        let strategies: Vec<(String, f64)> = STRATEGIES
            .iter()
            .filter_map(|d| me.value(d).map(|v| (d.to_string(), v.mean)))
            .collect();
        out.advice = Some(super::advice::advice(
            lang,
            me.quadrant.as_deref(),
            &strategies,
        ));
        out.learn_from = learn_from(&entries, me);
    }
    let mut counts: BTreeMap<String, i64> = BTreeMap::new();
    for e in &entries {
        let di_tmi = e
            .value("DI")
            .zip(e.value("TMI"))
            .map(|(d, t)| (d.mean, t.mean));
        match di_tmi {
            Some(p) if e.is_self => out.scatter_own = Some(p),
            Some(p) => {
                out.scatter.push(p);
                if let Some(q) = &e.quadrant {
                    *counts.entry(q.clone()).or_default() += 1;
                }
            }
            None => {}
        }
    }
    out.quadrant_counts = counts.into_iter().collect();
    entries.sort_by(|a, b| {
        let key = |e: &PeerEntry| {
            e.value("INDEX")
                .map(|v| v.position.rank)
                .unwrap_or(i64::MAX)
        };
        key(a).cmp(&key(b))
    });
    out.ranking_total = entries.len() as i64;
    out.entries = entries;
    Ok(out)
}

/// Named peers in the top quartile of the reader's two weakest strategies
/// (those below the peer median), best first, at most three each.
fn learn_from(entries: &[PeerEntry], me: &PeerEntry) -> Vec<LearnFrom> {
    let mut weak: Vec<&super::PeerValue> = STRATEGIES
        .iter()
        .filter_map(|d| me.value(d))
        .filter(|v| v.position.percentile < 50.0)
        .collect();
    weak.sort_by(|a, b| a.position.percentile.total_cmp(&b.position.percentile));
    weak.into_iter()
        .take(2)
        .map(|w| {
            let mut peers: Vec<(String, f64)> = entries
                .iter()
                .filter(|e| !e.is_self)
                .filter_map(|e| {
                    let v = e.value(&w.dimension)?;
                    let name = e.label.name.clone()?;
                    (v.position.quartile == 1).then_some((name, v.mean))
                })
                .collect();
            peers.sort_by(|a, b| b.1.total_cmp(&a.1));
            peers.truncate(3);
            LearnFrom {
                strategy: w.dimension.clone(),
                own: w.mean,
                peers,
            }
        })
        .filter(|l| !l.peers.is_empty())
        .collect()
}
