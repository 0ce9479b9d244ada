//! Survey service (server only): the standard questionnaire, campaigns,
//! invitations, and the respondent's draft → submit path. Every write runs in
//! one transaction; respondents need no account and leave no trace but their
//! answers (no IP, no user agent, dates at day precision).

use super::submission::{self, Answers, Mode, SubmissionError};
use super::{CODE_ALPHABET, CampaignView, SurveyForm, codes, normalise_code, response_rate};
use crate::AppError;
use crate::db::campaigns::{self, CampaignRow, NewCampaign};
use crate::db::group_commit::{DraftOutcome, DraftUpdate};
use crate::db::{Db, DbError, audit, now_unix};
use crate::domain::dates::format_date;
use crate::domain::questionnaire::{self, Answer};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The standard questionnaire shipped with the app.
pub const STANDARD_V1: &str = include_str!("../../data/questionnaire/v1.json");
pub use super::submission::MAX_PAYLOAD;
/// Drafts not submitted within this many days of the campaign's close are deleted.
pub const DRAFT_RETENTION_DAYS: i64 = 30;

fn bad(code: &str) -> AppError {
    AppError::BadRequest(code.to_owned())
}

fn db_err(context: &'static str) -> impl Fn(DbError) -> AppError {
    move |e| AppError::internal(context, &e)
}

fn random_code(len: usize) -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..len)
        .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
        .collect()
}

/// How a code of this kind (`token`, `resume`) is stored: SHA-256 of the
/// normalised code (public for the tests that read the database files).
pub fn hash(kind: &str, code: &str) -> String {
    Sha256::digest(format!("spindel-{kind}:{}", normalise_code(code)).as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Load the standard questionnaire into an empty database (idempotent).
pub async fn ensure_standard_questionnaire(db: &Db) -> Result<(), AppError> {
    let q = questionnaire::parse(STANDARD_V1).map_err(|p| {
        tracing::error!(problems = %p, "the shipped questionnaire is invalid");
        AppError::Internal
    })?;
    let existing = campaigns::versions(db).await.map_err(db_err("versions"))?;
    if existing.iter().any(|v| v.version == q.version) {
        return Ok(());
    }
    match campaigns::insert_version(db.pool(), &q.version, STANDARD_V1).await {
        Ok(_) => Ok(()),
        // Another server inserted it at the same moment.
        Err(DbError::Sqlx(sqlx::Error::Database(e))) if e.is_unique_violation() => Ok(()),
        Err(e) => Err(AppError::internal("load questionnaire", &e)),
    }
}

/// Import a new questionnaire version (operator). Validated; an existing
/// version id is refused (published versions are immutable).
pub async fn import_version(db: &Db, actor_id: i64, json: &str) -> Result<String, AppError> {
    let q = questionnaire::import(json).map_err(|p| AppError::BadRequest(p.to_string()))?;
    let existing = campaigns::versions(db).await.map_err(db_err("versions"))?;
    if existing.iter().any(|v| v.version == q.version) {
        return Err(AppError::Conflict(format!(
            "Version \"{}\" exists already; published versions cannot change.",
            q.version
        )));
    }
    let mut tx = db
        .begin_write()
        .await
        .map_err(|e| AppError::internal("tx", &e))?;
    campaigns::insert_version(&mut *tx, &q.version, json)
        .await
        .map_err(db_err("import"))?;
    audit::record(
        &mut *tx,
        None,
        Some(actor_id),
        "questionnaire.imported",
        &format!("version:{}", q.version),
    )
    .await
    .map_err(db_err("audit"))?;
    tx.commit()
        .await
        .map_err(|e| AppError::internal("commit", &e))?;
    Ok(q.version)
}

/// Export a version exactly as published.
pub async fn export_version(db: &Db, version: &str) -> Result<String, AppError> {
    campaigns::versions(db)
        .await
        .map_err(db_err("versions"))?
        .into_iter()
        .find(|v| v.version == version)
        .map(|v| v.document)
        .ok_or(AppError::NotFound)
}

/// Parse the departments list typed by an admin: one per line.
pub fn parse_departments(text: &str) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let d = line.trim();
        if d.is_empty() {
            continue;
        }
        if d.chars().count() > 100 || d.chars().any(char::is_control) {
            return Err(bad("A department name must be at most 100 characters."));
        }
        if out.iter().any(|x| x.eq_ignore_ascii_case(d)) {
            return Err(AppError::BadRequest(format!(
                "The department \"{d}\" is listed twice."
            )));
        }
        out.push(d.to_owned());
    }
    if out.len() > 200 {
        return Err(bad("At most 200 departments."));
    }
    Ok(out)
}

