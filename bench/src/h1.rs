//! The load client: one keep-alive HTTP/1.1 connection per simulated client,
//! straight on hyper's connection API.
//!
//! The load client shares the machine's cores with the server, so every
//! microsecond it spends per request is taken from the server being measured.
//! A general-purpose client (reqwest) parses the URL, looks up a pooled
//! connection and wraps each request in a timeout; this one sends a prepared
//! request on the connection it owns and reads the answer, as a load
//! generator such as `oha` or `wrk` does.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper::header::{CONTENT_TYPE, HOST, HeaderValue};
use hyper::{Method, Request};
use hyper_util::rt::TokioIo;
use std::time::Duration;

use crate::BoxError;

/// Form bodies.
pub const FORM: &str = "application/x-www-form-urlencoded";

/// Longest wait for one answer (a stuck server must not hang the benchmark).
const TIMEOUT: Duration = Duration::from_secs(60);

/// One client's connection to the server, opened on first use and again
/// after the server closed it.
pub struct Conn {
    addr: String,
    host: HeaderValue,
    send: Option<SendRequest<Full<Bytes>>>,
}

impl Conn {
    /// A client of `base` (`http://host:port`, no path).
    pub fn new(base: &str) -> Result<Self, BoxError> {
        let addr = base
            .strip_prefix("http://")
            .ok_or("the load client speaks plain http:// only")?
            .trim_end_matches('/')
            .to_owned();
        Ok(Conn {
            host: HeaderValue::from_str(&addr)?,
            addr,
            send: None,
        })
    }

    async fn connect(&mut self) -> Result<(), BoxError> {
        let stream = tokio::net::TcpStream::connect(&self.addr).await?;
        stream.set_nodelay(true)?;
        let (send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(async move {
            // Ends when the server or this client closes the connection.
            let _ = conn.await;
        });
        self.send = Some(send);
        Ok(())
    }

    /// Send one request; its status and body.
    pub async fn send(
        &mut self,
        method: Method,
        path: &str,
        form: Option<Bytes>,
    ) -> Result<(u16, Bytes), BoxError> {
        tokio::time::timeout(TIMEOUT, self.send_inner(method, path, form))
            .await
            .map_err(|_| "no answer within 60 s")?
    }

    async fn send_inner(
        &mut self,
        method: Method,
        path: &str,
        form: Option<Bytes>,
    ) -> Result<(u16, Bytes), BoxError> {
        let open = match self.send.as_mut() {
            Some(s) => s.ready().await.is_ok(),
            None => false,
        };
        if !open {
            self.connect().await?;
        }
        let Some(sender) = self.send.as_mut() else {
            return Err("no connection".into());
        };
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(HOST, self.host.clone());
        if form.is_some() {
            req = req.header(CONTENT_TYPE, FORM);
        }
        let req = req.body(Full::new(form.unwrap_or_default()))?;
        let res = match sender.send_request(req).await {
            Ok(res) => res,
            Err(e) => {
                // The connection is unusable: the next request opens another.
                self.send = None;
                return Err(e.into());
            }
        };
        let status = res.status().as_u16();
        let body = res.into_body().collect().await?.to_bytes();
        Ok((status, body))
    }
}

/// Clients of one server, each behind its own (uncontended) lock.
pub type Pool = std::sync::Arc<Vec<tokio::sync::Mutex<Conn>>>;

/// `n` clients of `base`.
pub fn pool(base: &str, n: usize) -> Result<Pool, BoxError> {
    Ok(std::sync::Arc::new(
        (0..n)
            .map(|_| Conn::new(base).map(tokio::sync::Mutex::new))
            .collect::<Result<Vec<_>, _>>()?,
    ))
}
