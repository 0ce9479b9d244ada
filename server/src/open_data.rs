//! The open-data API (`/api/open-data/v1/…`): public, read-only (GET), JSON
//! by default and CSV with `?format=csv`. Documented in `docs/open-data.md`
//! and described by the OpenAPI document it serves (`open_data_openapi.json`).
//!
//! What it publishes, and only through the app's anonymity gates:
//! - `organisations`: organisations that opted in to named benchmarking (and
//!   are not disabled) with the years in which they have a k-safe result;
//! - `results`: per opted-in organisation and year, the totals that
//!   [`app::scoring::gate::campaign_results`] lets out (never breakdown groups
//!   or free-text answers);
//! - `peer-groups`: the distribution of a peer group over the organisations
//!   that `results` publishes for the same year and filter (so it is a
//!   function of published figures only), and no figure at all when the
//!   group is below the minimum.

use app::AppError;
use app::benchmark::PeerFilter;
use app::benchmark::counting::{CampaignKey, counting_campaigns};
use app::benchmark::service::{BenchSettings, validate_filter};
use app::db::Db;
use app::db::open_data::{PublishableCampaign, PublishableFilter, publishable_campaigns};
use app::export::{num_cell, round_dp, safe_cell, to_csv};
use app::scoring::anonymity::{peer_group_disclosed, total_disclosed};
use app::scoring::model::Availability;
use app::scoring::stats::quantile;
use app::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use tower_http::set_header::SetResponseHeaderLayer;

/// Where the API is mounted.
pub const PREFIX: &str = "/api/open-data/v1";

/// Decimals of every published figure, in JSON and CSV alike.
pub const DECIMALS: u32 = 4;

/// The OpenAPI 3.1 description of this API, served as it is.
pub const OPENAPI: &str = include_str!("open_data_openapi.json");

/// The API's routes (mount with `Router::nest(PREFIX, …)`). Unknown paths
/// under the prefix answer with the JSON error shape, not the HTML page.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/organisations", get(organisations))
        .route("/results", get(results))
        .route("/peer-groups", get(peer_groups))
        .route("/openapi.json", get(openapi))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        // Public data, no credentials: any site may read it.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
        .with_state(state)
}

// ---------------------------------------------------------------------------
// Errors: one JSON shape, `{"error": "…"}`.

/// An error of the open-data API: the status of the [`AppError`] and its
/// public message as `{"error": "…"}`. Internal causes are logged where they
/// happen ([`AppError::internal`]), never sent.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

#[derive(Serialize)]
struct ErrorBody {
    error: String,
}

fn error_response(status: StatusCode, message: String) -> Response {
    let mut res = (status, Json(ErrorBody { error: message })).into_response();
    if status == StatusCode::SERVICE_UNAVAILABLE {
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    }
    res
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        error_response(status, self.0.public_message())
    }
}

fn bad(message: &str) -> ApiError {
    ApiError(AppError::BadRequest(message.to_owned()))
}

async fn not_found() -> Response {
    error_response(
        StatusCode::NOT_FOUND,
        format!("Not found. The API is described at {PREFIX}/openapi.json."),
    )
}

async fn method_not_allowed() -> Response {
    error_response(
        StatusCode::METHOD_NOT_ALLOWED,
        "This API is read-only: use GET.".to_owned(),
    )
}

// ---------------------------------------------------------------------------
// Parameters.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Csv,
}

#[derive(Debug, Default)]
struct Params {
    year: Option<String>,
    country: Option<String>,
    kind: Option<String>,
    size_band: Option<String>,
    format: Option<String>,
}

