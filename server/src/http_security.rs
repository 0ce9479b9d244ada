//! Request-level protections: cross-site request refusal for state-changing
//! methods, and `Cache-Control: no-store` on dynamic responses.

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Refuse state-changing requests that a browser marks as cross-site, or
/// whose `Origin` does not match the `Host` they were sent to. Requests
/// without either header (non-browser clients) pass: they carry no ambient
/// cookies from another site.
pub async fn same_origin_only(req: Request<Body>, next: Next) -> Response {
    if is_state_changing(req.method()) && !same_origin(&req) {
        tracing::warn!("refused a cross-site state-changing request");
        return (StatusCode::FORBIDDEN, "Cross-site request refused.").into_response();
    }
    next.run(req).await
}

fn is_state_changing(m: &Method) -> bool {
    !matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn same_origin<B>(req: &Request<B>) -> bool {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some("null") => false,
        Some(origin) => {
            let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
            let origin_host = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"));
            matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
        }
    }
}

/// Dynamic responses (pages, server functions) must not be cached: they may
/// show an account's data. Static assets keep their own caching.
pub async fn no_store(req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let is_static = path.starts_with("/pkg/")
        || path.starts_with("/vendor/")
        || path == "/favicon.svg"
        || path == "/favicon.ico";
    if !is_static && !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(method: Method, headers: &[(&str, &str)]) -> Request<()> {
        let mut b = Request::builder().method(method).uri("/api/x");
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(()).expect("request")
    }

    #[test]
    fn origin_rules() {
        assert!(same_origin(&req(Method::POST, &[])));
        assert!(same_origin(&req(
            Method::POST,
            &[("sec-fetch-site", "same-origin")]
        )));
        assert!(!same_origin(&req(
            Method::POST,
            &[("sec-fetch-site", "cross-site")]
        )));
        assert!(!same_origin(&req(
            Method::POST,
            &[("sec-fetch-site", "same-site")]
        )));
        assert!(same_origin(&req(
            Method::POST,
            &[
                ("origin", "http://127.0.0.1:3000"),
                ("host", "127.0.0.1:3000")
            ]
        )));
        assert!(!same_origin(&req(
            Method::POST,
            &[
                ("origin", "https://evil.example"),
                ("host", "127.0.0.1:3000")
            ]
        )));
        assert!(!same_origin(&req(
            Method::POST,
            &[("origin", "null"), ("host", "a")]
        )));
        assert!(is_state_changing(&Method::POST));
        assert!(is_state_changing(&Method::DELETE));
        assert!(!is_state_changing(&Method::GET));
    }
}
