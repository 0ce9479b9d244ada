//! Database access (server only). One repository layer over SQLite (default,
//! embedded) or PostgreSQL (`DATABASE_URL=postgres://…`), through sqlx's `Any`
//! driver. SQL is written once with `$1`-style placeholders, which both
//! backends accept; types are restricted to i64, f64 and text so that both
//! dialects decode alike.
//!
//! Every repository function that touches tenant data takes the tenant
//! (organisation) id as an argument.

pub mod audit;
pub mod campaigns;
pub mod group_commit;
pub mod intake;
pub mod open_data;
pub mod orgs;
pub mod outbox;
pub mod peers;
pub mod pending_sign_ups;
pub mod settings;
pub mod throttle;
pub mod tokens;
pub mod users;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Executor};
use std::str::FromStr;
use std::time::Duration;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Backend, DbError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else {
            Err(DbError::UnsupportedUrl)
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL must start with sqlite: or postgres://")]
    UnsupportedUrl,
    #[error("database error")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    #[error("database busy: {0}")]
    Busy(&'static str),
}

/// Pool settings.
#[derive(Debug, Clone)]
pub struct PoolConfig {
    pub max_connections: u32,
    pub acquire_timeout: Duration,
}

impl Default for PoolConfig {
    fn default() -> Self {
        PoolConfig {
            max_connections: 8,
            acquire_timeout: Duration::from_secs(5),
        }
    }
}

/// The application's handle to its database.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    /// One connection, for the survey writer alone ([`group_commit`]).
    writer_pool: AnyPool,
    /// `writer_pool` is not the main pool (the writer may hold its connection).
    writer_owns_pool: bool,
    backend: Backend,
    group: std::sync::Arc<group_commit::GroupCommit>,
    /// Parsed questionnaire versions by id (published versions never change).
    pub(crate) versions: std::sync::Arc<campaigns::VersionCache>,
    /// Peer tables by year (see [`peers`]).
    pub(crate) peers: std::sync::Arc<peers::PeerCache>,
}

