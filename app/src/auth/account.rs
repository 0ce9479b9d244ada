//! The account page: name and language, password change, deletion, and
//! password reset by a single-use, expiring link (server only).

use super::password;
use super::service::{WRONG_CREDENTIALS, valid_email};
use super::session_store::{AUTH_AT, USER_ID};
use crate::AppError;
use crate::db::tokens::{self, NewToken, TokenKind};
use crate::db::{Db, DbError, audit, now_unix, outbox, users};
use tower_sessions::Session;

/// Reset links are valid for one hour.
pub const RESET_TTL_SECS: i64 = 3600;
/// At most this many reset mails per address and hour.
pub const RESETS_PER_HOUR: i64 = 3;

fn bad(msg: &str) -> AppError {
    AppError::BadRequest(msg.to_owned())
}

fn db_err(context: &'static str) -> impl Fn(DbError) -> AppError {
    move |e| AppError::internal(context, &e)
}

pub async fn update_profile(
    db: &Db,
    user_id: i64,
    display_name: &str,
    language: &str,
) -> Result<(), AppError> {
    let name = display_name.trim();
    if name.is_empty() || name.chars().count() > 120 || name.chars().any(char::is_control) {
        return Err(bad("Your name is required (at most 120 characters)."));
    }
    if crate::domain::language::supported(language).is_none() {
        return Err(bad("Choose one of the offered languages."));
    }
    let mut tx = db
        .begin_write()
        .await
        .map_err(|e| AppError::internal("tx", &e))?;
    sqlx::query("UPDATE users SET display_name = $1, language = $2 WHERE id = $3")
        .bind(name)
        .bind(language)
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .map_err(|e| AppError::internal("update profile", &e))?;
    audit::record(
        &mut *tx,
        None,
        Some(user_id),
        "account.updated",
        &format!("user:{user_id}"),
    )
    .await
    .map_err(db_err("audit"))?;
    tx.commit()
        .await
        .map_err(|e| AppError::internal("commit", &e))?;
    Ok(())
}

