//! Action plan and benefits realisation: shared types, input checks and the
//! calculations (business case net and accumulated net, cost totals per year
//! and funding, KPI progress, weakest strategies). Pure: no I/O.
//!
//! Money is in whole currency units (`i64`), never floats.

use serde::{Deserialize, Serialize};

pub const STRATEGIES: [&str; 6] = ["S1", "S2", "S3", "S4", "S5", "S6"];
pub const FUNDINGS: [&str; 2] = ["investment", "operating"];
pub const STATUSES: [&str; 4] = ["planned", "in_progress", "done", "dropped"];
pub const BENEFIT_TYPES: [&str; 6] = [
    "productivity",
    "efficiency",
    "quality",
    "service",
    "innovation",
    "workplace",
];
pub const FREQUENCIES: [&str; 3] = ["monthly", "quarterly", "yearly"];
/// Upper bound for any amount of money (whole units).
pub const MAX_AMOUNT: i64 = 1_000_000_000_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub strategy: String,
    pub year: i64,
    pub owner: String,
    pub cost: i64,
    pub funding: String,
    pub status: String,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Benefit {
    pub id: i64,
    pub activity_id: Option<i64>,
    pub strategy: String,
    pub benefit_type: String,
    pub description: String,
    pub success_criteria: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    pub id: i64,
    /// YYYY-MM-DD.
    pub measured_on: String,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    pub id: i64,
    pub activity_id: Option<i64>,
    pub strategy: String,
    pub name: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub owner: String,
    pub frequency: String,
    /// Oldest first.
    pub measurements: Vec<Measurement>,
    /// Progress of the latest measurement from baseline towards target, in %.
    pub progress: Option<f64>,
}

/// One stored business-case row (one activity or strategy, one year).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BusinessCaseRow {
    pub id: i64,
    pub activity_id: Option<i64>,
    pub strategy: String,
    pub year: i64,
    pub investment: i64,
    pub running_cost: i64,
    pub savings: i64,
}

/// The plan's business case for one year (all rows of that year summed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessCaseYear {
    pub year: i64,
    pub investment: i64,
    pub running_cost: i64,
    pub savings: i64,
    /// savings − investment − running cost.
    pub net: i64,
    /// Sum of `net` over this and all earlier years.
    pub accumulated: i64,
}

/// Estimated activity cost of a year, split by funding (dropped activities excluded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostTotal {
    pub year: i64,
    pub investment: i64,
    pub operating: i64,
    pub total: i64,
}

/// An organisation's whole action plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionPlan {
    pub org_id: i64,
    /// ISO 4217 code for the organisation's country, if known.
    pub currency: Option<String>,
    pub activities: Vec<Activity>,
    pub benefits: Vec<Benefit>,
    pub kpis: Vec<Kpi>,
    pub business_case_rows: Vec<BusinessCaseRow>,
    pub business_case: Vec<BusinessCaseYear>,
    pub cost_totals: Vec<CostTotal>,
}

/// A suggested activity from the advice texts for a weak strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub strategy: String,
    /// Index into the strategy's advice activities.
    pub index: usize,
    pub title: String,
    pub description: String,
    /// Own score, target and peer median that made the strategy weak.
    pub own: f64,
    pub target: Option<f64>,
    pub peer_median: Option<f64>,
    pub gap: f64,
}

