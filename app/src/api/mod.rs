//! Server functions, one module per domain. Each is thin: who is asking →
//! may they (role + tenant) → service / repository → map errors.
pub mod account;
pub mod action_plan;
pub mod auth;
pub mod campaigns;
pub mod collab;
pub mod members;
pub mod operator;
pub mod org;
pub mod plan;
pub mod platform;
pub mod results;
pub mod survey;

#[cfg(feature = "ssr")]
pub mod ctx {
    //! Server-side request context helpers.
    use crate::AppError;
    use crate::db::Db;
    use crate::domain::roles::OrgRole;
    use crate::state::AppState;
    use leptos::prelude::use_context;

    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from the Leptos context");
            AppError::Internal
        })
    }

    pub fn db() -> Result<Db, AppError> {
        Ok(state()?.db)
    }

    /// The caller's session (from the tower-sessions layer).
    pub async fn session() -> Result<tower_sessions::Session, AppError> {
        leptos_axum::extract::<tower_sessions::Session>()
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "session layer missing");
                AppError::Internal
            })
    }

    /// The client's address, when the server was started with connect info.
    pub async fn client_addr() -> Option<String> {
        leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .await
            .ok()
            .map(|c| c.0.ip().to_string())
    }

    /// The signed-in account, if any.
    pub async fn user() -> Result<Option<crate::auth::UserInfo>, AppError> {
        let state = state()?;
        let session = session().await?;
        crate::auth::service::current_user(&state.db, &session, &state.settings).await
    }

    /// The signed-in account, or 401.
    pub async fn require_user() -> Result<crate::auth::UserInfo, AppError> {
        user().await?.ok_or(AppError::Unauthorized)
    }

    /// The platform operator, or 401 / 403.
    pub async fn require_operator() -> Result<crate::auth::UserInfo, AppError> {
        let user = require_user().await?;
        if user.is_operator {
            Ok(user)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Tenant check: the caller must belong to `org_id` with at least `need`
    /// (an org admin can do what a leader can). Non-members get 404, so an
    /// organisation's existence is not revealed; members without the right
    /// role get 403.
    pub async fn require_org_role(
        org_id: i64,
        need: OrgRole,
    ) -> Result<(crate::auth::UserInfo, OrgRole), AppError> {
        let user = require_user().await?;
        let role = user.role_in(org_id).ok_or(AppError::NotFound)?;
        let allowed = match need {
            OrgRole::Leader => role.can_view_results(),
            OrgRole::OrgAdmin => role.can_administer(),
        };
        if allowed {
            Ok((user, role))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// Finish a server function: on error, set the HTTP status of the response.
#[cfg(feature = "ssr")]
pub fn respond<T>(result: Result<T, crate::AppError>) -> Result<T, crate::AppError> {
    if let Err(e) = &result {
        crate::error::set_response_status(e);
    }
    result
}
