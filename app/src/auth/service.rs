//! Sign-up, sign-in, sign-out and the current account (server only).

use super::password;
use super::session_store::{AUTH_AT, USER_ID};
use super::{Membership, UserInfo};
use crate::AppError;
use crate::db::orgs::{self, NewOrg};
use crate::db::{Db, DbError, audit, now_unix, throttle, users};
use crate::domain::org::{Ambition, Country, OrgKind};
use crate::domain::roles::OrgRole;
use crate::state::AppSettings;
use sha2::{Digest, Sha256};
use tower_sessions::Session;

fn db_err(context: &'static str) -> impl Fn(DbError) -> AppError {
    move |e| AppError::internal(context, &e)
}

/// A session-store failure: 503 when the database is unavailable, else 500.
pub(crate) fn session_err(e: tower_sessions::session::Error) -> AppError {
    if super::session_store::is_unavailable(&e) {
        tracing::warn!(error = %e, "session: database unavailable");
        AppError::Unavailable
    } else {
        AppError::internal("session", &e)
    }
}

fn hash_err(e: password::HashError) -> AppError {
    AppError::internal("password hashing", &e)
}

/// The account behind this session, or `None` when signed out, expired
/// (absolute timeout), disabled or deleted. Stale sessions are ended.
pub async fn current_user(
    db: &Db,
    session: &Session,
    settings: &AppSettings,
) -> Result<Option<UserInfo>, AppError> {
    let Some(user_id) = session.get::<i64>(USER_ID).await.map_err(session_err)? else {
        return Ok(None);
    };
    let auth_at = session
        .get::<i64>(AUTH_AT)
        .await
        .map_err(session_err)?
        .unwrap_or(0);
    if now_unix() - auth_at > settings.session_absolute_secs {
        session.flush().await.map_err(session_err)?;
        return Ok(None);
    }
    let user = users::by_id(db, user_id)
        .await
        .map_err(db_err("load user"))?;
    let Some(user) = user.filter(|u| !u.disabled) else {
        session.flush().await.map_err(session_err)?;
        return Ok(None);
    };
    let memberships = users::memberships(db, user.id)
        .await
        .map_err(db_err("load memberships"))?
        .into_iter()
        .filter_map(|m| {
            OrgRole::parse(&m.role).map(|role| Membership {
                org_id: m.org_id,
                org_name: m.org_name,
                role,
            })
        })
        .collect();
    Ok(Some(UserInfo {
        id: user.id,
        email: user.email,
        display_name: user.display_name,
        is_operator: user.is_operator,
        memberships,
    }))
}

/// Basic, permissive e-mail syntax check (one @, a dot in the domain, no spaces).
pub fn valid_email(email: &str) -> bool {
    let email = email.trim();
    if email.len() > 254 || email.chars().any(char::is_whitespace) {
        return false;
    }
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    }
}

fn bad(msg: &str) -> AppError {
    AppError::BadRequest(msg.to_owned())
}

fn check_name(value: &str, what: &str, max: usize) -> Result<String, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(bad(&format!("{what} is required.")));
    }
    if v.chars().count() > max {
        return Err(bad(&format!("{what} must be at most {max} characters.")));
    }
    if v.chars().any(char::is_control) {
        return Err(bad(&format!("{what} contains invalid characters.")));
    }
    Ok(v.to_owned())
}

/// What a new organisation and its first admin provide.
#[derive(Debug, Clone)]
pub struct SignUp {
    pub org_name: String,
    pub country: String,
    pub kind: String,
    pub population: String,
    pub ambition: String,
    pub display_name: String,
    pub email: String,
    pub password: String,
    pub language: String,
}

/// Validated sign-up, ready to store.
#[derive(Debug, Clone)]
pub struct ValidSignUp {
    pub org: NewOrg,
    pub display_name: String,
    pub email: String,
    pub password: String,
    pub language: String,
}

