//! The real binary: first start creates and migrates the SQLite file; SIGTERM
//! lets an in-flight request finish, then the process exits cleanly.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
}

#[test]
fn first_start_migrates_and_sigterm_lets_in_flight_requests_finish() {
    if crate::common::backend() != app::db::Backend::Sqlite {
        return; // one run is enough: this exercises the process, not the database
    }
    let dir = tempfile::tempdir().expect("tmp");
    let db_file = dir.path().join("fresh.db");
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .env("DATABASE_URL", format!("sqlite://{}", db_file.display()))
        .env("SPINDEL_BIND", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start server");

    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(r) = get(port, "/readyz")
            && r.starts_with("HTTP/1.1 200")
        {
            break;
        }
        assert!(Instant::now() < deadline, "server did not become ready");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        db_file.exists(),
        "the SQLite file was created on first start"
    );

    // Start a request and leave its body unfinished.
    let mut inflight = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    inflight
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let body = "email=nobody%40example.se&password=not-the-password";
    let (first, rest) = body.split_at(12);
    write!(
        inflight,
        "POST /api/auth/sign_in HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{first}",
        body.len()
    )
    .expect("headers and half the body");
    std::thread::sleep(Duration::from_millis(300));

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    std::thread::sleep(Duration::from_millis(500));

    // The server is shutting down but still completes this request.
    inflight
        .write_all(rest.as_bytes())
        .expect("rest of the body");
    let mut response = String::new();
    inflight.read_to_string(&mut response).expect("response");
    // A complete answer from the application (wrong credentials), not a reset.
    assert!(
        response.starts_with("HTTP/1.1 400"),
        "in-flight request finished: {response}"
    );
    assert!(response.contains("incorrect"), "{response}");

    // New connections are refused once it is down, and it exits cleanly.
    let deadline = Instant::now() + Duration::from_secs(30);
    let exit = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "server did not stop after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(exit.success(), "clean exit: {exit:?}");
    let mut out = String::new();
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut out)
        .expect("read");
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("read");
    let log = format!("{out}{err}");
    assert!(log.contains("shutdown requested"), "{log}");
    assert!(log.contains("stopped"), "{log}");
    assert!(get(port, "/healthz").is_none(), "no longer listening");
}
