//! The open-data API (`/api/open-data/v1/…`) over HTTP, on both databases:
//! only opted-in organisations and k-safe figures leave it, small peer groups
//! give no figure, every JSON answer matches the schema in the served
//! OpenAPI document, the CSV forms carry the same figures with formula-safe
//! cells, and bad parameters get a JSON error and no data.

use crate::common::{TestApp, client, spawn_app};
use app::db::orgs::{self, NewOrg};
use app::domain::org::{Ambition, Country, OrgKind};
use app::domain::questionnaire::ItemKind;
use app::export::num_cell;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

const API: &str = "/api/open-data/v1";
const YEAR: i64 = 2026;
const K: i64 = 5;

// ---------------------------------------------------------------------------
// Data.

/// The demo (20 organisations over 2025–2026) on a fresh app.
async fn demo_app() -> TestApp {
    let app = spawn_app().await;
    server::demo::generate(
        &app.state.db,
        server::demo::DemoSpec {
            orgs: 20,
            years: 2,
            seed: 11,
            last_year: YEAR,
        },
        0,
    )
    .await
    .expect("demo");
    app
}

/// An organisation with one campaign in `year`, closed through the survey
/// service, of `n` respondents who all answer every scale item with `level`.
#[allow(clippy::too_many_arguments)]
async fn org_with_campaign(
    app: &TestApp,
    name: &str,
    country: &str,
    kind: OrgKind,
    named: bool,
    n: usize,
    level: u64,
    year: i64,
) -> i64 {
    let db = &app.state.db;
    let id = orgs::insert(
        db.pool(),
        &NewOrg {
            name: name.into(),
            country: Country::parse(country).expect("country"),
            kind,
            population: 30_000,
            ambition: Ambition::FastFollower,
            named_benchmarking: named,
        },
    )
    .await
    .expect("org");
    let (version,): (i64,) = sqlx::query_as("SELECT MIN(id) FROM questionnaire_versions")
        .fetch_one(db.pool())
        .await
        .expect("version");
    let campaign =
        app::survey::service::create_campaign(db, id, 0, year, &year.to_string(), version, "IT")
            .await
            .expect("campaign");
    app::survey::service::transition(db, id, 0, campaign, "open")
        .await
        .expect("open");
    let (code,): (String,) = sqlx::query_as("SELECT shared_code FROM campaigns WHERE id = $1")
        .bind(campaign)
        .fetch_one(db.pool())
        .await
        .expect("code");
    let q = app::domain::questionnaire::parse(app::survey::service::STANDARD_V1).expect("v1");
    let mut answers = Map::new();
    answers.insert("role_group".into(), json!("specialist"));
    answers.insert("department".into(), json!("IT"));
    answers.insert("tenure_band".into(), json!("lt2"));
    for item in q.items() {
        if let ItemKind::Scale { .. } = item.kind {
            answers.insert(item.id.clone(), json!(level));
        }
    }
    let answers = Value::Object(answers).to_string();
    for _ in 0..n {
        let resume = app::survey::service::start(db, &code, "sv")
            .await
            .expect("start");
        app::survey::service::submit(db, &resume, &answers, "sv")
            .await
            .expect("submit");
    }
    app::survey::service::transition(db, id, 0, campaign, "closed")
        .await
        .expect("close");
    id
}

async fn set_flag(app: &TestApp, column: &str, org: i64, value: i64) {
    sqlx::query(&format!(
        "UPDATE organisations SET {column} = $1 WHERE id = $2"
    ))
    .bind(value)
    .bind(org)
    .execute(app.state.db.pool())
    .await
    .expect("update");
}

/// The named_benchmarking and disabled flags of every organisation.
async fn flags(app: &TestApp) -> BTreeMap<i64, (i64, i64)> {
    let rows: Vec<(i64, i64, i64)> =
        sqlx::query_as("SELECT id, named_benchmarking, disabled FROM organisations")
            .fetch_all(app.state.db.pool())
            .await
            .expect("flags");
    rows.into_iter().map(|(id, n, d)| (id, (n, d))).collect()
}

// ---------------------------------------------------------------------------
// HTTP.

struct Got {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
}

impl Got {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// A GET without any cookie or sign-in.
async fn get(app: &TestApp, path_and_query: &str) -> Got {
    let r = client()
        .get(app.url(&format!("{API}{path_and_query}")))
        .send()
        .await
        .expect("get");
    Got {
        status: r.status().as_u16(),
        headers: r.headers().clone(),
        body: r.text().await.expect("body"),
    }
}

async fn get_json(app: &TestApp, path_and_query: &str) -> Value {
    let g = get(app, path_and_query).await;
    assert_eq!(g.status, 200, "{path_and_query}: {}", g.body);
    assert_eq!(g.header("content-type"), "application/json");
    g.json()
}

async fn get_csv(app: &TestApp, path_and_query: &str, filename: &str) -> Vec<Vec<String>> {
    let g = get(app, path_and_query).await;
    assert_eq!(g.status, 200, "{path_and_query}: {}", g.body);
    assert_eq!(g.header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(
        g.header("content-disposition"),
        format!("attachment; filename=\"{filename}\"")
    );
    parse_csv(&g.body)
}

/// A strict RFC 4180 reader: CRLF line ends (also the last line), quoted
/// fields with doubled quotes; a bare LF or CR outside quotes fails.
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                assert!(field.is_empty(), "quote inside an unquoted field: {s}");
                quoted = true;
            }
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF: {s}");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            '\n' => panic!("bare LF outside quotes: {s}"),
            c => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "ends with CRLF"
    );
    rows
}