/// Validate an organisation's profile fields.
pub fn validate_org(
    name: &str,
    country: &str,
    kind: &str,
    population: &str,
    ambition: &str,
) -> Result<NewOrg, AppError> {
    let org_name = check_name(name, "Organisation name", 200)?;
    let country =
        Country::parse(country).ok_or_else(|| bad("Choose the organisation's country."))?;
    let kind = OrgKind::parse(kind).ok_or_else(|| bad("Choose the kind of organisation."))?;
    let population: i64 = population
        .trim()
        .replace([' ', '\u{a0}', '_'], "")
        .parse()
        .ok()
        .filter(|p| (0..=100_000_000).contains(p))
        .ok_or_else(|| bad("Population must be a whole number between 0 and 100,000,000."))?;
    let ambition = Ambition::parse(ambition).ok_or_else(|| bad("Choose an ambition level."))?;
    Ok(NewOrg {
        name: org_name,
        country,
        kind,
        population,
        ambition,
        named_benchmarking: false,
    })
}

pub fn validate_sign_up(input: SignUp) -> Result<ValidSignUp, AppError> {
    let org = validate_org(
        &input.org_name,
        &input.country,
        &input.kind,
        &input.population,
        &input.ambition,
    )?;
    let display_name = check_name(&input.display_name, "Your name", 120)?;
    if !valid_email(&input.email) {
        return Err(bad("Enter a valid e-mail address."));
    }
    password::check_policy(&input.password).map_err(|p| bad(p.message()))?;
    let language = match input.language.as_str() {
        "en" | "sv" | "da" | "nl" => input.language,
        _ => "en".to_owned(),
    };
    Ok(ValidSignUp {
        org,
        display_name,
        email: users::normalise_email(&input.email),
        password: input.password,
        language,
    })
}

const EMAIL_TAKEN: &str = "An account with this e-mail address already exists. Sign in instead.";

/// Create an organisation and its first org admin in one transaction.
/// Returns (user id, organisation id).
pub async fn sign_up(db: &Db, input: SignUp) -> Result<(i64, i64), AppError> {
    let v = validate_sign_up(input)?;
    if users::by_email(db.pool(), &v.email)
        .await
        .map_err(db_err("sign-up lookup"))?
        .is_some()
    {
        return Err(AppError::Conflict(EMAIL_TAKEN.into()));
    }
    let hash = password::hash(v.password.clone()).await.map_err(hash_err)?;
    let result: Result<(i64, i64), DbError> = async {
        let mut tx = db.begin_write().await?;
        let org_id = orgs::insert(&mut *tx, &v.org).await?;
        let user_id = users::insert(
            &mut *tx,
            &users::NewUser {
                email: &v.email,
                display_name: &v.display_name,
                password_hash: &hash,
                language: &v.language,
                is_operator: false,
            },
        )
        .await?;
        users::add_membership(&mut *tx, user_id, org_id, OrgRole::OrgAdmin.code()).await?;
        audit::record(
            &mut *tx,
            Some(org_id),
            Some(user_id),
            "org.sign_up",
            &format!("org:{org_id}"),
        )
        .await?;
        tx.commit().await?;
        Ok((user_id, org_id))
    }
    .await;
    match result {
        Ok(ids) => Ok(ids),
        Err(DbError::Sqlx(sqlx::Error::Database(e))) if e.is_unique_violation() => {
            Err(AppError::Conflict(EMAIL_TAKEN.into()))
        }
        Err(e) => Err(AppError::internal("sign-up", &e)),
    }
}

static THROTTLE_KEY: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();

/// Key the throttle hashes with the server's secret (called once at start;
/// later calls keep the first key). Without it (unit tests) a fixed key is used.
pub fn init_throttle_key(secret: &str) {
    let _ = THROTTLE_KEY.set(Sha256::digest(format!("spindel-throttle-key:{secret}")).to_vec());
}

/// Throttle keys never hold the e-mail or address itself: HMAC-SHA256 under
/// a key derived from the session secret, so whoever holds the database
/// files cannot test e-mail addresses or IP addresses against them (unless
/// the secret is stored there too: set `SPINDEL_SESSION_SECRET`).
pub fn throttle_key(kind: &str, value: &str) -> String {
    use hmac::{Hmac, Mac};
    let key = THROTTLE_KEY
        .get()
        .map(Vec::as_slice)
        .unwrap_or(b"spindel-unkeyed");
    let hex = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(format!("{kind}:{value}").as_bytes());
            mac.finalize()
                .into_bytes()
                .iter()
                .take(16)
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        }
        // HMAC takes keys of any length; kept total all the same.
        Err(_) => String::new(),
    };
    format!("{kind}:{hex}")
}

pub const WRONG_CREDENTIALS: &str = "The e-mail address or password is incorrect.";