impl Db {
    /// Connect (creating the SQLite file if it is missing). Does not migrate.
    pub async fn connect(url: &str, cfg: &PoolConfig) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let url = match backend {
            // mode=rwc: create the file on first start
            Backend::Sqlite if !url.contains("mode=") && !url.contains(":memory:") => {
                if url.contains('?') {
                    format!("{url}&mode=rwc")
                } else {
                    format!("{url}?mode=rwc")
                }
            }
            _ => url.to_owned(),
        };
        let opts = AnyConnectOptions::from_str(&url)?
            .log_statements(tracing::log::LevelFilter::Trace)
            .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_millis(500));
        // Every connection to `sqlite::memory:` is a separate database: keep one.
        let max = if url.contains(":memory:") {
            1
        } else {
            cfg.max_connections
        };
        let pool = pool_options(backend, max, cfg.acquire_timeout)
            .connect_with(opts.clone())
            .await?;
        // The survey writer's own connection (see `group_commit`): its
        // prepared statements and page cache stay warm from batch to batch,
        // and it never waits for a connection held by a request. A pool of one
        // connection (an in-memory database exists once per connection) is
        // shared instead.
        let writer_pool = if max == 1 {
            pool.clone()
        } else {
            pool_options(backend, 1, cfg.acquire_timeout).connect_lazy_with(opts)
        };
        Ok(Db {
            pool,
            writer_pool,
            writer_owns_pool: max != 1,
            backend,
            group: Default::default(),
            versions: Default::default(),
            peers: Default::default(),
        })
    }

    /// Apply the migrations for this backend.
    pub async fn migrate(&self) -> Result<(), DbError> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    /// Connect and migrate.
    pub async fn open(url: &str, cfg: &PoolConfig) -> Result<Db, DbError> {
        let db = Db::connect(url, cfg).await?;
        db.migrate().await?;
        Ok(db)
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Begin a transaction that writes. On SQLite this is `BEGIN IMMEDIATE`:
    /// it takes the write lock at once (waiting up to the busy timeout),
    /// whereas a deferred `BEGIN` that reads first cannot upgrade to a write
    /// once another connection has committed, and fails at once with
    /// "database is locked" under concurrent load.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        begin_write(&self.pool, self.backend).await
    }

    /// Apply a survey autosave or submission through group commit: the draft
    /// is read, merged, checked and written in the writer's batch transaction;
    /// returns once that is durably committed (see [`group_commit`]).
    pub async fn update_draft(
        &self,
        u: group_commit::DraftUpdate,
    ) -> Result<group_commit::DraftOutcome, DbError> {
        let writer = group_commit::WriterDb {
            pool: self.writer_pool.clone(),
            backend: self.backend,
            versions: self.versions.clone(),
            own_pool: self.writer_owns_pool,
        };
        self.group.update(&writer, u).await
    }

    /// Move every committed write from SQLite's WAL into the database file
    /// and cut the WAL to zero bytes, so that the writes before this call and
    /// those after it never sit side by side in the WAL (a copy of the files
    /// taken at any moment cannot pair a spent survey token with the draft
    /// started next: issue 23, leak 7). Waits for readers up to the busy
    /// timeout; if some are still reading then, the WAL is checkpointed as far
    /// as it can be and an error says so. PostgreSQL: nothing to do here.
    pub async fn truncate_wal(&self) -> Result<(), DbError> {
        if self.backend != Backend::Sqlite {
            return Ok(());
        }
        let (busy, _log, _done): (i64, i64, i64) =
            sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
                .fetch_one(&self.pool)
                .await?;
        if busy != 0 {
            return Err(DbError::Busy("readers kept the WAL from being truncated"));
        }
        Ok(())
    }

    /// Read-only probe: one round trip (`SELECT 1`). Succeeds while another
    /// process holds the SQLite write lock (readers in WAL mode carry on), so
    /// pages that only read still render then.
    pub async fn read_ping(&self) -> Result<(), DbError> {
        let (one,): (i64,) = sqlx::query_as("SELECT CAST(1 AS BIGINT)")
            .fetch_one(&self.pool)
            .await?;
        if one != 1 {
            return Err(DbError::Corrupt("ping returned an unexpected value".into()));
        }
        Ok(())
    }

    /// Readiness probe: one round trip, then a zero-row `UPDATE`, which
    /// takes the write lock without changing anything. `SELECT 1` alone
    /// misses a SQLite file whose write lock another process holds (readers
    /// in WAL mode never notice; every write would wait out the busy timeout
    /// and fail) and a read-only PostgreSQL server. Nothing is written, so
    /// the probe stays cheap.
    pub async fn ping(&self) -> Result<(), DbError> {
        self.read_ping().await?;
        sqlx::query("UPDATE app_settings SET updated_at = updated_at WHERE key = $1")
            .bind("readiness-probe (never stored)")
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Names of applied migrations, for diagnostics and tests.
    pub async fn applied_migrations(&self) -> Result<Vec<i64>, DbError> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT version FROM _sqlx_migrations WHERE success = $1 ORDER BY version",
        )
        .bind(true)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Close the pools (graceful shutdown). The survey writer stops first
    /// (once the updates already handed to it are answered) and gives back
    /// the connection it holds, for which closing its pool waits.
    pub async fn close(&self) {
        self.group.stop();
        self.writer_pool.close().await;
        self.pool.close().await;
    }
}

/// Pool settings shared by the main pool and the survey writer's.
fn pool_options(backend: Backend, max: u32, acquire_timeout: Duration) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(max)
        .acquire_timeout(acquire_timeout)
        // A ping before each use finds a PostgreSQL connection the server
        // dropped. A SQLite connection is a file handle on a thread of ours
        // that cannot be dropped from outside; its ping is only one more round
        // trip to that thread per request and per survey batch.
        .test_before_acquire(backend != Backend::Sqlite)
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // WAL for concurrent readers, FK enforcement, wait on locks
                    // instead of failing at once, and fully durable commits.
                    // Deleted and overwritten content is zeroed (a deleted
                    // draft or a cleared resume hash leaves no bytes behind),
                    // and a WAL that restarts is cut to nothing, so it keeps
                    // no stale frames of earlier commits (issue 23, leak 7).
                    for pragma in [
                        "PRAGMA journal_mode = WAL",
                        "PRAGMA foreign_keys = ON",
                        "PRAGMA busy_timeout = 5000",
                        "PRAGMA synchronous = FULL",
                        "PRAGMA secure_delete = ON",
                        "PRAGMA journal_size_limit = 0",
                    ] {
                        conn.execute(pragma).await?;
                    }
                }
                Ok(())
            })
        })
        // SQLite rolls a transaction back by itself on some errors (disk
        // full, I/O error); sqlx's ROLLBACK then fails and its count of
        // open transactions stays at 1, so the next `begin` on that
        // connection would fail ("non-zero transaction depth") or
        // silently open a savepoint instead. Such a connection (the
        // rollback on release has run by the time it is acquired again)
        // is closed instead of reused.
        .before_acquire(|conn, _meta| {
            Box::pin(async move {
                use sqlx::Connection;
                if conn.is_in_transaction() {
                    tracing::warn!("closing a pooled connection still marked inside a transaction");
                    return Ok(false);
                }
                Ok(true)
            })
        })
}