/// The CSV rows as maps from the header names.
fn records(rows: &[Vec<String>], header: &[&str]) -> Vec<BTreeMap<String, String>> {
    let names: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    assert_eq!(rows.first(), Some(&names), "header row");
    rows[1..]
        .iter()
        .map(|r| {
            assert_eq!(r.len(), header.len(), "{r:?}");
            header
                .iter()
                .map(|h| h.to_string())
                .zip(r.iter().cloned())
                .collect()
        })
        .collect()
}

/// How a figure of the JSON answer is written in the CSV form.
fn fig(v: &Value) -> String {
    if v.is_null() {
        return String::new();
    }
    num_cell(v.as_f64().expect("number"), 4)
}

fn ids(list: &Value) -> BTreeSet<i64> {
    list.as_array()
        .expect("array")
        .iter()
        .map(|o| o["id"].as_i64().expect("id"))
        .collect()
}

// ---------------------------------------------------------------------------
// Schemas.

/// A validator for the JSON answer of `path` with `status`, taken from the
/// served OpenAPI document, with its `$ref`s resolved inside that document.
fn validator(doc: &Value, path: &str, status: &str) -> jsonschema::Validator {
    let mut response = &doc["paths"][path]["get"]["responses"][status];
    if let Some(r) = response["$ref"].as_str() {
        let name = r
            .strip_prefix("#/components/responses/")
            .expect("a response ref");
        response = &doc["components"]["responses"][name];
    }
    let schema = &response["content"]["application/json"]["schema"];
    assert!(schema.is_object(), "{path} {status} has a JSON schema");
    let mut root = schema.as_object().expect("schema").clone();
    root.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    root.insert("components".into(), doc["components"].clone());
    jsonschema::draft202012::new(&Value::Object(root)).expect("schema compiles")
}

fn assert_valid(v: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = v.iter_errors(instance).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{what}: {errors:?}\n{instance}");
}

fn assert_invalid(v: &jsonschema::Validator, instance: &Value, what: &str) {
    assert!(
        !v.is_valid(instance),
        "{what} should not validate: {instance}"
    );
}