/// The strategy score in the latest closed campaigns (oldest first, at most two).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrategyProgress {
    pub strategy: String,
    pub points: Vec<(i64, f64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanInsights {
    /// Whether the organisation has any disclosed campaign result.
    pub has_results: bool,
    /// The year an adopted suggestion is planned for (next calendar year).
    pub next_year: i64,
    pub suggestions: Vec<Suggestion>,
    pub progress: Vec<StrategyProgress>,
}

// ---------------------------------------------------------------- calculations

/// Business case per year: rows of the same year are summed; net = savings −
/// investment − running cost; accumulated = running sum of net, by year.
pub fn business_case(rows: &[BusinessCaseRow]) -> Vec<BusinessCaseYear> {
    let mut years: std::collections::BTreeMap<i64, (i64, i64, i64)> = Default::default();
    for r in rows {
        let e = years.entry(r.year).or_default();
        e.0 = e.0.saturating_add(r.investment);
        e.1 = e.1.saturating_add(r.running_cost);
        e.2 = e.2.saturating_add(r.savings);
    }
    let mut accumulated = 0i64;
    years
        .into_iter()
        .map(|(year, (investment, running_cost, savings))| {
            let net = savings
                .saturating_sub(investment)
                .saturating_sub(running_cost);
            accumulated = accumulated.saturating_add(net);
            BusinessCaseYear {
                year,
                investment,
                running_cost,
                savings,
                net,
                accumulated,
            }
        })
        .collect()
}

/// Estimated cost per year split by funding; dropped activities do not count.
pub fn cost_totals(activities: &[Activity]) -> Vec<CostTotal> {
    let mut years: std::collections::BTreeMap<i64, (i64, i64)> = Default::default();
    for a in activities.iter().filter(|a| a.status != "dropped") {
        let e = years.entry(a.year).or_default();
        if a.funding == "investment" {
            e.0 = e.0.saturating_add(a.cost);
        } else {
            e.1 = e.1.saturating_add(a.cost);
        }
    }
    years
        .into_iter()
        .map(|(year, (investment, operating))| CostTotal {
            year,
            investment,
            operating,
            total: investment.saturating_add(operating),
        })
        .collect()
}

/// How far `latest` has come from `baseline` towards `target`, in percent
/// (0 = at baseline, 100 = target reached; may be below 0 or above 100).
/// Works for "lower is better" KPIs too (target below baseline). `None` when
/// target equals baseline or nothing is measured yet.
pub fn kpi_progress(baseline: f64, target: f64, latest: Option<f64>) -> Option<f64> {
    let latest = latest?;
    let span = target - baseline;
    if span == 0.0 || !span.is_finite() {
        return None;
    }
    let p = (latest - baseline) / span * 100.0;
    p.is_finite().then_some(p)
}

/// The strategies furthest below where they should be. For each strategy with
/// an own score: gap = the larger of (target − own) and (peer median − own);
/// only positive gaps count. The `n` largest, largest first (ties by code).
pub fn weakest_strategies(
    own: &[(String, f64)],
    targets: &[(String, f64)],
    medians: &[(String, f64)],
    n: usize,
) -> Vec<(String, f64)> {
    let find = |list: &[(String, f64)], s: &str| list.iter().find(|x| x.0 == s).map(|x| x.1);
    let mut gaps: Vec<(String, f64)> = own
        .iter()
        .filter(|(s, _)| STRATEGIES.contains(&s.as_str()))
        .filter_map(|(s, score)| {
            let to_target = find(targets, s).map(|t| t - score);
            let to_peers = find(medians, s).map(|m| m - score);
            let gap = match (to_target, to_peers) {
                (Some(a), Some(b)) => a.max(b),
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => return None,
            };
            (gap > 0.0).then(|| (s.clone(), gap))
        })
        .collect();
    gaps.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    gaps.truncate(n);
    gaps
}

/// ISO 4217 currency of a country's organisations (plain amounts otherwise).
pub fn currency_for(country: &str) -> Option<&'static str> {
    match country {
        "SE" => Some("SEK"),
        "DK" => Some("DKK"),
        "NO" => Some("NOK"),
        "NL" | "BE" | "DE" | "FI" | "FR" | "AT" | "IE" | "ES" | "IT" | "PT" | "EE" | "LV"
        | "LT" => Some("EUR"),
        "GB" => Some("GBP"),
        _ => None,
    }
}

/// 1234567 → "1 234 567" (thin grouping that reads the same in all four languages).
pub fn format_amount(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    if v < 0 { format!("−{out}") } else { out }
}

// ---------------------------------------------------------------- input checks

/// Messages are fixed English sentences (localised by the page); several
/// problems are joined with [`SEP`].
pub const SEP: &str = " | ";

pub const E_TITLE: &str = "Enter a title of at most 200 characters.";
pub const E_DESCRIPTION: &str = "The description must be at most 2000 characters.";
pub const E_STRATEGY: &str = "Choose a strategy (S1–S6).";
pub const E_YEAR: &str = "Enter a year between 2000 and 2100.";
pub const E_OWNER: &str = "The owner must be at most 120 characters.";
pub const E_AMOUNT: &str =
    "Amounts must be whole numbers from 0 to 1 000 000 000 000 (no decimals, not negative).";