/// [`Db::begin_write`] for a bare pool.
pub(crate) async fn begin_write(
    pool: &AnyPool,
    backend: Backend,
) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    match backend {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => pool.begin().await,
    }
}

/// The number of parameters to send for a list of `n` values in a statement
/// built for a batch: `n` rounded up to a power of two, so that batches of any
/// size share a handful of statement texts (SQLite and PostgreSQL prepare a
/// statement once per text and connection, and keep a bounded cache of them;
/// one text per batch size would be prepared again and again).
pub(crate) fn padded_len(n: usize) -> usize {
    n.max(1).next_power_of_two()
}

/// Placeholder `i` (from 1) of a batch statement. SQLite gets anonymous `?`
/// placeholders, bound in order: for a numbered one, binding looks its name
/// up in a list as long as the statement's parameters, so a batch of 2,048
/// parameters cost SQLite's thread about 2 million steps to bind.
pub(crate) fn placeholder(backend: Backend, i: usize) -> String {
    match backend {
        Backend::Sqlite => "?".into(),
        Backend::Postgres => format!("${i}"),
    }
}

/// The texts of one batch statement, each built once per padded size (see
/// [`padded_len`]) instead of once per batch: the survey writer runs these on
/// its hot path. Sizes up to 256 values are kept; a larger list (never sent by
/// the writer) gets a text of its own.
pub(crate) struct BatchSql {
    texts: [std::sync::OnceLock<String>; 9],
    build: fn(usize) -> String,
}

impl BatchSql {
    /// `build(len)` writes the statement for `len` values.
    pub(crate) const fn new(build: fn(usize) -> String) -> Self {
        Self {
            texts: [const { std::sync::OnceLock::new() }; 9],
            build,
        }
    }

    /// The statement for `n` values and the number of values it takes
    /// (`padded_len(n)`; the caller pads its list to that).
    pub(crate) fn get(&'static self, n: usize) -> (std::borrow::Cow<'static, str>, usize) {
        let len = padded_len(n);
        match self.texts.get(len.trailing_zeros() as usize) {
            Some(cell) => (cell.get_or_init(|| (self.build)(len)).as_str().into(), len),
            None => ((self.build)(len).into(), len),
        }
    }
}

/// Seconds since the Unix epoch.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::padded_len;

    #[test]
    fn batch_lists_are_padded_to_a_few_shapes() {
        for (n, want) in [
            (0, 1),
            (1, 1),
            (2, 2),
            (3, 4),
            (33, 64),
            (64, 64),
            (200, 256),
            (256, 256),
        ] {
            assert_eq!(padded_len(n), want, "{n}");
        }
        // Every batch size up to the writer's largest maps to one of 9 shapes,
        // never fewer slots than values.
        let shapes: std::collections::BTreeSet<usize> = (1..=256).map(padded_len).collect();
        assert_eq!(shapes.len(), 9);
        assert!((1..=256).all(|n| padded_len(n) >= n));
    }

    static PARAMS: super::BatchSql = super::BatchSql::new(|len| {
        (1..=len)
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(",")
    });

    #[test]
    fn batch_statements_are_built_once_per_shape() {
        for n in [1, 2, 3, 5, 64, 200, 256, 300] {
            let (sql, len) = PARAMS.get(n);
            assert_eq!(len, padded_len(n));
            assert_eq!(sql.split(',').count(), len, "{n}");
            assert!(sql.ends_with(&format!("${len}")));
        }
        // Sizes of one shape share one text, built once.
        let (a, _) = PARAMS.get(3);
        let (b, _) = PARAMS.get(4);
        assert!(
            matches!((&a, &b), (std::borrow::Cow::Borrowed(x), std::borrow::Cow::Borrowed(y)) if std::ptr::eq(*x, *y))
        );
        // Beyond the kept sizes the text is still right, just not kept.
        assert!(matches!(PARAMS.get(300).0, std::borrow::Cow::Owned(_)));
    }
}
