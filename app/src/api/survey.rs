//! The respondent: no account. Start with a campaign code or a single-use
//! token, autosave, resume with the resume code, submit. Failed look-ups of
//! codes are throttled per client address.

use crate::AppError;
use crate::survey::SurveyForm;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
async fn guard_codes() -> Result<Option<String>, AppError> {
    use crate::api::ctx;
    let Some(addr) = ctx::client_addr().await else {
        return Ok(None);
    };
    let key = crate::auth::service::throttle_key("survey", &addr);
    let wait = crate::db::throttle::locked_for(&ctx::db()?, &key)
        .await
        .map_err(|e| AppError::internal("throttle", &e))?;
    if wait > 0 {
        return Err(AppError::TooManyRequests);
    }
    Ok(Some(key))
}

#[cfg(feature = "ssr")]
async fn count_miss(key: &Option<String>, err: &AppError) {
    use crate::survey::codes;
    let miss = matches!(err, AppError::BadRequest(m) if m == codes::UNKNOWN_CODE || m == codes::UNKNOWN_RESUME);
    if let (true, Some(k), Ok(db)) = (miss, key, crate::api::ctx::db()) {
        let _ = crate::db::throttle::fail(&db, k, &crate::db::throttle::SURVEY_ADDRESS).await;
    }
}

/// Start answering; returns the resume code.
#[server(endpoint = "survey/start")]
pub async fn start_survey(code: String, language: String) -> Result<String, AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let key = guard_codes().await?;
            let state = ctx::state()?;
            let starter = ctx::client_addr()
                .await
                .map(|address| crate::survey::service::Starter {
                    address,
                    per_hour: state.settings.shared_starts_per_hour,
                });
            let r =
                crate::survey::service::start_from(&state.db, &code, &language, starter.as_ref())
                    .await;
            if let Err(e) = &r {
                count_miss(&key, e).await;
            }
            r
        }
        .await,
    )
}

#[server(endpoint = "survey/load")]
pub async fn load_survey(resume: String) -> Result<SurveyForm, AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let key = guard_codes().await?;
            let r = crate::survey::service::load(&ctx::db()?, &resume).await;
            if let Err(e) = &r {
                count_miss(&key, e).await;
            }
            r
        }
        .await,
    )
}

#[server(endpoint = "survey/save")]
pub async fn save_survey(
    resume: String,
    answers: String,
    language: String,
) -> Result<(), AppError> {
    use crate::api::{ctx, respond};
    respond(
        async { crate::survey::service::save(&ctx::db()?, &resume, &answers, &language).await }
            .await,
    )
}

#[server(endpoint = "survey/submit")]
pub async fn submit_survey(
    resume: String,
    answers: String,
    language: String,
) -> Result<(), AppError> {
    use crate::api::{ctx, respond};
    respond(
        async { crate::survey::service::submit(&ctx::db()?, &resume, &answers, &language).await }
            .await,
    )
}
