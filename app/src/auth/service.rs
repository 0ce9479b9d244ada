//! Sign-up, sign-in, sign-out and the current account (server only).

use super::password;
use super::session_store::{AUTH_AT, USER_ID};
use super::{Membership, UserInfo};
use crate::AppError;
use crate::db::orgs::{self, NewOrg};
use crate::db::tokens;
use crate::db::{Db, DbError, audit, now_unix, outbox, pending_sign_ups, throttle, users};
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
    let language = crate::domain::language::or_default(&input.language).to_owned();
    Ok(ValidSignUp {
        org,
        display_name,
        email: users::normalise_email(&input.email),
        password: input.password,
        language,
    })
}

pub const EMAIL_TAKEN: &str =
    "An account with this e-mail address already exists. Sign in instead.";

/// Sign-up links are valid for 24 hours.
pub const SIGN_UP_TTL_SECS: i64 = 24 * 3600;
/// At most this many sign-up mails (confirmation links or "you already have
/// an account") go to one address per hour; beyond, sign-up still answers
/// alike but sends nothing (no mail bombing of one mailbox from many clients).
pub const SIGN_UP_MAILS_PER_HOUR: i64 = 3;

pub const INVALID_SIGN_UP_LINK: &str =
    "This sign-up link is invalid, already used or expired. Sign up again to get a new one.";

/// Outbox kinds of the two sign-up mails.
pub const MAIL_SIGN_UP_CONFIRM: &str = "sign_up_confirm";
pub const MAIL_SIGN_UP_TAKEN: &str = "sign_up_taken";

/// What a pending sign-up stores (as JSON) until its link is opened: the
/// validated fields and the argon2 hash of the password, never the password.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PendingSignUp {
    pub org_name: String,
    pub country: String,
    pub kind: String,
    pub population: i64,
    pub ambition: String,
    pub display_name: String,
    pub language: String,
    pub password_hash: String,
}

impl PendingSignUp {
    pub fn new(v: &ValidSignUp, password_hash: String) -> PendingSignUp {
        PendingSignUp {
            org_name: v.org.name.clone(),
            country: v.org.country.as_str().to_owned(),
            kind: v.org.kind.code().to_owned(),
            population: v.org.population,
            ambition: v.org.ambition.code().to_owned(),
            display_name: v.display_name.clone(),
            language: v.language.clone(),
            password_hash,
        }
    }

    /// The organisation to create, validated again.
    pub fn org(&self) -> Result<NewOrg, AppError> {
        validate_org(
            &self.org_name,
            &self.country,
            &self.kind,
            &self.population.to_string(),
            &self.ambition,
        )
    }

    /// What the confirmation page shows (no hash).
    pub fn info(&self, email: &str) -> super::PendingSignUpInfo {
        super::PendingSignUpInfo {
            org_name: self.org_name.clone(),
            country: self.country.clone(),
            kind: self.kind.clone(),
            population: self.population,
            ambition: self.ambition.clone(),
            display_name: self.display_name.clone(),
            email: email.to_owned(),
        }
    }
}

/// The confirmation link of a sign-up token.
pub fn sign_up_link(public_url: &str, token: &str) -> String {
    format!(
        "{}/sign-up/confirm/{token}",
        public_url.trim_end_matches('/')
    )
}

/// (subject, body) of the mail to a free address. It carries no text the
/// person signing up typed (org or person name): anyone may sign up with any
/// address, so the mail must not be a way to send words to a stranger.
pub fn confirmation_mail(link: &str) -> (&'static str, String) {
    (
        "Confirm your organisation's sign-up on Spindel",
        format!(
            "Hello,\n\nsomeone (perhaps you) asked to create an organisation on Spindel with this \
             e-mail address.\nOpen this link within 24 hours to check the details and finish \
             creating it:\n\n{link}\n\nIf it was not you, ignore this e-mail: nothing is created \
             without the link.\n"
        ),
    )
}

/// (subject, body) of the mail to an address that already has an account.
pub fn taken_mail(public_url: &str, name: &str) -> (&'static str, String) {
    let base = public_url.trim_end_matches('/');
    (
        "Someone tried to sign up with your Spindel address",
        format!(
            "Hello {name},\n\nsomeone (perhaps you) tried to create an organisation on Spindel \
             with this e-mail address. You already have an account: sign in at\n\n{base}/sign-in\n\n\
             or, if you have forgotten your password, reset it at\n\n{base}/forgot-password\n\n\
             If it was not you, ignore this e-mail: nothing has changed.\n"
        ),
    )
}

