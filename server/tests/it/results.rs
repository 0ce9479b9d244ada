//! Results and peer benchmarks: stored aggregates checked against an
//! independent computation from the raw answers, `reaggregate`, and one test
//! per anonymity attack (open campaign, k − 1 responses, subtracting a shown
//! department, narrowing the peer group), on both databases.

use crate::common::{TestApp, call, client, count, sign_up_org, spawn_app, spawn_demo_app};
use app::db::orgs::{self, NewOrg};
use app::domain::org::{Ambition, Country, OrgKind};
use app::domain::questionnaire::{ItemKind, Questionnaire};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

fn v1() -> Questionnaire {
    app::domain::questionnaire::parse(app::survey::service::STANDARD_V1).expect("v1")
}

/// Deterministic pseudo-random numbers (a small LCG), independent of the app.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// A respondent: profile plus answers to every scale item (some skipped).
fn respondent(rng: &mut Lcg, role: &str, dept: &str, tenure: &str, text: Option<&str>) -> Value {
    let mut m = Map::new();
    if !role.is_empty() {
        m.insert("role_group".into(), json!(role));
    }
    if !dept.is_empty() {
        m.insert("department".into(), json!(dept));
    }
    if !tenure.is_empty() {
        m.insert("tenure_band".into(), json!(tenure));
    }
    for item in v1().items() {
        if let ItemKind::Scale { .. } = item.kind {
            if rng.next(10) == 0 {
                continue; // unanswered
            }
            m.insert(item.id.clone(), json!(1 + rng.next(10)));
        }
    }
    if let Some(t) = text {
        m.insert("ahead_obstacles".into(), json!(t));
    }
    Value::Object(m)
}