/// Sign in: same message and about the same time whether the e-mail is
/// unknown or the password wrong; failures are throttled per account and per
/// client address; a new session id is issued on success.
pub async fn sign_in(
    db: &Db,
    session: &Session,
    email: &str,
    password_input: &str,
    client_addr: Option<&str>,
    settings: &AppSettings,
) -> Result<UserInfo, AppError> {
    let email = users::normalise_email(email);
    if email.is_empty() || password_input.is_empty() {
        return Err(bad("Enter your e-mail address and password."));
    }
    if password_input.chars().count() > password::MAX_CHARS {
        return Err(bad(WRONG_CREDENTIALS));
    }
    let acct_key = throttle_key("acct", &email);
    let addr_key = client_addr.map(|a| throttle_key("addr", a));
    let mut wait = throttle::locked_for(db, &acct_key)
        .await
        .map_err(db_err("throttle"))?;
    if let Some(k) = &addr_key {
        wait = wait.max(
            throttle::locked_for(db, k)
                .await
                .map_err(db_err("throttle"))?,
        );
    }
    if wait > 0 {
        tracing::info!(wait_secs = wait, "sign-in throttled");
        return Err(AppError::TooManyRequests);
    }

    let user = users::by_email(db.pool(), &email)
        .await
        .map_err(db_err("sign-in lookup"))?;
    let stored_hash = user
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| password::DUMMY_HASH.clone());
    let ok = password::verify(password_input.to_owned(), stored_hash)
        .await
        .map_err(hash_err)?;

    let user = match user {
        Some(u) if ok && !u.disabled => u,
        other => {
            throttle::fail(db, &acct_key, &throttle::ACCOUNT)
                .await
                .map_err(db_err("throttle"))?;
            if let Some(k) = &addr_key {
                throttle::fail(db, k, &throttle::ADDRESS)
                    .await
                    .map_err(db_err("throttle"))?;
            }
            let target = other
                .as_ref()
                .map(|u| format!("user:{}", u.id))
                .unwrap_or_default();
            audit::record(
                db.pool(),
                None,
                other.as_ref().map(|u| u.id),
                "auth.sign_in_failed",
                &target,
            )
            .await
            .map_err(db_err("audit"))?;
            return Err(bad(WRONG_CREDENTIALS));
        }
    };

    throttle::clear(db, &acct_key)
        .await
        .map_err(db_err("throttle"))?;
    if password::needs_rehash(&user.password_hash) {
        let new_hash = password::hash(password_input.to_owned())
            .await
            .map_err(hash_err)?;
        users::set_password_hash(db.pool(), user.id, &new_hash)
            .await
            .map_err(db_err("rehash"))?;
    }
    start_session(db, session, user.id).await?;
    audit::record(
        db.pool(),
        None,
        Some(user.id),
        "auth.sign_in",
        &format!("user:{}", user.id),
    )
    .await
    .map_err(db_err("audit"))?;
    current_user(db, session, settings)
        .await?
        .ok_or(AppError::Internal)
}

/// Bind the session to an account under a new session id (no session
/// fixation) and start the absolute-timeout clock.
pub async fn start_session(_db: &Db, session: &Session, user_id: i64) -> Result<(), AppError> {
    session.cycle_id().await.map_err(session_err)?;
    session
        .insert(USER_ID, user_id)
        .await
        .map_err(session_err)?;
    session
        .insert(AUTH_AT, now_unix())
        .await
        .map_err(session_err)?;
    Ok(())
}

/// Sign out: ends this session and every other session of the account.
pub async fn sign_out(db: &Db, session: &Session) -> Result<(), AppError> {
    if let Some(user_id) = session.get::<i64>(USER_ID).await.map_err(session_err)? {
        users::delete_sessions(db.pool(), user_id)
            .await
            .map_err(db_err("end sessions"))?;
        audit::record(
            db.pool(),
            None,
            Some(user_id),
            "auth.sign_out",
            &format!("user:{user_id}"),
        )
        .await
        .map_err(db_err("audit"))?;
    }
    session.flush().await.map_err(session_err)?;
    Ok(())
}