pub const E_FUNDING: &str = "Choose the funding: investment or operating budget.";
pub const E_STATUS: &str = "Choose a status: planned, in progress, done or dropped.";
pub const E_BENEFIT_TYPE: &str = "Choose a benefit type.";
pub const E_BENEFIT_TEXT: &str = "Describe the benefit (at most 2000 characters).";
pub const E_CRITERIA: &str = "The success criteria must be at most 2000 characters.";
pub const E_SCOPE: &str = "Choose the activity or strategy this belongs to.";
pub const E_KPI_NAME: &str = "Enter a KPI name of at most 200 characters.";
pub const E_UNIT: &str = "The unit must be at most 40 characters.";
pub const E_BASELINE: &str = "The baseline must be a number.";
pub const E_TARGET: &str = "The KPI target must be a number.";
pub const E_SAME: &str = "The KPI target must differ from the baseline.";
pub const E_FREQUENCY: &str = "Choose how often the KPI is measured: monthly, quarterly or yearly.";
pub const E_DATE: &str = "Enter the measurement date as YYYY-MM-DD.";
pub const E_VALUE: &str = "The measured value must be a number.";
pub const E_SUGGESTION: &str = "This suggestion is no longer offered.";

/// Every message above (for the page's translation table and its test).
pub const MESSAGES: [&str; 21] = [
    E_TITLE,
    E_DESCRIPTION,
    E_STRATEGY,
    E_YEAR,
    E_OWNER,
    E_AMOUNT,
    E_FUNDING,
    E_STATUS,
    E_BENEFIT_TYPE,
    E_BENEFIT_TEXT,
    E_CRITERIA,
    E_SCOPE,
    E_KPI_NAME,
    E_UNIT,
    E_BASELINE,
    E_TARGET,
    E_SAME,
    E_FREQUENCY,
    E_DATE,
    E_VALUE,
    E_SUGGESTION,
];

/// What a benefit, KPI or business-case row belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Strategy(String),
    Activity(i64),
}

/// "S1"–"S6", or "activity:<id>".
pub fn parse_scope(s: &str) -> Result<Scope, &'static str> {
    let s = s.trim();
    if STRATEGIES.contains(&s) {
        return Ok(Scope::Strategy(s.to_owned()));
    }
    s.strip_prefix("activity:")
        .and_then(|id| id.parse::<i64>().ok())
        .filter(|id| *id > 0)
        .map(Scope::Activity)
        .ok_or(E_SCOPE)
}

fn clean(s: &str) -> String {
    s.trim().to_owned()
}

fn has_control(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
}

fn text(s: &str, min: usize, max: usize, err: &'static str) -> Result<String, &'static str> {
    let s = clean(s);
    let n = s.chars().count();
    if n < min || n > max || has_control(&s) {
        Err(err)
    } else {
        Ok(s)
    }
}

fn one_of(s: &str, list: &[&str], err: &'static str) -> Result<String, &'static str> {
    let s = s.trim();
    if list.contains(&s) {
        Ok(s.to_owned())
    } else {
        Err(err)
    }
}

pub fn parse_year(s: &str) -> Result<i64, &'static str> {
    s.trim()
        .parse::<i64>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or(E_YEAR)
}

/// A whole amount ≥ 0; spaces, no-break spaces and '_' may group digits.
/// Empty means 0.
pub fn parse_amount(s: &str) -> Result<i64, &'static str> {
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '_'))
        .collect();
    if digits.is_empty() {
        return Ok(0);
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(E_AMOUNT);
    }
    digits
        .parse::<i64>()
        .ok()
        .filter(|v| *v <= MAX_AMOUNT)
        .ok_or(E_AMOUNT)
}

/// A decimal number; ',' is accepted as the decimal mark.
pub fn parse_number(s: &str, err: &'static str) -> Result<f64, &'static str> {
    let s: String = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect::<String>()
        .replace(',', ".");
    s.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && v.abs() <= 1e12)
        .ok_or(err)
}

/// A calendar date YYYY-MM-DD between 2000 and 2100.
pub fn parse_date(s: &str) -> Result<String, &'static str> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(E_DATE);
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return Err(E_DATE);
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(E_DATE),
    };
    if !(2000..=2100).contains(&y) || d == 0 || d > days {
        return Err(E_DATE);
    }
    Ok(s.to_owned())
}

