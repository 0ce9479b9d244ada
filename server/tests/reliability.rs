//! Reliability tests (issue 8): the real `server` binary as a child process,
//! each test with its own SQLite file (or PostgreSQL cluster) and loopback
//! port. They crash it, stop it, lock, stop or fill its database under load,
//! run two of it on one PostgreSQL database, and check what was acknowledged
//! against what is stored.
//!
//! Not part of the plain `cargo test -p server`: the target needs the
//! `reliability` feature. Run them one at a time against the release build:
//!
//! ```sh
//! cargo build --release -p server
//! SPINDEL_SERVER_BIN=target/release/server \
//!   cargo test -p server --features reliability --test reliability -- --test-threads=1 --nocapture
//! ```
//!
//! See "Reliability tests" in docs/testing.md.

#[path = "reliability/harness.rs"]
mod harness;

#[path = "reliability/crash.rs"]
mod crash;
#[path = "reliability/faults.rs"]
mod faults;
#[path = "reliability/load.rs"]
mod load;
#[path = "reliability/multi.rs"]
mod multi;
#[path = "reliability/shutdown.rs"]
mod shutdown;