/// Create (or promote) the platform operator: used by `server create-operator`.
/// Returns the account id.
pub async fn create_operator(
    db: &Db,
    email: &str,
    display_name: &str,
    password_input: &str,
) -> Result<i64, AppError> {
    if !valid_email(email) {
        return Err(bad("Enter a valid e-mail address."));
    }
    let display_name = check_name(display_name, "Name", 120)?;
    if let Some(existing) = users::by_email(db.pool(), email)
        .await
        .map_err(db_err("lookup"))?
    {
        users::set_operator(db.pool(), existing.id, true)
            .await
            .map_err(db_err("promote"))?;
        audit::record(
            db.pool(),
            None,
            None,
            "operator.granted",
            &format!("user:{}", existing.id),
        )
        .await
        .map_err(db_err("audit"))?;
        return Ok(existing.id);
    }
    password::check_policy(password_input).map_err(|p| bad(p.message()))?;
    let hash = password::hash(password_input.to_owned())
        .await
        .map_err(hash_err)?;
    let mut tx = db
        .begin_write()
        .await
        .map_err(|e| AppError::internal("tx", &e))?;
    let id = users::insert(
        &mut *tx,
        &users::NewUser {
            email,
            display_name: &display_name,
            password_hash: &hash,
            language: "en",
            is_operator: true,
        },
    )
    .await
    .map_err(db_err("create operator"))?;
    audit::record(
        &mut *tx,
        None,
        None,
        "operator.created",
        &format!("user:{id}"),
    )
    .await
    .map_err(db_err("audit"))?;
    tx.commit()
        .await
        .map_err(|e| AppError::internal("commit", &e))?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_syntax() {
        assert!(valid_email("anna@kommun.se"));
        assert!(valid_email(" Anna.Berg@Region.Example.dk "));
        assert!(!valid_email("anna"));
        assert!(!valid_email("anna@localhost"));
        assert!(!valid_email("a b@c.se"));
        assert!(!valid_email("a@b@c.se"));
        assert!(!valid_email("@c.se"));
        assert!(!valid_email("a@.se"));
    }

    fn input() -> SignUp {
        SignUp {
            org_name: "Älvby kommun".into(),
            country: "se".into(),
            kind: "municipality".into(),
            population: "14 200".into(),
            ambition: "fast_follower".into(),
            display_name: "Anna Berg".into(),
            email: "Anna@Alvby.se".into(),
            password: "river-stone-lantern".into(),
            language: "sv".into(),
        }
    }

    #[test]
    fn sign_up_validation_normalises() {
        let v = validate_sign_up(input()).expect("valid");
        assert_eq!(v.org.population, 14_200);
        assert_eq!(v.org.country.as_str(), "SE");
        assert_eq!(v.email, "anna@alvby.se");
        assert_eq!(v.language, "sv");
    }

    #[test]
    fn sign_up_validation_rejects_each_bad_field() {
        type Case = (fn(&mut SignUp), &'static str);
        let cases: Vec<Case> = vec![
            (
                |i| i.org_name = "  ".into(),
                "Organisation name is required.",
            ),
            (
                |i| i.country = "Sweden".into(),
                "Choose the organisation's country.",
            ),
            (
                |i| i.kind = "city".into(),
                "Choose the kind of organisation.",
            ),
            (|i| i.population = "-3".into(), "Population must be"),
            (|i| i.population = "many".into(), "Population must be"),
            (|i| i.ambition = "best".into(), "Choose an ambition level."),
            (|i| i.email = "nope".into(), "Enter a valid e-mail address."),
            (|i| i.password = "password".into(), "most common"),
            (|i| i.password = "short".into(), "at least 8"),
        ];
        for (tweak, expected) in cases {
            let mut i = input();
            tweak(&mut i);
            match validate_sign_up(i) {
                Err(AppError::BadRequest(m)) => assert!(m.contains(expected), "{m} vs {expected}"),
                other => panic!("expected BadRequest({expected}), got {other:?}"),
            }
        }
    }

    #[test]
    fn throttle_keys_hide_the_value() {
        let k = throttle_key("acct", "anna@alvby.se");
        assert!(k.starts_with("acct:"));
        assert!(!k.contains("anna"));
        assert_eq!(k, throttle_key("acct", "anna@alvby.se"));
        assert_ne!(k, throttle_key("acct", "bo@alvby.se"));
        assert_eq!(k.len(), "acct:".len() + 32);
        // Not the unkeyed SHA-256 that anyone with the database could
        // recompute from a list of addresses (issue 23, leak 7).
        let unkeyed: String = Sha256::digest(b"spindel-throttle:acct:anna@alvby.se")
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_ne!(k, format!("acct:{unkeyed}"));
    }
}
