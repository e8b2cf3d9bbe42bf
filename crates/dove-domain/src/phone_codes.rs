//! Phones proved by an SMS code: a 6-digit code is texted to the number
//! through the outbox (the local sink in dev), lives [`CODE_TTL_MS`] and
//! allows [`MAX_ATTEMPTS`] tries. Sends are limited per number and per
//! account, so the site can't be used to pester a number or run up a bill.
//! A proved number becomes the account's phone, marked verified: the one
//! mechanism behind "Phone verified", a seller's number shown to buyers,
//! SMS alerts and a payout number.
use crate::StoreError;
use crate::accounts::{Phone, User};
use crate::clock::{DAY_MS, HOUR_MS, MINUTE_MS, now_ms};
use crate::mail::MailArg;
use crate::sms::{OutgoingSms, TextWriter};
use crate::tokens::hash_token;
use crate::{FieldErrors, new_id};
use rand::Rng;
use std::collections::BTreeMap;
use thiserror::Error;

pub const CODE_TTL_MS: i64 = 10 * MINUTE_MS;
pub const MAX_ATTEMPTS: i64 = 5;
/// Codes one number is sent in an hour.
pub const CODES_PER_NUMBER_PER_HOUR: i64 = 3;
/// Codes one account asks for in a day.
pub const CODES_PER_ACCOUNT_PER_DAY: i64 = 6;

#[derive(Debug, Error)]
pub enum PhoneCodeError {
    #[error("invalid")]
    Invalid(FieldErrors),
    /// Too many codes sent lately: to the number or for the account.
    #[error("too many codes")]
    Limited,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The latest live code of an account, as the store keeps it.
#[derive(Debug, Clone)]
pub struct StoredCode {
    pub id: String,
    pub phone: String,
    pub code_hash: String,
    pub attempts: i64,
    pub expires_at: i64,
}

pub trait PhoneCodeRepo: Send + Sync {
    /// Codes sent to `phone` since `since`, and codes `user_id` asked for
    /// since `account_since`.
    fn codes_sent(
        &self,
        phone: &str,
        since: i64,
        user_id: &str,
        account_since: i64,
    ) -> impl Future<Output = Result<(i64, i64), StoreError>> + Send;
    /// Stores the code (its hash) and queues its text, in one transaction.
    #[allow(clippy::too_many_arguments)]
    fn insert_code(
        &self,
        id: &str,
        user_id: &str,
        phone: &str,
        code_hash: &str,
        sms: &OutgoingSms,
        now: i64,
        expires_at: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// The account's newest code not yet used.
    fn latest_code(&self, user_id: &str) -> impl Future<Output = Result<Option<StoredCode>, StoreError>> + Send;
    /// Counts one more try if the code has tries left; false if not.
    fn count_attempt(&self, id: &str) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Marks the code used and makes its phone the account's, verified, in
    /// one transaction; false if it was used already.
    fn confirm_code(
        &self,
        id: &str,
        user_id: &str,
        phone: &str,
        now: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
}

/// The stored form of a code: bound to its row, so equal codes of two rows
/// hash apart.
fn code_hash(id: &str, code: &str) -> String {
    hash_token(&format!("{id}:{code}"))
}

/// Texts a new code to `raw_phone`, a Kenyan mobile number. Returns the
/// number in E.164.
pub async fn send<R: PhoneCodeRepo>(
    repo: &R,
    words: &dyn TextWriter,
    user: &User,
    lang: &str,
    raw_phone: &str,
) -> Result<String, PhoneCodeError> {
    let phone = match Phone::parse(raw_phone) {
        Ok(p) if p.is_kenyan_mobile() => p,
        Ok(_) => return Err(PhoneCodeError::Invalid(FieldErrors::single("phone", "phone-not-kenyan-mobile"))),
        Err(_) => return Err(PhoneCodeError::Invalid(FieldErrors::single("phone", "phone-malformed"))),
    };
    let now = now_ms();
    let (to_number, by_account) = repo.codes_sent(phone.as_str(), now - HOUR_MS, &user.id, now - DAY_MS).await?;
    if to_number >= CODES_PER_NUMBER_PER_HOUR || by_account >= CODES_PER_ACCOUNT_PER_DAY {
        return Err(PhoneCodeError::Limited);
    }
    let code = format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000));
    let id = new_id();
    let args = BTreeMap::from([("code".to_string(), MailArg::Text(code.clone()))]);
    let sms = OutgoingSms { to: phone.as_str().to_string(), text: words.write(lang, "sms-phone-code", &args) };
    repo.insert_code(&id, &user.id, phone.as_str(), &code_hash(&id, &code), &sms, now, now + CODE_TTL_MS).await?;
    Ok(phone.as_str().to_string())
}

/// Checks the code typed; the right one proves the number. Wrong, expired
/// and used-up codes are errors by the field.
pub async fn confirm<R: PhoneCodeRepo>(repo: &R, user: &User, code: &str) -> Result<String, PhoneCodeError> {
    let bad = |c: &'static str| PhoneCodeError::Invalid(FieldErrors::single("code", c));
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("code-malformed"));
    }
    let Some(stored) = repo.latest_code(&user.id).await? else {
        return Err(bad("code-none"));
    };
    let now = now_ms();
    if now >= stored.expires_at {
        return Err(bad("code-expired"));
    }
    if stored.attempts >= MAX_ATTEMPTS || !repo.count_attempt(&stored.id).await? {
        return Err(bad("code-used-up"));
    }
    let typed = code_hash(&stored.id, code);
    let same: bool = subtle::ConstantTimeEq::ct_eq(typed.as_bytes(), stored.code_hash.as_bytes()).into();
    if !same {
        return Err(bad("code-wrong"));
    }
    if !repo.confirm_code(&stored.id, &user.id, &stored.phone, now).await? {
        return Err(bad("code-used-up"));
    }
    Ok(stored.phone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_hashes_with_its_row() {
        assert_ne!(code_hash("a", "123456"), code_hash("b", "123456"));
        assert_eq!(code_hash("a", "123456"), code_hash("a", "123456"));
    }
}
