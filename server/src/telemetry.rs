//! Logging. Requests get one span each with method, route template and status;
//! the raw URI (which may carry invitation or resume codes) is never logged.

use axum::extract::MatchedPath;
use axum::http::{Request, StatusCode};
use std::time::Duration;
use tower_http::classify::ServerErrorsFailureClass;
use tracing::Span;
use tracing_subscriber::EnvFilter;

/// Longest a request may take; then it is answered with 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

pub fn init(filter: &str) {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    use tracing_subscriber::{Layer, filter::filter_fn};
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    // tower-sessions logs every failed session-store call at ERROR (its
    // `#[instrument(err)]`) and also returns the error, which the app logs
    // with context: at WARN when the database is unavailable (503), at ERROR
    // otherwise. Its own copy is dropped, so that an outage does not flood the
    // log with ERROR lines that say nothing new.
    let no_duplicates = filter_fn(|meta| {
        !(meta.target() == "tower_sessions_core::session" && *meta.level() == tracing::Level::ERROR)
    });
    let fmt = tracing_subscriber::fmt::layer()
        .with_target(true)
        .with_filter(no_duplicates);
    // A second init (tests) is harmless.
    let _ = tracing_subscriber::registry()
        .with(fmt)
        .with(filter)
        .try_init();
}

/// Span for one request: the matched route template, never the concrete path
/// or query string.
pub fn make_span<B>(req: &Request<B>) -> Span {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned())
        .unwrap_or_else(|| route_class(req.uri().path()).to_owned());
    tracing::info_span!(
        "request",
        method = %req.method(),
        route = %route,
        status = tracing::field::Empty,
    )
}

/// A request that ended in a server error. A 503 before the request timeout
/// means "the database is unavailable, retry": expected during an outage, and
/// its cause is logged where it happened, so it is a warning (one line per
/// request, without an ERROR flood during an outage). Any other server error,
/// a timed-out request or a failure to produce a response is an error.
pub fn on_failure(class: ServerErrorsFailureClass, latency: Duration, _span: &Span) {
    let latency_ms = latency.as_millis() as u64;
    match class {
        ServerErrorsFailureClass::StatusCode(StatusCode::SERVICE_UNAVAILABLE)
            if latency < REQUEST_TIMEOUT =>
        {
            tracing::warn!(latency_ms, "answered 503: temporarily unavailable");
        }
        other => tracing::error!(latency_ms, classification = %other, "response failed"),
    }
}

/// For requests that did not match a route (static files, 404s): a coarse
/// class, so that unknown paths (which might contain a code) are not logged.
fn route_class(path: &str) -> &'static str {
    if path.starts_with("/pkg/") {
        "/pkg/*"
    } else if path.starts_with("/vendor/") {
        "/vendor/*"
    } else if path.starts_with("/api/") {
        "/api/*"
    } else {
        "(other)"
    }
}

#[cfg(test)]
mod tests {
    use super::route_class;

    #[test]
    fn unknown_paths_are_not_echoed() {
        assert_eq!(route_class("/s/SECRET-CODE"), "(other)");
        assert_eq!(route_class("/pkg/spindel.wasm"), "/pkg/*");
    }
}
