//! Sign-up, sign-in, sign-out and "who am I".
// The sign-up form has many fields; the generated client function mirrors them.
#![allow(clippy::too_many_arguments)]

use crate::AppError;
use crate::auth::UserInfo;
use leptos::prelude::*;

/// The signed-in account, if any.
#[server(endpoint = "auth/whoami")]
pub async fn whoami() -> Result<Option<UserInfo>, AppError> {
    use crate::api::{ctx, respond};
    respond(ctx::user().await)
}

#[server(endpoint = "auth/sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<UserInfo, AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let state = ctx::state()?;
            let session = ctx::session().await?;
            let addr = ctx::client_addr().await;
            crate::auth::service::sign_in(
                &state.db,
                &session,
                &email,
                &password,
                addr.as_deref(),
                &state.settings,
            )
            .await
        }
        .await,
    )
}

#[server(endpoint = "auth/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let state = ctx::state()?;
            let session = ctx::session().await?;
            crate::auth::service::sign_out(&state.db, &session).await
        }
        .await,
    )
}

/// Register an organisation with its first org admin, then sign that admin in.
/// Returns the new organisation's id.
#[server(endpoint = "auth/sign_up")]
pub async fn sign_up(
    org_name: String,
    country: String,
    kind: String,
    population: String,
    ambition: String,
    display_name: String,
    email: String,
    password: String,
    language: String,
) -> Result<i64, AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let state = ctx::state()?;
            let session = ctx::session().await?;
            let input = crate::auth::service::SignUp {
                org_name,
                country,
                kind,
                population,
                ambition,
                display_name,
                email: email.clone(),
                password: password.clone(),
                language,
            };
            // Answers about taken addresses are counted per client address
            // (issue 23, leak 8: they tell whether an account exists), and
            // past the allowance every sign-up from there waits.
            let key = ctx::client_addr()
                .await
                .map(|a| crate::auth::service::throttle_key("signup", &a));
            if let Some(k) = &key
                && crate::db::throttle::locked_for(&state.db, k)
                    .await
                    .map_err(|e| AppError::internal("throttle", &e))?
                    > 0
            {
                return Err(AppError::TooManyRequests);
            }
            let result = crate::auth::service::sign_up(&state.db, input).await;
            if let (Err(AppError::Conflict(_)), Some(k)) = (&result, &key)
                && let Err(e) =
                    crate::db::throttle::fail(&state.db, k, &crate::db::throttle::SIGN_UP_ADDRESS)
                        .await
            {
                tracing::warn!(error.chain = %crate::error::error_chain(&e), "sign-up throttle not counted");
            }
            let (_user_id, org_id) = result?;
            crate::auth::service::sign_in(
                &state.db,
                &session,
                &email,
                &password,
                None,
                &state.settings,
            )
            .await?;
            Ok(org_id)
        }
        .await,
    )
}
