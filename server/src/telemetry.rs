//! Logging. Requests get one span each with method, route template and status;
//! the raw URI (which may carry invitation or resume codes) is never logged.

use axum::extract::MatchedPath;
use axum::http::Request;
use tracing::Span;
use tracing_subscriber::EnvFilter;

pub fn init(filter: &str) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    // A second init (tests) is harmless.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(true)
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