// ---------------------------------------------------------------------------
// Tests.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_data_publishes_only_opted_in_organisations_and_k_safe_figures() {
    let app = demo_app().await;
    let db = &app.state.db;
    // Opted in but only 4 responses (below k = 5): never published.
    let small = org_with_campaign(
        &app,
        "Fåby kommun",
        "SE",
        OrgKind::Municipality,
        true,
        4,
        6,
        YEAR,
    )
    .await;
    // Plenty of responses but not opted in: never published.
    let hidden = org_with_campaign(
        &app,
        "Dolda kommun",
        "SE",
        OrgKind::Municipality,
        false,
        9,
        7,
        YEAR,
    )
    .await;
    // Opted in with 6 responses: published for the year.
    let open = org_with_campaign(
        &app,
        "Öppna kommun",
        "SE",
        OrgKind::Municipality,
        true,
        6,
        8,
        YEAR,
    )
    .await;
    let also = org_with_campaign(
        &app,
        "Synliga kommun",
        "SE",
        OrgKind::Municipality,
        true,
        7,
        4,
        YEAR,
    )
    .await;

    let flags = flags(&app).await;
    let list = get_json(&app, "/organisations").await;
    let listed = ids(&list["organisations"]);
    assert!(listed.contains(&open) && listed.contains(&also), "{list}");
    assert!(!listed.contains(&small) && !listed.contains(&hidden));
    for id in &listed {
        assert_eq!(
            flags[id],
            (1, 0),
            "organisation {id} is opted in and enabled"
        );
    }
    // Every opted-in, enabled organisation with a closed campaign of n ≥ k is listed.
    let expected: Vec<(i64,)> = sqlx::query_as(
        "SELECT DISTINCT o.id FROM organisations o
         JOIN campaign_results r ON r.org_id = o.id
         JOIN campaigns c ON c.id = r.campaign_id
         WHERE o.named_benchmarking = 1 AND o.disabled = 0 AND c.state = 'closed' AND r.n >= $1",
    )
    .bind(K)
    .fetch_all(db.pool())
    .await
    .expect("expected");
    assert_eq!(listed, expected.into_iter().map(|(id,)| id).collect());
    assert!(
        listed.len() >= 4,
        "the demo has named organisations too: {list}"
    );
    // Names and years agree with the database and with /results.
    let mut by_year: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
    for o in list["organisations"].as_array().expect("list") {
        let id = o["id"].as_i64().expect("id");
        let (name,): (String,) = sqlx::query_as("SELECT name FROM organisations WHERE id = $1")
            .bind(id)
            .fetch_one(db.pool())
            .await
            .expect("name");
        assert_eq!(o["name"], name);
        for y in o["years"].as_array().expect("years") {
            by_year
                .entry(y.as_i64().expect("year"))
                .or_default()
                .insert(id);
        }
    }
    assert_eq!(
        by_year.keys().copied().collect::<Vec<_>>(),
        vec![YEAR - 1, YEAR]
    );

    for (year, expected_ids) in &by_year {
        let r = get_json(&app, &format!("/results?year={year}")).await;
        assert_eq!(r["k"], K);
        let orgs = r["organisations"].as_array().expect("orgs");
        assert_eq!(&ids(&r["organisations"]), expected_ids, "year {year}");
        for o in orgs {
            let id = o["id"].as_i64().expect("id");
            assert_eq!(flags[&id], (1, 0));
            assert!(o.get("groups").is_none() && o.get("free_texts").is_none());
            // The same figures as the anonymity gate gives for the campaign.
            let (campaign,): (i64,) = sqlx::query_as(
                "SELECT MAX(r.campaign_id) FROM campaign_results r JOIN campaigns c
                 ON c.id = r.campaign_id WHERE r.org_id = $1 AND r.year = $2
                 AND c.state = 'closed' AND r.n >= $3",
            )
            .bind(id)
            .bind(*year)
            .bind(K)
            .fetch_one(db.pool())
            .await
            .expect("campaign");
            let gate = app::scoring::gate::campaign_results(db, id, campaign, K, 5.5)
                .await
                .expect("gate");
            assert_eq!(o["respondents"], json!(gate.n));
            assert_eq!(o["quadrant"], json!(gate.quadrant));
            let dims = o["dimensions"].as_array().expect("dims");
            assert_eq!(dims.len(), gate.total.len());
            for (d, g) in dims.iter().zip(&gate.total) {
                assert_eq!(d["dimension"], g.dimension);
                let n = d["n"].as_i64().expect("n");
                assert!(n >= K, "no figure of fewer than k answers: {d}");
                assert_eq!(n, g.stat.n);
                for (field, v) in [
                    ("mean", Some(g.stat.mean)),
                    ("median", g.stat.median),
                    ("sd", Some(g.stat.sd)),
                    ("q1", g.stat.q1),
                    ("q3", g.stat.q3),
                    ("ci_lo", Some(g.stat.ci_lo)),
                    ("ci_hi", Some(g.stat.ci_hi)),
                ] {
                    match v {
                        Some(v) => {
                            let got = d[field].as_f64().expect("figure");
                            assert!((got - v).abs() <= 0.00005 + 1e-12, "{field}: {got} vs {v}");
                        }
                        None => assert!(d[field].is_null(), "{field} withheld: {d}"),
                    }
                }
                // Order statistics only for n ≥ max(2k, 10) (issue 23, leak 4).
                for field in ["median", "q1", "q3"] {
                    assert_eq!(d[field].is_null(), n < (2 * K).max(10), "{field}: {d}");
                }
            }
        }
    }
    // Our own campaigns: identical answers at level 8 → every strategy 8.
    let r = get_json(&app, &format!("/results?year={YEAR}&country=SE")).await;
    let mine = r["organisations"]
        .as_array()
        .expect("orgs")
        .iter()
        .find(|o| o["id"] == open)
        .expect("published")
        .clone();
    assert_eq!(mine["respondents"], 6);
    assert_eq!(mine["quadrant"], "master");
    assert_eq!(mine["dimensions"][0]["dimension"], "INDEX");
    assert_eq!(mine["dimensions"][3]["dimension"], "S1");
    assert_eq!(mine["dimensions"][3]["mean"], 8.0);
    assert_eq!(mine["dimensions"][3]["sd"], 0.0);
    // The small and the hidden organisation appear in no answer at all.
    for path in [
        "/organisations".to_owned(),
        format!("/results?year={YEAR}"),
        format!("/results?year={YEAR}&country=SE&kind=municipality&size_band=25-50k"),
        format!("/peer-groups?year={YEAR}"),
        "/organisations?format=csv".to_owned(),
        format!("/results?year={YEAR}&format=csv"),
    ] {
        let g = get(&app, &path).await;
        assert_eq!(g.status, 200);
        assert!(
            !g.body.contains("Fåby") && !g.body.contains("Dolda"),
            "{path}"
        );
    }

    // Opting out, or being disabled, removes an organisation at once.
    set_flag(&app, "named_benchmarking", open, 0).await;
    set_flag(&app, "disabled", also, 1).await;
    let list = get_json(&app, "/organisations").await;
    let listed_now = ids(&list["organisations"]);
    assert!(!listed_now.contains(&open) && !listed_now.contains(&also));
    assert_eq!(listed_now.len(), listed.len() - 2);
    let r = get_json(&app, &format!("/results?year={YEAR}")).await;
    let published = ids(&r["organisations"]);
    assert!(!published.contains(&open) && !published.contains(&also));
    let flags = self::flags(&app).await;
    for id in published {
        assert_eq!(flags[&id], (1, 0));
    }
    let csv = get(&app, &format!("/results?year={YEAR}&format=csv")).await;
    assert!(!csv.body.contains("Öppna") && !csv.body.contains("Synliga"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_data_peer_groups_below_the_minimum_publish_no_figures() {
    let app = spawn_app().await;
    // Finland: four organisations (one opted in), levels 3–6.
    let mut made = Vec::new();
    for (i, level) in [3u64, 4, 5, 6].into_iter().enumerate() {
        let name = format!("Kunta {i}");
        made.push(org_with_campaign(&app, &name, "FI", OrgKind::Other, true, 6, level, YEAR).await);
    }
    // A fifth organisation below k does not count.
    org_with_campaign(&app, "Kunta pieni", "FI", OrgKind::Other, false, 3, 9, YEAR).await;

    let too_small = get_json(&app, &format!("/peer-groups?year={YEAR}&country=FI")).await;
    assert_eq!(
        too_small,
        json!({
            "status": "too_small",
            "year": YEAR,
            "filter": {"country": "FI", "kind": null, "size_band": null},
            "min_organisations": 5
        })
    );
    let rows = get_csv(
        &app,
        &format!("/peer-groups?year={YEAR}&country=FI&format=csv"),
        &format!("spindel-peer-groups-{YEAR}.csv"),
    )
    .await;
    let recs = records(&rows, server::open_data::PEER_GROUPS_CSV);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["status"], "too_small");
    for column in [
        "organisations",
        "dimension",
        "count",
        "min",
        "q1",
        "median",
        "q3",
        "max",
    ] {
        assert_eq!(recs[0][column], "", "{column} is empty");
    }
    // The same holds for an empty group and for every narrower filter.
    for q in [
        "&country=FI&kind=other",
        "&country=NO",
        "&kind=agency",
        "&country=FI&size_band=gt250k",
    ] {
        let v = get_json(&app, &format!("/peer-groups?year={YEAR}{q}")).await;
        assert_eq!(v["status"], "too_small", "{q}");
        assert!(v.get("organisations").is_none() && v.get("dimensions").is_none());
    }
    // Another year with the same organisations: nothing either.
    let v = get_json(&app, &format!("/peer-groups?year={}", YEAR - 1)).await;
    assert_eq!(v["status"], "too_small");

    // A fifth organisation with enough responses makes the group: now the
    // distribution (and only the distribution) is published.
    made.push(org_with_campaign(&app, "Kunta 4", "FI", OrgKind::Other, true, 5, 7, YEAR).await);
    let v = get_json(&app, &format!("/peer-groups?year={YEAR}&country=FI")).await;
    assert_eq!(v["status"], "available");
    assert_eq!(v["organisations"], 5);
    let s1 = v["dimensions"]
        .as_array()
        .expect("dims")
        .iter()
        .find(|d| d["dimension"] == "S1")
        .expect("S1");
    assert_eq!(
        s1,
        &json!({"dimension": "S1", "count": 5, "min": 3.0, "q1": 4.0, "median": 5.0, "q3": 6.0, "max": 7.0})
    );
    assert_eq!(v["dimensions"].as_array().expect("dims").len(), 9);
    assert!(!v.to_string().contains("Kunta"), "no names: {v}");
    assert!(v.get("entries").is_none());
    let rows = get_csv(
        &app,
        &format!("/peer-groups?year={YEAR}&country=FI&format=csv"),
        &format!("spindel-peer-groups-{YEAR}.csv"),
    )
    .await;
    let recs = records(&rows, server::open_data::PEER_GROUPS_CSV);
    assert_eq!(recs.len(), 9);
    assert!(
        recs.iter()
            .all(|r| r["status"] == "available" && r["organisations"] == "5")
    );
    // Four of the five are still too few for a narrower group.
    set_flag(&app, "disabled", made[4], 1).await;
    let v = get_json(&app, &format!("/peer-groups?year={YEAR}&country=FI")).await;
    assert_eq!(v["status"], "too_small");
    assert!(v.get("organisations").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_data_responses_match_the_openapi_schemas() {
    let app = demo_app().await;
    let doc = get_json(&app, "/openapi.json").await;
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["servers"][0]["url"], API);
    let paths: BTreeSet<&str> = doc["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        paths,
        BTreeSet::from([
            "/organisations",
            "/results",
            "/peer-groups",
            "/openapi.json"
        ])
    );
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let methods: Vec<&String> = item.as_object().expect("item").keys().collect();
        assert_eq!(methods, vec!["get"], "{path} is GET only");
    }
    // Every schema object is closed and lists what it requires.
    for (name, s) in doc["components"]["schemas"].as_object().expect("schemas") {
        if s["type"] == "object" {
            assert_eq!(s["additionalProperties"], false, "{name}");
            let required: BTreeSet<&str> = s["required"]
                .as_array()
                .expect("required")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            let props: BTreeSet<&str> = s["properties"]
                .as_object()
                .expect("properties")
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(required, props, "{name}: every field is always present");
        }
    }

    let organisations = validator(&doc, "/organisations", "200");
    let results = validator(&doc, "/results", "200");
    let peer = validator(&doc, "/peer-groups", "200");
    let bad_request = validator(&doc, "/results", "400");
    let not_found = validator(&doc, "/results", "404");

    let list = get_json(&app, "/organisations").await;
    assert!(!list["organisations"].as_array().expect("list").is_empty());
    assert_valid(&organisations, &list, "organisations");
    for q in [
        format!("?year={YEAR}"),
        format!("?year={}", YEAR - 1),
        format!("?year={YEAR}&country=SE&kind=municipality"),
        format!("?year={YEAR}&size_band=lt10k&format=json"),
        "?year=2030".to_owned(),
    ] {
        let v = get_json(&app, &format!("/results{q}")).await;
        assert_valid(&results, &v, &q);
    }
    let full = get_json(&app, &format!("/results?year={YEAR}")).await;
    assert!(!full["organisations"].as_array().expect("orgs").is_empty());
    let available = get_json(&app, &format!("/peer-groups?year={YEAR}")).await;
    assert_eq!(available["status"], "available");
    assert_valid(&peer, &available, "available peer group");
    let small = get_json(&app, &format!("/peer-groups?year={YEAR}&country=FI")).await;
    assert_eq!(small["status"], "too_small");
    assert_valid(&peer, &small, "too small peer group");
    let err = get(&app, "/results?year=twenty").await;
    assert_eq!(err.status, 400);
    assert_valid(&bad_request, &err.json(), "400");
    let missing = get(&app, "/no-such-thing").await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("content-type"), "application/json");
    assert_valid(&not_found, &missing.json(), "404");

    // The schemas are strict: an extra or a missing field fails them.
    let with = |mut v: Value, pointer: &str, key: &str, value: Option<Value>| {
        let target = v
            .pointer_mut(pointer)
            .and_then(Value::as_object_mut)
            .expect(pointer);
        match value {
            Some(x) => target.insert(key.into(), x),
            None => target.remove(key),
        };
        v
    };
    assert_invalid(
        &organisations,
        &with(list.clone(), "", "total", Some(json!(3))),
        "extra top-level field",
    );
    assert_invalid(
        &organisations,
        &with(
            list.clone(),
            "/organisations/0",
            "population",
            Some(json!(30_000)),
        ),
        "extra organisation field",
    );
    assert_invalid(
        &organisations,
        &with(list.clone(), "/organisations/0", "years", None),
        "missing years",
    );
    assert_invalid(
        &results,
        &with(full.clone(), "/organisations/0", "groups", Some(json!([]))),
        "breakdown groups",
    );
    assert_invalid(
        &results,
        &with(
            full.clone(),
            "/organisations/0",
            "free_texts",
            Some(json!([])),
        ),
        "free texts",
    );
    assert_invalid(
        &results,
        &with(
            full.clone(),
            "/organisations/0/dimensions/0",
            "extra",
            Some(json!(1)),
        ),
        "extra figure",
    );
    assert_invalid(
        &results,
        &with(full.clone(), "/organisations/0/dimensions/0", "n", None),
        "missing n",
    );
    assert_invalid(
        &results,
        &with(
            full.clone(),
            "/organisations/0/dimensions/0",
            "n",
            Some(json!(2)),
        ),
        "n below 3",
    );
    assert_invalid(
        &results,
        &with(full.clone(), "/filter", "collaboration", Some(json!(1))),
        "extra filter",
    );
    assert_invalid(
        &peer,
        &with(available.clone(), "", "entries", Some(json!([]))),
        "entries",
    );
    assert_invalid(
        &peer,
        &with(small.clone(), "", "organisations", Some(json!(3))),
        "count of a small group",
    );
    assert_invalid(
        &peer,
        &with(small.clone(), "", "dimensions", Some(json!([]))),
        "figures of a small group",
    );
    assert_invalid(
        &peer,
        &with(available.clone(), "", "status", Some(json!("too_small"))),
        "status mismatch",
    );
    assert_invalid(
        &bad_request,
        &with(err.json(), "", "organisations", Some(json!([]))),
        "data in an error",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_data_csv_has_the_json_figures_and_formula_safe_cells() {
    let app = demo_app().await;
    let formula = "=HYPERLINK(\"http://evil.example\",\"x\")";
    let evil =
        org_with_campaign(&app, formula, "SE", OrgKind::Municipality, true, 6, 5, YEAR).await;
    let quoted = "Komma, \"Citat\" kommun";
    org_with_campaign(&app, quoted, "SE", OrgKind::Municipality, true, 6, 6, YEAR).await;
    org_with_campaign(&app, "-1+1 kommun", "DK", OrgKind::Region, true, 6, 7, YEAR).await;

    // Organisations.
    let list = get_json(&app, "/organisations").await;
    let rows = get_csv(
        &app,
        "/organisations?format=csv",
        "spindel-organisations.csv",
    )
    .await;
    let recs = records(
        &rows,
        &["id", "name", "country", "kind", "size_band", "years"],
    );
    let orgs = list["organisations"].as_array().expect("list");
    assert_eq!(recs.len(), orgs.len());
    for (r, o) in recs.iter().zip(orgs) {
        assert_eq!(r["id"], o["id"].to_string());
        let name = o["name"].as_str().expect("name");
        let expected = if name.starts_with(['=', '+', '-', '@']) {
            format!("'{name}")
        } else {
            name.to_owned()
        };
        assert_eq!(r["name"], expected);
        assert_eq!(r["country"], o["country"].as_str().expect("country"));
        assert_eq!(r["kind"], o["kind"].as_str().expect("kind"));
        assert_eq!(r["size_band"], o["size_band"].as_str().expect("band"));
        let years: Vec<String> = o["years"]
            .as_array()
            .expect("years")
            .iter()
            .map(Value::to_string)
            .collect();
        assert_eq!(r["years"], years.join(" "));
    }
    let evil_row = recs
        .iter()
        .find(|r| r["id"] == evil.to_string())
        .expect("formula org");
    assert_eq!(evil_row["name"], format!("'{formula}"));
    assert!(recs.iter().any(|r| r["name"] == quoted));
    assert!(recs.iter().any(|r| r["name"] == "'-1+1 kommun"));
    assert!(
        recs.iter()
            .all(|r| !r["name"].starts_with(['=', '+', '-', '@', '\t', '\r']))
    );

    // Results: one row per organisation and dimension, the same figures.
    let json = get_json(&app, &format!("/results?year={YEAR}")).await;
    let rows = get_csv(
        &app,
        &format!("/results?year={YEAR}&format=csv"),
        &format!("spindel-results-{YEAR}.csv"),
    )
    .await;
    let recs = records(&rows, server::open_data::RESULTS_CSV);
    let mut expected = Vec::new();
    for o in json["organisations"].as_array().expect("orgs") {
        for d in o["dimensions"].as_array().expect("dims") {
            expected.push((o, d));
        }
    }
    assert_eq!(recs.len(), expected.len());
    assert!(recs.len() >= 9 * 3);
    for (r, (o, d)) in recs.iter().zip(&expected) {
        assert_eq!(r["organisation_id"], o["id"].to_string());
        assert!(
            !r["organisation"].starts_with(['=', '+', '-', '@']),
            "{r:?}"
        );
        assert_eq!(r["year"], YEAR.to_string());
        assert_eq!(
            r["respondents"],
            o["respondents"]
                .as_i64()
                .map(|n| n.to_string())
                .unwrap_or_default()
        );
        assert_eq!(r["quadrant"], o["quadrant"].as_str().unwrap_or(""));
        assert_eq!(r["dimension"], d["dimension"].as_str().expect("dimension"));
        assert_eq!(r["n"], d["n"].to_string());
        assert!(r["n"].parse::<i64>().expect("n") >= K);
        for f in ["mean", "median", "sd", "q1", "q3", "ci_lo", "ci_hi"] {
            assert_eq!(r[f], fig(&d[f]), "{f}");
            assert_eq!(
                r[f].parse::<f64>().ok(),
                d[f].as_f64(),
                "{f} is the same number"
            );
        }
    }
    let evil_rows: Vec<_> = recs
        .iter()
        .filter(|r| r["organisation_id"] == evil.to_string())
        .collect();
    assert_eq!(evil_rows.len(), 9);
    assert!(
        evil_rows
            .iter()
            .all(|r| r["organisation"] == format!("'{formula}"))
    );

    // Peer groups: one row per dimension, the same figures.
    let json = get_json(&app, &format!("/peer-groups?year={YEAR}&country=SE")).await;
    assert_eq!(json["status"], "available");
    let rows = get_csv(
        &app,
        &format!("/peer-groups?year={YEAR}&country=SE&format=csv"),
        &format!("spindel-peer-groups-{YEAR}.csv"),
    )
    .await;
    let recs = records(&rows, server::open_data::PEER_GROUPS_CSV);
    let dims = json["dimensions"].as_array().expect("dims");
    assert_eq!(recs.len(), dims.len());
    for (r, d) in recs.iter().zip(dims) {
        assert_eq!(r["year"], YEAR.to_string());
        assert_eq!(r["country"], "SE");
        assert_eq!((r["kind"].as_str(), r["size_band"].as_str()), ("", ""));
        assert_eq!(r["status"], "available");
        assert_eq!(r["min_organisations"], "5");
        assert_eq!(r["organisations"], json["organisations"].to_string());
        assert_eq!(r["dimension"], d["dimension"].as_str().expect("dimension"));
        assert_eq!(r["count"], d["count"].to_string());
        for f in ["min", "q1", "median", "q3", "max"] {
            assert_eq!(r[f], fig(&d[f]), "{f}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_data_rejects_bad_parameters_with_a_json_error() {
    let app = spawn_app().await;
    for i in 0..5 {
        let name = format!("Namngiven {i}");
        org_with_campaign(&app, &name, "SE", OrgKind::Municipality, true, 6, 5, YEAR).await;
    }
    let cases = [
        "/results",
        "/results?year=",
        "/results?year=twenty",
        "/results?year=1999",
        "/results?year=2026.5",
        "/results?year=2026&country=Sweden",
        "/results?year=2026&country=se",
        "/results?year=2026&kind=castle",
        "/results?year=2026&size_band=huge",
        "/results?year=2026&format=xml",
        "/results?year=2026&collaboration=1",
        "/results?year=2026&year=2025",
        "/results?year=2026&country=SE&country=DK",
        "/peer-groups",
        "/peer-groups?year=abc",
        "/peer-groups?year=2026&kind=castle",
        "/peer-groups?year=2026&collaboration=1",
        "/peer-groups?year=2026&format=pdf",
        "/organisations?format=xlsx",
        "/organisations?year=2026",
        "/openapi.json?format=csv",
    ];
    for case in cases {
        let g = get(&app, case).await;
        assert_eq!(g.status, 400, "{case}: {}", g.body);
        assert_eq!(g.header("content-type"), "application/json", "{case}");
        let v = g.json();
        let obj = v.as_object().expect("object");
        assert_eq!(obj.len(), 1, "{case}: only the error: {v}");
        assert!(!obj["error"].as_str().expect("message").is_empty());
        assert!(!g.body.contains("Namngiven"), "{case}: no data");
    }
    // The filters themselves work (the same request with good values).
    let ok = get_json(
        &app,
        "/results?year=2026&country=SE&kind=municipality&size_band=25-50k&format=json",
    )
    .await;
    assert_eq!(ok["organisations"].as_array().expect("orgs").len(), 5);
    // Empty filter values mean "any".
    let any = get_json(&app, "/results?year=2026&country=&kind=&size_band=").await;
    assert_eq!(
        any["filter"],
        json!({"country": null, "kind": null, "size_band": null})
    );
    assert_eq!(any["organisations"].as_array().expect("orgs").len(), 5);

    // Unknown paths under the prefix: JSON 404, not the HTML page.
    let g = get(&app, "/results/2026").await;
    assert_eq!(
        (g.status, g.header("content-type")),
        (404, "application/json")
    );
    assert!(g.json()["error"].is_string());

    // Read-only: other methods are refused, with no data.
    let c = client();
    let r = c
        .post(app.url(&format!("{API}/results?year=2026")))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 405);
    let body: Value = r.json().await.expect("json");
    assert!(body["error"].is_string() && body.get("organisations").is_none());
    let r = c
        .delete(app.url(&format!("{API}/organisations")))
        .header("origin", "https://elsewhere.example")
        .send()
        .await
        .expect("delete");
    assert!(matches!(r.status().as_u16(), 403 | 405));

    // Public and uncached, with the usual headers, no session cookie.
    let g = get(&app, "/organisations").await;
    assert_eq!(g.status, 200);
    assert_eq!(g.header("cache-control"), "no-store");
    assert_eq!(g.header("x-content-type-options"), "nosniff");
    assert_eq!(g.header("access-control-allow-origin"), "*");
    assert!(g.headers.get("set-cookie").is_none());
}

/// An independent type-7 quantile (R's default) of `v`.
fn type7(v: &[f64], p: f64) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let h = (s.len() - 1) as f64 * p;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    s[lo] + (h - lo as f64) * (s[hi] - s[lo])
}

/// Issue 23, leak 3 (publication rule): for every filter combination present
/// in the demo and both years, the peer-group answer is exactly the
/// distribution of the organisations that `/results` publishes for the same
/// year and filter, so no combination of answers can say more than the
/// published per-organisation figures.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_data_peer_groups_are_a_function_of_published_results() {
    let app = demo_app().await;
    let profiles: Vec<(String, String, String)> =
        sqlx::query_as("SELECT DISTINCT country, kind, size_band FROM organisations")
            .fetch_all(app.state.db.pool())
            .await
            .expect("profiles");
    let any = |v: Vec<String>| -> Vec<String> {
        let mut v: Vec<String> = v.into_iter().collect::<BTreeSet<_>>().into_iter().collect();
        v.insert(0, String::new());
        v
    };
    let countries = any(profiles.iter().map(|p| p.0.clone()).collect());
    let kinds = any(profiles.iter().map(|p| p.1.clone()).collect());
    let bands = any(profiles.iter().map(|p| p.2.clone()).collect());
    let mut available = 0;
    for year in [YEAR - 1, YEAR] {
        for c in &countries {
            for k in &kinds {
                for b in &bands {
                    let q = format!("year={year}&country={c}&kind={k}&size_band={b}");
                    let r = get_json(&app, &format!("/results?{q}")).await;
                    let p = get_json(&app, &format!("/peer-groups?{q}")).await;
                    let orgs = r["organisations"].as_array().expect("orgs");
                    if orgs.len() < 5 {
                        assert_eq!(p["status"], "too_small", "{q}: {p}");
                        assert!(p.get("organisations").is_none(), "{q}");
                        continue;
                    }
                    available += 1;
                    assert_eq!(p["status"], "available", "{q}: {p}");
                    assert_eq!(p["organisations"], orgs.len(), "{q}");
                    let mut expected = Vec::new();
                    for dim in ["INDEX", "DI", "TMI", "S1", "S2", "S3", "S4", "S5", "S6"] {
                        let means: Vec<f64> = orgs
                            .iter()
                            .filter_map(|o| {
                                o["dimensions"]
                                    .as_array()?
                                    .iter()
                                    .find(|d| d["dimension"] == dim)
                            })
                            .map(|d| d["mean"].as_f64().expect("mean"))
                            .collect();
                        if means.len() < 5 {
                            continue;
                        }
                        expected.push((dim, means));
                    }
                    let dims = p["dimensions"].as_array().expect("dims");
                    assert_eq!(dims.len(), expected.len(), "{q}: {p}");
                    for (d, (dim, means)) in dims.iter().zip(&expected) {
                        assert_eq!(d["dimension"], *dim, "{q}");
                        assert_eq!(d["count"], means.len(), "{q}");
                        for (field, want) in [
                            ("min", type7(means, 0.0)),
                            ("q1", type7(means, 0.25)),
                            ("median", type7(means, 0.5)),
                            ("q3", type7(means, 0.75)),
                            ("max", type7(means, 1.0)),
                        ] {
                            let got = d[field].as_f64().expect("figure");
                            assert!(
                                (got - want).abs() <= 0.00005 + 1e-12,
                                "{q} {dim} {field}: {got} vs {want}"
                            );
                        }
                    }
                }
            }
        }
    }
    assert!(available >= 4, "the demo has peer groups to compare");
}

/// Issue 23, leak 3 (the attack): five opted-in municipalities and one region
/// that did not opt in, all Swedish and 25–50k. Without the rule, the group
/// without `kind` (6) minus the group with `kind=municipality` (5) gave the
/// region's figures (here its level 9 as the maximum) and its existence.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_data_differencing_two_filters_reveals_no_unpublished_organisation() {
    let app = spawn_app().await;
    for (i, level) in [2u64, 3, 4, 5, 6].into_iter().enumerate() {
        let name = format!("Kommun {i}");
        org_with_campaign(
            &app,
            &name,
            "SE",
            OrgKind::Municipality,
            true,
            6,
            level,
            YEAR,
        )
        .await;
    }
    org_with_campaign(
        &app,
        "Tysta regionen",
        "SE",
        OrgKind::Region,
        false,
        12,
        9,
        YEAR,
    )
    .await;
    let wide = get_json(
        &app,
        &format!("/peer-groups?year={YEAR}&country=SE&size_band=25-50k"),
    )
    .await;
    let narrow = get_json(
        &app,
        &format!("/peer-groups?year={YEAR}&country=SE&kind=municipality&size_band=25-50k"),
    )
    .await;
    assert_eq!(wide["status"], "available", "{wide}");
    assert_eq!(wide["organisations"], 5, "{wide}");
    assert_eq!(wide["dimensions"], narrow["dimensions"]);
    assert_eq!(wide["organisations"], narrow["organisations"]);
    let index9 = (9.0 - 1.0) / 9.0 * 100.0;
    for v in [&wide, &narrow] {
        for d in v["dimensions"].as_array().expect("dims") {
            let max = d["max"].as_f64().expect("max");
            assert!(
                (max - 9.0).abs() > 1e-6 && (max - index9).abs() > 1e-4,
                "{d}"
            );
        }
    }
    // The region alone, or with the others of its kind: nothing at all.
    let region = get_json(&app, &format!("/peer-groups?year={YEAR}&kind=region")).await;
    assert_eq!(region["status"], "too_small");
    // Four opted-in organisations and one that did not opt in are too few.
    let v = get_json(&app, &format!("/peer-groups?year={YEAR}&size_band=25-50k")).await;
    assert_eq!(v["organisations"], 5);
    sqlx::query("UPDATE organisations SET named_benchmarking = 0 WHERE name = 'Kommun 0'")
        .execute(app.state.db.pool())
        .await
        .expect("opt out");
    let v = get_json(&app, &format!("/peer-groups?year={YEAR}&size_band=25-50k")).await;
    assert_eq!(v["status"], "too_small", "{v}");
}
