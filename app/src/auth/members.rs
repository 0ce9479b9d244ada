//! Org admins invite users by e-mail link, change their role and remove them;
//! invitees accept and set a password (server only).

use super::service::{WRONG_CREDENTIALS, valid_email};
use super::{InvitationInfo, MemberRow, password};
use crate::AppError;
use crate::db::tokens::{self, NewToken, TokenKind};
use crate::db::{Db, DbError, audit, orgs, outbox, users};
use crate::domain::roles::OrgRole;

/// Invitations are valid for 7 days.
pub const INVITE_TTL_SECS: i64 = 7 * 24 * 3600;

fn db_err(context: &'static str) -> impl Fn(DbError) -> AppError {
    move |e| AppError::internal(context, &e)
}

fn bad(msg: &str) -> AppError {
    AppError::BadRequest(msg.to_owned())
}

pub async fn list(db: &Db, org_id: i64) -> Result<Vec<MemberRow>, AppError> {
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT u.id, u.display_name, u.email, m.role FROM memberships m
         JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 ORDER BY u.display_name, u.id",
    )
    .bind(org_id)
    .fetch_all(db.pool())
    .await
    .map_err(|e| AppError::internal("list members", &e))?;
    Ok(rows
        .into_iter()
        .filter_map(|(user_id, display_name, email, role)| {
            OrgRole::parse(&role).map(|role| MemberRow {
                user_id,
                display_name,
                email,
                role,
            })
        })
        .collect())
}

/// Create an invitation and queue its e-mail. Returns the invitation id.
/// The link holds the only copy of the token.
pub async fn invite(
    db: &Db,
    org_id: i64,
    actor_id: i64,
    email: &str,
    role: &str,
    public_url: &str,
) -> Result<i64, AppError> {
    let email = users::normalise_email(email);
    if !valid_email(&email) {
        return Err(bad("Enter a valid e-mail address."));
    }
    let role = OrgRole::parse(role).ok_or_else(|| bad("Choose a role."))?;
    if list(db, org_id).await?.iter().any(|m| m.email == email) {
        return Err(AppError::Conflict(
            "This person is already a member.".into(),
        ));
    }
    let org = orgs::get(db, org_id)
        .await
        .map_err(db_err("invite: org"))?
        .ok_or(AppError::NotFound)?;
    let token = tokens::new_token();
    let link = format!("{}/invite/{token}", public_url.trim_end_matches('/'));
    let role_name = match role {
        OrgRole::OrgAdmin => "organisation administrator",
        OrgRole::Leader => "leader",
    };
    let subject = format!("Invitation to {} on Spindel", org.name);
    let body = format!(
        "Hello,\n\nyou have been invited to join {org} on Spindel as {role_name}.\n\
         Open this link within 7 days to accept and choose your password:\n\n{link}\n\n\
         If you did not expect this invitation, you can ignore this e-mail.\n",
        org = org.name
    );
    let result: Result<i64, DbError> = async {
        let mut tx = db.begin_write().await?;
        let id = tokens::insert(
            &mut *tx,
            &NewToken {
                kind: TokenKind::Invite,
                token: &token,
                email: &email,
                org_id: Some(org_id),
                role: Some(role.code()),
                created_by: Some(actor_id),
                ttl_secs: INVITE_TTL_SECS,
            },
        )
        .await?;
        outbox::queue(&mut *tx, &email, &subject, &body, "invitation").await?;
        audit::record(
            &mut *tx,
            Some(org_id),
            Some(actor_id),
            "member.invited",
            &format!("invitation:{id}"),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }
    .await;
    result.map_err(|e| AppError::internal("invite", &e))
}

pub const INVALID_INVITATION: &str = "This invitation link is invalid, already used or expired.";

pub async fn invitation_info(db: &Db, token: &str) -> Result<InvitationInfo, AppError> {
    let t = tokens::find_valid(db.pool(), TokenKind::Invite, token)
        .await
        .map_err(db_err("invitation"))?
        .ok_or_else(|| bad(INVALID_INVITATION))?;
    let org_id = t.org_id.ok_or_else(|| bad(INVALID_INVITATION))?;
    let org = orgs::get(db, org_id)
        .await
        .map_err(db_err("invitation org"))?
        .filter(|o| !o.disabled)
        .ok_or_else(|| bad(INVALID_INVITATION))?;
    let role = t
        .role
        .as_deref()
        .and_then(OrgRole::parse)
        .ok_or_else(|| bad(INVALID_INVITATION))?;
    let has_account = users::by_email(db.pool(), &t.email)
        .await
        .map_err(db_err("invitation user"))?
        .is_some();
    Ok(InvitationInfo {
        org_name: org.name,
        email: t.email,
        role,
        has_account,
    })
}

/// Accept an invitation: create the account (or confirm an existing one with
/// its password), add the membership and use up the token, in one
/// transaction. Returns (user id, org id).
pub async fn accept(
    db: &Db,
    token: &str,
    display_name: &str,
    password_input: &str,
) -> Result<(i64, i64), AppError> {
    let t = tokens::find_valid(db.pool(), TokenKind::Invite, token)
        .await
        .map_err(db_err("accept"))?
        .ok_or_else(|| bad(INVALID_INVITATION))?;
    let org_id = t.org_id.ok_or_else(|| bad(INVALID_INVITATION))?;
    let role = t
        .role
        .as_deref()
        .and_then(OrgRole::parse)
        .ok_or_else(|| bad(INVALID_INVITATION))?;
    let existing = users::by_email(db.pool(), &t.email)
        .await
        .map_err(db_err("accept"))?;
    let new_hash = match &existing {
        Some(u) => {
            let ok = password::verify(password_input.to_owned(), u.password_hash.clone())
                .await
                .map_err(|e| AppError::internal("verify", &e))?;
            if !ok || u.disabled {
                return Err(bad(WRONG_CREDENTIALS));
            }
            None
        }
        None => {
            let name = display_name.trim();
            if name.is_empty() || name.chars().count() > 120 {
                return Err(bad("Your name is required (at most 120 characters)."));
            }
            password::check_policy(password_input).map_err(|p| bad(p.message()))?;
            Some(
                password::hash(password_input.to_owned())
                    .await
                    .map_err(|e| AppError::internal("hash", &e))?,
            )
        }
    };
    let result: Result<Result<(i64, i64), AppError>, DbError> = async {
        let mut tx = db.begin_write().await?;
        if !tokens::mark_used(&mut *tx, t.id).await? {
            return Ok(Err(bad(INVALID_INVITATION)));
        }
        let user_id = match (&existing, &new_hash) {
            (Some(u), _) => u.id,
            (None, Some(hash)) => {
                users::insert(
                    &mut *tx,
                    &users::NewUser {
                        email: &t.email,
                        display_name: display_name.trim(),
                        password_hash: hash,
                        language: "en",
                        is_operator: false,
                    },
                )
                .await?
            }
            (None, None) => return Ok(Err(AppError::Internal)),
        };
        let already: Option<(String,)> =
            sqlx::query_as("SELECT role FROM memberships WHERE user_id = $1 AND org_id = $2")
                .bind(user_id)
                .bind(org_id)
                .fetch_optional(&mut *tx)
                .await?;
        if already.is_none() {
            users::add_membership(&mut *tx, user_id, org_id, role.code()).await?;
        }
        audit::record(
            &mut *tx,
            Some(org_id),
            Some(user_id),
            "member.joined",
            &format!("user:{user_id}"),
        )
        .await?;
        tx.commit().await?;
        Ok(Ok((user_id, org_id)))
    }
    .await;
    match result {
        Ok(r) => r,
        Err(DbError::Sqlx(sqlx::Error::Database(e))) if e.is_unique_violation() => {
            Err(bad(INVALID_INVITATION))
        }
        Err(e) => Err(AppError::internal("accept invitation", &e)),
    }
}

async fn admin_count(db: &Db, org_id: i64) -> Result<i64, AppError> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND role = 'org_admin'")
            .bind(org_id)
            .fetch_one(db.pool())
            .await
            .map_err(|e| AppError::internal("count admins", &e))?;
    Ok(n)
}