/// Parse the query string: only the `allowed` parameters, each at most once.
/// Empty values of the filters mean "any".
fn params(
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
    allowed: &[&str],
) -> Result<Params, ApiError> {
    let Query(pairs) = query.map_err(|_| bad("The query string could not be read."))?;
    let mut p = Params::default();
    for (key, value) in pairs {
        if !allowed.contains(&key.as_str()) {
            return Err(ApiError(AppError::BadRequest(format!(
                "Unknown parameter. This endpoint takes: {}.",
                allowed.join(", ")
            ))));
        }
        let slot = match key.as_str() {
            "year" => &mut p.year,
            "country" => &mut p.country,
            "kind" => &mut p.kind,
            "size_band" => &mut p.size_band,
            "format" => &mut p.format,
            _ => return Err(bad("Unknown parameter.")),
        };
        if slot.is_some() {
            return Err(bad("Give each parameter at most once."));
        }
        *slot = Some(value.trim().to_owned());
    }
    Ok(p)
}

fn format_of(p: &Params) -> Result<Format, ApiError> {
    match p.format.as_deref() {
        None | Some("") | Some("json") => Ok(Format::Json),
        Some("csv") => Ok(Format::Csv),
        Some(_) => Err(bad("format must be json or csv.")),
    }
}

/// The year and filters of `results` and `peer-groups`, validated like the
/// app's peer benchmark (collaborations are not open data).
fn filter_of(p: &Params) -> Result<PeerFilter, ApiError> {
    let year = match p.year.as_deref() {
        None | Some("") => return Err(bad("The parameter year (YYYY) is required.")),
        Some(y) => y
            .parse::<i64>()
            .map_err(|_| bad("year must be a year (YYYY)."))?,
    };
    let opt = |v: &Option<String>| v.clone().filter(|s| !s.is_empty());
    let filter = PeerFilter {
        year,
        country: opt(&p.country),
        kind: opt(&p.kind),
        size_band: opt(&p.size_band),
        collaboration: None,
    };
    validate_filter(&filter)?;
    Ok(filter)
}

const FILTER_PARAMS: &[&str] = &["year", "country", "kind", "size_band", "format"];

// ---------------------------------------------------------------------------
// Output shapes (JSON). Field for field as in `open_data_openapi.json`.

#[derive(Debug, Serialize)]
pub struct OrganisationList {
    pub organisations: Vec<OrganisationOut>,
}

