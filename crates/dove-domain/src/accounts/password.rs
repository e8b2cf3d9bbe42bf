use crate::fields::Coded;
use argon2::password_hash::{SaltString, rand_core::OsRng};
use argon2::{Argon2, PasswordHash, PasswordHasher as _, PasswordVerifier};
use std::sync::LazyLock;
use thiserror::Error;

/// Passwords people actually pick, lower-cased and sorted, bundled so the
/// check works offline (see `common_passwords.LICENSE`).
static COMMON: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut list: Vec<&str> =
        include_str!("common_passwords.txt").lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    list.sort_unstable();
    list.dedup();
    list
});

/// The longest password accepted: long enough for any passphrase, short
/// enough that hashing it is not a denial-of-service lever.
const MAX_CHARS: usize = 128;
const MIN_CHARS: usize = 12;

/// A new password that passed the policy. Deliberately not `Debug`-printable
/// in clear, so it cannot end up in a log line.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PasswordError {
    #[error("password is shorter than 12 characters")]
    TooShort,
    #[error("password is longer than 128 characters")]
    TooLong,
    #[error("password is too common")]
    Common,
}

impl Coded for PasswordError {
    fn code(&self) -> &'static str {
        match self {
            PasswordError::TooShort => "password-too-short",
            PasswordError::TooLong => "password-too-long",
            PasswordError::Common => "password-common",
        }
    }
}

impl Password {
    pub fn parse(raw: &str) -> Result<Password, PasswordError> {
        let chars = raw.chars().count();
        if chars < MIN_CHARS {
            return Err(PasswordError::TooShort);
        }
        if chars > MAX_CHARS {
            return Err(PasswordError::TooLong);
        }
        let lower = raw.to_lowercase();
        let distinct = {
            let mut seen: Vec<char> = lower.chars().collect();
            seen.sort_unstable();
            seen.dedup();
            seen.len()
        };
        if distinct < 4 || COMMON.binary_search(&lower.as_str()).is_ok() {
            return Err(PasswordError::Common);
        }
        Ok(Password(raw.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Hashes with argon2id (the crate's defaults: 19 MiB, 2 passes), off the
/// async runtime because one hash takes tens of milliseconds of CPU.
pub async fn hash_password(password: &Password) -> String {
    let pw = password.0.clone();
    tokio::task::spawn_blocking(move || hash_blocking(&pw)).await.expect("password hashing task panicked")
}

pub(crate) fn hash_blocking(pw: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(pw.as_bytes(), &salt)
        .expect("argon2 with default parameters cannot fail")
        .to_string()
}

/// A hash of a random password, verified against when the account does not
/// exist, so sign-in takes the same time whether or not the email is known.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| hash_blocking("dummy password for timing"));

/// Checks a password against a stored hash (or the dummy hash when there is
/// no account), off the async runtime.
pub async fn verify_password(stored_hash: Option<String>, attempt: &str) -> bool {
    let attempt = attempt.to_string();
    tokio::task::spawn_blocking(move || {
        let known = stored_hash.is_some();
        let hash = stored_hash.unwrap_or_else(|| DUMMY_HASH.clone());
        let ok = PasswordHash::new(&hash)
            .map(|parsed| Argon2::default().verify_password(attempt.as_bytes(), &parsed).is_ok())
            .unwrap_or(false);
        known && ok
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy() {
        assert_eq!(Password::parse("short"), Err(PasswordError::TooShort));
        assert_eq!(Password::parse(&"ab1!".repeat(40)), Err(PasswordError::TooLong));
        assert_eq!(Password::parse("password1234"), Err(PasswordError::Common));
        assert_eq!(Password::parse("PASSWORD1234"), Err(PasswordError::Common));
        assert_eq!(Password::parse("aaaaaaaaaaaaaaaa"), Err(PasswordError::Common));
        assert!(Password::parse("correct-horse-battery-42").is_ok());
        assert_eq!(format!("{:?}", Password::parse("correct-horse-battery-42").unwrap()), "Password(***)");
    }

    #[tokio::test]
    async fn hash_and_verify() {
        let pw = Password::parse("correct-horse-battery-42").unwrap();
        let hash = hash_password(&pw).await;
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(Some(hash.clone()), "correct-horse-battery-42").await);
        assert!(!verify_password(Some(hash), "wrong-horse-battery-42").await);
        assert!(!verify_password(None, "correct-horse-battery-42").await);
    }
}