pub async fn create_campaign(
    db: &Db,
    org_id: i64,
    actor_id: i64,
    year: i64,
    name: &str,
    version_id: i64,
    departments: &str,
) -> Result<i64, AppError> {
    if !(2000..=2100).contains(&year) {
        return Err(bad("Enter a year between 2000 and 2100."));
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(bad("A campaign needs a name of at most 120 characters."));
    }
    let departments = parse_departments(departments)?;
    campaigns::version_by_id(db, version_id)
        .await
        .map_err(db_err("version"))?
        .ok_or_else(|| bad("Choose a questionnaire version."))?;
    for _ in 0..5 {
        let code = random_code(8);
        let result: Result<i64, DbError> = async {
            let mut tx = db.begin_write().await?;
            let id = campaigns::insert(
                &mut *tx,
                &NewCampaign {
                    org_id,
                    version_id,
                    year,
                    name,
                    departments: &departments,
                    shared_code: &code,
                },
            )
            .await?;
            audit::record(
                &mut *tx,
                Some(org_id),
                Some(actor_id),
                "campaign.created",
                &format!("campaign:{id}"),
            )
            .await?;
            tx.commit().await?;
            Ok(id)
        }
        .await;
        match result {
            Ok(id) => return Ok(id),
            Err(DbError::Sqlx(sqlx::Error::Database(e))) if e.is_unique_violation() => continue,
            Err(e) => return Err(AppError::internal("create campaign", &e)),
        }
    }
    Err(AppError::Internal)
}

async fn campaign(db: &Db, org_id: i64, campaign_id: i64) -> Result<CampaignRow, AppError> {
    campaigns::get(db, org_id, campaign_id)
        .await
        .map_err(db_err("campaign"))?
        .ok_or(AppError::NotFound)
}

/// draft → open, or open → closed (final).
pub async fn transition(
    db: &Db,
    org_id: i64,
    actor_id: i64,
    campaign_id: i64,
    to: &str,
) -> Result<(), AppError> {
    let c = campaign(db, org_id, campaign_id).await?;
    let from = match to {
        "open" => "draft",
        "closed" => "open",
        _ => return Err(bad("Unknown campaign state.")),
    };
    if c.state != from {
        return Err(AppError::Conflict(match (c.state.as_str(), to) {
            ("closed", _) => "A closed campaign cannot be opened or closed again.".into(),
            (_, "closed") => "Only an open campaign can be closed.".into(),
            _ => "Only a draft campaign can be opened.".into(),
        }));
    }
    let mut tx = db
        .begin_write()
        .await
        .map_err(|e| AppError::internal("tx", &e))?;
    if !campaigns::transition(&mut *tx, org_id, campaign_id, from, to)
        .await
        .map_err(db_err("transition"))?
    {
        return Err(AppError::Conflict(
            "The campaign changed meanwhile; reload.".into(),
        ));
    }
    if to == "closed" {
        // Results are computed once, in the transaction that closes the campaign.
        crate::scoring::service::aggregate_campaign(&mut tx, campaign_id).await?;
    }
    audit::record(
        &mut *tx,
        Some(org_id),
        Some(actor_id),
        &format!("campaign.{to}"),
        &format!("campaign:{campaign_id}"),
    )
    .await
    .map_err(db_err("audit"))?;
    tx.commit()
        .await
        .map_err(|e| AppError::internal("commit", &e))?;
    Ok(())
}

