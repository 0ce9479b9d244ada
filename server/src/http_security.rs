//! Request-level protections: cross-site request refusal for state-changing
//! methods, `Cache-Control: no-store` on dynamic responses, and the paths
//! that skip the session layer.

use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::future::Either;
use std::net::{IpAddr, SocketAddr};
use std::task::{Context, Poll};
use tower::{Layer, Service};

/// The 403 for a request that must be refused as cross-site (`None` if it
/// may pass): a state-changing method that a browser marks as cross-site, or
/// whose `Origin` does not match the `Host` it was sent to. Requests without either header (non-browser
/// clients) pass: they carry no ambient cookies from another site.
pub fn refuse_cross_site<B>(req: &Request<B>) -> Option<Response> {
    if is_state_changing(req.method()) && !same_origin(req) {
        tracing::warn!("refused a cross-site state-changing request");
        return Some((StatusCode::FORBIDDEN, "Cross-site request refused.").into_response());
    }
    None
}

/// The largest request body the app reads (2 MiB: a survey payload is at
/// most 256 KiB, a questionnaire import or 5000 invitation addresses far
/// less).
pub const MAX_REQUEST_BODY: u64 = 2 * 1024 * 1024;

/// `Some(413)` for a request whose `Content-Length` is above
/// [`MAX_REQUEST_BODY`], answered in the server functions' error shape with
/// a message the pages translate: the survey's code on the survey API, the
/// app's sentence elsewhere.
pub fn refuse_too_large<B>(req: &Request<B>) -> Option<Response> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse::<u64>()
        .ok()?;
    if declared <= MAX_REQUEST_BODY {
        return None;
    }
    let message = if req.uri().path().starts_with("/api/survey/") {
        app::survey::codes::TOO_LARGE
    } else {
        app::error::TOO_LARGE
    };
    let body = serde_json::json!({ "BadRequest": message }).to_string();
    Some(
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response(),
    )
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

/// The client's address behind trusted reverse proxies: starting from the
/// TCP peer, while the address at hand is a trusted proxy, take the entry
/// before it in `X-Forwarded-For` (each proxy appends the address it got the
/// request from, so entries left of the last untrusted one may be forged by
/// the client and are never used). An entry that is not an IP address (or
/// `IP:port`) ends the walk at the proxy that sent it.
pub fn forwarded_client(
    peer: IpAddr,
    headers: &axum::http::HeaderMap,
    trusted: &[IpAddr],
) -> IpAddr {
    let is_trusted = |ip: &IpAddr| {
        trusted
            .iter()
            .any(|t| t.to_canonical() == ip.to_canonical())
    };
    let mut hops: Vec<&str> = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        let Ok(text) = value.to_str() else {
            // Not text: no forwarded address is believed.
            return peer;
        };
        hops.extend(text.split(',').map(str::trim));
    }
    let mut client = peer;
    while is_trusted(&client) {
        let Some(hop) = hops.pop() else { break };
        match parse_hop(hop) {
            Some(ip) => client = ip,
            None => break,
        }
    }
    client
}

fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
}

/// Replace the request's `ConnectInfo` (the address the handlers and the
/// per-address limits see) by [`forwarded_client`]'s when its TCP peer is a
/// trusted proxy.
pub fn use_forwarded_client<B>(req: &mut Request<B>, trusted: &[IpAddr]) {
    use axum::extract::ConnectInfo;
    let Some(ConnectInfo(peer)) = req.extensions().get::<ConnectInfo<SocketAddr>>().copied() else {
        return;
    };
    let client = forwarded_client(peer.ip(), req.headers(), trusted);
    if client != peer.ip() {
        req.extensions_mut()
            .insert(ConnectInfo(SocketAddr::new(client, 0)));
    }
}

/// Static assets, which keep their own caching.
pub fn is_static_path(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path.starts_with("/vendor/")
        || path == "/favicon.svg"
        || path == "/favicon.ico"
}

/// Dynamic responses (pages, server functions) must not be cached: they may
/// show an account's data. Static assets keep their own caching.
pub fn mark_no_store(res: &mut Response) {
    if !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
}

/// The respondent's API (`/api/survey/…`): anonymous, it never reads or
/// writes a session, so its calls skip the session layer (cookie parsing and
/// session set-up on every autosave and submission).
pub fn is_sessionless_path(path: &str) -> bool {
    path.starts_with("/api/survey/")
}

/// A layer applied to every request except the respondent's API
/// ([`is_sessionless_path`]), which goes straight to the inner service.
#[derive(Clone)]
pub struct ExceptSurveyApi<L>(pub L);

impl<L: Layer<S>, S: Clone> Layer<S> for ExceptSurveyApi<L> {
    type Service = ExceptSurveyApiService<L::Service, S>;

    fn layer(&self, inner: S) -> Self::Service {
        ExceptSurveyApiService {
            layered: self.0.layer(inner.clone()),
            bare: inner,
        }
    }
}

/// The service of [`ExceptSurveyApi`].
#[derive(Clone)]
pub struct ExceptSurveyApiService<W, S> {
    layered: W,
    bare: S,
}

