//! Campaigns and anonymous answering: the life cycle, what is stored, and
//! every kind of bad input (each refused with a clear error and no change).

use crate::common::{TestApp, call, client, count, sign_up_org, spawn_app};
use serde_json::{Value, json};

struct Setup {
    app: TestApp,
    admin: reqwest::Client,
    org: String,
    campaign: String,
    shared_code: String,
}

async fn setup(open: bool) -> Setup {
    let app = spawn_app().await;
    let admin = client();
    let org = sign_up_org(&app, &admin, "Älvby kommun", "admin@alvby.se")
        .await
        .to_string();
    let (s, versions) = call(&app, &admin, "/api/campaigns/versions", &[]).await;
    assert_eq!(s, 200, "{versions}");
    let version = versions[0]["id"].as_i64().expect("v1").to_string();
    let (s, id) = call(
        &app,
        &admin,
        "/api/campaigns/create",
        &[
            ("org_id", &org),
            ("year", "2026"),
            ("name", "Digital mognad 2026"),
            ("version_id", &version),
            ("departments", "Planering\nSocialtjänst\nIT"),
        ],
    )
    .await;
    assert_eq!(s, 200, "{id}");
    let campaign = id.as_i64().expect("id").to_string();
    if open {
        let (s, v) = call(
            &app,
            &admin,
            "/api/campaigns/transition",
            &[("org_id", &org), ("campaign_id", &campaign), ("to", "open")],
        )
        .await;
        assert_eq!(s, 200, "{v}");
    }
    let (_, list) = call(&app, &admin, "/api/campaigns/list", &[("org_id", &org)]).await;
    let shared_code = list[0]["shared_code"].as_str().expect("code").to_owned();
    Setup {
        app,
        admin,
        org,
        campaign,
        shared_code,
    }
}

async fn start(s: &Setup, code: &str) -> (u16, Value) {
    call(
        &s.app,
        &client(),
        "/api/survey/start",
        &[("code", code), ("language", "sv")],
    )
    .await
}

fn a(v: Value) -> String {
    v.to_string()
}

/// A complete answer set of the standard questionnaire (every scale item 7).
fn full_answers() -> Value {
    let q = app::domain::questionnaire::parse(app::survey::service::STANDARD_V1).expect("v1");
    let mut m = serde_json::Map::new();
    for item in q.items() {
        use app::domain::questionnaire::ItemKind::*;
        let v = match &item.kind {
            Scale { .. } => json!(7),
            SingleChoice { options } => json!(options[0].id),
            MultipleChoice { options } => json!([options[0].id]),
            Department => json!("IT"),
            FreeText { .. } => json!("Mer samverkan mellan förvaltningarna."),
        };
        m.insert(item.id.clone(), v);
    }
    Value::Object(m)
}

fn first_scale_item() -> String {
    let q = app::domain::questionnaire::parse(app::survey::service::STANDARD_V1).expect("v1");
    q.items()
        .find(|i| matches!(i.kind, app::domain::questionnaire::ItemKind::Scale { .. }))
        .expect("scale")
        .id
        .clone()
}