/// Scores of one respondent, computed here from the definition in SPEC §4.
fn expected_scores(q: &Questionnaire, answers: &Value) -> BTreeMap<String, f64> {
    let mut sums: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for item in q.items() {
        if let ItemKind::Scale {
            dimension, weight, ..
        } = &item.kind
            && let Some(v) = answers.get(&item.id).and_then(Value::as_f64)
        {
            let e = sums.entry(dimension.clone()).or_insert((0.0, 0.0));
            e.0 += weight * v;
            e.1 += weight;
        }
    }
    let mut out = BTreeMap::new();
    for s in ["S1", "S2", "S3", "S4", "S5", "S6"] {
        if let Some((a, w)) = sums.get(s) {
            out.insert(s.to_string(), a / w);
        }
    }
    let axis = |strats: &[&str], dim: &str| {
        let (mut a, mut w) = sums.get(dim).copied().unwrap_or((0.0, 0.0));
        for s in strats {
            if let Some(v) = out.get(*s) {
                a += v;
                w += 1.0;
            }
        }
        (w > 0.0).then(|| a / w)
    };
    let di = axis(&["S2", "S3", "S4", "S5", "S6"], "DI");
    let tmi = axis(&["S1"], "TMI");
    if let (Some(d), Some(t)) = (di, tmi) {
        out.insert("DI".into(), d);
        out.insert("TMI".into(), t);
        out.insert("INDEX".into(), ((d + t) / 2.0 - 1.0) / 9.0 * 100.0);
    }
    out
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

fn sample_sd(v: &[f64]) -> f64 {
    let m = mean(v);
    (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() as f64 - 1.0)).sqrt()
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

fn close_to(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

struct Org {
    app: TestApp,
    admin: reqwest::Client,
    org: String,
}

async fn org_with_admin() -> Org {
    let app = spawn_app().await;
    let admin = client();
    let org = sign_up_org(&app, &admin, "Älvby kommun", "admin@alvby.se")
        .await
        .to_string();
    Org { app, admin, org }
}

/// Create and open a campaign through the API; its id and shared code.
async fn open_campaign(o: &Org, year: i64, departments: &str) -> (String, String) {
    let (_, versions) = call(&o.app, &o.admin, "/api/campaigns/versions", &[]).await;
    let version = versions[0]["id"].as_i64().expect("v1").to_string();
    let (s, id) = call(
        &o.app,
        &o.admin,
        "/api/campaigns/create",
        &[
            ("org_id", &o.org),
            ("year", &year.to_string()),
            ("name", "Digital mognad"),
            ("version_id", &version),
            ("departments", departments),
        ],
    )
    .await;
    assert_eq!(s, 200, "{id}");
    let campaign = id.as_i64().expect("id").to_string();
    let (s, v) = transition(o, &campaign, "open").await;
    assert_eq!(s, 200, "{v}");
    let code = campaign_view(o, &campaign).await["shared_code"]
        .as_str()
        .expect("code")
        .to_owned();
    (campaign, code)
}

async fn transition(o: &Org, campaign: &str, to: &str) -> (u16, Value) {
    call(
        &o.app,
        &o.admin,
        "/api/campaigns/transition",
        &[("org_id", &o.org), ("campaign_id", campaign), ("to", to)],
    )
    .await
}

async fn answer(app: &TestApp, code: &str, answers: &Value) {
    let c = client();
    let (s, resume) = call(
        app,
        &c,
        "/api/survey/start",
        &[("code", code), ("language", "sv")],
    )
    .await;
    assert_eq!(s, 200, "{resume}");
    let (s, v) = call(
        app,
        &c,
        "/api/survey/submit",
        &[
            ("resume", resume.as_str().expect("resume")),
            ("answers", &answers.to_string()),
            ("language", "sv"),
        ],
    )
    .await;
    assert_eq!(s, 200, "{v}");
}

async fn results(o: &Org, c: &reqwest::Client, campaign: &str) -> (u16, Value) {
    call(
        &o.app,
        c,
        "/api/results/campaign",
        &[("org_id", &o.org), ("campaign_id", campaign)],
    )
    .await
}

type StoredRow = (
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

async fn stored(app: &TestApp, campaign: &str) -> Vec<StoredRow> {
    sqlx::query_as(
        "SELECT breakdown, grp, dimension, n, mean, median, sd, q1, q3, ci_lo, ci_hi
         FROM campaign_aggregates WHERE campaign_id = $1
         ORDER BY breakdown, grp, dimension",
    )
    .bind(campaign.parse::<i64>().expect("id"))
    .fetch_all(app.state.db.pool())
    .await
    .expect("aggregates")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_stores_aggregates_that_match_an_independent_computation() {
    let o = org_with_admin().await;
    let (campaign, code) = open_campaign(&o, 2026, "Planering\nSocialtjänst\nIT").await;
    let mut rng = Lcg(7);
    let profiles = [
        ("manager", "Planering", "lt2"),
        ("specialist", "Planering", "y2_5"),
        ("specialist", "IT", "y2_5"),
        ("it_digital", "IT", "gt10"),
        ("specialist", "Socialtjänst", "y5_10"),
        ("manager", "Socialtjänst", "gt10"),
        ("", "Planering", ""),
        ("specialist", "", "lt2"),
        ("politician", "Planering", "gt10"),
        ("specialist", "IT", "y5_10"),
        ("specialist", "Socialtjänst", "y2_5"),
        ("manager", "IT", "lt2"),
    ];
    let mut all = Vec::new();
    for (i, (r, d, t)) in profiles.iter().enumerate() {
        let text = (i % 3 == 0).then_some("Fler gemensamma system");
        let a = respondent(&mut rng, r, d, t, text);
        answer(&o.app, &code, &a).await;
        all.push(((*r, *d, *t), a));
    }
    let (s, v) = transition(&o, &campaign, "closed").await;
    assert_eq!(s, 200, "{v}");

    // The stored total and every group, against our own computation.
    let q = v1();
    let rows = stored(&o.app, &campaign).await;
    assert!(!rows.is_empty());
    type Profile<'a> = (&'a str, &'a str, &'a str);
    let scores: Vec<(&Profile, BTreeMap<String, f64>)> = all
        .iter()
        .map(|(p, a)| (p, expected_scores(&q, a)))
        .collect();
    let mut checked = 0;
    for (breakdown, grp, dim, n, m, med, sd, _q1, _q3, lo, hi) in &rows {
        let values: Vec<f64> = scores
            .iter()
            .filter(|((r, d, t), _)| match breakdown.as_str() {
                "total" => true,
                "role_group" => r == grp,
                "department" => d == grp,
                "tenure_band" => t == grp,
                other => panic!("unknown breakdown {other}"),
            })
            .filter_map(|(_, s)| s.get(dim).copied())
            .collect();
        assert_eq!(*n as usize, values.len(), "{breakdown}/{grp}/{dim}");
        assert!(close_to(*m, mean(&values)), "{breakdown}/{grp}/{dim} mean");
        assert!(
            close_to(*med, median(&values)),
            "{breakdown}/{grp}/{dim} median"
        );
        if values.len() > 1 {
            assert!(
                close_to(*sd, sample_sd(&values)),
                "{breakdown}/{grp}/{dim} sd"
            );
        }
        if breakdown == "total" && values.len() == 12 {
            // t(0.975, 11) = 2.201 (table)
            let half = 2.201 * sample_sd(&values) / 12f64.sqrt();
            assert!((*lo - (mean(&values) - half)).abs() < 1e-3, "{dim} ci");
            assert!((*hi - (mean(&values) + half)).abs() < 1e-3, "{dim} ci");
        }
        checked += 1;
    }
    // total + 5 roles (incl. unanswered) + 4 departments + 5 tenure bands, 9 dimensions
    assert!(checked >= 9 * 10, "only {checked} rows");

    // The read path: totals shown (n = 12 ≥ k), free texts without profile.
    let (s, r) = results(&o, &o.admin, &campaign).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["availability"], "Available");
    assert_eq!(r["n"], 12);
    let index: Vec<f64> = scores
        .iter()
        .filter_map(|(_, s)| s.get("INDEX").copied())
        .collect();
    let shown = r["total"]
        .as_array()
        .expect("total")
        .iter()
        .find(|d| d["dimension"] == "INDEX")
        .expect("index shown");
    assert!(close_to(
        shown["stat"]["mean"].as_f64().expect("mean"),
        mean(&index)
    ));
    assert_eq!(
        r["free_texts"][0]["texts"].as_array().expect("texts").len(),
        4
    );
    for g in r["groups"].as_array().expect("groups") {
        for d in g["dims"].as_array().expect("dims") {
            assert!(
                d["stat"]["n"].as_i64().expect("n") >= 5,
                "group below k shown: {g}"
            );
        }
    }

    // reaggregate is idempotent and reproduces the same figures.
    let report = app::scoring::service::reaggregate(&o.app.state.db, false)
        .await
        .expect("reaggregate");
    assert_eq!(report.campaigns, 1);
    assert_eq!(report.responses, 12);
    let again = stored(&o.app, &campaign).await;
    assert_eq!(rows.len(), again.len());
    for (a, b) in rows.iter().zip(&again) {
        assert_eq!((&a.0, &a.1, &a.2, a.3), (&b.0, &b.1, &b.2, b.3));
        assert!(close_to(a.4, b.4) && close_to(a.10, b.10));
    }
    app::scoring::service::reaggregate(&o.app.state.db, false)
        .await
        .expect("reaggregate twice");
    assert_eq!(stored(&o.app, &campaign).await.len(), rows.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_of_an_open_campaign_are_not_readable() {
    let o = org_with_admin().await;
    let (campaign, code) = open_campaign(&o, 2026, "IT").await;
    let mut rng = Lcg(1);
    for _ in 0..6 {
        answer(
            &o.app,
            &code,
            &respondent(&mut rng, "specialist", "IT", "lt2", Some("x")),
        )
        .await;
    }
    let (s, r) = results(&o, &o.admin, &campaign).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["availability"], "NotClosed");
    assert!(r["n"].is_null());
    assert_eq!(r["total"], json!([]));
    assert_eq!(r["groups"], json!([]));
    assert_eq!(r["free_texts"], json!([]));
    // Nothing was computed or stored either.
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM campaign_aggregates")
        .fetch_one(o.app.state.db.pool())
        .await
        .expect("count");
    assert_eq!(n, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_campaign_with_k_minus_one_responses_shows_nothing() {
    let o = org_with_admin().await;
    let (campaign, code) = open_campaign(&o, 2026, "IT").await;
    let mut rng = Lcg(2);
    for _ in 0..4 {
        answer(
            &o.app,
            &code,
            &respondent(&mut rng, "manager", "IT", "lt2", Some("hemligt")),
        )
        .await;
    }
    let (s, v) = transition(&o, &campaign, "closed").await;
    assert_eq!(s, 200, "{v}");
    let (s, r) = results(&o, &o.admin, &campaign).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["availability"], "TooFew");
    assert!(r["n"].is_null());
    assert_eq!(r["total"], json!([]));
    assert_eq!(r["groups"], json!([]));
    assert_eq!(r["free_texts"], json!([]));
    assert!(!r.to_string().contains("hemligt"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subtracting_a_shown_department_from_the_total_reveals_nothing() {
    let o = org_with_admin().await;
    let (campaign, _) = open_campaign(&o, 2026, "A\nB\nC").await;
    // Personal links: the k rule, not the shared link's stricter one.
    let tokens = issue_tokens(&o, &campaign, 13).await;
    let mut tokens = tokens.iter();
    let mut rng = Lcg(3);
    // A: 6, B: 5, C: 2 (k = 5). C is hidden; showing A and B would give C as
    // total − A − B, so B must be hidden too.
    for (dept, n) in [("A", 6), ("B", 5), ("C", 2)] {
        for _ in 0..n {
            answer(
                &o.app,
                tokens.next().expect("token"),
                &respondent(&mut rng, "specialist", dept, "lt2", None),
            )
            .await;
        }
    }
    let (s, v) = transition(&o, &campaign, "closed").await;
    assert_eq!(s, 200, "{v}");
    let (s, r) = results(&o, &o.admin, &campaign).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["availability"], "Available");
    assert_eq!(r["n"], 13);
    let depts: Vec<&str> = r["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .filter(|g| g["breakdown"] == "department")
        .map(|g| g["group"].as_str().expect("group"))
        .collect();
    assert_eq!(depts, ["A"], "{r}");
    // What remains after subtracting every shown department is ≥ k.
    let shown_n: i64 = r["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .filter(|g| g["breakdown"] == "department")
        .map(|g| g["n"].as_i64().expect("n"))
        .sum();
    assert!(13 - shown_n >= 5);
    // Role and tenure are the same for everyone: the single group equals the
    // total, which is fine to show.
    assert!(
        r["groups"]
            .as_array()
            .expect("groups")
            .iter()
            .any(|g| g["breakdown"] == "role_group")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_are_tenant_scoped() {
    let o = org_with_admin().await;
    let (campaign, _) = open_campaign(&o, 2026, "IT").await;
    let other = client();
    sign_up_org(&o.app, &other, "Norrsjö kommun", "admin@norrsjo.se").await;
    let (s, _) = results(&o, &other, &campaign).await;
    assert_eq!(s, 404);
    let (s, _) = results(&o, &client(), &campaign).await;
    assert_eq!(s, 401);
    let (s, _) = call(
        &o.app,
        &other,
        "/api/results/benchmark",
        &[
            ("org_id", &o.org),
            ("year", "2026"),
            ("country", ""),
            ("kind", ""),
            ("size_band", ""),
            ("lang", "en"),
        ],
    )
    .await;
    assert_eq!(s, 404);
}

/// Peer organisations with closed campaigns, made through the services
/// (create, open, answer, close) without HTTP.
async fn peer(
    app: &TestApp,
    name: &str,
    kind: OrgKind,
    population: i64,
    named: bool,
    n: usize,
    level: u64,
) -> i64 {
    let db = &app.state.db;
    let id = orgs::insert(
        db.pool(),
        &NewOrg {
            name: name.into(),
            country: Country::parse("SE").expect("SE"),
            kind,
            population,
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
    let svc = app::survey::service::create_campaign(db, id, 0, 2026, "2026", version, "IT")
        .await
        .expect("campaign");
    app::survey::service::transition(db, id, 0, svc, "open")
        .await
        .expect("open");
    let (code,): (String,) = sqlx::query_as("SELECT shared_code FROM campaigns WHERE id = $1")
        .bind(svc)
        .fetch_one(db.pool())
        .await
        .expect("code");
    let mut rng = Lcg(level);
    for _ in 0..n {
        let mut a = respondent(&mut rng, "specialist", "IT", "lt2", None);
        for (_, v) in a.as_object_mut().expect("obj").iter_mut() {
            if v.is_number() {
                *v = json!(level.min(10));
            }
        }
        let resume = app::survey::service::start(db, &code, "sv")
            .await
            .expect("start");
        app::survey::service::submit(db, &resume, &a.to_string(), "sv")
            .await
            .expect("submit");
    }
    app::survey::service::transition(db, id, 0, svc, "closed")
        .await
        .expect("close");
    id
}

/// The peer table is kept in memory between page views; database triggers
/// tell it when anything it reads changed, whatever wrote (here plain SQL,
/// as another process would).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_benchmark_follows_every_change_to_consent_organisations_and_results() {
    let o = org_with_admin().await;
    let (campaign, code) = open_campaign(&o, 2026, "IT").await;
    let mut rng = Lcg(5);
    for _ in 0..6 {
        answer(
            &o.app,
            &code,
            &respondent(&mut rng, "specialist", "IT", "lt2", None),
        )
        .await;
    }
    transition(&o, &campaign, "closed").await;
    let named = peer(
        &o.app,
        "Granvik kommun",
        OrgKind::Municipality,
        12_000,
        true,
        5,
        9,
    )
    .await;
    let mut others = vec![];
    for (i, name) in [
        "Ekby kommun",
        "Lindås kommun",
        "Norrby kommun",
        "Söderby kommun",
        "Österby kommun",
        "Väster kommun",
    ]
    .into_iter()
    .enumerate()
    {
        others.push(
            peer(
                &o.app,
                name,
                OrgKind::Municipality,
                20_000,
                false,
                5,
                3 + i as u64,
            )
            .await,
        );
    }
    let names = |b: &Value| -> Vec<String> {
        b["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .filter_map(|e| e["label"]["name"].as_str().map(str::to_owned))
            .collect()
    };
    let (s, b) = bench(&o, "", "").await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["ranking_total"], 8, "{b}");
    assert!(names(&b).contains(&"Granvik kommun".to_owned()), "{b}");
    // The same again (from memory) is the same.
    assert_eq!(bench(&o, "", "").await.1, b);

    let db = o.app.state.db.pool();
    let exec = |sql: &'static str, id: i64| async move {
        sqlx::query(sql).bind(id).execute(db).await.expect(sql);
    };
    // Consent withdrawn: the name goes at once.
    exec(
        "UPDATE organisations SET named_benchmarking = 0 WHERE id = $1",
        named,
    )
    .await;
    let (_, b) = bench(&o, "", "").await;
    assert!(!names(&b).contains(&"Granvik kommun".to_owned()), "{b}");
    assert!(!b.to_string().contains("Granvik"));
    assert_eq!(b["ranking_total"], 8);
    // A disabled organisation leaves the peer group.
    exec(
        "UPDATE organisations SET disabled = 1 WHERE id = $1",
        others[0],
    )
    .await;
    let (_, b) = bench(&o, "", "").await;
    assert_eq!(b["ranking_total"], 7, "{b}");
    // Results removed (as a re-aggregation does before it writes them again).
    exec("DELETE FROM campaign_results WHERE org_id = $1", others[1]).await;
    let (_, b) = bench(&o, "", "").await;
    assert_eq!(b["ranking_total"], 6, "{b}");
    // Too few others now: nothing at all.
    assert_eq!(b["status"], "Available");
    exec("DELETE FROM campaign_results WHERE org_id = $1", others[2]).await;
    let (_, b) = bench(&o, "", "").await;
    assert_eq!(b["status"], "TooSmall", "{b}");
    assert_eq!(b["entries"], json!([]));
    // A newly closed campaign counts at once.
    peer(
        &o.app,
        "Västby kommun",
        OrgKind::Municipality,
        20_000,
        true,
        5,
        6,
    )
    .await;
    let (_, b) = bench(&o, "", "").await;
    assert_eq!(b["status"], "Available", "{b}");
    assert_eq!(b["ranking_total"], 6, "{b}");
    assert!(names(&b).contains(&"Västby kommun".to_owned()), "{b}");
}

async fn bench(o: &Org, kind: &str, size_band: &str) -> (u16, Value) {
    call(
        &o.app,
        &o.admin,
        "/api/results/benchmark",
        &[
            ("org_id", &o.org),
            ("year", "2026"),
            ("country", "SE"),
            ("kind", kind),
            ("size_band", size_band),
            ("lang", "sv"),
        ],
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn narrowing_the_peer_group_below_five_organisations_shows_nothing() {
    let o = org_with_admin().await;
    // Our own campaign: 6 respondents, level 5.
    let (campaign, code) = open_campaign(&o, 2026, "IT").await;
    let mut rng = Lcg(11);
    for _ in 0..6 {
        answer(
            &o.app,
            &code,
            &respondent(&mut rng, "specialist", "IT", "lt2", None),
        )
        .await;
    }
    transition(&o, &campaign, "closed").await;
    // Peers: four municipalities of 10–25k (one named), two regions, and one
    // municipality with only 4 responses (below k: never counted).
    peer(
        &o.app,
        "Granvik kommun",
        OrgKind::Municipality,
        12_000,
        true,
        5,
        9,
    )
    .await;
    peer(
        &o.app,
        "Hemlig kommun",
        OrgKind::Municipality,
        14_000,
        false,
        5,
        8,
    )
    .await;
    peer(
        &o.app,
        "Lindås kommun",
        OrgKind::Municipality,
        16_000,
        false,
        5,
        3,
    )
    .await;
    peer(
        &o.app,
        "Ekby kommun",
        OrgKind::Municipality,
        18_000,
        false,
        5,
        2,
    )
    .await;
    peer(&o.app, "Region Norr", OrgKind::Region, 400_000, false, 5, 6).await;
    peer(&o.app, "Region Syd", OrgKind::Region, 500_000, false, 5, 7).await;
    peer(
        &o.app,
        "Liten kommun",
        OrgKind::Municipality,
        11_000,
        true,
        4,
        10,
    )
    .await;

    // Country SE: 6 other organisations with ≥ k responses → shown.
    let (s, b) = bench(&o, "", "").await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["status"], "Available");
    let entries = b["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 7, "{b}");
    let names: Vec<&str> = entries
        .iter()
        .filter_map(|e| e["label"]["name"].as_str())
        .collect();
    // Only the opted-in peer and ourselves by name; the anonymous ones by kind, size and country.
    assert!(
        names.contains(&"Granvik kommun") && names.contains(&"Älvby kommun"),
        "{names:?}"
    );
    assert!(!b.to_string().contains("Hemlig") && !b.to_string().contains("Liten"));
    assert!(
        entries
            .iter()
            .any(|e| e["label"]["name"].is_null() && e["label"]["size_band"] == "10-25k")
    );
    let index = b["dims"]
        .as_array()
        .expect("dims")
        .iter()
        .find(|d| d["dimension"] == "INDEX")
        .expect("index");
    assert_eq!(index["count"], 7);
    assert!(index["own"]["position"]["rank"].as_i64().is_some());
    assert!(b["ambition"]["status"].is_string());

    // Municipalities of 10–25k: only 4 others (the one below k does not count) → nothing.
    let (s, b) = bench(&o, "municipality", "10-25k").await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["status"], "TooSmall");
    assert_eq!(b["entries"], json!([]));
    assert_eq!(b["dims"], json!([]));
    assert!(b["ambition"].is_null() && b["learn_from"] == json!([]));
    // Regions: 2 others → nothing.
    let (_, b) = bench(&o, "region", "").await;
    assert_eq!(b["status"], "TooSmall");
    assert_eq!(b["entries"], json!([]));
    // Bad filters are refused.
    let (s, _) = bench(&o, "castle", "").await;
    assert_eq!(s, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_data_is_deterministic_and_aggregated_through_the_close() {
    let spec = server::demo::DemoSpec {
        orgs: 6,
        years: 2,
        seed: 7,
        last_year: 2026,
    };
    let mut means = Vec::new();
    for _ in 0..2 {
        let app = spawn_app().await;
        let report = server::demo::generate(&app.state.db, spec, 0)
            .await
            .expect("demo");
        assert_eq!(report.organisations, 6);
        assert!(report.campaigns >= 6);
        let rows: Vec<(String, String, f64)> = sqlx::query_as(
            "SELECT o.name, a.dimension, a.mean FROM campaign_aggregates a
             JOIN campaigns c ON c.id = a.campaign_id JOIN organisations o ON o.id = c.org_id
             WHERE a.breakdown = 'total' ORDER BY o.name, c.year, a.dimension",
        )
        .fetch_all(app.state.db.pool())
        .await
        .expect("aggregates");
        // every closed campaign has results, computed by the close
        let (closed, with_results): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM campaigns WHERE state = 'closed'),
                    (SELECT COUNT(*) FROM campaign_results)",
        )
        .fetch_one(app.state.db.pool())
        .await
        .expect("counts");
        assert_eq!(closed, with_results);
        assert!(!rows.is_empty());
        means.push(rows);
        // A second run into the same database is refused.
        assert!(
            server::demo::generate(&app.state.db, spec, 0)
                .await
                .is_err()
        );
    }
    assert_eq!(means[0].len(), means[1].len());
    for (a, b) in means[0].iter().zip(&means[1]) {
        assert_eq!((&a.0, &a.1), (&b.0, &b.1));
        assert!(close_to(a.2, b.2));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_export_and_overview_show_only_k_safe_figures_to_the_right_people() {
    let o = org_with_admin().await;
    // 2025: 6 responses (shown); 2026: 4 responses (below k: nothing).
    let (c25, code25) = open_campaign(&o, 2025, "IT").await;
    let mut rng = Lcg(21);
    for _ in 0..6 {
        answer(
            &o.app,
            &code25,
            &respondent(&mut rng, "manager", "IT", "lt2", Some("ok")),
        )
        .await;
    }
    transition(&o, &c25, "closed").await;
    let (c26, code26) = open_campaign(&o, 2026, "IT").await;
    for _ in 0..4 {
        answer(
            &o.app,
            &code26,
            &respondent(&mut rng, "manager", "IT", "lt2", Some("hemlig")),
        )
        .await;
    }
    transition(&o, &c26, "closed").await;

    let (s, d) = call(
        &o.app,
        &o.admin,
        "/api/results/dashboard",
        &[("org_id", &o.org), ("lang", "sv")],
    )
    .await;
    assert_eq!(s, 200, "{d}");
    assert_eq!(d["latest"]["availability"], "TooFew");
    assert_eq!(d["latest"]["total"], json!([]));
    assert_eq!(d["years"], json!([2025]));
    assert_eq!(d["trend"].as_array().expect("trend").len(), 1);
    assert!(d["response_rate"].is_null());
    assert!(!d.to_string().contains("hemlig"));
    // The benchmark page's frame offers the same years, by the same rule.
    let (s, c) = call(
        &o.app,
        &o.admin,
        "/api/results/benchmark_context",
        &[("org_id", &o.org)],
    )
    .await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(c["years"], d["years"]);
    assert_eq!(c["country"], "SE");

    let (s, csv) = call(
        &o.app,
        &o.admin,
        "/api/results/export_csv",
        &[("org_id", &o.org)],
    )
    .await;
    assert_eq!(s, 200, "{csv}");
    let csv = csv.as_str().expect("csv text").to_owned();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("year,campaign,breakdown,group,dimension,n,mean"));
    assert!(lines.len() > 1);
    assert!(lines[1..].iter().all(|l| l.starts_with("2025,")), "{csv}");
    for l in &lines[1..] {
        let n: i64 = l.split(',').nth(5).expect("n").parse().expect("number");
        assert!(n >= 5, "{l}");
    }

    // Another organisation, a signed-out visitor, and a non-operator.
    let other = client();
    sign_up_org(&o.app, &other, "Norrsjö kommun", "admin@norrsjo.se").await;
    for path in [
        "/api/results/dashboard",
        "/api/results/export_csv",
        "/api/results/benchmark_context",
    ] {
        let (s, _) = call(&o.app, &other, path, &[("org_id", &o.org), ("lang", "en")]).await;
        assert_eq!(s, 404, "{path}");
        let (s, _) = call(
            &o.app,
            &client(),
            path,
            &[("org_id", &o.org), ("lang", "en")],
        )
        .await;
        assert_eq!(s, 401, "{path}");
    }
    let (s, _) = call(&o.app, &o.admin, "/api/results/platform", &[]).await;
    assert_eq!(s, 403);

    // The operator's overview counts responses of k-safe campaigns only.
    let overview = app::benchmark::dashboard::platform_overview(&o.app.state.db, 5, 5)
        .await
        .expect("overview");
    let y26 = overview
        .years
        .iter()
        .find(|y| y.year == 2026)
        .expect("2026");
    assert_eq!(
        (y26.campaigns, y26.responses, y26.orgs_with_results),
        (1, 0, 0)
    );
    let y25 = overview
        .years
        .iter()
        .find(|y| y.year == 2025)
        .expect("2025");
    assert_eq!((y25.responses, y25.orgs_with_results), (6, 1));
    assert!(
        overview.distribution.is_none(),
        "one organisation is no distribution"
    );
}

/// Every stored result of every campaign, in a fixed order (the computing
/// time and the free texts' random sort keys left out).
type AllResults = (
    Vec<(i64, String, String, String, i64, f64, f64)>,
    Vec<(i64, String, String, String, i64, String)>,
    Vec<(i64, i64, i64, i64)>,
    Vec<(i64, String, String)>,
);

async fn all_results(app: &TestApp) -> AllResults {
    let pool = app.state.db.pool();
    let aggregates = sqlx::query_as(
        "SELECT campaign_id, breakdown, grp, dimension, n, mean, ci_hi FROM campaign_aggregates
         ORDER BY campaign_id, breakdown, grp, dimension",
    )
    .fetch_all(pool)
    .await
    .expect("aggregates");
    let cells = sqlx::query_as(
        "SELECT campaign_id, role_group, department, tenure_band, n, dimensions FROM campaign_cells
         ORDER BY campaign_id, role_group, department, tenure_band",
    )
    .fetch_all(pool)
    .await
    .expect("cells");
    let results = sqlx::query_as(
        "SELECT campaign_id, org_id, year, n FROM campaign_results ORDER BY campaign_id",
    )
    .fetch_all(pool)
    .await
    .expect("results");
    let texts = sqlx::query_as(
        "SELECT campaign_id, item_id, body FROM campaign_free_texts ORDER BY campaign_id, item_id, body",
    )
    .fetch_all(pool)
    .await
    .expect("free texts");
    (aggregates, cells, results, texts)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reaggregate_restores_every_campaign_without_mixing_them() {
    // Many campaigns share each write statement of a reaggregate: damage
    // the stored results of some, recompute, and every campaign must be
    // back exactly as its close computed it.
    let app = spawn_demo_app().await;
    let before = all_results(&app).await;
    let campaigns: Vec<i64> = before.2.iter().map(|r| r.0).collect();
    assert!(campaigns.len() >= 6, "{campaigns:?}");
    assert!(!before.3.is_empty(), "the demo has free texts");
    let pool = app.state.db.pool();
    for (sql, campaign) in [
        (
            "DELETE FROM campaign_results WHERE campaign_id = $1",
            campaigns[0],
        ),
        (
            "DELETE FROM campaign_aggregates WHERE campaign_id = $1",
            campaigns[0],
        ),
        (
            "UPDATE campaign_aggregates SET mean = 0 WHERE campaign_id = $1",
            campaigns[1],
        ),
        (
            "DELETE FROM campaign_cells WHERE campaign_id = $1",
            campaigns[2],
        ),
        (
            "DELETE FROM campaign_free_texts WHERE campaign_id = $1",
            campaigns[3],
        ),
        (
            "UPDATE campaign_results SET n = 1 WHERE campaign_id = $1",
            campaigns[4],
        ),
    ] {
        sqlx::query(sql)
            .bind(campaign)
            .execute(pool)
            .await
            .expect(sql);
    }
    assert_ne!(all_results(&app).await, before);

    // Only the campaign without results is recomputed by `only_missing`.
    let report = app::scoring::service::reaggregate(&app.state.db, true)
        .await
        .expect("reaggregate missing");
    assert_eq!(report.campaigns, 1);
    let after = all_results(&app).await;
    assert_eq!(after.2.len(), before.2.len());
    assert_ne!(after, before, "the other damage is still there");

    let report = app::scoring::service::reaggregate(&app.state.db, false)
        .await
        .expect("reaggregate");
    assert_eq!(report.campaigns as usize, campaigns.len());
    let submitted = count(
        &app,
        "SELECT COUNT(*) FROM responses r JOIN campaigns c ON c.id = r.campaign_id
         WHERE r.status = 'submitted' AND c.state = 'closed'",
    )
    .await;
    assert_eq!(report.responses as i64, submitted);
    let after = all_results(&app).await;
    assert_eq!(after.0, before.0, "aggregates");
    assert_eq!(after.1, before.1, "cells");
    assert_eq!(after.2, before.2, "results");
    assert_eq!(after.3, before.3, "free texts");
}

/// Issue 23, leak 4: five respondents whose every answer is 2, 3, 5, 8 and 9.
/// With q1, median and q3 (the 2nd–4th values) and mean + sd (the other two),
/// all five scores followed; now a group below max(2k, 10) publishes no order
/// statistics, in the results read and in the CSV export alike.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_answers_publish_no_quartiles_or_median() {
    let o = org_with_admin().await;
    let (campaign, code) = open_campaign(&o, 2026, "IT").await;
    let levels = [2, 3, 5, 8, 9];
    for level in levels {
        let mut m = Map::new();
        m.insert("role_group".into(), json!("specialist"));
        m.insert("department".into(), json!("IT"));
        m.insert("tenure_band".into(), json!("lt2"));
        for item in v1().items() {
            if let ItemKind::Scale { .. } = item.kind {
                m.insert(item.id.clone(), json!(level));
            }
        }
        answer(&o.app, &code, &Value::Object(m)).await;
    }
    let (s, v) = transition(&o, &campaign, "closed").await;
    assert_eq!(s, 200, "{v}");
    let (s, r) = results(&o, &o.admin, &campaign).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["n"], 5);
    let mut stats: Vec<&Value> = r["total"].as_array().expect("total").iter().collect();
    for g in r["groups"].as_array().expect("groups") {
        stats.extend(g["dims"].as_array().expect("dims"));
    }
    assert!(!stats.is_empty());
    for d in &stats {
        let s = &d["stat"];
        assert!(s["mean"].is_number(), "{d}");
        for field in ["median", "q1", "q3"] {
            assert!(s[field].is_null(), "{field}: {d}");
        }
    }
    // The strategy scores are the levels: 3, 5 and 8 appear nowhere.
    let s1 = stats.iter().find(|d| d["dimension"] == "S1").expect("S1");
    assert!((s1["stat"]["mean"].as_f64().expect("mean") - 5.4).abs() < 1e-9);
    let (s, csv) = call(
        &o.app,
        &o.admin,
        "/api/results/export_csv",
        &[("org_id", &o.org)],
    )
    .await;
    assert_eq!(s, 200, "{csv}");
    let csv = csv.as_str().expect("csv").to_owned();
    let lines: Vec<&str> = csv.lines().collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (median, q1, q3) = (col("median"), col("q1"), col("q3"));
    assert!(lines.len() > 1);
    for l in &lines[1..] {
        let cells: Vec<&str> = l.split(',').collect();
        assert_eq!((cells[median], cells[q1], cells[q3]), ("", "", ""), "{l}");
    }
}

/// Issue 23, leak 1: departments IT 6, HR 6, Ops 2, and the two in Ops skip
/// S1 and every TMI item, so they have a DI score but no TMI and no index.
/// Since index = ((DI + TMI)/2 − 1)/9·100 per respondent, a shown index and
/// TMI of a group give its DI sum; with the DI total, the DI of Ops followed.
/// The attacker here combines every published figure that way and must not
/// reach Ops' DI.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_index_and_tmi_of_a_group_do_not_give_away_a_hidden_group_s_di() {
    let o = org_with_admin().await;
    let (campaign, _) = open_campaign(&o, 2026, "IT\nHR\nOps").await;
    // Personal links: the k rule, not the shared link's stricter one.
    let tokens = issue_tokens(&o, &campaign, 14).await;
    let mut tokens = tokens.iter();
    let mut rng = Lcg(7);
    for (dept, n) in [("IT", 6), ("HR", 6), ("Ops", 2)] {
        for _ in 0..n {
            let mut m = Map::new();
            m.insert("role_group".into(), json!("specialist"));
            m.insert("department".into(), json!(dept));
            m.insert("tenure_band".into(), json!("lt2"));
            for item in v1().items() {
                if let ItemKind::Scale { dimension, .. } = &item.kind {
                    if dept == "Ops" && (dimension == "S1" || dimension == "TMI") {
                        continue;
                    }
                    m.insert(item.id.clone(), json!(1 + rng.next(10)));
                }
            }
            answer(&o.app, tokens.next().expect("token"), &Value::Object(m)).await;
        }
    }
    let (s, v) = transition(&o, &campaign, "closed").await;
    assert_eq!(s, 200, "{v}");
    let (s, r) = results(&o, &o.admin, &campaign).await;
    assert_eq!(s, 200, "{r}");
    // (group, dimension) → (n, mean) of everything published.
    let mut shown: BTreeMap<(String, String), (f64, f64)> = BTreeMap::new();
    let mut put = |group: &str, d: &Value| {
        shown.insert(
            (
                group.to_owned(),
                d["dimension"].as_str().expect("dim").to_owned(),
            ),
            (
                d["stat"]["n"].as_f64().expect("n"),
                d["stat"]["mean"].as_f64().expect("mean"),
            ),
        );
    };
    for d in r["total"].as_array().expect("total") {
        put("total", d);
    }
    for g in r["groups"].as_array().expect("groups") {
        if g["breakdown"] == "department" {
            for d in g["dims"].as_array().expect("dims") {
                put(g["group"].as_str().expect("group"), d);
            }
        }
    }
    assert!(shown.contains_key(&("total".into(), "DI".into())), "{r}");
    // DI sums the attacker knows, per set of departments: shown directly, or
    // from the index and TMI of the same respondents.
    let depts = |g: &str| -> BTreeSet<&'static str> {
        match g {
            "total" => ["IT", "HR", "Ops"].into(),
            "IT" => ["IT"].into(),
            "HR" => ["HR"].into(),
            _ => ["Ops"].into(),
        }
    };
    let mut known: Vec<(BTreeSet<&str>, f64)> = Vec::new();
    for ((g, dim), (n, mean)) in &shown {
        if dim == "DI" {
            known.push((depts(g), n * mean));
        }
        if dim == "INDEX"
            && let Some((tn, tmean)) = shown.get(&(g.clone(), "TMI".into()))
            && (tn - n).abs() < 0.5
        {
            // Over the respondents with an index (those with TMI too).
            let mut set = depts(g);
            set.remove("Ops");
            known.push((set, 2.0 * n * (mean / 100.0 * 9.0 + 1.0) - tn * tmean));
        }
    }
    // Can {Ops} be reached by adding and subtracting known sets?
    let ops: BTreeSet<&str> = ["Ops"].into();
    let reached = known.iter().any(|(a, _)| *a == ops)
        || known.iter().any(|(a, _)| {
            known.iter().any(|(b, _)| {
                a.difference(b).cloned().collect::<BTreeSet<_>>() == ops && b.is_subset(a)
                    || known.iter().any(|(c, _)| {
                        b.is_disjoint(c)
                            && b.is_subset(a)
                            && c.is_subset(a)
                            && a.iter()
                                .filter(|x| !b.contains(*x) && !c.contains(*x))
                                .cloned()
                                .collect::<BTreeSet<_>>()
                                == ops
                    })
            })
        });
    assert!(!reached, "Ops' DI is computable from {shown:?}");
    // The index total itself would be the DI−index difference: withheld.
    assert!(
        !shown.contains_key(&("total".into(), "INDEX".into())),
        "{r}"
    );
    assert!(shown.contains_key(&("total".into(), "TMI".into())), "{r}");
}

/// Personal survey links (single-use tokens) for a campaign.
async fn issue_tokens(o: &Org, campaign: &str, n: usize) -> Vec<String> {
    let (s, csv) = call(
        &o.app,
        &o.admin,
        "/api/campaigns/tokens",
        &[
            ("org_id", &o.org),
            ("campaign_id", campaign),
            ("count", &n.to_string()),
        ],
    )
    .await;
    assert_eq!(s, 200, "{csv}");
    csv.as_str()
        .expect("csv")
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap_or("").to_owned())
        .collect()
}

/// The campaign as the admin's list shows it.
async fn campaign_view(o: &Org, campaign: &str) -> Value {
    let (_, list) = call(
        &o.app,
        &o.admin,
        "/api/campaigns/list",
        &[("org_id", &o.org)],
    )
    .await;
    list.as_array()
        .expect("list")
        .iter()
        .find(|c| c["id"].as_i64().map(|x| x.to_string()).as_deref() == Some(campaign))
        .cloned()
        .expect("campaign")
}

/// Whether the published figures of one dimension let a reader compute the
/// IT department's sum: the total and every other department shown.
fn it_is_derivable(r: &Value, dim: &str) -> bool {
    let shown = |b: &str, g: &str| {
        r["groups"].as_array().is_some_and(|gs| {
            gs.iter().any(|x| {
                x["breakdown"] == b
                    && x["group"] == g
                    && x["dims"]
                        .as_array()
                        .is_some_and(|ds| ds.iter().any(|d| d["dimension"] == dim))
            })
        })
    };
    let total = r["total"]
        .as_array()
        .is_some_and(|ds| ds.iter().any(|d| d["dimension"] == dim));
    shown("department", "IT") || (total && shown("department", "HR") && shown("department", "Ops"))
}

/// Issue 23, leak 5: padding. IT has one member of staff, who answers
/// through a personal link; HR and Ops answer through theirs. An attacker
/// holding the shared code adds four fake IT answers whose values they know,
/// so that IT reaches k = 5 and the victim's scores follow from IT's figures.
/// With IT's headcount (1) given, IT is not published and cannot be derived
/// from the other groups, and the org admin is told.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_answers_through_the_shared_link_do_not_reveal_a_small_department() {
    let o = org_with_admin().await;
    let (campaign, code) = open_campaign(&o, 2026, "IT\nHR\nOps").await;
    let (s, v) = call(
        &o.app,
        &o.admin,
        "/api/campaigns/headcounts",
        &[
            ("org_id", &o.org),
            ("campaign_id", &campaign),
            ("headcounts", "it: 1\nHR: 15\n\nOps : 14"),
        ],
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let view = campaign_view(&o, &campaign).await;
    assert_eq!(
        view["headcounts"],
        json!([["HR", 15], ["IT", 1], ["Ops", 14]])
    );
    // Bad headcounts are refused and change nothing.
    for bad in ["IT 3", "IT: 0", "IT: many", "Finance: 3", "IT: 1\nit: 2"] {
        let (s, v) = call(
            &o.app,
            &o.admin,
            "/api/campaigns/headcounts",
            &[
                ("org_id", &o.org),
                ("campaign_id", &campaign),
                ("headcounts", bad),
            ],
        )
        .await;
        assert_eq!(s, 400, "{bad}: {v}");
    }
    assert_eq!(
        campaign_view(&o, &campaign).await["headcounts"],
        view["headcounts"]
    );

    let mut rng = Lcg(23);
    let tokens = issue_tokens(&o, &campaign, 25).await;
    let mut tokens = tokens.iter();
    answer(
        &o.app,
        tokens.next().expect("token"),
        &respondent(
            &mut rng,
            "specialist",
            "IT",
            "lt2",
            Some("Victim's own words"),
        ),
    )
    .await;
    for (dept, n) in [("HR", 12), ("Ops", 12)] {
        for i in 0..n {
            let role = if i % 2 == 0 { "manager" } else { "specialist" };
            answer(
                &o.app,
                tokens.next().expect("token"),
                &respondent(&mut rng, role, dept, "y2_5", None),
            )
            .await;
        }
    }
    for _ in 0..4 {
        answer(
            &o.app,
            &code,
            &respondent(&mut rng, "specialist", "IT", "lt2", Some("Fake")),
        )
        .await;
    }
    let view = campaign_view(&o, &campaign).await;
    assert_eq!(view["over_headcount"], json!(["IT"]));
    assert_eq!(view["shared_starts"], 4);
    let (s, v) = transition(&o, &campaign, "closed").await;
    assert_eq!(s, 200, "{v}");
    let (s, r) = results(&o, &o.admin, &campaign).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["availability"], "Available");
    for dim in ["INDEX", "DI", "TMI", "S1", "S2", "S3", "S4", "S5", "S6"] {
        assert!(!it_is_derivable(&r, dim), "IT's {dim} can be computed: {r}");
    }
    // Every published breakdown group has at least 2k respondents (the
    // campaign was answered through its shared link).
    for g in r["groups"].as_array().expect("groups") {
        for d in g["dims"].as_array().expect("dims") {
            assert!(d["stat"]["n"].as_i64().expect("n") >= 10, "{g}");
        }
    }
}

/// Starts through the shared link are limited per client address and
/// campaign; refusals are counted for the org admin; personal links are not
/// limited.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_shared_link_starts_from_one_address_is_refused_and_reported() {
    let app = crate::common::spawn_app_with(|c| c.shared_starts_per_hour = 5).await;
    let admin = client();
    let org = sign_up_org(&app, &admin, "Älvby kommun", "admin@alvby.se")
        .await
        .to_string();
    let o = Org { app, admin, org };
    let (campaign, code) = open_campaign(&o, 2026, "IT\nHR").await;
    let (other, other_code) = open_campaign(&o, 2025, "IT\nHR").await;
    let start = |code: String| {
        let app = &o.app;
        async move {
            call(
                app,
                &client(),
                "/api/survey/start",
                &[("code", &code), ("language", "sv")],
            )
            .await
            .0
        }
    };
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(start(code.clone()).await);
    }
    assert_eq!(
        statuses,
        [200, 200, 200, 200, 200, 200, 429, 429],
        "five free, then a lock"
    );
    let drafts = count(
        &o.app,
        &format!("SELECT COUNT(*) FROM responses WHERE campaign_id = {campaign}"),
    )
    .await;
    assert_eq!(drafts, 6, "refused starts write no draft");
    let view = campaign_view(&o, &campaign).await;
    assert_eq!(view["refused_starts"], 2);
    assert_eq!(view["shared_starts"], 6);
    let today = app::domain::dates::format_date(app::db::now_unix());
    assert_eq!(view["last_refused_on"], today.as_str());
    // Another campaign's link, and personal links, still work from here.
    assert_eq!(start(other_code).await, 200);
    let token = issue_tokens(&o, &campaign, 1).await.remove(0);
    assert_eq!(start(token).await, 200);
    assert_eq!(campaign_view(&o, &other).await["refused_starts"], 0);
}
