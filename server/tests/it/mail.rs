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
    // Sent: the stored copies keep no link.
    let bodies: Vec<(String,)> = sqlx::query_as("SELECT body FROM outbox ORDER BY id")
        .fetch_all(app.state.db.pool())
        .await
        .expect("bodies");
    assert_eq!(
        bodies,
        vec![
            ("Open [link withheld]".to_owned(),),
            ("Open [link withheld]".to_owned(),)
        ]
    );
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

/// Issue 23, leak 6: the operator could take over any account (public reset
/// request → read the link in the outbox → reset → sign in) and answer any
/// invitee's survey. Now the operator's view never shows a link, delivery
/// (here into a mail directory) removes the link from the stored mail, and
/// only the recipient's copy carries it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_operator_never_reads_a_usable_link_and_delivery_forgets_it() {
    use crate::common::{call, client, sign_up_org, spawn_app_with};
    let dir = tempfile::tempdir().expect("dir");
    let mail_dir = dir.path().join("mail");
    let app = spawn_app_with(|c| c.mail_dir = Some(mail_dir.clone())).await;
    let victim = client();
    sign_up_org(&app, &victim, "Granvik", "eva@granvik.se").await;
    const PW: &str = "operatörens lösenord 1";
    app::auth::service::create_operator(&app.state.db, "ops@spindel.example", "Ops", PW)
        .await
        .expect("operator");
    let op = client();
    let (s, _) = call(
        &app,
        &op,
        "/api/auth/sign_in",
        &[("email", "ops@spindel.example"), ("password", PW)],
    )
    .await;
    assert_eq!(s, 200);
    // The attacker asks for a reset of the victim's account.
    let (s, v) = call(
        &app,
        &client(),
        "/api/account/reset_request",
        &[("email", "eva@granvik.se")],
    )
    .await;
    assert_eq!(
        (s, &v),
        (200, &serde_json::json!(true)),
        "delivery is configured"
    );
    let (s, outbox) = call(&app, &op, "/api/operator/outbox", &[]).await;
    assert_eq!(s, 200, "{outbox}");
    assert_eq!(outbox["delivery"], true);
    let text = outbox.to_string();
    assert!(text.contains("eva@granvik.se"), "{text}");
    assert!(
        !text.contains("/reset/"),
        "no reset link for the operator: {text}"
    );
    assert!(text.contains("[link withheld]"), "{text}");

    // Delivery writes the mail for the recipient and forgets the link.
    let mailer =
        server::mailer::Mailer::directory(mail_dir.clone(), "Spindel <no-reply@spindel.example>")
            .expect("mailer");
    assert_eq!(
        mailer
            .deliver_pending(&app.state.db)
            .await
            .expect("deliver"),
        1
    );
    let files: Vec<_> = std::fs::read_dir(&mail_dir)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    // Quoted-printable wraps long lines with a soft break ("=" at the end).
    let eml = std::fs::read_to_string(&files[0])
        .expect("eml")
        .replace("=\r\n", "")
        .replace("=\n", "");
    assert!(eml.contains("To: eva@granvik.se"), "{eml}");
    let link = eml
        .split_whitespace()
        .find(|w| w.contains("/reset/"))
        .expect("the recipient's copy has the link")
        .to_owned();
    let (body,): (String,) =
        sqlx::query_as("SELECT body FROM outbox WHERE kind = 'password_reset'")
            .fetch_one(app.state.db.pool())
            .await
            .expect("body");
    assert!(
        !body.contains("/reset/") && body.contains("[link withheld]"),
        "{body}"
    );
    let token = link.rsplit('/').next().expect("token");
    assert!(!body.contains(token));
    // The recipient's link still works.
    let (s, v) = call(
        &app,
        &client(),
        "/api/account/reset",
        &[("token", token), ("new_password", "ett helt nytt lösenord")],
    )
    .await;
    assert_eq!(s, 200, "{v}");
}

/// Without any delivery the reset request says so (the same for every
/// address), instead of promising a mail that reaches nobody.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_delivery_a_reset_request_says_no_mail_is_sent() {
    use crate::common::{PASSWORD, call, client, spawn_app_with};
    let app = spawn_app_with(|c| c.mail_dir = None).await;
    // Sign-up cannot be completed without mail: an account made directly.
    app::auth::service::create_operator(&app.state.db, "eva@granvik.se", "Eva", PASSWORD)
        .await
        .expect("account");
    for email in ["eva@granvik.se", "nobody@granvik.se"] {
        let (s, v) = call(
            &app,
            &client(),
            "/api/account/reset_request",
            &[("email", email)],
        )
        .await;
        assert_eq!((s, v), (200, serde_json::json!(false)), "{email}");
    }
}

/// Without any delivery sign-up answers the same for every address, says
/// that it cannot be completed on this server (false), and stores and
/// queues nothing: no link exists anywhere.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_delivery_sign_up_says_it_cannot_be_completed() {
    use crate::common::{PASSWORD, call, client, count, sign_up_form, spawn_app_with};
    let app = spawn_app_with(|c| c.mail_dir = None).await;
    app::auth::service::create_operator(&app.state.db, "eva@granvik.se", "Eva", PASSWORD)
        .await
        .expect("account");
    let mut answers = Vec::new();
    for email in ["eva@granvik.se", "nobody@granvik.se"] {
        answers.push(
            call(
                &app,
                &client(),
                "/api/auth/sign_up",
                &sign_up_form("Granvik", email),
            )
            .await,
        );
    }
    assert_eq!(answers[0], (200, serde_json::json!(false)));
    assert_eq!(answers[0], answers[1]);
    // Validation still answers at once.
    let mut bad = sign_up_form("Granvik", "nobody@granvik.se");
    bad[7] = ("password", "password1");
    let (s, _) = call(&app, &client(), "/api/auth/sign_up", &bad).await;
    assert_eq!(s, 400);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox").await, 0);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM pending_sign_ups").await,
        0
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM organisations").await, 0);
}
