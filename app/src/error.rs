//! One application error type for the whole app.
//!
//! It crosses the server-function boundary (serialised as JSON), maps to an HTTP
//! status, and carries only a *generic* message for the user. The full error
//! chain of an internal failure is written to the log where it happens
//! (see [`AppError::internal`]), never sent to the browser.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The request was understood but its content is invalid. The message is
    /// safe to show to the user (validation text, no internals).
    #[error("invalid input: {0}")]
    BadRequest(String),
    #[error("sign-in required")]
    Unauthorized,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("too many requests")]
    TooManyRequests,
    /// The database (or another dependency) is unavailable: retry later.
    #[error("service temporarily unavailable")]
    Unavailable,
    /// Anything unexpected. Details are in the server log only.
    #[error("internal error")]
    Internal,
    /// Transport / (de)serialisation errors raised by the server-function layer.
    #[error("request failed: {0}")]
    ServerFn(String),
}

impl AppError {
    /// The HTTP status code for this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::BadRequest(_) => 400,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Conflict(_) => 409,
            AppError::TooManyRequests => 429,
            AppError::Unavailable => 503,
            AppError::Internal => 500,
            AppError::ServerFn(_) => 400,
        }
    }

    /// A message that is safe to show to anyone.
    pub fn public_message(&self) -> String {
        match self {
            AppError::BadRequest(m) | AppError::Conflict(m) => m.clone(),
            AppError::Unauthorized => "Please sign in.".into(),
            AppError::Forbidden => "You do not have access to this.".into(),
            AppError::NotFound => "Not found.".into(),
            AppError::TooManyRequests => "Too many requests. Please wait a moment.".into(),
            AppError::Unavailable => {
                "The service is temporarily unavailable. Please try again shortly.".into()
            }
            AppError::Internal | AppError::ServerFn(_) => {
                "Something went wrong. Please try again.".into()
            }
        }
    }

    /// Log an unexpected error with its whole source chain and return the
    /// generic [`AppError::Internal`] (or [`AppError::Unavailable`] when the
    /// database cannot be reached).
    #[cfg(feature = "ssr")]
    pub fn internal(context: &str, err: &(dyn std::error::Error + 'static)) -> AppError {
        let chain = error_chain(err);
        if is_unavailable(err) {
            tracing::warn!(error.chain = %chain, "{context}: database unavailable");
            note_database_trouble();
            AppError::Unavailable
        } else {
            tracing::error!(error.chain = %chain, "{context}");
            AppError::Internal
        }
    }
}

/// The answer to a request body above the server's limit (413).
pub const TOO_LARGE: &str = "The request is too large. Send less at a time.";

/// Render an error and all its sources as one line.
pub fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut out = err.to_string();
    let mut cur = err.source();
    while let Some(e) = cur {
        out.push_str(": ");
        out.push_str(&e.to_string());
        cur = e.source();
    }
    out
}

/// Set when a query failed because the database was unavailable (or when the
/// readiness probe failed); cleared by a successful probe. Process-wide and
/// only a hint: the server's page guard then probes the database before it
/// starts streaming a page, so that a page answers 503 instead of a 200 whose
/// body says the data is unavailable (see `server::request_guard`).
#[cfg(feature = "ssr")]
static DATABASE_TROUBLE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[cfg(feature = "ssr")]
pub fn note_database_trouble() {
    DATABASE_TROUBLE.store(true, std::sync::atomic::Ordering::Relaxed);
}

#[cfg(feature = "ssr")]
pub fn database_trouble_noted() -> bool {
    DATABASE_TROUBLE.load(std::sync::atomic::Ordering::Relaxed)
}

#[cfg(feature = "ssr")]
pub fn clear_database_trouble() {
    DATABASE_TROUBLE.store(false, std::sync::atomic::Ordering::Relaxed);
}

/// Whether an error (or one of its sources) means that the database is
/// unavailable for now (down, locked, full, read-only): answer 503, not 500.
#[cfg(feature = "ssr")]
pub fn is_unavailable(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(crate::db::DbError::Busy(_)) = e.downcast_ref::<crate::db::DbError>() {
            return true;
        }
        if let Some(sqlx_err) = e.downcast_ref::<sqlx::Error>() {
            match sqlx_err {
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                    return true;
                }
                sqlx::Error::Database(db) => {
                    let msg = db.message();
                    // SQLite: SQLITE_BUSY / SQLITE_LOCKED / SQLITE_FULL / read-only;
                    // PostgreSQL: admin shutdown, cannot connect now.
                    if msg.contains("database is locked")
                        || msg.contains("database table is locked")
                        || msg.contains("database or disk is full")
                        || msg.contains("readonly database")
                        || matches!(db.code().as_deref(), Some("57P01" | "57P02" | "57P03"))
                    {
                        return true;
                    }
                }
                _ => {}
            }
        }
        cur = e.source();
    }
    false
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        {
            use leptos::server_fn::error::ServerFnErrorErr as E;
            // On the server these come from reading the request: a malformed
            // or incomplete request is the client's fault, so 400, not 500.
            // serde's details can echo the submitted values (answers), so
            // neither the log nor the answer carries them.
            let err = match &value {
                E::Args(_) | E::MissingArg(_) | E::Deserialization(_) => {
                    tracing::info!("malformed server function request");
                    AppError::ServerFn("malformed request".into())
                }
                _ => AppError::ServerFn(value.to_string()),
            };
            set_response_status(&err);
            err
        }
        #[cfg(not(feature = "ssr"))]
        AppError::ServerFn(value.to_string())
    }
}

/// In a server function: record the error's HTTP status on the response and
/// pass the error on. Use as `.map_err(api_error)` or via [`crate::api::respond`].
#[cfg(feature = "ssr")]
pub fn set_response_status(err: &AppError) {
    if let Some(opts) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
        && let Ok(code) = axum::http::StatusCode::from_u16(err.status())
    {
        opts.set_status(code);
    }
}

#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = axum::http::StatusCode::from_u16(self.status())
            .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        let body = format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{code} – Spindel</title>\
             <link rel=\"stylesheet\" href=\"/pkg/spindel.css\"></head><body><main class=\"error-page\">\
             <h1>{code}</h1><p>{msg}</p><p><a href=\"/\">Spindel</a></p></main></body></html>",
            code = status.as_u16(),
            msg = html_escape(&self.public_message()),
        );
        let mut res = (status, axum::response::Html(body)).into_response();
        if status == axum::http::StatusCode::SERVICE_UNAVAILABLE {
            res.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("5"),
            );
        }
        res
    }
}

/// Minimal HTML escaping for text content.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(AppError::BadRequest("x".into()).status(), 400);
        assert_eq!(AppError::Forbidden.status(), 403);
        assert_eq!(AppError::NotFound.status(), 404);
        assert_eq!(AppError::Unavailable.status(), 503);
        assert_eq!(AppError::Internal.status(), 500);
    }

    #[test]
    fn internal_message_is_generic() {
        assert!(!AppError::Internal.public_message().contains("sql"));
        assert_eq!(
            AppError::BadRequest("Name is required.".into()).public_message(),
            "Name is required."
        );
    }

    #[test]
    fn escape() {
        assert_eq!(
            html_escape("<a href='x'>&"),
            "&lt;a href=&#39;x&#39;&gt;&amp;"
        );
    }

    #[derive(Debug, thiserror::Error)]
    #[error("outer")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn chain_lists_sources() {
        let e = Outer(std::io::Error::other("inner"));
        assert_eq!(error_chain(&e), "outer: inner");
    }
}