/// Sign-up (issue 23, leak 8), after [`validate_sign_up`] (whose errors
/// answer 400 at once): answers the same whether or not the address has an
/// account, after the same work (the password is hashed either way). A free address gets a
/// confirmation link and a pending sign-up is stored (replacing an earlier
/// one: only the newest link works); a taken address gets a mail saying it
/// already has an account. Nothing else is created until
/// [`confirm_sign_up`]. Returns whether this server delivers mail: without
/// delivery nothing is stored or queued (no link could reach anyone).
pub async fn sign_up(db: &Db, v: ValidSignUp, settings: &AppSettings) -> Result<bool, AppError> {
    if !settings.mail_delivery {
        return Ok(false);
    }
    // Hashed for a taken address too: both answers cost about the same time.
    let hash = password::hash(v.password.clone()).await.map_err(hash_err)?;
    let existing = users::by_email(db.pool(), &v.email)
        .await
        .map_err(db_err("sign-up lookup"))?;
    let recent = outbox::count_recent_sign_up_mails(db, &v.email, now_unix() - 3600)
        .await
        .map_err(db_err("sign-up mail count"))?;
    if recent >= SIGN_UP_MAILS_PER_HOUR {
        tracing::info!("sign-up mail not sent: the address had its allowance this hour");
        return Ok(true);
    }
    let token = tokens::new_token();
    let payload = serde_json::to_string(&PendingSignUp::new(&v, hash))
        .map_err(|e| AppError::internal("sign-up payload", &e))?;
    let result: Result<(), DbError> = async {
        let mut tx = db.begin_write().await?;
        match &existing {
            Some(user) => {
                let (subject, body) = taken_mail(&settings.public_url, &user.display_name);
                outbox::queue(&mut *tx, &v.email, subject, &body, MAIL_SIGN_UP_TAKEN).await?;
            }
            None => {
                pending_sign_ups::delete_for_email(&mut *tx, &v.email).await?;
                pending_sign_ups::insert(&mut *tx, &token, &v.email, &payload, SIGN_UP_TTL_SECS)
                    .await?;
                let (subject, body) =
                    confirmation_mail(&sign_up_link(&settings.public_url, &token));
                outbox::queue(&mut *tx, &v.email, subject, &body, MAIL_SIGN_UP_CONFIRM).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
    .await;
    result.map_err(|e| AppError::internal("sign-up", &e))?;
    Ok(true)
}

/// The pending sign-up behind a link, for the confirmation page (reads only:
/// mail scanners open links, so showing the page must change nothing).
pub async fn pending_sign_up_info(
    db: &Db,
    token: &str,
) -> Result<super::PendingSignUpInfo, AppError> {
    let row = pending_sign_ups::find_valid(db.pool(), token)
        .await
        .map_err(db_err("sign-up link"))?
        .ok_or_else(|| bad(INVALID_SIGN_UP_LINK))?;
    let data: PendingSignUp = serde_json::from_str(&row.payload)
        .map_err(|e| AppError::internal("sign-up payload", &e))?;
    Ok(data.info(&row.email))
}

/// Insert an organisation, its first org admin, the membership and the
/// audit record (inside the caller's transaction). Returns (user id, org id).
async fn insert_org_and_admin(
    conn: &mut sqlx::AnyConnection,
    org: &NewOrg,
    email: &str,
    display_name: &str,
    password_hash: &str,
    language: &str,
) -> Result<(i64, i64), DbError> {
    let org_id = orgs::insert(&mut *conn, org).await?;
    let user_id = users::insert(
        &mut *conn,
        &users::NewUser {
            email,
            display_name,
            password_hash,
            language,
            is_operator: false,
        },
    )
    .await?;
    users::add_membership(&mut *conn, user_id, org_id, OrgRole::OrgAdmin.code()).await?;
    audit::record(
        &mut *conn,
        Some(org_id),
        Some(user_id),
        "org.sign_up",
        &format!("org:{org_id}"),
    )
    .await?;
    Ok((user_id, org_id))
}

/// Open a sign-up link: in one transaction, check the token (unknown or
/// expired: an error, nothing changes), check that the address is still free
/// (else an error, nothing changes), create the organisation and its first
/// org admin and use up the pending sign-up. Returns (user id, org id).
pub async fn confirm_sign_up(db: &Db, token: &str) -> Result<(i64, i64), AppError> {
    let token = token.trim();
    if token.is_empty() || token.len() > 128 {
        return Err(bad(INVALID_SIGN_UP_LINK));
    }
    let result: Result<Result<(i64, i64), AppError>, DbError> = async {
        let mut tx = db.begin_write().await?;
        let Some(row) = pending_sign_ups::find_valid(&mut *tx, token).await? else {
            return Ok(Err(bad(INVALID_SIGN_UP_LINK)));
        };
        let data: PendingSignUp = match serde_json::from_str(&row.payload) {
            Ok(d) => d,
            Err(e) => return Ok(Err(AppError::internal("sign-up payload", &e))),
        };
        let org = match data.org() {
            Ok(o) => o,
            Err(_) => return Ok(Err(bad(INVALID_SIGN_UP_LINK))),
        };
        if users::by_email(&mut *tx, &row.email).await?.is_some() {
            return Ok(Err(bad(EMAIL_TAKEN)));
        }
        if !pending_sign_ups::take(&mut *tx, row.id).await? {
            return Ok(Err(bad(INVALID_SIGN_UP_LINK)));
        }
        // Two sign-ups raced past "replace the earlier one": the first
        // confirmed wins and the other link stops working.
        pending_sign_ups::delete_for_email(&mut *tx, &row.email).await?;
        let ids = insert_org_and_admin(
            &mut tx,
            &org,
            &row.email,
            &data.display_name,
            &data.password_hash,
            &data.language,
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(ids))
    }
    .await;
    match result {
        Ok(r) => r,
        Err(DbError::Sqlx(sqlx::Error::Database(e))) if e.is_unique_violation() => {
            Err(bad(EMAIL_TAKEN))
        }
        Err(e) => Err(AppError::internal("confirm sign-up", &e)),
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
    sign_in_user(db, session, user.id, settings).await
}

/// Sign a known account in on this session (after its password was checked,
/// or its sign-up confirmed): a new session id, the audit record, and the
/// account as the pages see it.
pub async fn sign_in_user(
    db: &Db,
    session: &Session,
    user_id: i64,
    settings: &AppSettings,
) -> Result<UserInfo, AppError> {
    start_session(db, session, user_id).await?;
    audit::record(
        db.pool(),
        None,
        Some(user_id),
        "auth.sign_in",
        &format!("user:{user_id}"),
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
    fn sign_up_links_and_mails() {
        let token = crate::db::tokens::new_token();
        let link = sign_up_link("https://spindel.example/", &token);
        assert_eq!(
            link,
            format!("https://spindel.example/sign-up/confirm/{token}")
        );
        let (subject, body) = confirmation_mail(&link);
        assert!(!subject.is_empty());
        assert!(body.contains(&link) && body.contains("24 hours"));
        // Delivery keeps no usable link.
        assert!(!crate::db::outbox::redact(&body).contains(&token));
        let (subject, body) = taken_mail("https://spindel.example/", "Bo Lund");
        assert!(!subject.is_empty());
        assert!(body.starts_with("Hello Bo Lund,"));
        assert!(body.contains("You already have an account"));
        assert!(body.contains("https://spindel.example/sign-in\n"));
        assert!(body.contains("https://spindel.example/forgot-password\n"));
        assert!(!body.contains("/sign-up/confirm/"));
    }

    #[test]
    fn a_pending_sign_up_keeps_the_hash_not_the_password_and_round_trips() {
        let v = validate_sign_up(input()).expect("valid");
        let p = PendingSignUp::new(&v, "$argon2id$v=19$m=19456,t=2,p=1$salt$hash".into());
        let json = serde_json::to_string(&p).expect("json");
        assert!(!json.contains(&v.password), "{json}");
        let back: PendingSignUp = serde_json::from_str(&json).expect("parse");
        assert_eq!(back, p);
        let org = back.org().expect("still valid");
        assert_eq!(org.name, "Älvby kommun");
        assert_eq!(org.country.as_str(), "SE");
        assert_eq!(org.population, 14_200);
        assert_eq!(org.ambition.code(), "fast_follower");
        assert!(!org.named_benchmarking);
        let info = back.info("anna@alvby.se");
        assert_eq!(info.email, "anna@alvby.se");
        assert_eq!(info.kind, "municipality");
        assert_eq!(info.display_name, "Anna Berg");
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