#[derive(Debug, Serialize)]
pub struct OrganisationOut {
    pub id: i64,
    pub name: String,
    pub country: String,
    pub kind: String,
    pub size_band: String,
    /// Years with a k-safe result, ascending.
    pub years: Vec<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FilterOut {
    pub country: Option<String>,
    pub kind: Option<String>,
    pub size_band: Option<String>,
}

impl From<&PeerFilter> for FilterOut {
    fn from(f: &PeerFilter) -> Self {
        FilterOut {
            country: f.country.clone(),
            kind: f.kind.clone(),
            size_band: f.size_band.clone(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ResultsOut {
    pub year: i64,
    /// The anonymity threshold in force: no figure stands for fewer answers.
    pub k: i64,
    pub quadrant_threshold: f64,
    pub filter: FilterOut,
    pub organisations: Vec<OrgResultOut>,
}

#[derive(Debug, Serialize)]
pub struct OrgResultOut {
    pub id: i64,
    pub name: String,
    pub country: String,
    pub kind: String,
    pub size_band: String,
    /// Submitted responses of the campaign (null when the gate withholds it).
    pub respondents: Option<i64>,
    pub quadrant: Option<String>,
    pub dimensions: Vec<DimOut>,
}

#[derive(Debug, Serialize)]
pub struct DimOut {
    pub dimension: String,
    pub n: i64,
    pub mean: f64,
    /// Median and quartiles: null below max(2k, 10) respondents, where they
    /// would be individual answers.
    pub median: Option<f64>,
    pub sd: f64,
    pub q1: Option<f64>,
    pub q3: Option<f64>,
    pub ci_lo: f64,
    pub ci_hi: f64,
}

#[derive(Debug, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PeerGroupOut {
    Available {
        year: i64,
        filter: FilterOut,
        min_organisations: i64,
        organisations: i64,
        dimensions: Vec<PeerDimOut>,
    },
    /// Below the minimum: no figure at all, not even the number of organisations.
    TooSmall {
        year: i64,
        filter: FilterOut,
        min_organisations: i64,
    },
}

#[derive(Debug, Serialize)]
pub struct PeerDimOut {
    pub dimension: String,
    pub count: i64,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
}

/// A published figure: rounded to [`DECIMALS`]; `None` when not finite (the
/// figure, and with it its dimension, is then left out).
fn fig(v: f64) -> Option<f64> {
    v.is_finite().then(|| round_dp(v, DECIMALS))
}

fn cell(v: f64) -> String {
    num_cell(v, DECIMALS as usize)
}

// ---------------------------------------------------------------------------
// Data.

fn internal(ctx: &'static str) -> impl Fn(sqlx::Error) -> AppError {
    move |e| AppError::internal(ctx, &e)
}

/// The campaign of an opted-in organisation that the API publishes for a
/// year: the one that counts for the peer benchmark too
/// ([`app::benchmark::counting`]: its latest closed campaign of that year with
/// at least k responses).
type Published = PublishableCampaign;

async fn published(
    db: &Db,
    k: i64,
    filter: Option<&PeerFilter>,
) -> Result<Vec<Published>, AppError> {
    let filter = filter.map(|f| PublishableFilter {
        year: f.year,
        country: f.country.as_deref(),
        kind: f.kind.as_deref(),
        size_band: f.size_band.as_deref(),
    });
    let rows = publishable_campaigns(db, filter.as_ref())
        .await
        .map_err(internal("open data: published campaigns"))?;
    let mut out: Vec<Published> = counting_campaigns(rows, k, |r| CampaignKey {
        org_id: r.org_id,
        year: r.year,
        campaign_id: r.campaign_id,
        n: r.n,
    });
    out.sort_by(|a, b| (&a.name, a.org_id, a.year).cmp(&(&b.name, b.org_id, b.year)));
    Ok(out)
}

/// Opted-in organisations with the years of their k-safe results.
pub async fn organisation_list(db: &Db, k: i64) -> Result<OrganisationList, AppError> {
    let mut out: Vec<OrganisationOut> = Vec::new();
    for p in published(db, k, None).await? {
        match out.last_mut() {
            Some(o) if o.id == p.org_id => o.years.push(p.year),
            _ => out.push(OrganisationOut {
                id: p.org_id,
                name: p.name,
                country: p.country,
                kind: p.kind,
                size_band: p.size_band,
                years: vec![p.year],
            }),
        }
    }
    for o in out.iter_mut() {
        o.years.sort_unstable();
        o.years.dedup();
    }
    Ok(OrganisationList { organisations: out })
}

/// The k-safe totals of every opted-in organisation in the year and filter,
/// each read through the anonymity gate.
pub async fn results_of(
    db: &Db,
    filter: &PeerFilter,
    k: i64,
    quadrant_threshold: f64,
) -> Result<ResultsOut, AppError> {
    let mut organisations = Vec::new();
    for p in published(db, k, Some(filter)).await? {
        let r = app::scoring::gate::campaign_results(
            db,
            p.org_id,
            p.campaign_id,
            k,
            quadrant_threshold,
        )
        .await?;
        if r.availability != Availability::Available {
            continue;
        }
        // Only the totals: breakdown groups and free texts are not open data.
        let dimensions = r
            .total
            .iter()
            .filter(|d| total_disclosed(d.stat.n, k))
            .filter_map(|d| {
                let s = &d.stat;
                Some(DimOut {
                    dimension: d.dimension.clone(),
                    n: s.n,
                    mean: fig(s.mean)?,
                    median: s.median.and_then(fig),
                    sd: fig(s.sd)?,
                    q1: s.q1.and_then(fig),
                    q3: s.q3.and_then(fig),
                    ci_lo: fig(s.ci_lo)?,
                    ci_hi: fig(s.ci_hi)?,
                })
            })
            .collect();
        organisations.push(OrgResultOut {
            id: p.org_id,
            name: p.name,
            country: p.country,
            kind: p.kind,
            size_band: p.size_band,
            respondents: r.n,
            quadrant: r.quadrant,
            dimensions,
        });
    }
    Ok(ResultsOut {
        year: filter.year,
        k,
        quadrant_threshold: round_dp(quadrant_threshold, DECIMALS),
        filter: filter.into(),
        organisations,
    })
}

/// The distribution of a peer group, or only its status when it is too small.
///
/// Publication rule (issue 23, leak 3): the distribution is computed from
/// the published per-organisation results of the same year and filter
/// ([`results_of`]) and from nothing else. Every peer-group figure is then a
/// function of figures that `/results` already publishes, so no combination
/// of answers (overlapping filters, years, counts) says anything about an
/// organisation that did not opt in.
pub async fn peer_group_of(
    db: &Db,
    filter: &PeerFilter,
    settings: BenchSettings,
) -> Result<PeerGroupOut, AppError> {
    let results = results_of(db, filter, settings.k, settings.quadrant_threshold).await?;
    Ok(peer_group_from(&results, settings.min_orgs))
}

/// The peer-group answer for published `results` (pure: see [`peer_group_of`]).
/// Available when at least `min_orgs` organisations are published; each
/// dimension when at least `min_orgs` of them have it (type-7 quartiles of
/// their published means, as in the app's benchmark).
pub fn peer_group_from(results: &ResultsOut, min_orgs: i64) -> PeerGroupOut {
    let filter = results.filter.clone();
    let orgs = results.organisations.len();
    if !peer_group_disclosed(orgs, min_orgs) {
        return PeerGroupOut::TooSmall {
            year: results.year,
            filter,
            min_organisations: min_orgs,
        };
    }
    let mut dimensions = Vec::new();
    for dim in app::scoring::score::DIMENSIONS {
        let means: Vec<f64> = results
            .organisations
            .iter()
            .filter_map(|o| o.dimensions.iter().find(|d| d.dimension == dim))
            .map(|d| d.mean)
            .collect();
        if !peer_group_disclosed(means.len(), min_orgs) {
            continue;
        }
        let q = |p| quantile(&means, p).and_then(fig);
        let (Some(q1), Some(median), Some(q3)) = (q(0.25), q(0.5), q(0.75)) else {
            continue;
        };
        let (Some(min), Some(max)) = (
            fig(means.iter().copied().fold(f64::INFINITY, f64::min)),
            fig(means.iter().copied().fold(f64::NEG_INFINITY, f64::max)),
        ) else {
            continue;
        };
        dimensions.push(PeerDimOut {
            dimension: dim.to_owned(),
            count: means.len() as i64,
            min,
            q1,
            median,
            q3,
            max,
        });
    }
    PeerGroupOut::Available {
        year: results.year,
        filter,
        min_organisations: min_orgs,
        organisations: orgs as i64,
        dimensions,
    }
}

// ---------------------------------------------------------------------------
// CSV forms.

pub const ORGANISATIONS_CSV: &[&str] = &["id", "name", "country", "kind", "size_band", "years"];

pub fn organisations_csv(list: &OrganisationList) -> String {
    let rows: Vec<Vec<String>> = list
        .organisations
        .iter()
        .map(|o| {
            vec![
                o.id.to_string(),
                safe_cell(&o.name),
                safe_cell(&o.country),
                safe_cell(&o.kind),
                safe_cell(&o.size_band),
                o.years
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(" "),
            ]
        })
        .collect();
    to_csv(ORGANISATIONS_CSV, &rows)
}

pub const RESULTS_CSV: &[&str] = &[
    "organisation_id",
    "organisation",
    "country",
    "kind",
    "size_band",
    "year",
    "respondents",
    "quadrant",
    "dimension",
    "n",
    "mean",
    "median",
    "sd",
    "q1",
    "q3",
    "ci_lo",
    "ci_hi",
];

pub fn results_csv(r: &ResultsOut) -> String {
    let mut rows = Vec::new();
    for o in &r.organisations {
        for d in &o.dimensions {
            rows.push(vec![
                o.id.to_string(),
                safe_cell(&o.name),
                safe_cell(&o.country),
                safe_cell(&o.kind),
                safe_cell(&o.size_band),
                r.year.to_string(),
                o.respondents.map(|n| n.to_string()).unwrap_or_default(),
                safe_cell(o.quadrant.as_deref().unwrap_or("")),
                safe_cell(&d.dimension),
                d.n.to_string(),
                cell(d.mean),
                d.median.map_or(String::new(), cell),
                cell(d.sd),
                d.q1.map_or(String::new(), cell),
                d.q3.map_or(String::new(), cell),
                cell(d.ci_lo),
                cell(d.ci_hi),
            ]);
        }
    }
    to_csv(RESULTS_CSV, &rows)
}

pub const PEER_GROUPS_CSV: &[&str] = &[
    "year",
    "country",
    "kind",
    "size_band",
    "status",
    "min_organisations",
    "organisations",
    "dimension",
    "count",
    "min",
    "q1",
    "median",
    "q3",
    "max",
];

pub fn peer_groups_csv(p: &PeerGroupOut) -> String {
    let lead = |year: i64, f: &FilterOut, status: &str, min: i64| {
        let text = |v: &Option<String>| safe_cell(v.as_deref().unwrap_or(""));
        vec![
            year.to_string(),
            text(&f.country),
            text(&f.kind),
            text(&f.size_band),
            status.to_owned(),
            min.to_string(),
        ]
    };
    let rows: Vec<Vec<String>> = match p {
        PeerGroupOut::TooSmall {
            year,
            filter,
            min_organisations,
        } => {
            // One line that says so, with every figure empty.
            let mut row = lead(*year, filter, "too_small", *min_organisations);
            row.resize(PEER_GROUPS_CSV.len(), String::new());
            vec![row]
        }
        PeerGroupOut::Available {
            year,
            filter,
            min_organisations,
            organisations,
            dimensions,
        } => dimensions
            .iter()
            .map(|d| {
                let mut row = lead(*year, filter, "available", *min_organisations);
                row.extend([
                    organisations.to_string(),
                    safe_cell(&d.dimension),
                    d.count.to_string(),
                    cell(d.min),
                    cell(d.q1),
                    cell(d.median),
                    cell(d.q3),
                    cell(d.max),
                ]);
                row
            })
            .collect(),
    };
    to_csv(PEER_GROUPS_CSV, &rows)
}

// ---------------------------------------------------------------------------
// Handlers.

fn csv_response(filename: &str, body: String) -> Response {
    let mut res = body.into_response();
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    match HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        Ok(v) => {
            headers.insert(header::CONTENT_DISPOSITION, v);
        }
        Err(_) => {
            headers.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment"),
            );
        }
    }
    res
}

fn bench_settings(state: &AppState) -> BenchSettings {
    BenchSettings {
        k: state.settings.min_group_size,
        min_orgs: state.settings.min_peer_orgs,
        quadrant_threshold: state.settings.quadrant_threshold,
    }
}

async fn organisations(
    State(state): State<AppState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let p = params(query, &["format"])?;
    let format = format_of(&p)?;
    let list = organisation_list(&state.db, state.settings.min_group_size).await?;
    Ok(match format {
        Format::Json => Json(list).into_response(),
        Format::Csv => csv_response("spindel-organisations.csv", organisations_csv(&list)),
    })
}

async fn results(
    State(state): State<AppState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let p = params(query, FILTER_PARAMS)?;
    let format = format_of(&p)?;
    let filter = filter_of(&p)?;
    let out = results_of(
        &state.db,
        &filter,
        state.settings.min_group_size,
        state.settings.quadrant_threshold,
    )
    .await?;
    Ok(match format {
        Format::Json => Json(out).into_response(),
        Format::Csv => csv_response(
            &format!("spindel-results-{}.csv", filter.year),
            results_csv(&out),
        ),
    })
}

async fn peer_groups(
    State(state): State<AppState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let p = params(query, FILTER_PARAMS)?;
    let format = format_of(&p)?;
    let filter = filter_of(&p)?;
    let out = peer_group_of(&state.db, &filter, bench_settings(&state)).await?;
    Ok(match format {
        Format::Json => Json(out).into_response(),
        Format::Csv => csv_response(
            &format!("spindel-peer-groups-{}.csv", filter.year),
            peer_groups_csv(&out),
        ),
    })
}

async fn openapi(
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    params(query, &[])?;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        OPENAPI,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Result<Query<Vec<(String, String)>>, QueryRejection> {
        Ok(Query(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        ))
    }

    #[test]
    fn openapi_document_is_json_with_every_endpoint() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI).expect("valid JSON");
        assert_eq!(doc["openapi"], "3.1.0");
        let paths: Vec<&String> = doc["paths"].as_object().expect("paths").keys().collect();
        assert_eq!(
            paths,
            vec![
                "/openapi.json",
                "/organisations",
                "/peer-groups",
                "/results"
            ]
        );
    }

