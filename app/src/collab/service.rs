//! Collaborations service (server only). Every write is one transaction with
//! an audit entry; reads of figures go through `scoring::gate` only.

use super::{
    CollabDashboard, CollabList, CollabSummary, ManagedMember, MemberSeries, MemberYear, OrgCollab,
    OrgPick, PendingInvite, SharedActivity, SharedTargets, collective, progress,
};
use crate::AppError;
use crate::auth::UserInfo;
use crate::benchmark::TargetView;
use crate::db::{Db, audit, now_unix};
use crate::plan::{TargetChange, TargetInput};
use crate::scoring::gate::campaign_results;
use crate::scoring::model::Availability;
use std::collections::BTreeMap;

fn internal(ctx: &'static str) -> impl Fn(sqlx::Error) -> AppError {
    move |e| AppError::internal(ctx, &e)
}

fn audit_err(e: crate::db::DbError) -> AppError {
    AppError::internal("audit", &e)
}

/// What the reader is to a collaboration.
#[derive(Debug, Clone)]
pub struct Access {
    pub name: String,
    pub is_coordinator: bool,
    /// The reader's organisations that are members.
    pub member_orgs: Vec<i64>,
}

/// The reader's access to collaboration `id`: coordinators and users with a
/// role in a member organisation. Anyone else gets 404 (existence is not
/// revealed).
pub async fn access(db: &Db, user: &UserInfo, id: i64) -> Result<Access, AppError> {
    let name: Option<(String,)> = sqlx::query_as("SELECT name FROM collaborations WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await
        .map_err(internal("collaboration"))?;
    let Some((name,)) = name else {
        return Err(AppError::NotFound);
    };
    let coord: Option<(i64,)> = sqlx::query_as(
        "SELECT user_id FROM collaboration_coordinators WHERE collaboration_id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user.id)
    .fetch_optional(db.pool())
    .await
    .map_err(internal("coordinator"))?;
    let members: Vec<(i64,)> = sqlx::query_as(
        "SELECT org_id FROM collaboration_members WHERE collaboration_id = $1 AND status = 'member'",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await
    .map_err(internal("members"))?;
    let member_orgs: Vec<i64> = members
        .into_iter()
        .map(|(o,)| o)
        .filter(|o| user.role_in(*o).is_some())
        .collect();
    if coord.is_none() && member_orgs.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(Access {
        name,
        is_coordinator: coord.is_some(),
        member_orgs,
    })
}

/// Coordinators only: members get 403, everyone else 404.
pub async fn require_coordinator(db: &Db, user: &UserInfo, id: i64) -> Result<Access, AppError> {
    let a = access(db, user, id).await?;
    if a.is_coordinator {
        Ok(a)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Create a collaboration; the creator becomes its coordinator.
pub async fn create(db: &Db, actor_id: i64, name: &str) -> Result<i64, AppError> {
    let name = super::parse_name(name).map_err(AppError::BadRequest)?;
    let mut tx = db.begin_write().await.map_err(internal("tx"))?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO collaborations (name, created_at, created_by) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(&name)
    .bind(now_unix())
    .bind(actor_id)
    .fetch_one(&mut *tx)
    .await
    .map_err(internal("insert collaboration"))?;
    sqlx::query(
        "INSERT INTO collaboration_coordinators (collaboration_id, user_id) VALUES ($1, $2)",
    )
    .bind(id)
    .bind(actor_id)
    .execute(&mut *tx)
    .await
    .map_err(internal("insert coordinator"))?;
    audit::record(
        &mut *tx,
        None,
        Some(actor_id),
        "collab.create",
        &format!("collaboration:{id}"),
    )
    .await
    .map_err(audit_err)?;
    tx.commit().await.map_err(internal("commit"))?;
    Ok(id)
}

/// Organisations whose name contains `query` (case-insensitive), that are
/// not yet invited to or members of the collaboration; at most 20.
pub async fn search_orgs(db: &Db, id: i64, query: &str) -> Result<Vec<OrgPick>, AppError> {
    let q = query.trim();
    if q.chars().count() > 100 {
        return Err(AppError::BadRequest("The search text is too long.".into()));
    }
    let escape = |s: &str| -> String {
        s.chars()
            .flat_map(|c| match c {
                '%' | '_' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect()
    };
    // SQLite's LOWER folds ASCII only: match the lower-cased text or the text as typed.
    let (lower, typed) = (escape(&q.to_lowercase()), escape(q));
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT o.id, o.name, o.country, o.kind FROM organisations o
         WHERE o.disabled = 0
         AND (LOWER(o.name) LIKE $1 ESCAPE '\\' OR o.name LIKE $3 ESCAPE '\\')
         AND NOT EXISTS (SELECT 1 FROM collaboration_members m
                         WHERE m.collaboration_id = $2 AND m.org_id = o.id)
         ORDER BY o.name, o.id LIMIT 20",
    )
    .bind(format!("%{lower}%"))
    .bind(id)
    .bind(format!("%{typed}%"))
    .fetch_all(db.pool())
    .await
    .map_err(internal("search organisations"))?;
    Ok(rows
        .into_iter()
        .map(|(id, name, country, kind)| OrgPick {
            id,
            name,
            country,
            kind,
        })
        .collect())
}

/// Invite an organisation (coordinator checked by the caller).
pub async fn invite(db: &Db, actor_id: i64, id: i64, org_id: i64) -> Result<(), AppError> {
    let org: Option<(i64,)> = sqlx::query_as("SELECT disabled FROM organisations WHERE id = $1")
        .bind(org_id)
        .fetch_optional(db.pool())
        .await
        .map_err(internal("organisation"))?;
    if !matches!(org, Some((0,))) {
        return Err(AppError::BadRequest("Unknown organisation.".into()));
    }
    let mut tx = db.begin_write().await.map_err(internal("tx"))?;
    let existing: Option<(String,)> = sqlx::query_as(
        "SELECT status FROM collaboration_members WHERE collaboration_id = $1 AND org_id = $2",
    )
    .bind(id)
    .bind(org_id)
    .fetch_optional(&mut *tx)
    .await
    .map_err(internal("member"))?;
    if existing.is_some() {
        return Err(AppError::Conflict(
            "This organisation is already invited or a member.".into(),
        ));
    }
    sqlx::query(
        "INSERT INTO collaboration_members
           (collaboration_id, org_id, status, named, shares_targets, created_at)
         VALUES ($1, $2, 'invited', 0, 0, $3)",
    )
    .bind(id)
    .bind(org_id)
    .bind(now_unix())
    .execute(&mut *tx)
    .await
    .map_err(internal("insert invitation"))?;
    audit::record(
        &mut *tx,
        Some(org_id),
        Some(actor_id),
        "collab.invite",
        &format!("collaboration:{id}"),
    )
    .await
    .map_err(audit_err)?;
    tx.commit().await.map_err(internal("commit"))?;
    Ok(())
}

/// Delete the membership or invitation of `org_id` in `status` (`None` = any);
/// 404 when there is none. Used by withdraw, remove, decline and leave.
async fn delete_row(
    db: &Db,
    actor_id: i64,
    id: i64,
    org_id: i64,
    status: Option<&str>,
    action: &str,
) -> Result<(), AppError> {
    let mut tx = db.begin_write().await.map_err(internal("tx"))?;
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT status FROM collaboration_members WHERE collaboration_id = $1 AND org_id = $2",
    )
    .bind(id)
    .bind(org_id)
    .fetch_optional(&mut *tx)
    .await
    .map_err(internal("member"))?;
    match (row, status) {
        (Some((s,)), Some(want)) if s != want => return Err(AppError::NotFound),
        (None, _) => return Err(AppError::NotFound),
        _ => {}
    }
    sqlx::query("DELETE FROM collaboration_members WHERE collaboration_id = $1 AND org_id = $2")
        .bind(id)
        .bind(org_id)
        .execute(&mut *tx)
        .await
        .map_err(internal("delete member"))?;
    audit::record(
        &mut *tx,
        Some(org_id),
        Some(actor_id),
        action,
        &format!("collaboration:{id}"),
    )
    .await
    .map_err(audit_err)?;
    tx.commit().await.map_err(internal("commit"))?;
    Ok(())
}

/// The coordinator removes a member or withdraws an invitation.
pub async fn remove(db: &Db, actor_id: i64, id: i64, org_id: i64) -> Result<(), AppError> {
    delete_row(db, actor_id, id, org_id, None, "collab.remove").await
}

/// An org admin leaves (org role checked by the caller).
pub async fn leave(db: &Db, actor_id: i64, id: i64, org_id: i64) -> Result<(), AppError> {
    delete_row(db, actor_id, id, org_id, Some("member"), "collab.leave").await
}

/// An org admin accepts (with its consent choices) or declines an invitation.
pub async fn respond(
    db: &Db,
    actor_id: i64,
    id: i64,
    org_id: i64,
    decision: &str,
    named: bool,
    shares_targets: bool,
) -> Result<(), AppError> {
    match decision {
        "accept" => {
            update_row(
                db,
                actor_id,
                id,
                org_id,
                "invited",
                named,
                shares_targets,
                "collab.accept",
            )
            .await
        }
        "decline" => delete_row(db, actor_id, id, org_id, Some("invited"), "collab.decline").await,
        _ => Err(AppError::BadRequest(
            "Choose to accept or to decline the invitation.".into(),
        )),
    }
}

/// A member changes whether it is named and whether it shares its targets.
pub async fn set_consent(
    db: &Db,
    actor_id: i64,
    id: i64,
    org_id: i64,
    named: bool,
    shares_targets: bool,
) -> Result<(), AppError> {
    update_row(
        db,
        actor_id,
        id,
        org_id,
        "member",
        named,
        shares_targets,
        "collab.consent",
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn update_row(
    db: &Db,
    actor_id: i64,
    id: i64,
    org_id: i64,
    from_status: &str,
    named: bool,
    shares_targets: bool,
    action: &str,
) -> Result<(), AppError> {
    let mut tx = db.begin_write().await.map_err(internal("tx"))?;
    let res = sqlx::query(
        "UPDATE collaboration_members SET status = 'member', named = $1, shares_targets = $2
         WHERE collaboration_id = $3 AND org_id = $4 AND status = $5",
    )
    .bind(i64::from(named))
    .bind(i64::from(shares_targets))
    .bind(id)
    .bind(org_id)
    .bind(from_status)
    .execute(&mut *tx)
    .await
    .map_err(internal("update member"))?;
    if res.rows_affected() != 1 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut *tx,
        Some(org_id),
        Some(actor_id),
        action,
        &format!(
            "collaboration:{id} named={} shares_targets={}",
            i64::from(named),
            i64::from(shares_targets)
        ),
    )
    .await
    .map_err(audit_err)?;
    tx.commit().await.map_err(internal("commit"))?;
    Ok(())
}

/// Current collective targets (the latest row per strategy) and their history.
pub async fn targets(db: &Db, id: i64) -> Result<(Vec<TargetView>, Vec<TargetChange>), AppError> {
    let rows: Vec<(String, f64, i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT t.strategy, t.level, t.target_year, t.set_at, u.display_name
         FROM collaboration_targets t LEFT JOIN users u ON u.id = t.set_by
         WHERE t.collaboration_id = $1 ORDER BY t.id DESC",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await
    .map_err(internal("collaboration targets"))?;
    let mut current: Vec<TargetView> = Vec::new();
    for (strategy, level, target_year, _, _) in &rows {
        if !current.iter().any(|c| &c.strategy == strategy) {
            current.push(TargetView {
                strategy: strategy.clone(),
                level: *level,
                target_year: *target_year,
            });
        }
    }
    current.sort_by(|a, b| a.strategy.cmp(&b.strategy));
    let history = rows
        .into_iter()
        .map(
            |(strategy, level, target_year, set_at, set_by)| TargetChange {
                strategy,
                level,
                target_year,
                set_at,
                set_by,
            },
        )
        .collect();
    Ok((current, history))
}

/// Save the collective targets that changed (coordinator checked by the caller).
pub async fn save_targets(
    db: &Db,
    actor_id: i64,
    id: i64,
    input: &[TargetInput],
) -> Result<usize, AppError> {
    let (current, _) = targets(db, id).await?;
    let changed = crate::plan::changed_targets(&current, input);
    if changed.is_empty() {
        return Ok(0);
    }
    let mut tx = db.begin_write().await.map_err(internal("tx"))?;
    for t in &changed {
        sqlx::query(
            "INSERT INTO collaboration_targets
               (collaboration_id, strategy, level, target_year, set_by, set_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(&t.strategy)
        .bind(t.level)
        .bind(t.target_year)
        .bind(actor_id)
        .bind(now_unix())
        .execute(&mut *tx)
        .await
        .map_err(internal("insert collaboration target"))?;
    }
    audit::record(
        &mut *tx,
        None,
        Some(actor_id),
        "collab.targets",
        &format!(
            "collaboration:{id} {}",
            changed
                .iter()
                .map(|t| t.strategy.as_str())
                .collect::<Vec<_>>()
                .join(",")
        ),
    )
    .await
    .map_err(audit_err)?;
    tx.commit().await.map_err(internal("commit"))?;
    Ok(changed.len())
}

async fn member_count(db: &Db, id: i64) -> Result<i64, AppError> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM collaboration_members WHERE collaboration_id = $1 AND status = 'member'",
    )
    .bind(id)
    .fetch_one(db.pool())
    .await
    .map_err(internal("member count"))?;
    Ok(n)
}

/// The reader's collaborations and the invitations waiting for them.
pub async fn list(db: &Db, user: &UserInfo) -> Result<CollabList, AppError> {
    let coordinated: Vec<(i64, String)> = sqlx::query_as(
        "SELECT c.id, c.name FROM collaborations c JOIN collaboration_coordinators k
         ON k.collaboration_id = c.id WHERE k.user_id = $1 ORDER BY c.name, c.id",
    )
    .bind(user.id)
    .fetch_all(db.pool())
    .await
    .map_err(internal("coordinated"))?;
    let mut out = CollabList {
        coordinated: Vec::new(),
        member_of: Vec::new(),
        pending: Vec::new(),
    };
    for (id, name) in coordinated {
        out.coordinated.push(CollabSummary {
            id,
            name,
            members: member_count(db, id).await?,
            via: vec![],
        });
    }
    let mut member_of: BTreeMap<i64, CollabSummary> = BTreeMap::new();
    for m in &user.memberships {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT c.id, c.name, m.status FROM collaborations c JOIN collaboration_members m
             ON m.collaboration_id = c.id WHERE m.org_id = $1 ORDER BY c.name, c.id",
        )
        .bind(m.org_id)
        .fetch_all(db.pool())
        .await
        .map_err(internal("org collaborations"))?;
        for (id, name, status) in rows {
            if status == "member" {
                if let Some(s) = member_of.get_mut(&id) {
                    s.via.push(m.org_name.clone());
                } else {
                    member_of.insert(
                        id,
                        CollabSummary {
                            id,
                            name,
                            members: member_count(db, id).await?,
                            via: vec![m.org_name.clone()],
                        },
                    );
                }
            } else if m.role.can_administer() {
                out.pending.push(PendingInvite {
                    collab_id: id,
                    collab_name: name,
                    org_id: m.org_id,
                    org_name: m.org_name.clone(),
                });
            }
        }
    }
    let mut member_of: Vec<CollabSummary> = member_of.into_values().collect();
    member_of.sort_by(|a, b| a.name.cmp(&b.name));
    out.member_of = member_of;
    Ok(out)
}

/// The collaborations (and invitations) of one organisation (role checked by
/// the caller).
pub async fn org_collabs(db: &Db, org_id: i64) -> Result<Vec<OrgCollab>, AppError> {
    let rows: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(
        "SELECT c.id, c.name, m.status, m.named, m.shares_targets
         FROM collaborations c JOIN collaboration_members m ON m.collaboration_id = c.id
         WHERE m.org_id = $1 ORDER BY m.status, c.name, c.id",
    )
    .bind(org_id)
    .fetch_all(db.pool())
    .await
    .map_err(internal("org collaborations"))?;
    Ok(rows
        .into_iter()
        .map(|(collab_id, name, status, named, shares)| OrgCollab {
            collab_id,
            name,
            status,
            named: named == 1,
            shares_targets: shares == 1,
        })
        .collect())
}

/// The k-safe totals (INDEX, S1–S6) of an organisation per year: the latest
/// closed campaign of each year, through the anonymity gate.
async fn member_years(
    db: &Db,
    org_id: i64,
    named: bool,
    k: i64,
    quadrant_threshold: f64,
) -> Result<Vec<MemberYear>, AppError> {
    let closed: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, year FROM campaigns WHERE org_id = $1 AND state = 'closed' ORDER BY year, id",
    )
    .bind(org_id)
    .fetch_all(db.pool())
    .await
    .map_err(internal("closed campaigns"))?;
    let mut by_year: BTreeMap<i64, MemberYear> = BTreeMap::new();
    for (cid, year) in closed {
        let r = campaign_results(db, org_id, cid, k, quadrant_threshold).await?;
        if r.availability != Availability::Available {
            continue;
        }
        let values: BTreeMap<String, f64> = super::DIMS
            .iter()
            .filter_map(|d| r.total(d).map(|s| (d.to_string(), s.mean)))
            .collect();
        by_year.insert(
            year,
            MemberYear {
                org_id,
                named,
                year,
                values,
            },
        );
    }
    Ok(by_year.into_values().collect())
}

/// The collaboration dashboard for a reader with `access`.
pub async fn dashboard(
    db: &Db,
    id: i64,
    a: &Access,
    s: crate::benchmark::service::BenchSettings,
) -> Result<CollabDashboard, AppError> {
    let coordinators: Vec<(String,)> = sqlx::query_as(
        "SELECT u.display_name FROM collaboration_coordinators k JOIN users u ON u.id = k.user_id
         WHERE k.collaboration_id = $1 ORDER BY u.display_name",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await
    .map_err(internal("coordinators"))?;
    let rows: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(
        "SELECT m.org_id, o.name, m.status, m.named, m.shares_targets
         FROM collaboration_members m JOIN organisations o ON o.id = m.org_id
         WHERE m.collaboration_id = $1 ORDER BY o.name, m.org_id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await
    .map_err(internal("collaboration members"))?;
    let mut data: Vec<MemberYear> = Vec::new();
    let mut named_members = Vec::new();
    let mut unnamed_members = 0;
    let mut shared_targets = Vec::new();
    let mut pending = Vec::new();
    let mut members = Vec::new();
    for (org_id, name, status, named, shares) in &rows {
        if status != "member" {
            pending.push(ManagedMember {
                org_id: *org_id,
                name: Some(name.clone()),
            });
            continue;
        }
        let (named, own) = (*named == 1, a.member_orgs.contains(org_id));
        members.push(ManagedMember {
            org_id: *org_id,
            name: (named || own).then(|| name.clone()),
        });
        let years = member_years(db, *org_id, named, s.k, s.quadrant_threshold).await?;
        if named || own {
            named_members.push(MemberSeries {
                name: name.clone(),
                own,
                years: years
                    .iter()
                    .map(|y| {
                        (
                            y.year,
                            y.values.iter().map(|(d, v)| (d.clone(), *v)).collect(),
                        )
                    })
                    .collect(),
            });
            // Targets and plan only of members that share them (and are
            // named, or the reader's own).
            if *shares == 1 {
                let t = crate::benchmark::dashboard::targets(db, *org_id).await?;
                let activities: Vec<SharedActivity> =
                    crate::plan::action_service::plan(db, *org_id)
                        .await?
                        .activities
                        .into_iter()
                        .map(|a| SharedActivity {
                            title: a.title,
                            strategy: a.strategy,
                            year: a.year,
                            status: a.status,
                        })
                        .collect();
                if !t.is_empty() || !activities.is_empty() {
                    shared_targets.push(SharedTargets {
                        name: name.clone(),
                        targets: t,
                        activities,
                    });
                }
            }
        } else {
            unnamed_members += 1;
        }
        data.extend(years);
    }
    let coll = collective(&data, &a.member_orgs, s.min_orgs);
    let (current, history) = targets(db, id).await?;
    let progress = current.iter().map(|t| progress(t, &coll)).collect();
    Ok(CollabDashboard {
        id,
        name: a.name.clone(),
        is_coordinator: a.is_coordinator,
        coordinators: coordinators.into_iter().map(|(n,)| n).collect(),
        min_orgs: s.min_orgs,
        named_members,
        unnamed_members,
        collective: coll,
        targets: current,
        target_history: history,
        progress,
        shared_targets,
        pending: if a.is_coordinator { pending } else { vec![] },
        members: if a.is_coordinator { members } else { vec![] },
    })
}
