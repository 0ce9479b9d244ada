//! Failed sign-in counters (per account key and per client address), kept in
//! the database so that every app server sees the same counts.

use super::{Db, DbError, now_unix};

/// Policy: `free` failures within `window_secs` are allowed; each failure
/// beyond locks the key for `base_lock_secs * 2^(extra-1)`, at most `max_lock_secs`.
#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    pub free: i64,
    pub window_secs: i64,
    pub base_lock_secs: i64,
    pub max_lock_secs: i64,
}

pub const ACCOUNT: ThrottlePolicy = ThrottlePolicy {
    free: 5,
    window_secs: 15 * 60,
    base_lock_secs: 30,
    max_lock_secs: 15 * 60,
};

pub const ADDRESS: ThrottlePolicy = ThrottlePolicy {
    free: 30,
    window_secs: 15 * 60,
    base_lock_secs: 30,
    max_lock_secs: 15 * 60,
};

/// Mistyped survey codes per client address. Generous, because many staff
/// share one address behind an office's NAT (30 misses used to lock a whole
/// town hall out): a shared code is 8 symbols of 31 (≈ 40 bits) and tokens
/// and resume codes 12, so the codes' entropy is the protection, and this
/// limit only bounds scanning (300 guesses per 15 minutes).
pub const SURVEY_ADDRESS: ThrottlePolicy = ThrottlePolicy {
    free: 300,
    window_secs: 15 * 60,
    base_lock_secs: 30,
    max_lock_secs: 15 * 60,
};

/// Sign-up attempts per client address (every valid attempt counts: each
/// one sends a mail, so this bounds mail bombing from one client; the
/// answer no longer tells whether an address has an account, issue 23,
/// leak 8): 10 per hour, then a lock from 1 minute doubling up to an hour.
pub const SIGN_UP_ADDRESS: ThrottlePolicy = ThrottlePolicy {
    free: 10,
    window_secs: 3600,
    base_lock_secs: 60,
    max_lock_secs: 3600,
};

/// Starts through one campaign's shared link or code from one client
/// address (issue 23, leak 5: padding): `per_hour` an hour, then a lock of
/// five minutes doubling to an hour. Personal links are not limited.
pub fn shared_starts(per_hour: i64) -> ThrottlePolicy {
    ThrottlePolicy {
        free: per_hour.max(1),
        window_secs: 3600,
        base_lock_secs: 300,
        max_lock_secs: 3600,
    }
}

/// Pure: lock duration after `failures` failures.
pub fn lock_secs(policy: &ThrottlePolicy, failures: i64) -> i64 {
    if failures <= policy.free {
        return 0;
    }
    let extra = (failures - policy.free - 1).min(20) as u32;
    (policy.base_lock_secs.saturating_mul(1_i64 << extra)).min(policy.max_lock_secs)
}

/// Seconds until `key` may try again (0 = allowed now).
pub async fn locked_for(db: &Db, key: &str) -> Result<i64, DbError> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT locked_until FROM login_throttle WHERE key = $1")
            .bind(key)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(|(until,)| (until - now_unix()).max(0)).unwrap_or(0))
}

/// Count one failure for `key`.
///
/// The count is raised by one statement (an upsert that reads the stored
/// row), never read first and written back: on PostgreSQL two transactions
/// that read the same count before either wrote (READ COMMITTED) would both
/// store count + 1, and failures spread over concurrent requests, on one app
/// server or several on one database, would go uncounted. The upsert keeps
/// the row locked until commit, so the lock set from the new count here is in
/// place before another failure is counted.
pub async fn fail(db: &Db, key: &str, policy: &ThrottlePolicy) -> Result<(), DbError> {
    let now = now_unix();
    let mut tx = db.begin_write().await?;
    let (failures,): (i64,) = sqlx::query_as(
        "INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES ($1, 1, $2, $2)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN $2 - login_throttle.window_start < $3
             THEN login_throttle.failures + 1 ELSE 1 END,
           window_start = CASE WHEN $2 - login_throttle.window_start < $3
             THEN login_throttle.window_start ELSE $2 END
         RETURNING failures",
    )
    .bind(key)
    .bind(now)
    .bind(policy.window_secs)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("UPDATE login_throttle SET locked_until = $1 WHERE key = $2")
        .bind(now + lock_secs(policy, failures))
        .bind(key)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Forget the failures of `key` (after a successful sign-in).
pub async fn clear(db: &Db, key: &str) -> Result<(), DbError> {
    sqlx::query("DELETE FROM login_throttle WHERE key = $1")
        .bind(key)
        .execute(db.pool())
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_grows_then_caps() {
        assert_eq!(lock_secs(&ACCOUNT, 1), 0);
        assert_eq!(lock_secs(&ACCOUNT, 5), 0);
        assert_eq!(lock_secs(&ACCOUNT, 6), 30);
        assert_eq!(lock_secs(&ACCOUNT, 7), 60);
        assert_eq!(lock_secs(&ACCOUNT, 8), 120);
        assert_eq!(lock_secs(&ACCOUNT, 12), 900);
        assert_eq!(lock_secs(&ACCOUNT, 1000), 900);
    }
}