impl<W, S, B> Service<Request<B>> for ExceptSurveyApiService<W, S>
where
    S: Service<Request<B>>,
    W: Service<Request<B>, Response = S::Response, Error = S::Error>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Either<W::Future, S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        match self.layered.poll_ready(cx) {
            Poll::Ready(Ok(())) => self.bare.poll_ready(cx),
            other => other,
        }
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        if is_sessionless_path(req.uri().path()) {
            Either::Right(self.bare.call(req))
        } else {
            Either::Left(self.layered.call(req))
        }
    }
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

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    fn forwarded(values: &[&str]) -> axum::http::HeaderMap {
        let mut h = axum::http::HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", v.parse().expect("header value"));
        }
        h
    }

    #[test]
    fn the_client_address_is_read_behind_trusted_proxies_only() {
        let proxy = ip("10.0.0.5");
        let trusted = [proxy, ip("10.0.0.6")];
        let client = ip("198.51.100.7");
        // Not from a trusted proxy: the header is ignored.
        assert_eq!(
            forwarded_client(client, &forwarded(&["203.0.113.9"]), &trusted),
            client
        );
        assert_eq!(
            forwarded_client(proxy, &forwarded(&["198.51.100.7"]), &[]),
            proxy
        );
        // One proxy: the entry it appended.
        assert_eq!(
            forwarded_client(proxy, &forwarded(&["198.51.100.7"]), &trusted),
            client
        );
        // Entries the client wrote itself (left of the proxy's) are not believed.
        assert_eq!(
            forwarded_client(proxy, &forwarded(&["203.0.113.9, 198.51.100.7"]), &trusted),
            client
        );
        // Two trusted proxies, in one header or two.
        for h in [
            forwarded(&["203.0.113.9, 198.51.100.7, 10.0.0.6"]),
            forwarded(&["203.0.113.9, 198.51.100.7", "10.0.0.6"]),
        ] {
            assert_eq!(forwarded_client(proxy, &h, &trusted), client);
        }
        // With a port; IPv6 (also as an IPv4-mapped peer).
        assert_eq!(
            forwarded_client(proxy, &forwarded(&["198.51.100.7:4711"]), &trusted),
            client
        );
        assert_eq!(
            forwarded_client(proxy, &forwarded(&["2001:db8::7"]), &trusted),
            ip("2001:db8::7")
        );
        assert_eq!(
            forwarded_client(
                ip("::ffff:10.0.0.5"),
                &forwarded(&["198.51.100.7"]),
                &trusted
            ),
            client
        );
        // No header, an empty one or garbage: the proxy's own address.
        assert_eq!(forwarded_client(proxy, &forwarded(&[]), &trusted), proxy);
        assert_eq!(forwarded_client(proxy, &forwarded(&[""]), &trusted), proxy);
        assert_eq!(
            forwarded_client(proxy, &forwarded(&["198.51.100.7, unknown"]), &trusted),
            proxy
        );
    }

    #[test]
    fn only_a_trusted_peer_has_its_connect_info_replaced() {
        use axum::extract::ConnectInfo;
        let trusted = [ip("127.0.0.1")];
        let with_peer = |peer: &str| {
            let mut r = req(Method::POST, &[("x-forwarded-for", "198.51.100.7")]);
            r.extensions_mut()
                .insert(ConnectInfo(SocketAddr::new(ip(peer), 4000)));
            r
        };
        let client_of = |r: &Request<()>| {
            r.extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip())
        };
        let mut r = with_peer("127.0.0.1");
        use_forwarded_client(&mut r, &trusted);
        assert_eq!(client_of(&r), Some(ip("198.51.100.7")));
        let mut r = with_peer("192.0.2.1");
        use_forwarded_client(&mut r, &trusted);
        assert_eq!(client_of(&r), Some(ip("192.0.2.1")));
    }

    #[test]
    fn static_and_sessionless_paths() {
        assert!(is_static_path("/pkg/spindel.wasm"));
        assert!(is_static_path("/favicon.ico"));
        assert!(!is_static_path("/api/survey/submit"));
        assert!(!is_static_path("/"));
        assert!(is_sessionless_path("/api/survey/submit"));
        assert!(is_sessionless_path("/api/survey/start"));
        assert!(!is_sessionless_path("/api/auth/whoami"));
        assert!(!is_sessionless_path("/s/ABC123"));
        assert!(!is_sessionless_path("/api/surveys"));
    }

    /// The wrapped layer runs for every path but the respondent's API.
    #[tokio::test]
    async fn only_the_survey_api_skips_the_layer() {
        use tower::ServiceExt;
        #[derive(Clone)]
        struct Tag;
        impl<S> Layer<S> for Tag {
            type Service = tower::util::MapResponse<S, fn(&'static str) -> &'static str>;
            fn layer(&self, inner: S) -> Self::Service {
                tower::util::MapResponse::new(inner, |_| "layered")
            }
        }
        let inner = tower::service_fn(|_req: Request<()>| async {
            Ok::<_, std::convert::Infallible>("bare")
        });
        let svc = ExceptSurveyApi(Tag).layer(inner);
        for (path, expected) in [
            ("/api/survey/submit", "bare"),
            ("/api/survey/save", "bare"),
            ("/api/auth/sign_in", "layered"),
            ("/s/CODE", "layered"),
            ("/", "layered"),
        ] {
            let req = Request::builder().uri(path).body(()).expect("request");
            let got = svc.clone().oneshot(req).await.expect("infallible");
            assert_eq!(got, expected, "{path}");
        }
    }
}