fn collect<T>(problems: Vec<&'static str>, value: impl FnOnce() -> T) -> Result<T, String> {
    if problems.is_empty() {
        Ok(value())
    } else {
        let mut p = problems;
        p.dedup();
        Err(p.join(SEP))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityInput {
    pub title: String,
    pub description: String,
    pub strategy: String,
    pub year: i64,
    pub owner: String,
    pub cost: i64,
    pub funding: String,
    pub status: String,
}

/// Check an activity as entered. Every problem is listed.
#[allow(clippy::too_many_arguments)]
pub fn parse_activity(
    title: &str,
    description: &str,
    strategy: &str,
    year: &str,
    owner: &str,
    cost: &str,
    funding: &str,
    status: &str,
) -> Result<ActivityInput, String> {
    let mut p = Vec::new();
    let mut ok = |r: Result<String, &'static str>| r.map_err(|e| p.push(e)).unwrap_or_default();
    let title = ok(text(title, 1, 200, E_TITLE));
    let description = ok(text(description, 0, 2000, E_DESCRIPTION));
    let strategy = ok(one_of(strategy, &STRATEGIES, E_STRATEGY));
    let owner = ok(text(owner, 0, 120, E_OWNER));
    let funding = ok(one_of(funding, &FUNDINGS, E_FUNDING));
    let status = ok(one_of(status, &STATUSES, E_STATUS));
    let year = parse_year(year).map_err(|e| p.push(e)).unwrap_or_default();
    let cost = parse_amount(cost)
        .map_err(|e| p.push(e))
        .unwrap_or_default();
    collect(p, || ActivityInput {
        title,
        description,
        strategy,
        year,
        owner,
        cost,
        funding,
        status,
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct BenefitInput {
    pub scope: Scope,
    pub benefit_type: String,
    pub description: String,
    pub success_criteria: String,
}

pub fn parse_benefit(
    scope: &str,
    benefit_type: &str,
    description: &str,
    success_criteria: &str,
) -> Result<BenefitInput, String> {
    let mut p = Vec::new();
    let scope = parse_scope(scope).map_err(|e| p.push(e)).ok();
    let mut ok = |r: Result<String, &'static str>| r.map_err(|e| p.push(e)).unwrap_or_default();
    let benefit_type = ok(one_of(benefit_type, &BENEFIT_TYPES, E_BENEFIT_TYPE));
    let description = ok(text(description, 1, 2000, E_BENEFIT_TEXT));
    let success_criteria = ok(text(success_criteria, 0, 2000, E_CRITERIA));
    match scope {
        Some(scope) => collect(p, || BenefitInput {
            scope,
            benefit_type,
            description,
            success_criteria,
        }),
        None => Err(collect::<()>(p, || ()).err().unwrap_or_default()),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct KpiInput {
    pub scope: Scope,
    pub name: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub owner: String,
    pub frequency: String,
}

#[allow(clippy::too_many_arguments)]
pub fn parse_kpi(
    scope: &str,
    name: &str,
    unit: &str,
    baseline: &str,
    target: &str,
    owner: &str,
    frequency: &str,
) -> Result<KpiInput, String> {
    let mut p = Vec::new();
    let scope = parse_scope(scope).map_err(|e| p.push(e)).ok();
    let mut ok = |r: Result<String, &'static str>| r.map_err(|e| p.push(e)).unwrap_or_default();
    let name = ok(text(name, 1, 200, E_KPI_NAME));
    let unit = ok(text(unit, 0, 40, E_UNIT));
    let owner = ok(text(owner, 0, 120, E_OWNER));
    let frequency = ok(one_of(frequency, &FREQUENCIES, E_FREQUENCY));
    let baseline = parse_number(baseline, E_BASELINE)
        .map_err(|e| p.push(e))
        .ok();
    let target = parse_number(target, E_TARGET).map_err(|e| p.push(e)).ok();
    if let (Some(b), Some(t)) = (baseline, target)
        && b == t
    {
        p.push(E_SAME);
    }
    match (scope, baseline, target) {
        (Some(scope), Some(baseline), Some(target)) => collect(p, || KpiInput {
            scope,
            name,
            unit,
            baseline,
            target,
            owner,
            frequency,
        }),
        _ => Err(collect::<()>(p, || ()).err().unwrap_or_default()),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct BusinessCaseInput {
    pub scope: Scope,
    pub year: i64,
    pub investment: i64,
    pub running_cost: i64,
    pub savings: i64,
}

pub fn parse_business_case(
    scope: &str,
    year: &str,
    investment: &str,
    running_cost: &str,
    savings: &str,
) -> Result<BusinessCaseInput, String> {
    let mut p = Vec::new();
    let scope = parse_scope(scope).map_err(|e| p.push(e)).ok();
    let year = parse_year(year).map_err(|e| p.push(e)).unwrap_or_default();
    let mut amount = |s: &str| parse_amount(s).map_err(|e| p.push(e)).unwrap_or_default();
    let investment = amount(investment);
    let running_cost = amount(running_cost);
    let savings = amount(savings);
    match scope {
        Some(scope) => collect(p, || BusinessCaseInput {
            scope,
            year,
            investment,
            running_cost,
            savings,
        }),
        None => Err(collect::<()>(p, || ()).err().unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bc(year: i64, investment: i64, running_cost: i64, savings: i64) -> BusinessCaseRow {
        BusinessCaseRow {
            id: 0,
            activity_id: None,
            strategy: "S1".into(),
            year,
            investment,
            running_cost,
            savings,
        }
    }

    #[test]
    fn business_case_net_and_accumulated_by_hand() {
        // 2027: 500 000 invested, 50 000 running, 100 000 saved → net −450 000.
        // 2028: two rows: 0+20 000 invested, 60 000 running, 300 000+50 000 saved
        //       → 20 000 / 60 000 / 350 000 → net 270 000, accumulated −180 000.
        // 2029: 0 / 60 000 / 400 000 → net 340 000, accumulated 160 000.
        let rows = [
            bc(2028, 0, 60_000, 300_000),
            bc(2027, 500_000, 50_000, 100_000),
            bc(2029, 0, 60_000, 400_000),
            bc(2028, 20_000, 0, 50_000),
        ];
        let y = business_case(&rows);
        assert_eq!(y.len(), 3);
        assert_eq!(
            y[0],
            BusinessCaseYear {
                year: 2027,
                investment: 500_000,
                running_cost: 50_000,
                savings: 100_000,
                net: -450_000,
                accumulated: -450_000
            }
        );
        assert_eq!(
            (y[1].investment, y[1].running_cost, y[1].savings),
            (20_000, 60_000, 350_000)
        );
        assert_eq!((y[1].net, y[1].accumulated), (270_000, -180_000));
        assert_eq!((y[2].net, y[2].accumulated), (340_000, 160_000));
        assert!(business_case(&[]).is_empty());
    }

    fn act(year: i64, cost: i64, funding: &str, status: &str) -> Activity {
        Activity {
            id: 0,
            title: "t".into(),
            description: String::new(),
            strategy: "S2".into(),
            year,
            owner: String::new(),
            cost,
            funding: funding.into(),
            status: status.into(),
            updated_at: 0,
        }
    }

    #[test]
    fn cost_totals_split_by_funding_without_dropped() {
        let t = cost_totals(&[
            act(2027, 100, "investment", "planned"),
            act(2027, 40, "operating", "done"),
            act(2027, 1000, "investment", "dropped"),
            act(2026, 7, "operating", "in_progress"),
            act(2027, 60, "investment", "in_progress"),
        ]);
        assert_eq!(
            t,
            vec![
                CostTotal {
                    year: 2026,
                    investment: 0,
                    operating: 7,
                    total: 7
                },
                CostTotal {
                    year: 2027,
                    investment: 160,
                    operating: 40,
                    total: 200
                },
            ]
        );
    }

    #[test]
    fn kpi_progress_by_hand() {
        // 20 → 80, measured 50: 30 of 60 = 50 %.
        assert_eq!(kpi_progress(20.0, 80.0, Some(50.0)), Some(50.0));
        // Lower is better: 10 days → 4 days, measured 7: 3 of 6 = 50 %.
        assert_eq!(kpi_progress(10.0, 4.0, Some(7.0)), Some(50.0));
        // Overshoot and going backwards.
        assert_eq!(kpi_progress(0.0, 200.0, Some(300.0)), Some(150.0));
        assert_eq!(kpi_progress(100.0, 200.0, Some(90.0)), Some(-10.0));
        assert_eq!(kpi_progress(1.0, 1.0, Some(5.0)), None);
        assert_eq!(kpi_progress(1.0, 2.0, None), None);
    }

    #[test]
    fn weakest_strategies_by_target_and_peers() {
        let own = vec![
            ("S1".to_string(), 5.0),
            ("S2".to_string(), 4.0),
            ("S3".to_string(), 6.0),
            ("S4".to_string(), 7.0),
            ("DI".to_string(), 1.0),
        ];
        let targets = vec![("S1".to_string(), 8.0), ("S4".to_string(), 6.0)];
        let medians = vec![
            ("S1".to_string(), 5.5),
            ("S2".to_string(), 6.0),
            ("S3".to_string(), 6.5),
            ("S4".to_string(), 6.0),
        ];
        // S1: max(3, 0.5) = 3; S2: 2; S3: 0.5; S4: max(−1, −1) → none; DI ignored.
        let w = weakest_strategies(&own, &targets, &medians, 3);
        assert_eq!(
            w,
            vec![("S1".into(), 3.0), ("S2".into(), 2.0), ("S3".into(), 0.5)]
        );
        assert_eq!(weakest_strategies(&own, &targets, &medians, 1).len(), 1);
        assert!(weakest_strategies(&own, &[], &[], 3).is_empty());
    }

    #[test]
    fn amounts_and_numbers() {
        assert_eq!(parse_amount("12 500"), Ok(12_500));
        assert_eq!(parse_amount(""), Ok(0));
        assert_eq!(parse_amount("-5"), Err(E_AMOUNT));
        assert_eq!(parse_amount("1.5"), Err(E_AMOUNT));
        assert_eq!(parse_amount("1000000000001"), Err(E_AMOUNT));
        assert_eq!(parse_number(" 3,5 ", E_TARGET), Ok(3.5));
        assert_eq!(parse_number("-2", E_TARGET), Ok(-2.0));
        assert_eq!(parse_number("lots", E_TARGET), Err(E_TARGET));
        assert_eq!(parse_number("NaN", E_TARGET), Err(E_TARGET));
        assert_eq!(format_amount(1_234_567), "1\u{a0}234\u{a0}567");
        assert_eq!(format_amount(-450_000), "−450\u{a0}000");
        assert_eq!(format_amount(0), "0");
        assert_eq!(currency_for("SE"), Some("SEK"));
        assert_eq!(currency_for("XX"), None);
    }

    #[test]
    fn dates_and_scopes() {
        assert!(parse_date("2028-02-29").is_ok());
        assert!(parse_date("2027-02-29").is_err());
        assert!(parse_date("2027-13-01").is_err());
        assert!(parse_date("27-01-01").is_err());
        assert_eq!(parse_scope("S4"), Ok(Scope::Strategy("S4".into())));
        assert_eq!(parse_scope("activity:12"), Ok(Scope::Activity(12)));
        assert!(parse_scope("S7").is_err());
        assert!(parse_scope("activity:x").is_err());
    }

    #[test]
    fn activities_are_checked_with_every_problem_listed() {
        let a = parse_activity(
            " E-services ",
            "",
            "S6",
            "2027",
            "CIO",
            "250 000",
            "investment",
            "planned",
        )
        .unwrap();
        assert_eq!(
            (a.title.as_str(), a.cost, a.year),
            ("E-services", 250_000, 2027)
        );
        let e = parse_activity("", "", "S9", "1999", "", "-1", "grant", "late").unwrap_err();
        for m in [E_TITLE, E_STRATEGY, E_YEAR, E_AMOUNT, E_FUNDING, E_STATUS] {
            assert!(e.contains(m), "{m} in {e}");
        }
        let e = parse_kpi("S1", "Share digital", "%", "10", "many", "", "weekly").unwrap_err();
        assert!(e.contains(E_TARGET) && e.contains(E_FREQUENCY), "{e}");
        assert!(parse_kpi("S1", "x", "%", "10", "10", "", "yearly").is_err());
        assert!(parse_benefit("S1", "happiness", "x", "").is_err());
        assert!(parse_benefit("nope", "quality", "x", "").is_err());
        let b = parse_business_case("activity:3", "2027", "100", "", "5").unwrap();
        assert_eq!((b.investment, b.running_cost, b.savings), (100, 0, 5));
        assert!(parse_business_case("S1", "2027", "-100", "0", "0").is_err());
    }
}