async fn member_role(db: &Db, org_id: i64, user_id: i64) -> Result<OrgRole, AppError> {
    users::role_in(db, user_id, org_id)
        .await
        .map_err(db_err("member role"))?
        .as_deref()
        .and_then(OrgRole::parse)
        .ok_or(AppError::NotFound)
}

pub const LAST_ADMIN: &str =
    "An organisation needs at least one administrator. Make someone else administrator first.";

/// Change a member's role (never leaving the organisation without an admin).
pub async fn set_role(
    db: &Db,
    org_id: i64,
    actor_id: i64,
    user_id: i64,
    role: &str,
) -> Result<(), AppError> {
    let role = OrgRole::parse(role).ok_or_else(|| bad("Choose a role."))?;
    let current = member_role(db, org_id, user_id).await?;
    if current == role {
        return Ok(());
    }
    if current == OrgRole::OrgAdmin && admin_count(db, org_id).await? <= 1 {
        return Err(AppError::Conflict(LAST_ADMIN.into()));
    }
    let result: Result<(), DbError> = async {
        let mut tx = db.begin_write().await?;
        sqlx::query("UPDATE memberships SET role = $1 WHERE user_id = $2 AND org_id = $3")
            .bind(role.code())
            .bind(user_id)
            .bind(org_id)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut *tx,
            Some(org_id),
            Some(actor_id),
            "member.role_changed",
            &format!("user:{user_id} {}->{}", current.code(), role.code()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    result.map_err(|e| AppError::internal("set role", &e))
}

/// Remove a member from the organisation (not the account itself).
pub async fn remove(db: &Db, org_id: i64, actor_id: i64, user_id: i64) -> Result<(), AppError> {
    let current = member_role(db, org_id, user_id).await?;
    if current == OrgRole::OrgAdmin && admin_count(db, org_id).await? <= 1 {
        return Err(AppError::Conflict(LAST_ADMIN.into()));
    }
    let result: Result<(), DbError> = async {
        let mut tx = db.begin_write().await?;
        sqlx::query("DELETE FROM memberships WHERE user_id = $1 AND org_id = $2")
            .bind(user_id)
            .bind(org_id)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut *tx,
            Some(org_id),
            Some(actor_id),
            "member.removed",
            &format!("user:{user_id}"),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    result.map_err(|e| AppError::internal("remove member", &e))
}
