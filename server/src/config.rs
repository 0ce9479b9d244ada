//! Command line and environment configuration (`server --help`).

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;

/// Spindel — an anonymous digital-maturity benchmark for the public sector.
///
/// Every option can be given as an environment variable (shown in brackets).
/// Without any, the server listens on 127.0.0.1:3000 and keeps its data in the
/// SQLite file ./spindel.db, created and migrated on first start.
#[derive(Debug, Parser)]
#[command(name = "server", version, about, long_about)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Run the web server (the default when no sub-command is given).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Create the platform operator account (or grant operator rights to an
    /// existing account). The password is read from standard input, never from
    /// the command line.
    CreateOperator {
        /// The operator's e-mail address (their sign-in name).
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long, default_value = "Operator")]
        name: String,
    },
    /// Fill an empty database with generated demo data (deterministic for a
    /// seed): organisations, closed campaigns aggregated through the real
    /// close, targets, collaborations, and demo accounts whose passwords are
    /// printed.
    Demo {
        /// Number of organisations.
        #[arg(long, default_value_t = 120)]
        orgs: usize,
        /// Number of yearly campaigns, ending with the current year.
        #[arg(long, default_value_t = 5)]
        years: usize,
        /// Random seed: the same seed gives the same data.
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Recompute the results of every closed campaign from its responses
    /// (after a scoring change). Idempotent.
    Reaggregate,
}

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "SPINDEL_BIND", default_value = "127.0.0.1:3000")]
    pub bind: SocketAddr,

    /// Database: `sqlite://FILE` (embedded, the default) or `postgres://USER:PASS@HOST:PORT/DB`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://spindel.db",
        hide_env_values = true
    )]
    pub database_url: String,

    /// Maximum number of pooled database connections (the survey writer has one
    /// more of its own).
    #[arg(long, env = "SPINDEL_DB_MAX_CONNECTIONS", default_value_t = 8)]
    pub db_max_connections: u32,

    /// Secret for signing session cookies (at least 64 characters). When absent,
    /// one is generated on first start and kept in the database, so that
    /// several app servers on one database share it.
    #[arg(long, env = "SPINDEL_SESSION_SECRET", hide_env_values = true)]
    pub session_secret: Option<String>,

    /// Anonymity threshold k: no figure is shown for a group of fewer responses (3–50).
    #[arg(long, env = "SPINDEL_MIN_GROUP_SIZE", default_value_t = 5,
          value_parser = clap::value_parser!(i64).range(3..=50))]
    pub min_group_size: i64,

    /// Load demo data into an empty database at start (true/false).
    #[arg(long, env = "SPINDEL_DEMO", default_value_t = false,
          action = clap::ArgAction::Set, value_parser = clap::builder::BoolishValueParser::new())]
    pub demo: bool,

    /// Demo mode: organisations generated into an empty database.
    #[arg(long, env = "SPINDEL_DEMO_ORGS", default_value_t = 120)]
    pub demo_orgs: usize,

    /// Demo mode: yearly campaigns per organisation.
    #[arg(long, env = "SPINDEL_DEMO_YEARS", default_value_t = 5)]
    pub demo_years: usize,

    /// Demo mode: random seed of the generated data.
    #[arg(long, env = "SPINDEL_DEMO_SEED", default_value_t = 42)]
    pub demo_seed: u64,

    /// Demo mode: also write the demo accounts' sign-in details as JSON to
    /// this file (mode 0600), e.g. for end-to-end tests.
    #[arg(long, env = "SPINDEL_DEMO_CREDENTIALS")]
    pub demo_credentials: Option<std::path::PathBuf>,

    /// Minimum number of other organisations in a peer group before any
    /// ranking or distribution is shown.
    #[arg(long, env = "SPINDEL_MIN_PEER_ORGS", default_value_t = 5,
          value_parser = clap::value_parser!(i64).range(3..=100))]
    pub min_peer_orgs: i64,

    /// Quadrant threshold on the DI and TMI axes (1–10).
    #[arg(long, env = "SPINDEL_QUADRANT_THRESHOLD", default_value_t = 5.5)]
    pub quadrant_threshold: f64,

    /// Hours without a request after which a session ends.
    #[arg(long, env = "SPINDEL_SESSION_IDLE_HOURS", default_value_t = 8)]
    pub session_idle_hours: i64,

    /// Days after sign-in after which a session ends, whatever the activity.
    #[arg(long, env = "SPINDEL_SESSION_ABSOLUTE_DAYS", default_value_t = 7)]
    pub session_absolute_days: i64,

    /// Starts through one campaign's shared link or code allowed per hour
    /// from one client address; past it starts from there are refused for a
    /// while and the org admin is warned (padding defence). Personal survey
    /// links are not limited.
    #[arg(long, env = "SPINDEL_SHARED_STARTS_PER_HOUR", default_value_t = 60)]
    pub shared_starts_per_hour: i64,

    /// Reverse proxies in front of the server, by IP address, comma-separated
    /// (e.g. `10.0.0.5,10.0.0.6`). A request whose TCP peer is one of them
    /// counts as coming from the address its `X-Forwarded-For` names: the
    /// rightmost entry that is not itself a listed proxy. The client address
    /// is what the per-address limits count (failed sign-ins, sign-ups,
    /// mistyped survey codes, shared-link starts). Without it the TCP peer is
    /// the client and `X-Forwarded-For` is ignored.
    #[arg(long, env = "SPINDEL_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// Base URL of this site as users reach it, for links in e-mails
    /// (default: http://BIND).
    #[arg(long, env = "SPINDEL_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// SMTP server for outgoing mail: `smtp://host:25`, `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS) or `smtps://user:pass@host:465`. Without it (and without
    /// SPINDEL_MAIL_DIR) mail stays queued in the outbox and reaches nobody,
    /// and sign-up (confirmed by a mailed link) cannot be completed.
    #[arg(long, env = "SPINDEL_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// Deliver outgoing mail into this directory instead, one RFC 5322 `.eml`
    /// file per mail (a pickup directory for a local mail system, or to read
    /// mail on a developer's machine). Not together with SPINDEL_SMTP_URL.
    #[arg(long, env = "SPINDEL_MAIL_DIR", conflicts_with = "smtp_url")]
    pub mail_dir: Option<std::path::PathBuf>,

    /// Sender of outgoing mail.
    #[arg(
        long,
        env = "SPINDEL_MAIL_FROM",
        default_value = "Spindel <no-reply@localhost>"
    )]
    pub mail_from: String,

    /// Mark cookies Secure; turn on whenever the app is served over HTTPS.
    #[arg(long, env = "SPINDEL_SECURE_COOKIES", default_value_t = false,
          action = clap::ArgAction::Set, value_parser = clap::builder::BoolishValueParser::new())]
    pub secure_cookies: bool,

    /// Seconds to let in-flight requests finish after SIGTERM / Ctrl-C.
    #[arg(long, env = "SPINDEL_SHUTDOWN_GRACE_SECS", default_value_t = 20)]
    pub shutdown_grace_secs: u64,

    /// Directory with the compiled site (wasm, JS, CSS, assets).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,

    /// Log filter, e.g. `info` or `server=debug,tower_http=info`.
    #[arg(long, env = "RUST_LOG", default_value = "info")]
    pub log: String,
}