fn code_of(v: &Value) -> &str {
    v["BadRequest"]
        .as_str()
        .unwrap_or("")
        .split(':')
        .next()
        .unwrap_or("")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn life_cycle_counts_only_while_open_and_closing_is_final() {
    let s = setup(true).await;
    for _ in 0..3 {
        let (st, resume) = start(&s, &s.shared_code).await;
        assert_eq!(st, 200, "{resume}");
        let resume = resume.as_str().expect("resume").to_owned();
        let (st, v) = call(
            &s.app,
            &client(),
            "/api/survey/submit",
            &[
                ("resume", &resume),
                ("answers", &a(full_answers())),
                ("language", "sv"),
            ],
        )
        .await;
        assert_eq!(st, 200, "{v}");
    }
    let (_, list) = call(
        &s.app,
        &s.admin,
        "/api/campaigns/list",
        &[("org_id", &s.org)],
    )
    .await;
    assert_eq!(list[0]["submitted"], 3);
    assert_eq!(list[0]["state"], "open");
    // Only counts: nothing else about the answers is in the admin's view.
    let keys: Vec<&str> = list[0]
        .as_object()
        .expect("obj")
        .keys()
        .map(String::as_str)
        .collect();
    for k in &keys {
        assert!(
            [
                "id",
                "name",
                "year",
                "version",
                "state",
                "departments",
                "shared_code",
                "submitted",
                "tokens_issued",
                "response_rate",
                "invitees_not_started",
                // How responses came in (counts and the admin's own
                // headcounts), never a figure of the answers.
                "headcounts",
                "shared_starts",
                "refused_starts",
                "last_refused_on",
                "over_headcount"
            ]
            .contains(k),
            "unexpected field {k}"
        );
    }
    let close = [
        ("org_id", s.org.as_str()),
        ("campaign_id", s.campaign.as_str()),
        ("to", "closed"),
    ];
    assert_eq!(
        call(&s.app, &s.admin, "/api/campaigns/transition", &close)
            .await
            .0,
        200
    );
    let reopen = [
        ("org_id", s.org.as_str()),
        ("campaign_id", s.campaign.as_str()),
        ("to", "open"),
    ];
    assert_eq!(
        call(&s.app, &s.admin, "/api/campaigns/transition", &reopen)
            .await
            .0,
        409,
        "no reopening"
    );
    assert_eq!(
        call(&s.app, &s.admin, "/api/campaigns/transition", &close)
            .await
            .0,
        409
    );
    let (st, v) = start(&s, &s.shared_code).await;
    assert_eq!(st, 400);
    assert_eq!(code_of(&v), "survey.closed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stored_responses_hold_no_ip_agent_or_exact_time_and_tokens_cannot_be_joined() {
    let s = setup(true).await;
    let (st, csv) = call(
        &s.app,
        &s.admin,
        "/api/campaigns/tokens",
        &[
            ("org_id", &s.org),
            ("campaign_id", &s.campaign),
            ("count", "3"),
        ],
    )
    .await;
    assert_eq!(st, 200);
    let csv = csv.as_str().expect("csv").to_owned();
    let tokens: Vec<String> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap_or("").to_owned())
        .collect();
    assert_eq!(tokens.len(), 3);
    assert!(csv.lines().nth(1).expect("row").contains("/t/"));
    // Tokens are stored hashed only.
    assert_eq!(
        count(
            &s.app,
            &format!(
                "SELECT COUNT(*) FROM survey_tokens WHERE token_hash = '{}'",
                tokens[0]
            )
        )
        .await,
        0
    );

    let (st, resume) = start(&s, &tokens[1]).await;
    assert_eq!(st, 200);
    let resume = resume.as_str().expect("resume").to_owned();
    call(
        &s.app,
        &client(),
        "/api/survey/submit",
        &[
            ("resume", &resume),
            ("answers", &a(full_answers())),
            ("language", "sv"),
        ],
    )
    .await;

    // Schema: no column links a token to a response, and nothing identifying is kept.
    let cols = |table: &'static str| {
        let app = &s.app;
        async move {
            let sql = match app.state.db.backend() {
                app::db::Backend::Sqlite => {
                    format!("SELECT name FROM pragma_table_info('{table}') ORDER BY name")
                }
                app::db::Backend::Postgres => format!(
                    "SELECT CAST(column_name AS TEXT) FROM information_schema.columns WHERE table_name = '{table}' ORDER BY column_name"
                ),
            };
            let rows: Vec<(String,)> = sqlx::query_as(&sql)
                .fetch_all(app.state.db.pool())
                .await
                .expect("columns");
            rows.into_iter().map(|r| r.0).collect::<Vec<_>>()
        }
    };
    let token_cols = cols("survey_tokens").await;
    assert_eq!(token_cols, vec!["campaign_id", "id", "token_hash", "used"]);
    let response_cols = cols("responses").await;
    for c in &response_cols {
        assert!(
            !c.contains("token")
                && !c.contains("ip")
                && !c.contains("agent")
                && !c.ends_with("_at"),
            "column {c}"
        );
    }
    // Rows: one token used, the response has day-precision dates and a random id.
    assert_eq!(
        count(&s.app, "SELECT COUNT(*) FROM survey_tokens WHERE used = 1").await,
        1
    );
    let (id, submitted_on): (String, String) =
        sqlx::query_as("SELECT id, submitted_on FROM responses WHERE status = 'submitted'")
            .fetch_one(s.app.state.db.pool())
            .await
            .expect("row");
    assert_eq!(id.len(), 32);
    assert_eq!(submitted_on.len(), 10, "YYYY-MM-DD only: {submitted_on}");
    assert!(!id.chars().all(|c| c.is_ascii_digit()), "not a counter");
    // The admin's view counts the response rate against tokens.
    let (_, list) = call(
        &s.app,
        &s.admin,
        "/api/campaigns/list",
        &[("org_id", &s.org)],
    )
    .await;
    assert_eq!(list[0]["tokens_issued"], 3);
    assert_eq!(list[0]["response_rate"], 33.3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_is_saved_and_resumed_elsewhere_then_submitted_once() {
    let s = setup(true).await;
    let (_, resume) = start(&s, &s.shared_code).await;
    let resume = resume.as_str().expect("resume").to_owned();
    let item = first_scale_item();
    let (st, v) = call(
        &s.app,
        &client(),
        "/api/survey/save",
        &[
            ("resume", &resume),
            ("answers", &a(json!({ item.clone(): 4 }))),
            ("language", "nl"),
        ],
    )
    .await;
    assert_eq!(st, 200, "{v}");
    // Another device, the code typed in lower case with dashes.
    let typed = format!("{}-{}-{}", &resume[0..4], &resume[4..8], &resume[8..12]).to_lowercase();
    let (st, form) = call(&s.app, &client(), "/api/survey/load", &[("resume", &typed)]).await;
    assert_eq!(st, 200, "{form}");
    let answers: Value =
        serde_json::from_str(form["answers_json"].as_str().expect("json")).expect("answers");
    assert_eq!(answers[&item], 4.0);
    assert_eq!(form["language"], "nl");
    assert_eq!(form["departments"][1], "Socialtjänst");
    // Submit twice (a retry after a lost answer): one response.
    for _ in 0..2 {
        let (st, v) = call(
            &s.app,
            &client(),
            "/api/survey/submit",
            &[
                ("resume", &resume),
                ("answers", &a(full_answers())),
                ("language", "nl"),
            ],
        )
        .await;
        assert_eq!(st, 200, "{v}");
    }
    assert_eq!(count(&s.app, "SELECT COUNT(*) FROM responses").await, 1);
    assert_eq!(
        count(
            &s.app,
            "SELECT COUNT(*) FROM responses WHERE status = 'submitted'"
        )
        .await,
        1
    );
    let (st, v) = call(
        &s.app,
        &client(),
        "/api/survey/load",
        &[("resume", &resume)],
    )
    .await;
    assert_eq!((st, code_of(&v)), (400, "survey.already_submitted"));
    let (st, v) = call(
        &s.app,
        &client(),
        "/api/survey/save",
        &[
            ("resume", &resume),
            ("answers", &a(json!({ item.clone(): 1 }))),
            ("language", "nl"),
        ],
    )
    .await;
    assert_eq!((st, code_of(&v)), (400, "survey.already_submitted"));
    // A submission with other answers is refused with 409 and a code of its
    // own (it used to answer 200 and silently keep the old answers).
    let stored = || async {
        let (answers,): (String,) =
            sqlx::query_as("SELECT answers FROM responses WHERE status = 'submitted'")
                .fetch_one(s.app.state.db.pool())
                .await
                .expect("answers");
        answers
    };
    let before = stored().await;
    let mut other = full_answers();
    other[&item] = json!(2);
    let (st, v) = call(
        &s.app,
        &client(),
        "/api/survey/submit",
        &[
            ("resume", &resume),
            ("answers", &a(other)),
            ("language", "nl"),
        ],
    )
    .await;
    assert_eq!(st, 409, "{v}");
    assert_eq!(
        v["Conflict"].as_str(),
        Some("survey.submitted_differently"),
        "{v}"
    );
    assert_eq!(
        stored().await,
        before,
        "the submitted answers are unchanged"
    );
}

/// POST a form from a spawned task: `(status, body)`.
fn post_later(
    s: &Setup,
    path: &str,
    form: Vec<(&'static str, String)>,
) -> tokio::task::JoinHandle<(u16, Value)> {
    let url = s.app.url(path);
    tokio::spawn(async move {
        let r = client().post(url).form(&form).send().await.expect("post");
        let status = r.status().as_u16();
        let text = r.text().await.expect("body");
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    })
}

/// Autosaves and submissions arriving together are applied in shared write
/// batches: two tabs autosaving one draft at once lose nothing (each update
/// is merged into the draft as the one before it left it), and one refused
/// update or unknown code in a batch changes nothing and fails nothing else.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn updates_arriving_together_are_each_applied_and_none_is_lost() {
    let s = setup(true).await;
    let mut resumes = Vec::new();
    for _ in 0..6 {
        let (st, r) = start(&s, &s.shared_code).await;
        assert_eq!(st, 200, "{r}");
        resumes.push(r.as_str().expect("resume").to_owned());
    }
    let q = app::domain::questionnaire::parse(app::survey::service::STANDARD_V1).expect("v1");
    let scales: Vec<(String, i64)> = q
        .items()
        .filter_map(|i| match i.kind {
            app::domain::questionnaire::ItemKind::Scale { min, .. } => Some((i.id.clone(), min)),
            _ => None,
        })
        .take(16)
        .collect();
    assert_eq!(scales.len(), 16);

    let mut tasks = Vec::new();
    // 16 autosaves of the first draft, each answering a different item.
    for (n, (item, min)) in scales.iter().enumerate() {
        let answers = json!({ item.clone(): min + (n as i64 % 3) }).to_string();
        tasks.push(post_later(
            &s,
            "/api/survey/save",
            vec![
                ("resume", resumes[0].clone()),
                ("answers", answers),
                ("language", "sv".into()),
            ],
        ));
    }
    // Complete submissions of drafts 2–5.
    for r in &resumes[1..5] {
        tasks.push(post_later(
            &s,
            "/api/survey/submit",
            vec![
                ("resume", r.clone()),
                ("answers", a(full_answers())),
                ("language", "da".into()),
            ],
        ));
    }
    // A submission with an out-of-range answer, and an unknown code.
    let mut bad = full_answers();
    bad[&scales[0].0] = json!(99);
    let refused = post_later(
        &s,
        "/api/survey/submit",
        vec![
            ("resume", resumes[5].clone()),
            ("answers", a(bad)),
            ("language", "da".into()),
        ],
    );
    let unknown = post_later(
        &s,
        "/api/survey/save",
        vec![
            ("resume", "ABCDEFGHJKLM".into()),
            ("answers", a(json!({ scales[1].0.clone(): scales[1].1 }))),
            ("language", "sv".into()),
        ],
    );
    for t in tasks {
        let (st, v) = t.await.expect("task");
        assert_eq!(st, 200, "{v}");
    }
    let (st, v) = refused.await.expect("task");
    assert_eq!((st, code_of(&v)), (400, "survey.invalid_answers"), "{v}");
    let (st, v) = unknown.await.expect("task");
    assert_eq!((st, code_of(&v)), (400, "survey.unknown_resume"), "{v}");

    // The first draft holds all 16 answers.
    let (st, form) = call(
        &s.app,
        &client(),
        "/api/survey/load",
        &[("resume", &resumes[0])],
    )
    .await;
    assert_eq!(st, 200, "{form}");
    let saved: Value =
        serde_json::from_str(form["answers_json"].as_str().expect("json")).expect("answers");
    for (n, (item, min)) in scales.iter().enumerate() {
        assert_eq!(
            saved[item],
            (min + (n as i64 % 3)) as f64,
            "{item} in {saved}"
        );
    }
    // Four submitted, in Danish; the refused draft is untouched.
    assert_eq!(
        count(
            &s.app,
            "SELECT COUNT(*) FROM responses WHERE status = 'submitted' AND language = 'da'"
        )
        .await,
        4
    );
    let (st, form) = call(
        &s.app,
        &client(),
        "/api/survey/load",
        &[("resume", &resumes[5])],
    )
    .await;
    assert_eq!(st, 200, "{form}");
    assert_eq!(form["answers_json"], "{}");
    assert_eq!(count(&s.app, "SELECT COUNT(*) FROM responses").await, 6);
}

/// The survey writer keeps its database connection from batch to batch and
/// opens and commits its transactions itself. A batch that fails inside its
/// transaction (here a trigger refuses the write) answers with an error,
/// changes nothing and leaves no transaction open: the next update is stored.
/// Closing the database waits for the connection the writer holds and ends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_write_batch_changes_nothing_and_the_writer_carries_on() {
    let s = setup(true).await;
    let (st, r) = start(&s, &s.shared_code).await;
    assert_eq!(st, 200, "{r}");
    let resume = r.as_str().expect("resume").to_owned();
    let item = first_scale_item();
    let save = |value: i64| {
        post_later(
            &s,
            "/api/survey/save",
            vec![
                ("resume", resume.clone()),
                ("answers", json!({ item.clone(): value }).to_string()),
                ("language", "sv".into()),
            ],
        )
    };
    let (st, v) = save(1).await.expect("task");
    assert_eq!(st, 200, "{v}");

    let pool = s.app.state.db.pool();
    let (create, drop) = match crate::common::backend() {
        app::db::Backend::Sqlite => (
            vec![
                "CREATE TRIGGER refuse_updates BEFORE UPDATE ON responses \
                  BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
            ],
            vec!["DROP TRIGGER refuse_updates"],
        ),
        app::db::Backend::Postgres => (
            vec![
                "CREATE FUNCTION refuse_updates() RETURNS trigger LANGUAGE plpgsql AS \
                 $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$",
                "CREATE TRIGGER refuse_updates BEFORE UPDATE ON responses \
                 FOR EACH ROW EXECUTE FUNCTION refuse_updates()",
            ],
            vec![
                "DROP TRIGGER refuse_updates ON responses",
                "DROP FUNCTION refuse_updates()",
            ],
        ),
    };
    for sql in create {
        sqlx::query(sql)
            .execute(pool)
            .await
            .expect("create trigger");
    }
    let (st, v) = save(2).await.expect("task");
    assert_eq!(st, 500, "{v}");
    for sql in drop {
        sqlx::query(sql).execute(pool).await.expect("drop trigger");
    }
    // The item's stored value, as the survey form loads it.
    let stored = || async {
        let (st, form) = call(
            &s.app,
            &client(),
            "/api/survey/load",
            &[("resume", &resume)],
        )
        .await;
        assert_eq!(st, 200, "{form}");
        let json = form["answers_json"].as_str().expect("json");
        serde_json::from_str::<Value>(json).expect("answers")[&item].clone()
    };
    assert_eq!(
        stored().await,
        json!(1.0),
        "the refused save changed nothing"
    );

    // The writer's next transaction opens and commits.
    let (st, v) = save(3).await.expect("task");
    assert_eq!(st, 200, "{v}");
    assert_eq!(stored().await, json!(3.0));

    tokio::time::timeout(std::time::Duration::from_secs(60), s.app.state.db.close())
        .await
        .expect("closing the database does not wait forever for the writer");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_answers_are_refused_and_change_nothing() {
    let s = setup(true).await;
    let (_, resume) = start(&s, &s.shared_code).await;
    let resume = resume.as_str().expect("resume").to_owned();
    let item = first_scale_item();
    call(
        &s.app,
        &client(),
        "/api/survey/save",
        &[
            ("resume", &resume),
            ("answers", &a(json!({ item.clone(): 5 }))),
            ("language", "en"),
        ],
    )
    .await;
    let before: (String,) = sqlx::query_as("SELECT answers FROM responses")
        .fetch_one(s.app.state.db.pool())
        .await
        .expect("row");

    let free = {
        let q = app::domain::questionnaire::parse(app::survey::service::STANDARD_V1).expect("v1");
        q.items()
            .find(|i| {
                matches!(
                    i.kind,
                    app::domain::questionnaire::ItemKind::FreeText { .. }
                )
            })
            .expect("free")
            .id
            .clone()
    };
    let cases: Vec<(&str, Value)> = vec![
        ("out of range", json!({ item.clone(): 11 })),
        ("zero", json!({ item.clone(): 0 })),
        ("not whole", json!({ item.clone(): 6.5 })),
        ("text for a scale", json!({ item.clone(): ["7"] })),
        ("unknown item", json!({ "no_such_item": 3 })),
        (
            "unknown department",
            json!({ "department": "Kommunfullmäktige" }),
        ),
        ("too long text", json!({ free.clone(): "x".repeat(4001) })),
    ];
    for (what, answers) in cases {
        for path in ["/api/survey/save", "/api/survey/submit"] {
            let (st, v) = call(
                &s.app,
                &client(),
                path,
                &[
                    ("resume", &resume),
                    ("answers", &a(answers.clone())),
                    ("language", "en"),
                ],
            )
            .await;
            assert_eq!(st, 400, "{what} via {path}: {v}");
            assert_eq!(code_of(&v), "survey.invalid_answers", "{what}: {v}");
        }
    }
    let (st, v) = call(
        &s.app,
        &client(),
        "/api/survey/save",
        &[
            ("resume", &resume),
            ("answers", "not json"),
            ("language", "en"),
        ],
    )
    .await;
    assert_eq!((st, code_of(&v)), (400, "survey.invalid_answers"));
    let huge = a(json!({ free: "y".repeat(300 * 1024) }));
    let (st, v) = call(
        &s.app,
        &client(),
        "/api/survey/save",
        &[("resume", &resume), ("answers", &huge), ("language", "en")],
    )
    .await;
    assert_eq!((st, code_of(&v)), (400, "survey.too_large"));

    let after: (String,) = sqlx::query_as("SELECT answers FROM responses")
        .fetch_one(s.app.state.db.pool())
        .await
        .expect("row");
    assert_eq!(before, after, "nothing changed");
    assert_eq!(
        count(
            &s.app,
            "SELECT COUNT(*) FROM responses WHERE status = 'submitted'"
        )
        .await,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn items_of_another_questionnaire_version_are_unknown_here() {
    let s = setup(true).await;
    // The operator imports v2 with a new item; this campaign runs v1.
    let mut v2: Value = serde_json::from_str(app::survey::service::STANDARD_V1).expect("json");
    v2["version"] = json!("v2");
    let mut extra = v2["sections"][1]["items"][0].clone();
    extra["id"] = json!("s1_new_in_v2");
    v2["sections"][1]["items"]
        .as_array_mut()
        .expect("items")
        .push(extra);
    app::survey::service::import_version(&s.app.state.db, 1, &v2.to_string())
        .await
        .expect("import v2");
    let (_, resume) = start(&s, &s.shared_code).await;
    let resume = resume.as_str().expect("resume").to_owned();
    let (st, v) = call(
        &s.app,
        &client(),
        "/api/survey/save",
        &[
            ("resume", &resume),
            ("answers", &a(json!({ "s1_new_in_v2": 5 }))),
            ("language", "en"),
        ],
    )
    .await;
    assert_eq!(st, 400);
    assert!(
        v["BadRequest"]
            .as_str()
            .unwrap_or("")
            .contains("s1_new_in_v2"),
        "{v}"
    );
    // Re-importing a published version is refused; export returns it verbatim.
    let err = app::survey::service::import_version(&s.app.state.db, 1, &v2.to_string())
        .await
        .expect_err("immutable");
    assert!(matches!(err, app::AppError::Conflict(_)));
    let exported = app::survey::service::export_version(&s.app.state.db, "v2")
        .await
        .expect("export");
    assert_eq!(exported, v2.to_string());
    let bad = app::survey::service::import_version(&s.app.state.db, 1, "{\"format\":\"x\"}")
        .await
        .expect_err("invalid");
    assert!(matches!(bad, app::AppError::BadRequest(_)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_tokens_and_campaign_states_are_checked() {
    // A draft campaign takes no answers.
    let s = setup(false).await;
    let (st, v) = start(&s, &s.shared_code).await;
    assert_eq!((st, code_of(&v)), (400, "survey.not_open"));
    let (_, csv) = call(
        &s.app,
        &s.admin,
        "/api/campaigns/tokens",
        &[
            ("org_id", &s.org),
            ("campaign_id", &s.campaign),
            ("count", "2"),
        ],
    )
    .await;
    let token = csv
        .as_str()
        .expect("csv")
        .lines()
        .nth(1)
        .expect("row")
        .split(',')
        .next()
        .expect("token")
        .to_owned();
    let (st, v) = start(&s, &token).await;
    assert_eq!((st, code_of(&v)), (400, "survey.not_open"));
    assert_eq!(
        count(&s.app, "SELECT COUNT(*) FROM survey_tokens WHERE used = 1").await,
        0,
        "not spent on a draft campaign"
    );

    call(
        &s.app,
        &s.admin,
        "/api/campaigns/transition",
        &[
            ("org_id", &s.org),
            ("campaign_id", &s.campaign),
            ("to", "open"),
        ],
    )
    .await;
    let (st, _) = start(&s, &token).await;
    assert_eq!(st, 200);
    let (st, v) = start(&s, &token).await;
    assert_eq!(
        (st, code_of(&v)),
        (400, "survey.token_used"),
        "a token works once"
    );
    let (st, v) = start(&s, "NOSUCHCODE22").await;
    assert_eq!((st, code_of(&v)), (400, "survey.unknown_code"));
    let (st, v) = call(
        &s.app,
        &client(),
        "/api/survey/load",
        &[("resume", "ZZZZ-ZZZZ-ZZZZ")],
    )
    .await;
    assert_eq!((st, code_of(&v)), (400, "survey.unknown_resume"));
    let (st, v) = call(
        &s.app,
        &client(),
        "/api/survey/submit",
        &[("resume", "short"), ("answers", "{}"), ("language", "en")],
    )
    .await;
    assert_eq!((st, code_of(&v)), (400, "survey.unknown_resume"));

    // A draft whose campaign closes cannot be submitted afterwards.
    let (_, resume) = start(&s, &s.shared_code).await;
    let resume = resume.as_str().expect("resume").to_owned();
    call(
        &s.app,
        &s.admin,
        "/api/campaigns/transition",
        &[
            ("org_id", &s.org),
            ("campaign_id", &s.campaign),
            ("to", "closed"),
        ],
    )
    .await;
    let (st, v) = call(
        &s.app,
        &client(),
        "/api/survey/submit",
        &[
            ("resume", &resume),
            ("answers", &a(full_answers())),
            ("language", "en"),
        ],
    )
    .await;
    assert_eq!((st, code_of(&v)), (400, "survey.closed"));
    assert_eq!(
        count(
            &s.app,
            "SELECT COUNT(*) FROM responses WHERE status = 'submitted'"
        )
        .await,
        0
    );
    // Thirty days after closing, unsubmitted drafts are deleted.
    sqlx::query("UPDATE campaigns SET closed_at = closed_at - 31 * 86400")
        .execute(s.app.state.db.pool())
        .await
        .expect("age");
    let deleted = app::survey::service::delete_stale_drafts(&s.app.state.db)
        .await
        .expect("cleanup");
    assert_eq!(deleted, 2);
    assert_eq!(count(&s.app, "SELECT COUNT(*) FROM responses").await, 0);
    let (st, v) = call(
        &s.app,
        &client(),
        "/api/survey/load",
        &[("resume", &resume)],
    )
    .await;
    assert_eq!(
        (st, code_of(&v)),
        (400, "survey.unknown_resume"),
        "expired resume code"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn campaign_input_is_validated_and_tenant_scoped() {
    let s = setup(false).await;
    let bad = [
        [
            ("org_id", s.org.as_str()),
            ("year", "1999"),
            ("name", "X"),
            ("version_id", "1"),
            ("departments", ""),
        ],
        [
            ("org_id", s.org.as_str()),
            ("year", "2026"),
            ("name", " "),
            ("version_id", "1"),
            ("departments", ""),
        ],
        [
            ("org_id", s.org.as_str()),
            ("year", "2026"),
            ("name", "X"),
            ("version_id", "999"),
            ("departments", ""),
        ],
        [
            ("org_id", s.org.as_str()),
            ("year", "2026"),
            ("name", "X"),
            ("version_id", "1"),
            ("departments", "IT\nit"),
        ],
    ];
    for form in bad {
        let (st, v) = call(&s.app, &s.admin, "/api/campaigns/create", &form).await;
        assert_eq!(st, 400, "{form:?}: {v}");
    }
    assert_eq!(count(&s.app, "SELECT COUNT(*) FROM campaigns").await, 1);
    let (st, _) = call(
        &s.app,
        &s.admin,
        "/api/campaigns/tokens",
        &[
            ("org_id", &s.org),
            ("campaign_id", &s.campaign),
            ("count", "0"),
        ],
    )
    .await;
    assert_eq!(st, 400);
    let (st, _) = call(
        &s.app,
        &s.admin,
        "/api/campaigns/tokens",
        &[
            ("org_id", &s.org),
            ("campaign_id", &s.campaign),
            ("count", "5001"),
        ],
    )
    .await;
    assert_eq!(st, 400);

    let other = client();
    let other_org = sign_up_org(&s.app, &other, "Granvik", "eva@granvik.se")
        .await
        .to_string();
    for (path, form) in [
        ("/api/campaigns/list", vec![("org_id", s.org.as_str())]),
        (
            "/api/campaigns/transition",
            vec![
                ("org_id", s.org.as_str()),
                ("campaign_id", s.campaign.as_str()),
                ("to", "open"),
            ],
        ),
        (
            "/api/campaigns/tokens",
            vec![
                ("org_id", s.org.as_str()),
                ("campaign_id", s.campaign.as_str()),
                ("count", "5"),
            ],
        ),
        (
            "/api/campaigns/create",
            vec![
                ("org_id", s.org.as_str()),
                ("year", "2026"),
                ("name", "Spy"),
                ("version_id", "1"),
                ("departments", ""),
            ],
        ),
        // Own organisation, other's campaign id.
        (
            "/api/campaigns/transition",
            vec![
                ("org_id", other_org.as_str()),
                ("campaign_id", s.campaign.as_str()),
                ("to", "open"),
            ],
        ),
        (
            "/api/campaigns/tokens",
            vec![
                ("org_id", other_org.as_str()),
                ("campaign_id", s.campaign.as_str()),
                ("count", "5"),
            ],
        ),
    ] {
        let (st, v) = call(&s.app, &other, path, &form).await;
        assert!(st == 403 || st == 404, "{path} {form:?}: {st} {v}");
    }
    assert_eq!(count(&s.app, "SELECT COUNT(*) FROM survey_tokens").await, 0);
    let (_, list) = call(
        &s.app,
        &s.admin,
        "/api/campaigns/list",
        &[("org_id", &s.org)],
    )
    .await;
    assert_eq!(list[0]["state"], "draft");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitations_by_email_and_reminders_to_those_who_have_not_started() {
    let s = setup(true).await;
    let form = [
        ("org_id", s.org.as_str()),
        ("campaign_id", s.campaign.as_str()),
        ("emails", "a@alvby.se\nB@alvby.se, c@alvby.se;a@alvby.se"),
    ];
    let (st, n) = call(&s.app, &s.admin, "/api/campaigns/invite_emails", &form).await;
    assert_eq!((st, n.as_i64()), (200, Some(3)), "duplicates collapse");
    let (st, n) = call(&s.app, &s.admin, "/api/campaigns/invite_emails", &form).await;
    assert_eq!(
        (st, n.as_i64()),
        (200, Some(0)),
        "already invited are skipped"
    );
    let (st, _) = call(
        &s.app,
        &s.admin,
        "/api/campaigns/invite_emails",
        &[
            ("org_id", &s.org),
            ("campaign_id", &s.campaign),
            ("emails", "not-an-address"),
        ],
    )
    .await;
    assert_eq!(st, 400);
    let link = |to: &'static str| {
        let app = &s.app;
        async move {
            let mails = app::db::outbox::for_recipient(&app.state.db, to)
                .await
                .expect("outbox");
            let body = mails.first().expect("mail").body.clone();
            let start = body.find("/t/").expect("link") + 3;
            body[start..start + 12].to_owned()
        }
    };
    let token_a = link("a@alvby.se").await;
    let token_b = link("b@alvby.se").await;
    let (st, _) = start(&s, &token_a).await;
    assert_eq!(st, 200, "a starts answering");
    let (_, list) = call(
        &s.app,
        &s.admin,
        "/api/campaigns/list",
        &[("org_id", &s.org)],
    )
    .await;
    assert_eq!(list[0]["invitees_not_started"], 2);
    assert_eq!(list[0]["tokens_issued"], 3);

    let (st, n) = call(
        &s.app,
        &s.admin,
        "/api/campaigns/remind",
        &[("org_id", &s.org), ("campaign_id", &s.campaign)],
    )
    .await;
    assert_eq!((st, n.as_i64()), (200, Some(2)));
    assert_eq!(
        app::db::outbox::for_recipient(&s.app.state.db, "a@alvby.se")
            .await
            .expect("outbox")
            .len(),
        1,
        "no reminder for a"
    );
    let new_b = link("b@alvby.se").await;
    assert_ne!(new_b, token_b);
    let (st, v) = start(&s, &token_b).await;
    assert_eq!(
        (st, code_of(&v)),
        (400, "survey.unknown_code"),
        "the old link is replaced"
    );
    let (st, _) = start(&s, &new_b).await;
    assert_eq!(st, 200);
    // Nothing joins an invitee to a response.
    let cols: Vec<(String,)> = match s.app.state.db.backend() {
        app::db::Backend::Sqlite => sqlx::query_as("SELECT name FROM pragma_table_info('survey_invitees')").fetch_all(s.app.state.db.pool()).await.expect("cols"),
        app::db::Backend::Postgres => sqlx::query_as("SELECT CAST(column_name AS TEXT) FROM information_schema.columns WHERE table_name = 'survey_invitees'").fetch_all(s.app.state.db.pool()).await.expect("cols"),
    };
    assert!(cols.iter().all(|(c,)| !c.contains("response")), "{cols:?}");
    // Not for other organisations.
    let other = client();
    sign_up_org(&s.app, &other, "Granvik", "eva@granvik.se").await;
    let (st, _) = call(
        &s.app,
        &other,
        "/api/campaigns/remind",
        &[("org_id", &s.org), ("campaign_id", &s.campaign)],
    )
    .await;
    assert!(st == 403 || st == 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_operator_imports_and_exports_questionnaire_versions() {
    let s = setup(false).await;
    app::auth::service::create_operator(
        &s.app.state.db,
        "ops@spindel.example",
        "Ops",
        crate::common::PASSWORD,
    )
    .await
    .expect("operator");
    let op = client();
    call(
        &s.app,
        &op,
        "/api/auth/sign_in",
        &[
            ("email", "ops@spindel.example"),
            ("password", crate::common::PASSWORD),
        ],
    )
    .await;

    let (st, v1) = call(
        &s.app,
        &op,
        "/api/operator/questionnaire_export",
        &[("version", "v1")],
    )
    .await;
    assert_eq!(st, 200);
    assert_eq!(v1.as_str(), Some(app::survey::service::STANDARD_V1));
    let mut doc: Value = serde_json::from_str(app::survey::service::STANDARD_V1).expect("json");
    doc["version"] = json!("v2");
    doc["sections"][2]["items"][0]["dimension"] = json!("S7");
    let (st, v) = call(
        &s.app,
        &op,
        "/api/operator/questionnaire_import",
        &[("document", &doc.to_string())],
    )
    .await;
    assert_eq!(st, 400);
    assert!(
        v["BadRequest"]
            .as_str()
            .unwrap_or("")
            .contains("unknown dimension \"S7\""),
        "{v}"
    );
    doc["sections"][2]["items"][0]["dimension"] = json!("S4");
    let (st, v) = call(
        &s.app,
        &op,
        "/api/operator/questionnaire_import",
        &[("document", &doc.to_string())],
    )
    .await;
    assert_eq!((st, v.as_str()), (200, Some("v2")));
    let (st, list) = call(&s.app, &op, "/api/operator/questionnaires", &[]).await;
    assert_eq!(st, 200);
    assert_eq!(list[0]["version"], "v1");
    assert_eq!(list[0]["campaigns"], 1);
    assert_eq!(list[1]["version"], "v2");
    let (st, _) = call(
        &s.app,
        &op,
        "/api/operator/questionnaire_import",
        &[("document", &doc.to_string())],
    )
    .await;
    assert_eq!(st, 409, "a published version never changes");
    // Not for org admins.
    let (st, _) = call(
        &s.app,
        &s.admin,
        "/api/operator/questionnaire_import",
        &[("document", &doc.to_string())],
    )
    .await;
    assert_eq!(st, 403);
}

/// The respondent's API skips the session layer but not the request checks:
/// cross-site posts are refused, answers are not cached, no session cookie
/// is set, and a signed-in browser that answers stays signed in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_survey_api_is_checked_like_every_call_and_leaves_sessions_alone() {
    let s = setup(true).await;
    // The admin's browser (signed in) answers the survey too.
    let r = s
        .admin
        .post(s.app.url("/api/survey/start"))
        .form(&[("code", s.shared_code.as_str()), ("language", "sv")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(r.headers().get("set-cookie").is_none(), "no session cookie");
    let resume: Value = r.json().await.expect("json");
    let resume = resume.as_str().expect("resume").to_owned();

    for (name, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let r = client()
            .post(s.app.url("/api/survey/submit"))
            .header(name, value)
            .form(&[
                ("resume", resume.as_str()),
                ("answers", &a(full_answers())),
                ("language", "sv"),
            ])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 403, "{name}");
        assert_eq!(r.headers()["cache-control"], "no-store", "{name}");
    }
    assert_eq!(
        count(
            &s.app,
            "SELECT COUNT(*) FROM responses WHERE status = 'submitted'"
        )
        .await,
        0,
        "nothing was submitted"
    );
    // The admin is still signed in.
    let (st, who) = call(&s.app, &s.admin, "/api/auth/whoami", &[]).await;
    assert_eq!(st, 200, "{who}");
    assert_eq!(who["email"], "admin@alvby.se", "{who}");
}

/// A body far above the limit (10 MB) is refused before it is read, with the
/// survey's own too-large code (it used to be a generic "malformed request"),
/// and elsewhere with the app's too-large sentence; nothing is stored. Sent
/// over a raw socket that declares the 10 MB and sends none of it: the answer
/// must come from the headers alone (a client streaming the body could see
/// its write cut off once the server has answered).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ten_megabyte_body_gets_the_too_large_message() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let s = setup(true).await;
    let addr = s.app.base.trim_start_matches("http://").to_owned();
    for (path, want) in [
        ("/api/survey/submit", "survey.too_large"),
        ("/api/auth/sign_in", app::error::TOO_LARGE),
    ] {
        let mut sock = tokio::net::TcpStream::connect(&addr)
            .await
            .expect("connect");
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\nresume=",
            10 * 1024 * 1024
        );
        sock.write_all(head.as_bytes()).await.expect("write");
        let mut got = Vec::new();
        let read = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            sock.read_to_end(&mut got),
        );
        read.await
            .expect("answered without the body")
            .expect("read");
        let text = String::from_utf8_lossy(&got);
        assert!(text.starts_with("HTTP/1.1 413"), "{path}: {text}");
        let body = text.split("\r\n\r\n").nth(1).unwrap_or("");
        let v: Value = serde_json::from_str(body).expect("json");
        assert_eq!(v["BadRequest"], want, "{path}");
    }
    assert_eq!(
        count(
            &s.app,
            "SELECT COUNT(*) FROM responses WHERE status = 'submitted'"
        )
        .await,
        0
    );
}

/// A town hall behind one NAT address: 40 mistyped codes (30 used to lock
/// the address for everyone) still let the valid code in; a scan of several
/// hundred codes is locked out (429), valid code or not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mistyped_codes_from_one_office_do_not_lock_out_its_valid_code() {
    let s = setup(true).await;
    for i in 0..40 {
        let (st, v) = start(&s, &format!("WRONG{i:03}")).await;
        assert_eq!((st, code_of(&v)), (400, "survey.unknown_code"), "{i}: {v}");
    }
    let (st, v) = start(&s, &s.shared_code).await;
    assert_eq!(st, 200, "the valid code after 40 misses: {v}");
    // A scan: past the allowance every attempt is refused for a while.
    let mut refused = None;
    for i in 40..400 {
        let (st, _) = start(&s, &format!("SCAN{i:04}")).await;
        if st == 429 {
            refused = Some(i);
            break;
        }
    }
    let at = refused.expect("a scan is throttled");
    assert!(at >= 300, "throttled only past the allowance, at {at}");
    let (st, _) = start(&s, &s.shared_code).await;
    assert_eq!(st, 429, "while locked, nothing passes");
}

/// The bytes of the SQLite database file and its WAL as they are now: what
/// someone copying the files at this moment holds.
fn sqlite_files(app: &TestApp) -> (Vec<u8>, Vec<u8>) {
    let path = app
        .db_handle
        .url
        .strip_prefix("sqlite://")
        .expect("a SQLite URL")
        .to_owned();
    let db = std::fs::read(&path).expect("database file");
    let wal = std::fs::read(format!("{path}-wal")).unwrap_or_default();
    (db, wal)
}

fn holds(bytes: &[u8], text: &str) -> bool {
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

/// Issue 23, leak 7: someone holding the database files. Replaying the WAL
/// linked a spent token (and so its invitee's e-mail) to the draft started
/// in the same transaction; responses were stored in start order; resume
/// hashes were kept after submission. Each is tried here on a copy of the
/// files taken right after each step.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copy_of_the_database_files_links_no_token_to_its_response() {
    use app::survey::service::hash;
    let s = setup(true).await;
    let sqlite = s.app.state.db.backend() == app::db::Backend::Sqlite;
    let (st, csv) = call(
        &s.app,
        &s.admin,
        "/api/campaigns/tokens",
        &[
            ("org_id", &s.org),
            ("campaign_id", &s.campaign),
            ("count", "3"),
        ],
    )
    .await;
    assert_eq!(st, 200, "{csv}");
    let tokens: Vec<String> = csv
        .as_str()
        .expect("csv")
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap_or("").to_owned())
        .collect();
    let item = first_scale_item();
    for token in &tokens {
        let (st, resume) = start(&s, token).await;
        assert_eq!(st, 200, "{resume}");
        let resume = resume.as_str().expect("resume").to_owned();
        let (token_hash, resume_hash) = (hash("token", token), hash("resume", &resume));
        assert_eq!(
            count(
                &s.app,
                &format!("SELECT COUNT(*) FROM survey_tokens WHERE used = 1 AND token_hash = '{token_hash}'"),
            )
            .await,
            1,
            "the token is spent"
        );
        // The first autosave follows at once.
        let (st, v) = call(
            &s.app,
            &client(),
            "/api/survey/save",
            &[
                ("resume", &resume),
                ("answers", &a(json!({ &item: 4 }))),
                ("language", "sv"),
            ],
        )
        .await;
        assert_eq!(st, 200, "{v}");
        if sqlite {
            let (_, wal) = sqlite_files(&s.app);
            assert!(
                !(holds(&wal, &token_hash) && holds(&wal, &resume_hash)),
                "the WAL holds the spent token's row and its draft together ({} bytes)",
                wal.len()
            );
        }
    }

    // Order: responses started one after another are not stored in that order.
    let mut started = Vec::new();
    for _ in 0..12 {
        let (st, resume) = start(&s, &s.shared_code).await;
        assert_eq!(st, 200, "{resume}");
        started.push(hash("resume", resume.as_str().expect("resume")));
    }
    if sqlite {
        let stored: Vec<(Option<String>, String)> =
            sqlx::query_as("SELECT resume_hash, answers FROM responses")
                .fetch_all(s.app.state.db.pool())
                .await
                .expect("scan");
        let order: Vec<String> = stored
            .into_iter()
            .filter_map(|(h, _)| h)
            .filter(|h| started.contains(h))
            .collect();
        assert_eq!(order.len(), started.len());
        assert_ne!(order, started, "the file keeps responses in start order");
        assert!(
            sqlx::query("SELECT rowid FROM responses")
                .fetch_all(s.app.state.db.pool())
                .await
                .is_err(),
            "responses have no row numbers"
        );
    }

    // A submitted response keeps its resume hash through the day (a retry gets
    // its answer), then the daily cleanup forgets it; drafts keep theirs.
    let (_, resume) = start(&s, &s.shared_code).await;
    let resume = resume.as_str().expect("resume").to_owned();
    let submit = |answers: Value| {
        let (app, resume) = (&s.app, resume.clone());
        async move {
            call(
                app,
                &client(),
                "/api/survey/submit",
                &[
                    ("resume", &resume),
                    ("answers", &a(answers)),
                    ("language", "sv"),
                ],
            )
            .await
        }
    };
    assert_eq!(submit(full_answers()).await.0, 200);
    assert_eq!(submit(full_answers()).await.0, 200, "a retry on the day");
    let today = app::domain::dates::format_date(app::db::now_unix());
    let forgotten = app::survey::service::forget_submitted_resume_codes(&s.app.state.db, &today)
        .await
        .expect("forget");
    assert_eq!(forgotten, 0, "not on the day of submission");
    let tomorrow = app::domain::dates::format_date(app::db::now_unix() + 86_400);
    let forgotten = app::survey::service::forget_submitted_resume_codes(&s.app.state.db, &tomorrow)
        .await
        .expect("forget");
    assert_eq!(forgotten, 1);
    assert_eq!(
        count(
            &s.app,
            "SELECT COUNT(*) FROM responses WHERE status = 'submitted' AND resume_hash IS NOT NULL"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &s.app,
            "SELECT COUNT(*) FROM responses WHERE status = 'draft' AND resume_hash IS NULL"
        )
        .await,
        0,
        "drafts keep their codes"
    );
    let (st, v) = submit(full_answers()).await;
    assert_eq!((st, code_of(&v)), (400, "survey.unknown_resume"), "{v}");

    // Deleted content leaves no bytes behind: a stale draft with a marked
    // free-text answer is deleted, and neither file holds the marker then.
    if sqlite {
        let q = app::domain::questionnaire::parse(app::survey::service::STANDARD_V1).expect("v1");
        let text_item = q
            .items()
            .find(|i| {
                matches!(
                    i.kind,
                    app::domain::questionnaire::ItemKind::FreeText { .. }
                )
            })
            .expect("a free-text item")
            .id
            .clone();
        let marker = "Marker-7c1e-deleted-draft-text";
        let (_, resume) = start(&s, &s.shared_code).await;
        let resume = resume.as_str().expect("resume").to_owned();
        let (st, v) = call(
            &s.app,
            &client(),
            "/api/survey/save",
            &[
                ("resume", &resume),
                ("answers", &a(json!({ &text_item: marker }))),
                ("language", "sv"),
            ],
        )
        .await;
        assert_eq!(st, 200, "{v}");
        let (st, v) = call(
            &s.app,
            &s.admin,
            "/api/campaigns/transition",
            &[
                ("org_id", &s.org),
                ("campaign_id", &s.campaign),
                ("to", "closed"),
            ],
        )
        .await;
        assert_eq!(st, 200, "{v}");
        sqlx::query("UPDATE campaigns SET closed_at = closed_at - 31 * 86400")
            .execute(s.app.state.db.pool())
            .await
            .expect("age the campaign");
        let deleted = app::survey::service::delete_stale_drafts(&s.app.state.db)
            .await
            .expect("delete");
        assert!(deleted >= 1);
        s.app.state.db.truncate_wal().await.expect("truncate");
        let (db, wal) = sqlite_files(&s.app);
        assert!(
            !holds(&db, marker) && !holds(&wal, marker),
            "a deleted draft's answer is still in the files"
        );
    }
}
