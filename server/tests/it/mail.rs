//! SMTP delivery of the outbox against a minimal SMTP server on loopback.

use crate::common::{TestApp, spawn_app};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// What the fake server received: (recipients, message data) per mail.
type Received = Arc<Mutex<Vec<(Vec<String>, String)>>>;

/// A tiny SMTP server: accepts every message and records (recipients, data).
async fn fake_smtp() -> (u16, Received) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let got: Received = Arc::default();
    let store = got.clone();
    tokio::spawn(async move {
        while let Ok((sock, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (r, mut w) = sock.into_split();
                let mut lines = BufReader::new(r).lines();
                let _ = w.write_all(b"220 fake.smtp ESMTP\r\n").await;
                let mut rcpt = Vec::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250-fake.smtp\r\n250 8BITMIME\r\n"
                    } else if upper.starts_with("MAIL FROM") {
                        b"250 OK\r\n"
                    } else if upper.starts_with("RCPT TO") {
                        rcpt.push(line[8..].trim().trim_matches(['<', '>']).to_owned());
                        b"250 OK\r\n"
                    } else if upper == "DATA" {
                        let _ = w.write_all(b"354 go ahead\r\n").await;
                        let mut data = String::new();
                        while let Ok(Some(l)) = lines.next_line().await {
                            if l == "." {
                                break;
                            }
                            data.push_str(&l);
                            data.push('\n');
                        }
                        store
                            .lock()
                            .expect("lock")
                            .push((std::mem::take(&mut rcpt), data));
                        b"250 queued\r\n"
                    } else if upper == "QUIT" {
                        let _ = w.write_all(b"221 bye\r\n").await;
                        break;
                    } else {
                        b"250 OK\r\n"
                    };
                    if w.write_all(reply).await.is_err() {
                        break;
                    }
                }
            });
        }
    });
    (port, got)
}

async fn pending(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count");
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outbox_mail_is_delivered_over_smtp_once() {
    let app = spawn_app().await;
    let (port, got) = fake_smtp().await;
    app::db::outbox::queue(
        app.state.db.pool(),
        "lea@duinwijk.nl",
        "Invitation",
        "Open https://x/invite/abc",
        "invitation",
    )
    .await
    .expect("queue");
    app::db::outbox::queue(
        app.state.db.pool(),
        "bo@havbjerg.dk",
        "Reset",
        "Open https://x/reset/def",
        "password_reset",
    )
    .await
    .expect("queue");
    assert_eq!(pending(&app).await, 2);

    let mailer = server::mailer::Mailer::new(
        &format!("smtp://127.0.0.1:{port}"),
        "Spindel <no-reply@spindel.example>",
    )
    .expect("mailer");
    assert_eq!(
        mailer
            .deliver_pending(&app.state.db)
            .await
            .expect("deliver"),
        2
    );
    assert_eq!(pending(&app).await, 0);
    // A second round sends nothing again.
    assert_eq!(
        mailer
            .deliver_pending(&app.state.db)
            .await
            .expect("deliver"),
        0
    );

    let got = got.lock().expect("lock").clone();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].0, vec!["lea@duinwijk.nl".to_string()]);
    assert!(got[0].1.contains("Subject: Invitation"));
    assert!(got[0].1.contains("/invite/abc"));
    assert!(
        got[1]
            .1
            .contains("From: Spindel <no-reply@spindel.example>")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_smtp_keeps_mail_for_a_retry() {
    let app = spawn_app().await;
    app::db::outbox::queue(
        app.state.db.pool(),
        "lea@duinwijk.nl",
        "Invitation",
        "body",
        "invitation",
    )
    .await
    .expect("queue");
    // Nothing listens on this port.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let mailer = server::mailer::Mailer::new(
        &format!("smtp://127.0.0.1:{port}"),
        "no-reply@spindel.example",
    )
    .expect("mailer");
    assert_eq!(
        mailer
            .deliver_pending(&app.state.db)
            .await
            .expect("deliver"),
        0
    );
    assert_eq!(pending(&app).await, 1, "still waiting");
    let (attempts,): (i64,) = sqlx::query_as("SELECT attempts FROM outbox")
        .fetch_one(app.state.db.pool())
        .await
        .expect("row");
    assert_eq!(attempts, 1);
    assert!(server::mailer::Mailer::new("ftp://nope", "a@b.se").is_err());
    assert!(server::mailer::Mailer::new("smtp://127.0.0.1:25", "not an address").is_err());
}
