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

/// Ask to register an organisation with its first org admin (issue 23,
/// leak 8). The answer is the same whether or not the address has an
/// account: a mail goes to the address (a confirmation link, or "you already
/// have an account"), and the organisation is created only when the link is
/// confirmed ([`confirm_sign_up`]). Returns whether this server delivers mail
/// (false: sign-up cannot be completed here; nothing was stored or sent).
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
) -> Result<bool, AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let state = ctx::state()?;
            let input = crate::auth::service::SignUp {
                org_name,
                country,
                kind,
                population,
                ambition,
                display_name,
                email,
                password,
                language,
            };
            // Every sign-up attempt is counted per client address (each one
            // mails someone); past the allowance every sign-up from there waits.
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
            let valid = crate::auth::service::validate_sign_up(input)?;
            if let Some(k) = &key {
                crate::db::throttle::fail(&state.db, k, &crate::db::throttle::SIGN_UP_ADDRESS)
                    .await
                    .map_err(|e| AppError::internal("throttle", &e))?;
            }
            crate::auth::service::sign_up(&state.db, valid, &state.settings).await
        }
        .await,
    )
}

/// Public: what a sign-up link would create (changes nothing: mail
/// scanners open links).
#[server(endpoint = "auth/sign_up_info")]
pub async fn get_sign_up_info(token: String) -> Result<crate::auth::PendingSignUpInfo, AppError> {
    use crate::api::{ctx, respond};
    respond(async { crate::auth::service::pending_sign_up_info(&ctx::db()?, &token).await }.await)
}

/// Public: confirm a sign-up link: creates the organisation and its first
/// org admin and signs that admin in. Returns the organisation's id.
#[server(endpoint = "auth/sign_up_confirm")]
pub async fn confirm_sign_up(token: String) -> Result<i64, AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let state = ctx::state()?;
            let session = ctx::session().await?;
            let (user_id, org_id) =
                crate::auth::service::confirm_sign_up(&state.db, &token).await?;
            crate::auth::service::sign_in_user(&state.db, &session, user_id, &state.settings)
                .await?;
            Ok(org_id)
        }
        .await,
    )
}