/// Issue `n` single-use tokens; returns them (the only time they exist in clear).
pub async fn issue_tokens(
    db: &Db,
    org_id: i64,
    actor_id: i64,
    campaign_id: i64,
    n: i64,
) -> Result<Vec<String>, AppError> {
    if !(1..=5000).contains(&n) {
        return Err(bad("Issue between 1 and 5000 invitations at a time."));
    }
    let c = campaign(db, org_id, campaign_id).await?;
    if c.state == "closed" {
        return Err(AppError::Conflict("The campaign is closed.".into()));
    }
    let tokens: Vec<String> = (0..n).map(|_| random_code(12)).collect();
    let result: Result<(), DbError> = async {
        let mut tx = db.begin_write().await?;
        for t in &tokens {
            sqlx::query(
                "INSERT INTO survey_tokens (campaign_id, token_hash, used) VALUES ($1, $2, 0)",
            )
            .bind(campaign_id)
            .bind(hash("token", t))
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "UPDATE campaigns SET tokens_issued = tokens_issued + $1 WHERE id = $2 AND org_id = $3",
        )
        .bind(n)
        .bind(campaign_id)
        .bind(org_id)
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut *tx,
            Some(org_id),
            Some(actor_id),
            "campaign.tokens_issued",
            &format!("campaign:{campaign_id} n:{n}"),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    result.map_err(|e| AppError::internal("issue tokens", &e))?;
    Ok(tokens)
}

/// CSV for mail merge: one row per token with its personal link.
pub fn tokens_csv(public_url: &str, tokens: &[String]) -> String {
    let mut out = String::from("token,link\r\n");
    for t in tokens {
        out.push_str(&format!(
            "{t},{}/t/{t}\r\n",
            public_url.trim_end_matches('/')
        ));
    }
    out
}

pub async fn view(db: &Db, c: CampaignRow) -> Result<CampaignView, AppError> {
    let (submitted, issued) = campaigns::counts(db, c.id)
        .await
        .map_err(db_err("counts"))?;
    let intake = crate::db::intake::get(db.pool(), c.id)
        .await
        .map_err(db_err("intake"))?;
    let over_headcount = crate::db::intake::over_headcount(db, c.id)
        .await
        .map_err(db_err("headcounts"))?;
    let version = campaigns::version_by_id(db, c.version_id)
        .await
        .map_err(db_err("version"))?
        .map(|v| v.version)
        .unwrap_or_default();
    Ok(CampaignView {
        id: c.id,
        name: c.name,
        year: c.year,
        version,
        state: c.state,
        departments: c.departments,
        shared_code: c.shared_code,
        submitted,
        tokens_issued: issued,
        response_rate: response_rate(submitted, issued),
        invitees_not_started: not_started(db, c.id).await?,
        headcounts: intake.headcounts.into_iter().collect(),
        shared_starts: intake.shared_starts,
        refused_starts: intake.refused_starts,
        last_refused_on: intake.last_refused_on,
        over_headcount,
    })
}

/// Parse headcounts as typed by an admin: one `Department: number` per line,
/// for departments of the campaign (any case); empty lines are skipped.
pub fn parse_headcounts(
    text: &str,
    departments: &[String],
) -> Result<BTreeMap<String, i64>, AppError> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some((name, count)) = line.rsplit_once(':') else {
            return Err(bad(
                "Write one headcount per line: a department, a colon, a number.",
            ));
        };
        let name = name.trim();
        let Some(dept) = departments.iter().find(|d| d.eq_ignore_ascii_case(name)) else {
            return Err(AppError::BadRequest(format!(
                "\"{name}\" is not a department of this campaign."
            )));
        };
        let count: i64 = count
            .trim()
            .parse()
            .ok()
            .filter(|n| (1..=1_000_000).contains(n))
            .ok_or_else(|| bad("A headcount must be a whole number between 1 and 1,000,000."))?;
        if out.insert(dept.clone(), count).is_some() {
            return Err(AppError::BadRequest(format!(
                "The department \"{dept}\" is listed twice."
            )));
        }
    }
    Ok(out)
}

