//! Builds the peer benchmark for a year and a peer group (server only).
//! Reads stored campaign totals only, and passes every figure through the
//! anonymity rules: an organisation's dimension is used only when its n ≥ k,
//! and nothing is returned for a group of fewer than `min_orgs` others.

use super::rank::{Estimate, ambition_status, expected_percentile, positions};
use super::{
    AmbitionCheck, Benchmark, BenchmarkStatus, DimBenchmark, LearnFrom, OwnPosition, PeerEntry,
    PeerFilter, PeerLabel, PeerValue,
};
use crate::AppError;
use crate::db::Db;
use crate::domain::org::{Ambition, OrgKind, SizeBand};
use crate::scoring::anonymity::{peer_group_disclosed, total_disclosed};
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
        && !(c.len() == 2 && c.chars().all(|x| x.is_ascii_uppercase()))
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

#[derive(Debug, Clone)]
struct OrgRow {
    campaign_id: i64,
    org_id: i64,
    name: String,
    country: String,
    kind: String,
    size_band: String,
    named: bool,
    ambition: String,
}

type Totals = HashMap<i64, BTreeMap<String, (i64, Estimate)>>;

async fn year_rows(
    db: &Db,
    filter: &PeerFilter,
    only_org: Option<i64>,
    k: i64,
) -> Result<Vec<OrgRow>, AppError> {
    let mut sql = String::from(
        "SELECT r.campaign_id, r.org_id, r.n, o.name, o.country, o.kind, o.size_band,
                o.named_benchmarking, o.ambition
         FROM campaign_results r JOIN organisations o ON o.id = r.org_id
         WHERE r.year = $1 AND o.disabled = 0",
    );
    let mut binds: Vec<String> = Vec::new();
    let mut next = 2;
    let mut cond = |sql: &mut String, expr: &str, v: String| {
        sql.push_str(&format!(" AND {}", expr.replace("$?", &format!("${next}"))));
        binds.push(v);
        next += 1;
    };
    if let Some(o) = only_org {
        cond(&mut sql, "CAST(r.org_id AS TEXT) = $?", o.to_string());
    } else {
        if let Some(c) = &filter.country {
            cond(&mut sql, "o.country = $?", c.clone());
        }
        if let Some(x) = &filter.kind {
            cond(&mut sql, "o.kind = $?", x.clone());
        }
        if let Some(b) = &filter.size_band {
            cond(&mut sql, "o.size_band = $?", b.clone());
        }
        if let Some(c) = filter.collaboration {
            cond(
                &mut sql,
                "EXISTS (SELECT 1 FROM collaboration_members m WHERE m.org_id = o.id
                 AND m.status = 'member' AND CAST(m.collaboration_id AS TEXT) = $?)",
                c.to_string(),
            );
        }
    }
    let mut q =
        sqlx::query_as::<_, (i64, i64, i64, String, String, String, String, i64, String)>(&sql)
            .bind(filter.year);
    for b in binds {
        q = q.bind(b);
    }
    let rows = q
        .fetch_all(db.pool())
        .await
        .map_err(internal("peer rows"))?;
    // The latest closed campaign of each organisation in the year counts.
    let mut latest: BTreeMap<i64, OrgRow> = BTreeMap::new();
    for (campaign_id, org_id, n, name, country, kind, size_band, named, ambition) in rows {
        if !total_disclosed(n, k) {
            continue;
        }
        if latest
            .get(&org_id)
            .is_some_and(|r| r.campaign_id > campaign_id)
        {
            continue;
        }
        latest.insert(
            org_id,
            OrgRow {
                campaign_id,
                org_id,
                name,
                country,
                kind,
                size_band,
                named: named == 1,
                ambition,
            },
        );
    }
    Ok(latest.into_values().collect())
}

async fn totals(db: &Db, campaign_ids: &[i64], k: i64) -> Result<Totals, AppError> {
    let mut out: Totals = HashMap::new();
    for chunk in campaign_ids.chunks(500) {
        // SQLite gets anonymous `?`: sqlx resolves each `$n` by a linear scan there.
        let sqlite = db.backend() == crate::db::Backend::Sqlite;
        let list: Vec<String> = (1..=chunk.len())
            .map(|i| {
                if sqlite {
                    "?".to_owned()
                } else {
                    format!("${i}")
                }
            })
            .collect();
        let sql = format!(
            "SELECT campaign_id, dimension, n, mean, ci_lo, ci_hi FROM campaign_aggregates
             WHERE breakdown = 'total' AND grp = '' AND campaign_id IN ({})",
            list.join(", ")
        );
        let mut q = sqlx::query_as::<_, (i64, String, i64, f64, f64, f64)>(&sql);
        for id in chunk {
            q = q.bind(*id);
        }
        for (cid, dim, n, mean, ci_lo, ci_hi) in
            q.fetch_all(db.pool()).await.map_err(internal("totals"))?
        {
            // Rule 1 per dimension: a mean of fewer than k answers is not used.
            if total_disclosed(n, k) {
                out.entry(cid)
                    .or_default()
                    .insert(dim, (n, Estimate { mean, ci_lo, ci_hi }));
            }
        }
    }
    Ok(out)
}

/// Collaboration members (of `collab`) that consented to be named, if the
/// reader's organisation is itself a member.
async fn named_in_collaboration(
    db: &Db,
    collab: i64,
    viewer: Option<i64>,
) -> Result<Vec<i64>, AppError> {
    let Some(viewer) = viewer else {
        return Ok(vec![]);
    };
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT org_id, named FROM collaboration_members WHERE collaboration_id = $1
         AND status = 'member'",
    )
    .bind(collab)
    .fetch_all(db.pool())
    .await
    .map_err(internal("collaboration members"))?;
    if !rows.iter().any(|(o, _)| *o == viewer) {
        return Ok(vec![]);
    }
    Ok(rows
        .into_iter()
        .filter(|(_, n)| *n == 1)
        .map(|(o, _)| o)
        .collect())
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
    if let Some(c) = filter.collaboration {
        // A collaboration is visible only to its member organisations.
        let member: Option<(i64,)> = sqlx::query_as(
            "SELECT org_id FROM collaboration_members WHERE collaboration_id = $1
             AND org_id = $2 AND status = 'member'",
        )
        .bind(c)
        .bind(viewer.unwrap_or(-1))
        .fetch_optional(db.pool())
        .await
        .map_err(internal("collaboration membership"))?;
        if member.is_none() {
            return Err(AppError::NotFound);
        }
    }
    let mut rows = year_rows(db, filter, None, s.k).await?;
    if let Some(v) = viewer
        && !rows.iter().any(|r| r.org_id == v)
    {
        rows.extend(year_rows(db, filter, Some(v), s.k).await?);
    }
    let others = rows.iter().filter(|r| Some(r.org_id) != viewer).count();
    let mut out = Benchmark {
        filter: filter.clone(),
        status: BenchmarkStatus::TooSmall,
        min_orgs: s.min_orgs,
        entries: vec![],
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
    let all_totals = totals(db, &ids, s.k).await?;
    let named_collab = match filter.collaboration {
        Some(c) => named_in_collaboration(db, c, viewer).await?,
        None => vec![],
    };
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
            match year_rows(db, &prev_filter, Some(v), s.k).await?.first() {
                Some(r) => totals(db, &[r.campaign_id], s.k)
                    .await?
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
    entries.sort_by(|a, b| {
        let key = |e: &PeerEntry| {
            e.value("INDEX")
                .map(|v| v.position.rank)
                .unwrap_or(i64::MAX)
        };
        key(a).cmp(&key(b))
    });
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
