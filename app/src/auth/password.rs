//! Password policy and hashing (server only).
//!
//! Policy (OWASP ASVS 2.1): 8–128 characters, no composition rules, rejected
//! when among the 10,000 most common passwords (`app/data/common-passwords.txt`).
//! Hashes are argon2id PHC strings with m = 19 MiB, t = 2, p = 1, computed on a
//! blocking thread so the async runtime keeps serving requests.

use argon2::password_hash::phc::PasswordHash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use std::collections::HashSet;
use std::sync::LazyLock;

pub const MIN_CHARS: usize = 8;
pub const MAX_CHARS: usize = 128;

/// Current cost parameters. Raising them makes [`needs_rehash`] true for older hashes.
pub const M_COST_KIB: u32 = 19 * 1024;
pub const T_COST: u32 = 2;
pub const P_COST: u32 = 1;

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/common-passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
});

/// Why a new password is not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    TooCommon,
    /// Only spaces or other whitespace: easy to guess and easy to mistype.
    Blank,
}

impl PasswordProblem {
    pub fn message(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "The password must be at least 8 characters long.",
            PasswordProblem::TooLong => "The password must be at most 128 characters long.",
            PasswordProblem::Blank => "The password must contain more than spaces.",
            PasswordProblem::TooCommon => {
                "This password is one of the most common passwords. Please choose another."
            }
        }
    }
}

/// Check a new password against the policy. Length counts characters, not bytes.
pub fn check_policy(password: &str) -> Result<(), PasswordProblem> {
    let n = password.chars().count();
    if n < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if password.chars().all(char::is_whitespace) {
        return Err(PasswordProblem::Blank);
    }
    if n > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    if COMMON.contains(password) || COMMON.contains(password.to_lowercase().as_str()) {
        return Err(PasswordProblem::TooCommon);
    }
    Ok(())
}

fn hasher() -> Argon2<'static> {
    let params = Params::new(M_COST_KIB, T_COST, P_COST, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("hashing task failed")]
    Join(#[from] tokio::task::JoinError),
}

/// Hash on a blocking thread; returns the PHC string.
pub async fn hash(password: String) -> Result<String, HashError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password)).await?
}

pub fn hash_blocking(password: &str) -> Result<String, HashError> {
    hasher()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| HashError::Hash(e.to_string()))
}

/// Verify on a blocking thread. A malformed stored hash verifies as false.
pub async fn verify(password: String, phc: String) -> Result<bool, HashError> {
    Ok(tokio::task::spawn_blocking(move || verify_blocking(&password, &phc)).await?)
}

pub fn verify_blocking(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash for an account that does not exist, so that a sign-in with an
/// unknown e-mail costs the same time as one with a wrong password.
pub static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_blocking("spindel-dummy-password-for-timing").unwrap_or_default());

/// True when the stored hash was made with other (older) parameters or algorithm.
pub fn needs_rehash(phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return true;
    };
    if parsed.algorithm.as_str() != "argon2id" {
        return true;
    }
    match Params::try_from(&parsed) {
        Ok(p) => p.m_cost() < M_COST_KIB || p.t_cost() < T_COST || p.p_cost() != P_COST,
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_lengths_count_characters() {
        assert_eq!(check_policy("short1!"), Err(PasswordProblem::TooShort));
        assert_eq!(check_policy("åäöåäöåä"), Ok(()), "8 characters, 16 bytes");
        assert_eq!(
            check_policy(&"x".repeat(129)),
            Err(PasswordProblem::TooLong)
        );
        assert_eq!(check_policy(&"kx9".repeat(42)), Ok(()), "126 characters");
        assert_eq!(
            check_policy("        "),
            Err(PasswordProblem::Blank),
            "eight spaces"
        );
        assert_eq!(check_policy(" \t \u{a0}    "), Err(PasswordProblem::Blank));
        assert_eq!(
            check_policy("kx9 kx9 kx9"),
            Ok(()),
            "spaces inside are fine"
        );
    }

    #[test]
    fn policy_rejects_common_passwords_case_insensitively() {
        assert_eq!(check_policy("password"), Err(PasswordProblem::TooCommon));
        assert_eq!(check_policy("12345678"), Err(PasswordProblem::TooCommon));
        assert_eq!(check_policy("PASSWORD1"), Err(PasswordProblem::TooCommon));
        assert_eq!(check_policy("spindel-harbour-lamp"), Ok(()));
    }

    #[test]
    fn the_list_has_ten_thousand_entries() {
        assert_eq!(COMMON.len(), 10_000);
    }

    #[test]
    fn hash_is_argon2id_with_required_parameters_and_verifies() {
        let h = hash_blocking("correct horse battery").expect("hash");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_blocking("correct horse battery", &h));
        assert!(!verify_blocking("correct horse batterY", &h));
        assert!(!verify_blocking("anything", "not a phc string"));
        assert!(!needs_rehash(&h));
    }

    #[test]
    fn weaker_hashes_need_a_rehash() {
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8 * 1024, 1, 1, None).expect("params"),
        )
        .hash_password(b"correct horse battery")
        .expect("hash")
        .to_string();
        assert!(needs_rehash(&weak));
        assert!(
            verify_blocking("correct horse battery", &weak),
            "old hashes still verify"
        );
        assert!(needs_rehash("garbage"));
    }
}