    #[test]
    fn parameters_are_checked() {
        let p = params(q(&[("year", "2026"), ("country", "SE")]), FILTER_PARAMS).expect("ok");
        let f = filter_of(&p).expect("filter");
        assert_eq!((f.year, f.country.as_deref()), (2026, Some("SE")));
        assert_eq!(format_of(&p).expect("format"), Format::Json);
        let empty = params(q(&[("year", "2026"), ("kind", "")]), FILTER_PARAMS).expect("ok");
        assert_eq!(filter_of(&empty).expect("filter").kind, None);
        for bad_query in [
            vec![("year", "2026"), ("collaboration", "1")],
            vec![("year", "2026"), ("year", "2025")],
        ] {
            assert!(params(q(&bad_query), FILTER_PARAMS).is_err());
        }
        for bad_filter in [
            vec![],
            vec![("year", "")],
            vec![("year", "twenty")],
            vec![("year", "1999")],
            vec![("year", "2026"), ("country", "Sweden")],
            vec![("year", "2026"), ("kind", "castle")],
            vec![("year", "2026"), ("size_band", "huge")],
        ] {
            let p = params(q(&bad_filter), FILTER_PARAMS).expect("known params");
            assert!(filter_of(&p).is_err(), "{bad_filter:?}");
        }
        let csv = params(q(&[("format", "csv")]), &["format"]).expect("ok");
        assert_eq!(format_of(&csv).expect("csv"), Format::Csv);
        let xml = params(q(&[("format", "xml")]), &["format"]).expect("ok");
        assert!(format_of(&xml).is_err());
    }

    #[test]
    fn too_small_peer_group_csv_has_no_figures() {
        let csv = peer_groups_csv(&PeerGroupOut::TooSmall {
            year: 2026,
            filter: FilterOut {
                country: Some("SE".into()),
                kind: None,
                size_band: None,
            },
            min_organisations: 5,
        });
        assert_eq!(
            csv,
            "year,country,kind,size_band,status,min_organisations,organisations,dimension,count,min,q1,median,q3,max\r\n\
             2026,SE,,,too_small,5,,,,,,,,\r\n"
        );
    }

    #[test]
    fn figures_are_rounded_and_non_finite_ones_dropped() {
        assert_eq!(fig(5.123456), Some(5.1235));
        assert_eq!(fig(f64::NAN), None);
        assert_eq!(cell(-0.5), "-0.5000");
    }
}