impl Config {
    /// A configuration with the documented defaults (for tests and tools).
    pub fn defaults() -> Config {
        match Cli::try_parse_from(["server"]) {
            Ok(cli) => cli.config,
            Err(e) => panic!("default configuration must parse: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn k_out_of_range_is_rejected() {
        assert!(Cli::try_parse_from(["server", "--min-group-size", "2"]).is_err());
        assert!(Cli::try_parse_from(["server", "--min-group-size", "51"]).is_err());
        let ok = Cli::try_parse_from(["server", "--min-group-size", "7"]).expect("7 is valid");
        assert_eq!(ok.config.min_group_size, 7);
    }

    #[test]
    fn trusted_proxies_are_a_comma_separated_list() {
        let none = Cli::try_parse_from(["server"]).expect("defaults");
        assert!(none.config.trusted_proxies.is_empty());
        let two = Cli::try_parse_from(["server", "--trusted-proxies", "10.0.0.5, ::1"]);
        assert!(two.is_err(), "spaces are not trimmed");
        let two = Cli::try_parse_from(["server", "--trusted-proxies", "10.0.0.5,::1"])
            .expect("two addresses");
        assert_eq!(
            two.config.trusted_proxies,
            vec![
                "10.0.0.5".parse::<std::net::IpAddr>().expect("ip"),
                "::1".parse().expect("ip")
            ]
        );
        assert!(Cli::try_parse_from(["server", "--trusted-proxies", "proxy.local"]).is_err());
    }

    #[test]
    fn demo_accepts_boolish_values() {
        let on = Cli::try_parse_from(["server", "--demo", "yes"]).expect("boolish");
        assert!(on.config.demo);
        let off = Cli::try_parse_from(["server", "--demo", "0"]).expect("boolish");
        assert!(!off.config.demo);
    }
}
