//! The signed-in account: profile, password, deletion; password reset.

use crate::AppError;
use leptos::prelude::*;

#[server(endpoint = "account/update")]
pub async fn update_account(display_name: String, language: String) -> Result<(), AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let user = ctx::require_user().await?;
            crate::auth::account::update_profile(&ctx::db()?, user.id, &display_name, &language)
                .await
        }
        .await,
    )
}

#[server(endpoint = "account/password")]
pub async fn change_password(current: String, new_password: String) -> Result<(), AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let user = ctx::require_user().await?;
            let session = ctx::session().await?;
            crate::auth::account::change_password(
                &ctx::db()?,
                &session,
                user.id,
                &current,
                &new_password,
            )
            .await
        }
        .await,
    )
}

#[server(endpoint = "account/delete")]
pub async fn delete_account(password: String) -> Result<(), AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let user = ctx::require_user().await?;
            let session = ctx::session().await?;
            crate::auth::account::delete_account(&ctx::db()?, &session, user.id, &password).await
        }
        .await,
    )
}

/// Always answers the same, whether or not the account exists: whether this
/// server delivers mail at all (without delivery no reset link can reach
/// anyone, and the page says so instead of promising a mail).
#[server(endpoint = "account/reset_request")]
pub async fn request_password_reset(email: String) -> Result<bool, AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let state = ctx::state()?;
            crate::auth::account::request_reset(&state.db, &email, &state.settings.public_url)
                .await?;
            Ok(state.settings.mail_delivery)
        }
        .await,
    )
}

#[server(endpoint = "account/reset")]
pub async fn reset_password(token: String, new_password: String) -> Result<(), AppError> {
    use crate::api::{ctx, respond};
    respond(
        async { crate::auth::account::complete_reset(&ctx::db()?, &token, &new_password).await }
            .await,
    )
}