/// Set the staff headcount per department of a campaign (any state): a
/// department with more responses than its headcount is not shown in the
/// results (the padding rule). Replaces the earlier headcounts.
pub async fn set_headcounts(
    db: &Db,
    org_id: i64,
    actor_id: i64,
    campaign_id: i64,
    text: &str,
) -> Result<(), AppError> {
    let c = campaign(db, org_id, campaign_id).await?;
    let headcounts = parse_headcounts(text, &c.departments)?;
    let result: Result<(), DbError> = async {
        let mut tx = db.begin_write().await?;
        crate::db::intake::set_headcounts(&mut *tx, c.id, &headcounts).await?;
        audit::record(
            &mut *tx,
            Some(org_id),
            Some(actor_id),
            "campaign.headcounts",
            &format!("campaign:{}", c.id),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    result.map_err(|e| AppError::internal("set headcounts", &e))
}

pub async fn list(db: &Db, org_id: i64) -> Result<Vec<CampaignView>, AppError> {
    let mut out = Vec::new();
    for c in campaigns::list(db, org_id)
        .await
        .map_err(db_err("campaigns"))?
    {
        out.push(view(db, c).await?);
    }
    Ok(out)
}

// ---- the respondent ------------------------------------------------------

fn today() -> String {
    format_date(now_unix())
}

fn new_response_id() -> String {
    use rand::RngCore;
    let mut b = [0u8; 16];
    rand::rng().fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn check_language(lang: &str) -> String {
    crate::domain::language::or_default(lang).to_owned()
}

/// Start a response with the campaign's shared code or a single-use token.
/// Returns the resume code (shown to the respondent once).
///
/// With a token, the draft is written and the token spent in two separate
/// transactions with the SQLite WAL truncated after each (issue 23, leak 7):
/// no transaction, and no copy of the database files taken at any moment,
/// holds both the spent token and the new draft (or its first autosave).
/// If the first truncation fails the draft is removed again and the token
/// stays unspent (503: try again); if another start spent the token
/// meanwhile, the draft is removed and the token counts as used.
pub async fn start(db: &Db, code: &str, language: &str) -> Result<String, AppError> {
    start_from(db, code, language, None).await
}

/// Who starts a response, for the limit on shared-link starts.
#[derive(Debug, Clone)]
pub struct Starter {
    /// The client's address (as the server sees it).
    pub address: String,
    /// Shared-link starts allowed per hour from one address, per campaign.
    pub per_hour: i64,
}

/// [`start`], with shared-link starts limited per client address and
/// campaign (issue 23, leak 5): past the limit the start is refused (429),
/// counted for the org admin's warning, and the address waits.
pub async fn start_from(
    db: &Db,
    code: &str,
    language: &str,
    starter: Option<&Starter>,
) -> Result<String, AppError> {
    let code = normalise_code(code);
    if code.is_empty() || code.len() > 32 {
        return Err(bad(codes::UNKNOWN_CODE));
    }
    if let Some(starter) = starter {
        limit_shared_starts(db, &code, starter).await?;
    }
    let resume = random_code(12);
    let response_id = new_response_id();
    let result: Result<Result<Option<i64>, AppError>, DbError> = async {
        // Reads the campaign, then writes: take the write lock first.
        let mut tx = db.begin_write().await?;
        let (campaign, token_id) = match campaigns::by_shared_code(&mut *tx, &code).await? {
            Some(c) => {
                if c.state == "open" {
                    crate::db::intake::count_shared_start(&mut *tx, c.id).await?;
                }
                (c, None)
            }
            None => {
                let token: Option<(i64, i64, i64)> = sqlx::query_as(
                    "SELECT id, campaign_id, used FROM survey_tokens WHERE token_hash = $1",
                )
                .bind(hash("token", &code))
                .fetch_optional(&mut *tx)
                .await?;
                let Some((token_id, campaign_id, used)) = token else {
                    return Ok(Err(bad(codes::UNKNOWN_CODE)));
                };
                if used != 0 {
                    return Ok(Err(bad(codes::TOKEN_USED)));
                }
                let Some(c) = campaigns::by_id(&mut *tx, campaign_id).await? else {
                    return Ok(Err(bad(codes::UNKNOWN_CODE)));
                };
                (c, Some(token_id))
            }
        };
        match campaign.state.as_str() {
            "open" => {}
            "closed" => return Ok(Err(bad(codes::CLOSED))),
            _ => return Ok(Err(bad(codes::NOT_OPEN))),
        }
        sqlx::query(
            "INSERT INTO responses (id, campaign_id, status, resume_hash, language, answers, started_on)
             VALUES ($1, $2, 'draft', $3, $4, '{}', $5)",
        )
        .bind(&response_id)
        .bind(campaign.id)
        .bind(hash("resume", &resume))
        .bind(check_language(language))
        .bind(today())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Ok(token_id))
    }
    .await;
    let token_id = result.map_err(|e| AppError::internal("start response", &e))??;
    if let Some(token_id) = token_id {
        spend_token(db, token_id, &response_id).await?;
    }
    Ok(resume)
}

/// Refuse a shared-link start past the per-address limit (see [`start_from`]).
async fn limit_shared_starts(db: &Db, code: &str, starter: &Starter) -> Result<(), AppError> {
    let campaign = campaigns::by_shared_code(db.pool(), code)
        .await
        .map_err(db_err("campaign"))?;
    let Some(campaign) = campaign.filter(|c| c.state == "open") else {
        return Ok(());
    };
    let key = crate::auth::service::throttle_key(
        "shared-start",
        &format!("{}:{}", campaign.id, starter.address),
    );
    let db_trouble = |e: DbError| AppError::internal("shared-link limit", &e);
    if crate::db::throttle::locked_for(db, &key)
        .await
        .map_err(db_trouble)?
        > 0
    {
        crate::db::intake::count_refused(db, campaign.id, &today())
            .await
            .map_err(db_trouble)?;
        return Err(AppError::TooManyRequests);
    }
    crate::db::throttle::fail(
        db,
        &key,
        &crate::db::throttle::shared_starts(starter.per_hour),
    )
    .await
    .map_err(db_trouble)
}

/// Spend a survey token after its draft was written (see [`start`]).
async fn spend_token(db: &Db, token_id: i64, response_id: &str) -> Result<(), AppError> {
    if let Err(e) = db.truncate_wal().await {
        discard_draft(db, response_id).await;
        return Err(AppError::internal("separate the draft from its token", &e));
    }
    let spent = async {
        let mut tx = db.begin_write().await?;
        let spent = sqlx::query("UPDATE survey_tokens SET used = 1 WHERE id = $1 AND used = 0")
            .bind(token_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok::<u64, DbError>(spent)
    }
    .await;
    match spent {
        Ok(1) => {}
        Ok(_) => {
            discard_draft(db, response_id).await;
            return Err(bad(codes::TOKEN_USED));
        }
        Err(e) => {
            discard_draft(db, response_id).await;
            return Err(AppError::internal("spend token", &e));
        }
    }
    // The respondent's first autosave must not follow the spent token in
    // the WAL either. The token is spent: a failure here is logged, and the
    // next start with a token truncates the WAL again.
    if let Err(e) = db.truncate_wal().await {
        tracing::warn!(error.chain = %crate::error::error_chain(&e), "WAL not truncated after a token was spent");
    }
    Ok(())
}

/// Remove a draft that was started but whose token could not be spent.
async fn discard_draft(db: &Db, response_id: &str) {
    let res = sqlx::query("DELETE FROM responses WHERE id = $1 AND status = 'draft'")
        .bind(response_id)
        .execute(db.pool())
        .await;
    if let Err(e) = res {
        tracing::warn!(error.chain = %crate::error::error_chain(&e), "could not remove a draft whose token was not spent");
    }
}

/// A draft as the survey form shows it.
struct Draft {
    status: String,
    language: String,
    answers: BTreeMap<String, Answer>,
    campaign: CampaignRow,
    version: std::sync::Arc<campaigns::ParsedVersion>,
}

async fn draft(db: &Db, resume: &str) -> Result<Draft, AppError> {
    let code = normalise_code(resume);
    if code.len() != 12 {
        return Err(bad(codes::UNKNOWN_RESUME));
    }
    let (response, campaign) =
        campaigns::response_by_resume_hash(db.pool(), &hash("resume", &code))
            .await
            .map_err(db_err("load draft"))?
            .ok_or_else(|| bad(codes::UNKNOWN_RESUME))?;
    let campaigns::ResponseRow {
        status,
        language,
        answers,
        ..
    } = response;
    let version = campaigns::parsed_version(db, campaign.version_id)
        .await
        .map_err(db_err("version"))?
        .ok_or(AppError::Internal)?;
    let answers = serde_json::from_str(&answers).unwrap_or_default();
    Ok(Draft {
        status,
        language,
        answers,
        campaign,
        version,
    })
}

/// Everything to show a respondent's form (their own draft only).
pub async fn load(db: &Db, resume: &str) -> Result<SurveyForm, AppError> {
    let d = draft(db, resume).await?;
    if d.status == "submitted" {
        return Err(bad(codes::ALREADY_SUBMITTED));
    }
    if d.campaign.state == "closed" {
        return Err(bad(codes::CLOSED));
    }
    Ok(SurveyForm {
        campaign_name: d.campaign.name,
        questionnaire_json: d.version.document.clone(),
        departments: d.campaign.departments,
        answers_json: serde_json::to_string(&d.answers).unwrap_or_else(|_| "{}".into()),
        language: d.language,
    })
}

fn parse_answers(json: &str) -> Result<Answers, AppError> {
    submission::decode_answers(json).map_err(|e| match e {
        SubmissionError::TooLarge => bad(codes::TOO_LARGE),
        SubmissionError::NotAnswers => bad(codes::INVALID_ANSWERS),
        SubmissionError::Invalid(problems) => invalid(problems),
    })
}

fn invalid(problems: Vec<questionnaire::AnswerProblem>) -> AppError {
    AppError::BadRequest(format!(
        "{}:{}",
        codes::INVALID_ANSWERS,
        serde_json::to_string(&problems).unwrap_or_default()
    ))
}

/// Autosave: merge these answers into the draft. An empty value clears an answer.
pub async fn save(
    db: &Db,
    resume: &str,
    answers_json: &str,
    language: &str,
) -> Result<(), AppError> {
    let incoming = parse_answers(answers_json)?;
    match update_draft(db, resume, incoming, language, Mode::Save).await? {
        DraftOutcome::Stored => Ok(()),
        DraftOutcome::UnknownResume => Err(bad(codes::UNKNOWN_RESUME)),
        DraftOutcome::AlreadySubmitted | DraftOutcome::SubmittedDifferently => {
            Err(bad(codes::ALREADY_SUBMITTED))
        }
        DraftOutcome::CampaignNotOpen { .. } => Err(bad(codes::CLOSED)),
        DraftOutcome::Invalid(problems) => Err(invalid(problems)),
    }
}

/// Submit: validate the whole answer set and make the response final. A repeat
/// of an accepted submission (a retry after a lost answer) succeeds without a
/// second response.
pub async fn submit(
    db: &Db,
    resume: &str,
    answers_json: &str,
    language: &str,
) -> Result<(), AppError> {
    let incoming = parse_answers(answers_json)?;
    match update_draft(db, resume, incoming, language, Mode::Submit).await? {
        DraftOutcome::Stored | DraftOutcome::AlreadySubmitted => Ok(()),
        DraftOutcome::SubmittedDifferently => {
            Err(AppError::Conflict(codes::SUBMITTED_DIFFERENTLY.to_owned()))
        }
        DraftOutcome::UnknownResume => Err(bad(codes::UNKNOWN_RESUME)),
        DraftOutcome::CampaignNotOpen { closed: true } => Err(bad(codes::CLOSED)),
        DraftOutcome::CampaignNotOpen { closed: false } => Err(bad(codes::NOT_OPEN)),
        DraftOutcome::Invalid(problems) => Err(invalid(problems)),
    }
}

/// Hand a decoded autosave or submission to the survey writer, which reads
/// the draft, merges and checks the answers and writes them in one durable,
/// batched transaction (see [`crate::db::group_commit`]).
async fn update_draft(
    db: &Db,
    resume: &str,
    answers: Answers,
    language: &str,
    mode: Mode,
) -> Result<DraftOutcome, AppError> {
    let code = normalise_code(resume);
    if code.len() != 12 {
        return Err(bad(codes::UNKNOWN_RESUME));
    }
    db.update_draft(DraftUpdate {
        resume_hash: hash("resume", &code),
        answers,
        language: check_language(language),
        mode,
        today: today(),
    })
    .await
    .map_err(|e| AppError::internal("store response", &e))
}

/// Forget the resume codes of responses submitted before `today`
/// (YYYY-MM-DD): the hash stays through the day of submission only, so that a
/// retry after a lost answer still gets its answer (and a changed
/// re-submission its 409), and after that nothing in the database leads from
/// a respondent's code to their answers.
pub async fn forget_submitted_resume_codes(db: &Db, today: &str) -> Result<u64, DbError> {
    let res = sqlx::query(
        "UPDATE responses SET resume_hash = NULL
         WHERE status = 'submitted' AND resume_hash IS NOT NULL AND submitted_on < $1",
    )
    .bind(today)
    .execute(db.pool())
    .await?;
    Ok(res.rows_affected())
}

/// [`forget_submitted_resume_codes`] for the current day.
pub async fn forget_old_resume_codes(db: &Db) -> Result<u64, DbError> {
    forget_submitted_resume_codes(db, &today()).await
}

/// Delete drafts of campaigns closed more than [`DRAFT_RETENTION_DAYS`] ago.
pub async fn delete_stale_drafts(db: &Db) -> Result<u64, DbError> {
    let cutoff = now_unix() - DRAFT_RETENTION_DAYS * 86_400;
    let res = sqlx::query(
        "DELETE FROM responses WHERE status = 'draft' AND campaign_id IN
           (SELECT id FROM campaigns WHERE state = 'closed' AND closed_at < $1)",
    )
    .bind(cutoff)
    .execute(db.pool())
    .await?;
    Ok(res.rows_affected())
}

// ---- invitations by e-mail and reminders --------------------------------

/// Parse e-mail addresses, one per line (commas and semicolons also split).
pub fn parse_emails(text: &str) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::new();
    for raw in text.split(['\n', ',', ';']) {
        let e = crate::db::users::normalise_email(raw);
        if e.is_empty() {
            continue;
        }
        if !crate::auth::service::valid_email(&e) {
            return Err(AppError::BadRequest(format!(
                "\"{e}\" is not a valid e-mail address."
            )));
        }
        if !out.contains(&e) {
            out.push(e);
        }
    }
    if out.is_empty() {
        return Err(bad("Enter at least one e-mail address."));
    }
    if out.len() > 5000 {
        return Err(bad("At most 5000 addresses at a time."));
    }
    Ok(out)
}

fn invitation_mail(campaign: &str, link: &str, reminder: bool) -> (String, String) {
    let subject = if reminder {
        format!("Reminder: {campaign}")
    } else {
        format!("Your invitation: {campaign}")
    };
    let body = format!(
        "Hello,\n\n{intro} the anonymous digital-maturity survey \"{campaign}\".\n\
         It takes about ten minutes. Your personal link works once:\n\n{link}\n\n\
         Your answers are anonymous: results are only shown for groups of at least five people.\n",
        intro = if reminder {
            "A friendly reminder to answer"
        } else {
            "You are invited to answer"
        },
    );
    (subject, body)
}

/// Invite people by e-mail: one personal link each, mailed through the outbox.
/// Addresses already invited to this campaign are skipped. Returns how many
/// were invited now.
pub async fn invite_by_email(
    db: &Db,
    org_id: i64,
    actor_id: i64,
    campaign_id: i64,
    emails: &str,
    public_url: &str,
) -> Result<i64, AppError> {
    let emails = parse_emails(emails)?;
    let c = campaign(db, org_id, campaign_id).await?;
    if c.state == "closed" {
        return Err(AppError::Conflict("The campaign is closed.".into()));
    }
    let result: Result<i64, DbError> = async {
        let mut tx = db.begin_write().await?;
        let mut n = 0;
        for email in &emails {
            let exists: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM survey_invitees WHERE campaign_id = $1 AND email = $2")
                    .bind(campaign_id)
                    .bind(email)
                    .fetch_optional(&mut *tx)
                    .await?;
            if exists.is_some() {
                continue;
            }
            let token = random_code(12);
            let (token_id,): (i64,) = sqlx::query_as(
                "INSERT INTO survey_tokens (campaign_id, token_hash, used) VALUES ($1, $2, 0) RETURNING id",
            )
            .bind(campaign_id)
            .bind(hash("token", &token))
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query("INSERT INTO survey_invitees (campaign_id, email, token_id) VALUES ($1, $2, $3)")
                .bind(campaign_id)
                .bind(email)
                .bind(token_id)
                .execute(&mut *tx)
                .await?;
            let link = format!("{}/t/{token}", public_url.trim_end_matches('/'));
            let (subject, body) = invitation_mail(&c.name, &link, false);
            crate::db::outbox::queue(&mut *tx, email, &subject, &body, "survey_invitation").await?;
            n += 1;
        }
        sqlx::query("UPDATE campaigns SET tokens_issued = tokens_issued + $1 WHERE id = $2 AND org_id = $3")
            .bind(n)
            .bind(campaign_id)
            .bind(org_id)
            .execute(&mut *tx)
            .await?;
        audit::record(&mut *tx, Some(org_id), Some(actor_id), "campaign.invited", &format!("campaign:{campaign_id} n:{n}")).await?;
        tx.commit().await?;
        Ok(n)
    }
    .await;
    result.map_err(|e| AppError::internal("invite by e-mail", &e))
}

/// Remind invitees who have not started: each gets a fresh personal link (the
/// old one stops working, since only hashes are kept). Returns how many.
pub async fn send_reminders(
    db: &Db,
    org_id: i64,
    actor_id: i64,
    campaign_id: i64,
    public_url: &str,
) -> Result<i64, AppError> {
    let c = campaign(db, org_id, campaign_id).await?;
    if c.state != "open" {
        return Err(AppError::Conflict(
            "Reminders go out only while the campaign is open.".into(),
        ));
    }
    let result: Result<i64, DbError> = async {
        let mut tx = db.begin_write().await?;
        let pending: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT i.id, i.email, i.token_id FROM survey_invitees i
             JOIN survey_tokens t ON t.id = i.token_id
             WHERE i.campaign_id = $1 AND t.used = 0",
        )
        .bind(campaign_id)
        .fetch_all(&mut *tx)
        .await?;
        for (invitee_id, email, old_token) in &pending {
            let token = random_code(12);
            sqlx::query("UPDATE survey_tokens SET token_hash = $1 WHERE id = $2 AND used = 0")
                .bind(hash("token", &token))
                .bind(old_token)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE survey_invitees SET reminders = reminders + 1 WHERE id = $1")
                .bind(invitee_id)
                .execute(&mut *tx)
                .await?;
            let link = format!("{}/t/{token}", public_url.trim_end_matches('/'));
            let (subject, body) = invitation_mail(&c.name, &link, true);
            crate::db::outbox::queue(&mut *tx, email, &subject, &body, "survey_reminder").await?;
        }
        let n = pending.len() as i64;
        audit::record(
            &mut *tx,
            Some(org_id),
            Some(actor_id),
            "campaign.reminded",
            &format!("campaign:{campaign_id} n:{n}"),
        )
        .await?;
        tx.commit().await?;
        Ok(n)
    }
    .await;
    result.map_err(|e| AppError::internal("reminders", &e))
}

/// Invitees who have not started yet (a count only).
pub async fn not_started(db: &Db, campaign_id: i64) -> Result<i64, AppError> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM survey_invitees i JOIN survey_tokens t ON t.id = i.token_id
         WHERE i.campaign_id = $1 AND t.used = 0",
    )
    .bind(campaign_id)
    .fetch_one(db.pool())
    .await
    .map_err(|e| AppError::internal("not started", &e))?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departments_are_parsed_line_by_line() {
        assert_eq!(
            parse_departments("Planning\n\n  Social services \nIT").expect("ok"),
            vec!["Planning", "Social services", "IT"]
        );
        assert!(parse_departments("IT\nit").is_err());
        assert!(parse_departments(&"x".repeat(101)).is_err());
        assert!(parse_departments("").expect("empty is fine").is_empty());
    }

    #[test]
    fn codes_and_csv() {
        let c = random_code(12);
        assert_eq!(c.len(), 12);
        assert!(c.bytes().all(|b| CODE_ALPHABET.contains(&b)));
        assert_eq!(
            hash("resume", "abcd-efgh-jkmn"),
            hash("resume", "ABCDEFGHJKMN")
        );
        assert_ne!(
            hash("resume", "ABCDEFGHJKMN"),
            hash("token", "ABCDEFGHJKMN")
        );
        let csv = tokens_csv("http://x/", &["AAA".into(), "BBB".into()]);
        assert_eq!(
            csv,
            "token,link\r\nAAA,http://x/t/AAA\r\nBBB,http://x/t/BBB\r\n"
        );
    }

    #[test]
    fn the_shipped_questionnaire_parses() {
        assert!(questionnaire::parse(STANDARD_V1).is_ok());
    }
}