/// Change the password: needs the current one; ends every session of the
/// account and signs this browser in again with a new session id.
pub async fn change_password(
    db: &Db,
    session: &Session,
    user_id: i64,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    let user = users::by_id(db, user_id)
        .await
        .map_err(db_err("load user"))?
        .ok_or(AppError::Unauthorized)?;
    let ok = password::verify(current.to_owned(), user.password_hash.clone())
        .await
        .map_err(|e| AppError::internal("verify", &e))?;
    if !ok {
        return Err(bad("The current password is incorrect."));
    }
    password::check_policy(new).map_err(|p| bad(p.message()))?;
    let hash = password::hash(new.to_owned())
        .await
        .map_err(|e| AppError::internal("hash", &e))?;
    let result: Result<(), DbError> = async {
        let mut tx = db.begin_write().await?;
        users::set_password_hash(&mut *tx, user_id, &hash).await?;
        users::delete_sessions(&mut *tx, user_id).await?;
        audit::record(
            &mut *tx,
            None,
            Some(user_id),
            "account.password_changed",
            &format!("user:{user_id}"),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    result.map_err(|e| AppError::internal("change password", &e))?;
    // This browser stays signed in, under a fresh session id.
    let se = super::service::session_err;
    session.cycle_id().await.map_err(se)?;
    session.insert(USER_ID, user_id).await.map_err(se)?;
    session.insert(AUTH_AT, now_unix()).await.map_err(se)?;
    Ok(())
}

/// Delete the account and its personal data (name, e-mail, password hash,
/// memberships, sessions, tokens). Refused while it is the only administrator
/// of an organisation that has other members. Audit entries keep only the
/// numeric id.
pub async fn delete_account(
    db: &Db,
    session: &Session,
    user_id: i64,
    password_input: &str,
) -> Result<(), AppError> {
    let user = users::by_id(db, user_id)
        .await
        .map_err(db_err("load user"))?
        .ok_or(AppError::Unauthorized)?;
    let ok = password::verify(password_input.to_owned(), user.password_hash.clone())
        .await
        .map_err(|e| AppError::internal("verify", &e))?;
    if !ok {
        return Err(bad(WRONG_CREDENTIALS));
    }
    let (blocking,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM memberships m
         WHERE m.user_id = $1 AND m.role = 'org_admin'
           AND (SELECT COUNT(*) FROM memberships a WHERE a.org_id = m.org_id AND a.role = 'org_admin') = 1
           AND (SELECT COUNT(*) FROM memberships o WHERE o.org_id = m.org_id) > 1",
    )
    .bind(user_id)
    .fetch_one(db.pool())
    .await
    .map_err(|e| AppError::internal("delete check", &e))?;
    if blocking > 0 {
        return Err(AppError::Conflict(
            "You are the only administrator of an organisation with other members. \
             Make someone else administrator first."
                .into(),
        ));
    }
    let email = user.email.clone();
    let result: Result<(), DbError> = async {
        let mut tx = db.begin_write().await?;
        users::delete_sessions(&mut *tx, user_id).await?;
        sqlx::query("DELETE FROM auth_tokens WHERE email = $1")
            .bind(&email)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM memberships WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut *tx,
            None,
            Some(user_id),
            "account.deleted",
            &format!("user:{user_id}"),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    result.map_err(|e| AppError::internal("delete account", &e))?;
    session.flush().await.map_err(super::service::session_err)?;
    Ok(())
}

/// Ask for a reset link. The answer never says whether the account exists;
/// a link is mailed only to existing, enabled accounts, at most
/// [`RESETS_PER_HOUR`] per hour.
pub async fn request_reset(db: &Db, email: &str, public_url: &str) -> Result<(), AppError> {
    let email = users::normalise_email(email);
    if !valid_email(&email) {
        return Err(bad("Enter a valid e-mail address."));
    }
    let Some(user) = users::by_email(db.pool(), &email)
        .await
        .map_err(db_err("reset lookup"))?
        .filter(|u| !u.disabled)
    else {
        return Ok(());
    };
    let recent = tokens::count_recent(db, TokenKind::Reset, &email, now_unix() - 3600)
        .await
        .map_err(db_err("reset count"))?;
    if recent >= RESETS_PER_HOUR {
        return Ok(());
    }
    let token = tokens::new_token();
    let link = format!("{}/reset/{token}", public_url.trim_end_matches('/'));
    let body = format!(
        "Hello {name},\n\nsomeone asked to reset the password of your Spindel account.\n\
         Open this link within one hour to choose a new password:\n\n{link}\n\n\
         If it was not you, ignore this e-mail: your password stays as it is.\n",
        name = user.display_name
    );
    let result: Result<(), DbError> = async {
        let mut tx = db.begin_write().await?;
        tokens::insert(
            &mut *tx,
            &NewToken {
                kind: TokenKind::Reset,
                token: &token,
                email: &email,
                org_id: None,
                role: None,
                created_by: None,
                ttl_secs: RESET_TTL_SECS,
            },
        )
        .await?;
        outbox::queue(
            &mut *tx,
            &email,
            "Reset your Spindel password",
            &body,
            "password_reset",
        )
        .await?;
        audit::record(
            &mut *tx,
            None,
            Some(user.id),
            "account.reset_requested",
            &format!("user:{}", user.id),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    result.map_err(|e| AppError::internal("request reset", &e))
}

pub const INVALID_RESET: &str = "This reset link is invalid, already used or expired.";

/// Set a new password with a reset link; ends every session of the account.
pub async fn complete_reset(db: &Db, token: &str, new: &str) -> Result<(), AppError> {
    let t = tokens::find_valid(db.pool(), TokenKind::Reset, token)
        .await
        .map_err(db_err("reset"))?
        .ok_or_else(|| bad(INVALID_RESET))?;
    password::check_policy(new).map_err(|p| bad(p.message()))?;
    let user = users::by_email(db.pool(), &t.email)
        .await
        .map_err(db_err("reset user"))?
        .filter(|u| !u.disabled)
        .ok_or_else(|| bad(INVALID_RESET))?;
    let hash = password::hash(new.to_owned())
        .await
        .map_err(|e| AppError::internal("hash", &e))?;
    let result: Result<bool, DbError> = async {
        let mut tx = db.begin_write().await?;
        if !tokens::mark_used(&mut *tx, t.id).await? {
            return Ok(false);
        }
        users::set_password_hash(&mut *tx, user.id, &hash).await?;
        users::delete_sessions(&mut *tx, user.id).await?;
        audit::record(
            &mut *tx,
            None,
            Some(user.id),
            "account.password_reset",
            &format!("user:{}", user.id),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
    .await;
    match result {
        Ok(true) => Ok(()),
        Ok(false) => Err(bad(INVALID_RESET)),
        Err(e) => Err(AppError::internal("complete reset", &e)),
    }
}
