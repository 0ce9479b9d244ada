//! Server functions, one module per domain. Each is thin: who is asking →
//! may they (role + tenant) → service / repository → map errors.
pub mod platform;

#[cfg(feature = "ssr")]
pub mod ctx {
    //! Server-side request context helpers.
    use crate::AppError;
    use crate::db::Db;
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
}

/// Finish a server function: on error, set the HTTP status of the response.
#[cfg(feature = "ssr")]
pub fn respond<T>(result: Result<T, crate::AppError>) -> Result<T, crate::AppError> {
    if let Err(e) = &result {
        crate::error::set_response_status(e);
    }
    result
}
