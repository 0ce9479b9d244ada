//! Action plan and benefits realisation (server only). Reads take an
//! organisation id the caller has already been authorised for; every write
//! checks that the rows it touches belong to that organisation, runs in one
//! transaction and records an audit entry.

use super::action::*;
use crate::AppError;
use crate::benchmark::service::BenchSettings;
use crate::db::{Db, audit, now_unix};
use sqlx::{Any, Transaction};

fn internal(ctx: &'static str) -> impl Fn(sqlx::Error) -> AppError {
    move |e| AppError::internal(ctx, &e)
}

fn bad(m: &str) -> AppError {
    AppError::BadRequest(m.to_owned())
}

type ActivityRow = (
    i64,
    String,
    String,
    String,
    i64,
    String,
    i64,
    String,
    String,
    i64,
);
type BcRow = (i64, Option<i64>, String, i64, i64, i64, i64);
type KpiRow = (
    i64,
    Option<i64>,
    String,
    String,
    String,
    f64,
    f64,
    String,
    String,
);

/// An organisation's whole action plan. The caller must already be allowed
/// to see this organisation's plan (members; later: collaboration sharing).
pub async fn plan(db: &Db, org_id: i64) -> Result<ActionPlan, AppError> {
    let pool = db.pool();
    let country: Option<(String,)> =
        sqlx::query_as("SELECT country FROM organisations WHERE id = $1")
            .bind(org_id)
            .fetch_optional(pool)
            .await
            .map_err(internal("plan org"))?;
    let Some((country,)) = country else {
        return Err(AppError::NotFound);
    };
    let rows: Vec<ActivityRow> = sqlx::query_as(
        "SELECT id, title, description, strategy, year, owner, cost, funding, status, updated_at
         FROM plan_activities WHERE org_id = $1 ORDER BY year, strategy, id",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await
    .map_err(internal("plan activities"))?;
    let activities: Vec<Activity> = rows
        .into_iter()
        .map(
            |(id, title, description, strategy, year, owner, cost, funding, status, updated_at)| {
                Activity {
                    id,
                    title,
                    description,
                    strategy,
                    year,
                    owner,
                    cost,
                    funding,
                    status,
                    updated_at,
                }
            },
        )
        .collect();
    let benefits: Vec<(i64, Option<i64>, String, String, String, String)> = sqlx::query_as(
        "SELECT id, activity_id, strategy, benefit_type, description, success_criteria
         FROM plan_benefits WHERE org_id = $1 ORDER BY strategy, id",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await
    .map_err(internal("plan benefits"))?;
    let kpi_rows: Vec<KpiRow> = sqlx::query_as(
        "SELECT id, activity_id, strategy, name, unit, baseline, target, owner, frequency
         FROM plan_kpis WHERE org_id = $1 ORDER BY strategy, id",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await
    .map_err(internal("plan kpis"))?;
    let measurements: Vec<(i64, i64, String, f64)> = sqlx::query_as(
        "SELECT id, kpi_id, measured_on, value FROM plan_kpi_measurements
         WHERE org_id = $1 ORDER BY measured_on, id",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await
    .map_err(internal("plan measurements"))?;
    let kpis = kpi_rows
        .into_iter()
        .map(
            |(id, activity_id, strategy, name, unit, baseline, target, owner, frequency)| {
                let ms: Vec<Measurement> = measurements
                    .iter()
                    .filter(|m| m.1 == id)
                    .map(|m| Measurement {
                        id: m.0,
                        measured_on: m.2.clone(),
                        value: m.3,
                    })
                    .collect();
                let progress = kpi_progress(baseline, target, ms.last().map(|m| m.value));
                Kpi {
                    id,
                    activity_id,
                    strategy,
                    name,
                    unit,
                    baseline,
                    target,
                    owner,
                    frequency,
                    measurements: ms,
                    progress,
                }
            },
        )
        .collect();
    let bc_rows: Vec<BcRow> = sqlx::query_as(
        "SELECT id, activity_id, strategy, year, investment, running_cost, savings
         FROM plan_business_case_years WHERE org_id = $1 ORDER BY year, strategy, id",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await
    .map_err(internal("plan business case"))?;
    let business_case_rows: Vec<BusinessCaseRow> = bc_rows
        .into_iter()
        .map(
            |(id, activity_id, strategy, year, investment, running_cost, savings)| {
                BusinessCaseRow {
                    id,
                    activity_id,
                    strategy,
                    year,
                    investment,
                    running_cost,
                    savings,
                }
            },
        )
        .collect();
    Ok(ActionPlan {
        org_id,
        currency: currency_for(&country).map(str::to_owned),
        cost_totals: cost_totals(&activities),
        business_case: business_case(&business_case_rows),
        activities,
        benefits: benefits
            .into_iter()
            .map(
                |(id, activity_id, strategy, benefit_type, description, success_criteria)| {
                    Benefit {
                        id,
                        activity_id,
                        strategy,
                        benefit_type,
                        description,
                        success_criteria,
                    }
                },
            )
            .collect(),
        kpis,
        business_case_rows,
    })
}

/// Suggested activities for the 2–3 weakest strategies (latest disclosed
/// result against targets and the country's peer median) and the strategy
/// scores of the latest two closed campaigns.
pub async fn insights(
    db: &Db,
    org_id: i64,
    lang: &str,
    s: BenchSettings,
) -> Result<PlanInsights, AppError> {
    let d = crate::benchmark::dashboard::dashboard(db, org_id, lang, s).await?;
    let latest = d.trend.last();
    let own: Vec<(String, f64)> = latest
        .map(|t| {
            t.dims
                .iter()
                .map(|x| (x.dimension.clone(), x.stat.mean))
                .collect()
        })
        .unwrap_or_default();
    let targets: Vec<(String, f64)> = d
        .targets
        .iter()
        .map(|t| (t.strategy.clone(), t.level))
        .collect();
    let medians: Vec<(String, f64)> = d
        .benchmark
        .as_ref()
        .filter(|b| b.status == crate::benchmark::BenchmarkStatus::Available)
        .map(|b| {
            b.dims
                .iter()
                .map(|x| (x.dimension.clone(), x.median))
                .collect()
        })
        .unwrap_or_default();
    let find = |list: &[(String, f64)], s: &str| list.iter().find(|x| x.0 == s).map(|x| x.1);
    // Activities already in the plan: an adopted suggestion (same strategy
    // and title, in any language) is not offered again.
    let planned: Vec<(String, String)> =
        sqlx::query_as("SELECT strategy, title FROM plan_activities WHERE org_id = $1")
            .bind(org_id)
            .fetch_all(db.pool())
            .await
            .map_err(internal("plan activity titles"))?;
    let in_plan = |strategy: &str, title: &crate::domain::questionnaire::LocalText| {
        planned.iter().any(|(s, t)| {
            s == strategy
                && crate::domain::questionnaire::LANGUAGES
                    .iter()
                    .any(|l| title.get(l).trim().eq_ignore_ascii_case(t.trim()))
        })
    };
    let mut suggestions = Vec::new();
    if let Some(advice) = crate::benchmark::advice::data() {
        for (strategy, gap) in weakest_strategies(&own, &targets, &medians, 3) {
            for (index, a) in advice
                .activities
                .get(&strategy)
                .map(|v| v.as_slice())
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                if in_plan(&strategy, &a.title) {
                    continue;
                }
                suggestions.push(Suggestion {
                    strategy: strategy.clone(),
                    index,
                    title: a.title.get(lang).to_owned(),
                    description: a.description.get(lang).to_owned(),
                    own: find(&own, &strategy).unwrap_or(f64::NAN),
                    target: find(&targets, &strategy),
                    peer_median: find(&medians, &strategy),
                    gap,
                });
            }
        }
    }
    let tail = &d.trend[d.trend.len().saturating_sub(2)..];
    let progress = STRATEGIES
        .iter()
        .map(|s| StrategyProgress {
            strategy: (*s).to_owned(),
            points: tail
                .iter()
                .filter_map(|t| {
                    t.dims
                        .iter()
                        .find(|x| x.dimension == *s)
                        .map(|x| (t.year, x.stat.mean))
                })
                .collect(),
        })
        .collect();
    let (this_year, _, _) = crate::domain::dates::civil_from_days(now_unix().div_euclid(86_400));
    Ok(PlanInsights {
        has_results: latest.is_some(),
        next_year: this_year + 1,
        suggestions,
        progress,
    })
}

async fn audit_tx(
    tx: &mut Transaction<'static, Any>,
    org_id: i64,
    actor: i64,
    action: &str,
    target: &str,
) -> Result<(), AppError> {
    audit::record(&mut **tx, Some(org_id), Some(actor), action, target)
        .await
        .map_err(|e| AppError::internal("audit", &e))
}

async fn begin(db: &Db) -> Result<Transaction<'static, Any>, AppError> {
    db.begin_write().await.map_err(internal("tx"))
}

async fn commit(tx: Transaction<'static, Any>) -> Result<(), AppError> {
    tx.commit().await.map_err(internal("commit"))
}

/// The strategy and activity of a scope; an activity must belong to `org_id`.
async fn resolve_scope(
    tx: &mut Transaction<'static, Any>,
    org_id: i64,
    scope: &Scope,
) -> Result<(String, Option<i64>), AppError> {
    match scope {
        Scope::Strategy(s) => Ok((s.clone(), None)),
        Scope::Activity(id) => {
            let row: Option<(String,)> = sqlx::query_as(
                "SELECT strategy FROM plan_activities WHERE id = $1 AND org_id = $2",
            )
            .bind(id)
            .bind(org_id)
            .fetch_optional(&mut **tx)
            .await
            .map_err(internal("scope"))?;
            row.map(|(s,)| (s, Some(*id))).ok_or_else(|| bad(E_SCOPE))
        }
    }
}

/// Create (`id` = 0) or update an activity. Returns its id.
pub async fn save_activity(
    db: &Db,
    org_id: i64,
    actor: i64,
    id: i64,
    a: &ActivityInput,
) -> Result<i64, AppError> {
    let mut tx = begin(db).await?;
    let now = now_unix();
    let id = if id == 0 {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO plan_activities (org_id, title, description, strategy, year, owner,
             cost, funding, status, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
        )
        .bind(org_id)
        .bind(&a.title)
        .bind(&a.description)
        .bind(&a.strategy)
        .bind(a.year)
        .bind(&a.owner)
        .bind(a.cost)
        .bind(&a.funding)
        .bind(&a.status)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(internal("insert activity"))?;
        audit_tx(
            &mut tx,
            org_id,
            actor,
            "plan.activity.create",
            &id.to_string(),
        )
        .await?;
        id
    } else {
        let res = sqlx::query(
            "UPDATE plan_activities SET title = $1, description = $2, strategy = $3, year = $4,
             owner = $5, cost = $6, funding = $7, status = $8, updated_at = $9
             WHERE id = $10 AND org_id = $11",
        )
        .bind(&a.title)
        .bind(&a.description)
        .bind(&a.strategy)
        .bind(a.year)
        .bind(&a.owner)
        .bind(a.cost)
        .bind(&a.funding)
        .bind(&a.status)
        .bind(now)
        .bind(id)
        .bind(org_id)
        .execute(&mut *tx)
        .await
        .map_err(internal("update activity"))?;
        if res.rows_affected() != 1 {
            return Err(AppError::NotFound);
        }
        // Benefits, KPIs and business case of the activity follow its strategy.
        for table in ["plan_benefits", "plan_kpis", "plan_business_case_years"] {
            sqlx::query(&format!(
                "UPDATE {table} SET strategy = $1 WHERE activity_id = $2 AND org_id = $3"
            ))
            .bind(&a.strategy)
            .bind(id)
            .bind(org_id)
            .execute(&mut *tx)
            .await
            .map_err(internal("activity strategy"))?;
        }
        audit_tx(
            &mut tx,
            org_id,
            actor,
            "plan.activity.update",
            &format!("{id} {}", a.status),
        )
        .await?;
        id
    };
    commit(tx).await?;
    Ok(id)
}

/// Adopt the advice activity `index` of `strategy` as a planned activity in
/// `year` (title and description in `lang`; cost 0, operating budget).
pub async fn adopt_suggestion(
    db: &Db,
    org_id: i64,
    actor: i64,
    strategy: &str,
    index: usize,
    lang: &str,
    year: i64,
) -> Result<i64, AppError> {
    if !STRATEGIES.contains(&strategy) {
        return Err(bad(E_STRATEGY));
    }
    let a = crate::benchmark::advice::data()
        .and_then(|d| d.activities.get(strategy))
        .and_then(|v| v.get(index))
        .ok_or_else(|| bad(E_SUGGESTION))?;
    let title: String = a.title.get(lang).chars().take(200).collect();
    let description: String = a.description.get(lang).chars().take(2000).collect();
    let input = ActivityInput {
        title,
        description,
        strategy: strategy.to_owned(),
        year: year.clamp(2000, 2100),
        owner: String::new(),
        cost: 0,
        funding: "operating".into(),
        status: "planned".into(),
    };
    save_activity(db, org_id, actor, 0, &input).await
}

pub async fn save_benefit(
    db: &Db,
    org_id: i64,
    actor: i64,
    id: i64,
    b: &BenefitInput,
) -> Result<i64, AppError> {
    let mut tx = begin(db).await?;
    let (strategy, activity_id) = resolve_scope(&mut tx, org_id, &b.scope).await?;
    let id = if id == 0 {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO plan_benefits (org_id, activity_id, strategy, benefit_type, description,
             success_criteria, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(org_id)
        .bind(activity_id)
        .bind(&strategy)
        .bind(&b.benefit_type)
        .bind(&b.description)
        .bind(&b.success_criteria)
        .bind(now_unix())
        .fetch_one(&mut *tx)
        .await
        .map_err(internal("insert benefit"))?;
        id
    } else {
        let res = sqlx::query(
            "UPDATE plan_benefits SET activity_id = $1, strategy = $2, benefit_type = $3,
             description = $4, success_criteria = $5 WHERE id = $6 AND org_id = $7",
        )
        .bind(activity_id)
        .bind(&strategy)
        .bind(&b.benefit_type)
        .bind(&b.description)
        .bind(&b.success_criteria)
        .bind(id)
        .bind(org_id)
        .execute(&mut *tx)
        .await
        .map_err(internal("update benefit"))?;
        if res.rows_affected() != 1 {
            return Err(AppError::NotFound);
        }
        id
    };
    audit_tx(&mut tx, org_id, actor, "plan.benefit.save", &id.to_string()).await?;
    commit(tx).await?;
    Ok(id)
}

pub async fn save_kpi(
    db: &Db,
    org_id: i64,
    actor: i64,
    id: i64,
    k: &KpiInput,
) -> Result<i64, AppError> {
    let mut tx = begin(db).await?;
    let (strategy, activity_id) = resolve_scope(&mut tx, org_id, &k.scope).await?;
    let id = if id == 0 {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO plan_kpis (org_id, activity_id, strategy, name, unit, baseline, target,
             owner, frequency, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             RETURNING id",
        )
        .bind(org_id)
        .bind(activity_id)
        .bind(&strategy)
        .bind(&k.name)
        .bind(&k.unit)
        .bind(k.baseline)
        .bind(k.target)
        .bind(&k.owner)
        .bind(&k.frequency)
        .bind(now_unix())
        .fetch_one(&mut *tx)
        .await
        .map_err(internal("insert kpi"))?;
        id
    } else {
        let res = sqlx::query(
            "UPDATE plan_kpis SET activity_id = $1, strategy = $2, name = $3, unit = $4,
             baseline = $5, target = $6, owner = $7, frequency = $8 WHERE id = $9 AND org_id = $10",
        )
        .bind(activity_id)
        .bind(&strategy)
        .bind(&k.name)
        .bind(&k.unit)
        .bind(k.baseline)
        .bind(k.target)
        .bind(&k.owner)
        .bind(&k.frequency)
        .bind(id)
        .bind(org_id)
        .execute(&mut *tx)
        .await
        .map_err(internal("update kpi"))?;
        if res.rows_affected() != 1 {
            return Err(AppError::NotFound);
        }
        id
    };
    audit_tx(&mut tx, org_id, actor, "plan.kpi.save", &id.to_string()).await?;
    commit(tx).await?;
    Ok(id)
}

/// Record a measured KPI value. The KPI must belong to `org_id`.
pub async fn add_measurement(
    db: &Db,
    org_id: i64,
    actor: i64,
    kpi_id: i64,
    measured_on: &str,
    value: f64,
) -> Result<i64, AppError> {
    let mut tx = begin(db).await?;
    let kpi: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM plan_kpis WHERE id = $1 AND org_id = $2")
            .bind(kpi_id)
            .bind(org_id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(internal("kpi"))?;
    if kpi.is_none() {
        return Err(AppError::NotFound);
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO plan_kpi_measurements (org_id, kpi_id, measured_on, value)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(org_id)
    .bind(kpi_id)
    .bind(measured_on)
    .bind(value)
    .fetch_one(&mut *tx)
    .await
    .map_err(internal("insert measurement"))?;
    audit_tx(
        &mut tx,
        org_id,
        actor,
        "plan.kpi.measure",
        &format!("{kpi_id} {measured_on}"),
    )
    .await?;
    commit(tx).await?;
    Ok(id)
}

/// Set the business case of one activity (or strategy) for one year; an
/// existing row for the same scope and year is replaced.
pub async fn save_business_case(
    db: &Db,
    org_id: i64,
    actor: i64,
    b: &BusinessCaseInput,
) -> Result<i64, AppError> {
    let mut tx = begin(db).await?;
    let (strategy, activity_id) = resolve_scope(&mut tx, org_id, &b.scope).await?;
    let same: Vec<(i64, Option<i64>, String)> = sqlx::query_as(
        "SELECT id, activity_id, strategy FROM plan_business_case_years
         WHERE org_id = $1 AND year = $2 ORDER BY id",
    )
    .bind(org_id)
    .bind(b.year)
    .fetch_all(&mut *tx)
    .await
    .map_err(internal("business case year"))?;
    let existing = same.iter().find(|r| match activity_id {
        Some(a) => r.1 == Some(a),
        None => r.1.is_none() && r.2 == strategy,
    });
    let id = match existing {
        Some((id, ..)) => {
            sqlx::query(
                "UPDATE plan_business_case_years SET investment = $1, running_cost = $2,
                 savings = $3 WHERE id = $4 AND org_id = $5",
            )
            .bind(b.investment)
            .bind(b.running_cost)
            .bind(b.savings)
            .bind(id)
            .bind(org_id)
            .execute(&mut *tx)
            .await
            .map_err(internal("update business case"))?;
            *id
        }
        None => {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO plan_business_case_years (org_id, activity_id, strategy, year,
                 investment, running_cost, savings) VALUES ($1, $2, $3, $4, $5, $6, $7)
                 RETURNING id",
            )
            .bind(org_id)
            .bind(activity_id)
            .bind(&strategy)
            .bind(b.year)
            .bind(b.investment)
            .bind(b.running_cost)
            .bind(b.savings)
            .fetch_one(&mut *tx)
            .await
            .map_err(internal("insert business case"))?;
            id
        }
    };
    audit_tx(
        &mut tx,
        org_id,
        actor,
        "plan.business_case.save",
        &format!("{id} {}", b.year),
    )
    .await?;
    commit(tx).await?;
    Ok(id)
}

/// Delete one item of the plan: `kind` is activity (with its benefits, KPIs
/// and business case), benefit, kpi (with its measurements), measurement or
/// business_case.
pub async fn delete(db: &Db, org_id: i64, actor: i64, kind: &str, id: i64) -> Result<(), AppError> {
    let table = match kind {
        "activity" => "plan_activities",
        "benefit" => "plan_benefits",
        "kpi" => "plan_kpis",
        "measurement" => "plan_kpi_measurements",
        "business_case" => "plan_business_case_years",
        _ => return Err(AppError::NotFound),
    };
    let mut tx = begin(db).await?;
    let res = sqlx::query(&format!(
        "DELETE FROM {table} WHERE id = $1 AND org_id = $2"
    ))
    .bind(id)
    .bind(org_id)
    .execute(&mut *tx)
    .await
    .map_err(internal("delete plan item"))?;
    if res.rows_affected() != 1 {
        return Err(AppError::NotFound);
    }
    audit_tx(
        &mut tx,
        org_id,
        actor,
        &format!("plan.{kind}.delete"),
        &id.to_string(),
    )
    .await?;
    commit(tx).await?;
    Ok(())
}
