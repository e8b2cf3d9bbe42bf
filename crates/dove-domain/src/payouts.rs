//! Money going out through M-Pesa B2C: a seller withdrawing their balance,
//! or a refund going back to the phone that paid. The payout row and its
//! ledger entries are written first, in one transaction; the gateway is
//! asked after, and a worker asks again for any payout the process died
//! before sending. The gateway's result callback settles it once: a failed
//! payout puts the money back where it came from.
//!
//! Only a refusal reverses a payout. A request that got no clear answer (a
//! timeout, a 5xx, a crash between sending and hearing back) may have been
//! accepted, so it stays pending with its money in transit: the worker asks
//! Daraja's transaction status how it ended instead of sending it again.
//!
//! A seller's payouts go to one number, set with the password and a link
//! mailed to the account; see [`set_number`].
use crate::accounts::{AccountRepo, Phone, User, verify_password};
use crate::clock::{DAY_MS, MINUTE_MS, now_ms};
use crate::error::Conflict;
use crate::ledger::{MPESA, Posting, seller_account};
use crate::mail::{OutgoingMail, Site};
use crate::payments::GatewayError;
use crate::tokens::{hash_token, random_token};
use crate::{FieldErrors, StoreError, new_id};
use async_trait::async_trait;
use serde::Serialize;
use thiserror::Error;

/// The least a seller withdraws: M-Pesa charges make less pointless.
pub const MIN_PAYOUT_MINOR: i64 = 10_000;
/// A payout not sent this long after it was written is sent again.
pub const RESEND_AFTER_MS: i64 = MINUTE_MS;
/// A payout handed to M-Pesa with no clear answer this long ago is asked
/// about (and asked again this often until it is settled).
pub const ASK_AFTER_MS: i64 = 2 * MINUTE_MS;
/// Payouts to a changed number start this long after its link is followed,
/// so the owner has a day to see the mail and stop a thief.
pub const NUMBER_HOLD_MS: i64 = DAY_MS;
/// How long the link confirming a payout number works.
pub const NUMBER_LINK_TTL_MS: i64 = DAY_MS;

#[derive(Debug, Error)]
pub enum PayoutError {
    #[error("invalid payout")]
    Invalid(FieldErrors),
    #[error("a payout is already under way")]
    Pending,
    /// The payout number was changed less than [`NUMBER_HOLD_MS`] ago.
    #[error("payouts to a new number start 24 hours after it is confirmed")]
    Held { until: i64 },
    /// A payout-number link that expired, was used, or never existed.
    #[error("link expired or already used")]
    BadLink,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why money goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
    /// A seller withdrawing their balance.
    Seller,
    /// A refund back to the buyer's phone.
    Refund,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Seller => "seller",
            Purpose::Refund => "refund",
        }
    }

    pub fn from_stored(s: &str) -> Purpose {
        if s == "refund" { Purpose::Refund } else { Purpose::Seller }
    }
}

/// A payout to write.
#[derive(Debug, Clone)]
pub struct NewPayout {
    pub id: String,
    /// Who receives it: the seller, or the refunded buyer.
    pub user_id: String,
    pub purpose: Purpose,
    pub order_id: Option<String>,
    pub amount_minor: i64,
    pub currency: String,
    /// E.164.
    pub phone: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Payout {
    pub id: String,
    #[serde(skip)]
    pub user_id: String,
    pub purpose: Purpose,
    pub order_id: Option<String>,
    pub amount_minor: i64,
    pub currency: String,
    /// E.164; shown only masked.
    #[serde(skip)]
    pub phone: String,
    /// pending, succeeded or failed.
    pub status: String,
    #[serde(skip)]
    pub gateway_ref: Option<String>,
    pub result_desc: Option<String>,
    pub receipt: Option<String>,
    pub created_at: i64,
}

impl Payout {
    pub fn amount_label(&self) -> String {
        crate::money::format_money(self.amount_minor, &self.currency)
    }

    pub fn masked_phone(&self) -> String {
        Phone::parse(&self.phone).map(|p| p.masked()).unwrap_or_default()
    }
}

/// What a B2C request asks the gateway for.
#[derive(Debug, Clone)]
pub struct B2cRequest {
    /// `2547…`.
    pub phone: String,
    /// Whole shillings.
    pub amount: i64,
    pub remarks: String,
    /// Our payout id, echoed back as the originator's conversation id.
    pub reference: String,
    pub result_url: String,
}

/// What a transaction status query asks the gateway about.
#[derive(Debug, Clone)]
pub struct StatusRequest {
    /// Our payout id: the B2C request's `OriginatorConversationID`.
    pub reference: String,
    /// Where the answer is posted (the B2C result URL naming the payout).
    pub result_url: String,
}

/// Where payouts go: Daraja's B2C, or the built-in sandbox.
#[async_trait]
pub trait PayoutGateway: Send + Sync {
    /// Sends the money; returns the gateway's `ConversationID`. The outcome
    /// arrives later at `result_url`. A [`GatewayError::Uncertain`] means
    /// the money may be on its way.
    async fn b2c(&self, req: &B2cRequest) -> Result<String, GatewayError>;
    /// Asks how a B2C request ended (Daraja's transaction status). The
    /// answer arrives later at `req.result_url` (see
    /// [`crate::payments::MpesaWire::read_status`]).
    async fn b2c_status(&self, req: &StatusRequest) -> Result<(), GatewayError>;
}

/// What the transaction status query says about a payout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum B2cStatus {
    /// The payment went through: its receipt.
    Completed { receipt: String },
    /// M-Pesa has no transaction by that `OriginatorConversationID`: the
    /// request was never accepted.
    NotFound,
    /// Anything else (still processing, an answer we cannot place): ask
    /// again later.
    Unsettled(String),
}

/// How a B2C payment ended, from Daraja's `Result`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct B2cResult {
    pub conversation_id: String,
    /// Our payout id, as the request's `OriginatorConversationID`: how a
    /// result finds a payout whose request was never answered.
    pub reference: Option<String>,
    pub result_code: i64,
    pub result_desc: String,
    pub receipt: Option<String>,
}

pub trait PayoutRepo: Send + Sync {
    /// Writes the payout (pending) with `postings` as one ledger transaction,
    /// its audit entry and `mails`. A seller payout above the seller's
    /// balance is `Conflict::InsufficientBalance`; one to a number other
    /// than the seller's payout number, or before that number's
    /// `usable_from`, `Conflict::PayoutNumberHeld`; one already pending
    /// for the user `Conflict::PayoutPending`; nothing is written
    /// then.
    fn start_payout(
        &self,
        p: &NewPayout,
        postings: &[Posting],
        mails: &[OutgoingMail],
        origin: Option<&str>,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn set_payout_ref(&self, id: &str, gateway_ref: &str) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Notes that a pending payout is being handed to the gateway (or, with
    /// `None`, that M-Pesa never got it: it may be sent again). With
    /// `Some`, false if it was handed over already (another worker).
    fn mark_payout_sent(&self, id: &str, at: Option<i64>) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Pending payouts handed over before `before` with no answer, not
    /// asked about since `before`; each returned is marked asked at `now`.
    fn unanswered_payouts(
        &self,
        before: i64,
        now: i64,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<Payout>, StoreError>> + Send;
    /// The user's payout number, if they ever asked for one.
    fn payout_number(&self, user_id: &str) -> impl Future<Output = Result<Option<PayoutNumber>, StoreError>> + Send;
    /// Records `phone` as waiting for the link whose hash is `token_hash`
    /// (replacing any earlier request), and queues `mail`, in one
    /// transaction. The current number stays until the link is followed.
    fn ask_payout_number(
        &self,
        user_id: &str,
        phone: &str,
        token_hash: &str,
        expires_at: i64,
        mail: &OutgoingMail,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Follows a link: the waiting number becomes the payout number, taking
    /// payouts from `now` for a first number and from `now + hold_ms` for
    /// a change. `None` if no live link has that hash.
    fn confirm_payout_number(
        &self,
        token_hash: &str,
        hold_ms: i64,
        now: i64,
    ) -> impl Future<Output = Result<Option<PayoutNumber>, StoreError>> + Send;
    fn payout(&self, id: &str) -> impl Future<Output = Result<Option<Payout>, StoreError>> + Send;
    fn payout_by_ref(&self, gateway_ref: &str) -> impl Future<Output = Result<Option<Payout>, StoreError>> + Send;
    /// Settles a pending payout: succeeded, or failed with `reverse`
    /// posted. False if it was no longer pending.
    fn finish_payout(
        &self,
        id: &str,
        result: &B2cResult,
        reverse: &[Posting],
        now: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// The user's payouts (as receiver), newest first.
    fn payouts_of(&self, user_id: &str, limit: i64) -> impl Future<Output = Result<Vec<Payout>, StoreError>> + Send;
    /// Pending payouts never handed to the gateway, written before `before`.
    fn unsent_payouts(&self, before: i64, limit: i64) -> impl Future<Output = Result<Vec<Payout>, StoreError>> + Send;
}

/// Where a failed payout's money goes back to: the seller's balance, or
/// what the platform owes the refunded buyer.
pub fn owed_account(p: &Payout) -> String {
    match p.purpose {
        Purpose::Seller => seller_account(&p.user_id),
        Purpose::Refund => format!("owed:{}", p.user_id),
    }
}

/// A seller's payout number: where withdrawals go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutNumber {
    /// E.164; `None` until a first number is confirmed.
    pub phone: Option<String>,
    /// Payouts to `phone` start at this time (UTC ms).
    pub usable_from: i64,
    /// A number asked for, waiting for its mailed link.
    pub pending_phone: Option<String>,
}

impl PayoutNumber {
    pub fn masked(&self) -> Option<String> {
        self.phone.as_deref().map(mask)
    }

    pub fn pending_masked(&self) -> Option<String> {
        self.pending_phone.as_deref().map(mask)
    }

    /// Whether payouts wait for a recent change to age, at `now`.
    pub fn held(&self, now: i64) -> bool {
        self.phone.is_some() && self.usable_from > now
    }
}

fn mask(phone: &str) -> String {
    Phone::parse(phone).map(|p| p.masked()).unwrap_or_default()
}

/// Asks for `phone` to become the seller's payout number. This needs the
/// account's password (a stolen session alone is not enough) and a link
/// mailed to the account's address (a stolen password alone is not enough
/// either); nothing changes until the link is followed, see
/// [`confirm_number`].
///
/// The first number follows the same path, password and link both, so an
/// account never has a number its owner's mailbox did not approve. It is
/// not held, though: with no earlier number there is no owner's number for
/// a thief to divert from, and a new seller should not wait a day for
/// their first money. Only a change holds payouts for [`NUMBER_HOLD_MS`].
pub async fn set_number<R: PayoutRepo + AccountRepo>(
    repo: &R,
    site: &Site,
    user: &User,
    phone: &str,
    password: &str,
    now: i64,
) -> Result<(), PayoutError> {
    let phone = Phone::parse(phone).ok().filter(Phone::is_kenyan_mobile);
    let creds = repo.credentials_by_id(&user.id).await?.ok_or(StoreError::NotFound)?;
    let password_ok = verify_password(Some(creds.password_hash), password).await;
    let mut errors = FieldErrors::default();
    if phone.is_none() {
        errors.add("phone", "phone-not-mpesa");
    }
    // Money goes only to someone whose own phone was proved by a code.
    if !user.phone_verified {
        errors.add("phone", "payout-phone-unverified");
    }
    if password.is_empty() {
        errors.add("password", "password-missing");
    } else if !password_ok {
        errors.add("password", "password-wrong");
    }
    let (Some(phone), true) = (phone, errors.is_empty()) else {
        return Err(PayoutError::Invalid(errors));
    };
    let token = random_token();
    let change = repo.payout_number(&user.id).await?.and_then(|n| n.phone).is_some();
    let mail = OutgoingMail::new(&user.email, if change { "mail-payout-number-change" } else { "mail-payout-number" })
        .text("name", &user.name)
        .text("phone", phone.masked())
        .text("link", site.link(&format!("/account/payout-number/confirm?token={token}")));
    repo.ask_payout_number(&user.id, phone.as_str(), &hash_token(&token), now + NUMBER_LINK_TTL_MS, &mail, now).await?;
    Ok(())
}

/// Follows a payout-number link: the number asked for becomes the payout
/// number (held for [`NUMBER_HOLD_MS`] when it replaces one).
pub async fn confirm_number<R: PayoutRepo>(repo: &R, token: &str, now: i64) -> Result<PayoutNumber, PayoutError> {
    repo.confirm_payout_number(&hash_token(token), NUMBER_HOLD_MS, now).await?.ok_or(PayoutError::BadLink)
}

/// The seller's payout number, if they ever asked for one.
pub async fn number<R: PayoutRepo>(repo: &R, user: &User) -> Result<Option<PayoutNumber>, StoreError> {
    repo.payout_number(&user.id).await
}

/// A seller withdraws `amount_minor` of their balance to their payout
/// number, and is mailed about it.
#[allow(clippy::too_many_arguments)]
pub async fn request<R: PayoutRepo>(
    repo: &R,
    gateway: &dyn PayoutGateway,
    site: &Site,
    seller: &User,
    amount_minor: Result<i64, &'static str>,
    result_url: &str,
    origin: &str,
    now: i64,
) -> Result<Payout, PayoutError> {
    let mut errors = FieldErrors::default();
    match amount_minor {
        Ok(a) if a < MIN_PAYOUT_MINOR => errors.add("amount", "payout-too-small"),
        Ok(a) if a % 100 != 0 => errors.add("amount", "mpesa-whole-shillings"),
        Ok(_) => {}
        Err(code) => errors.add("amount", code),
    }
    let number = repo.payout_number(&seller.id).await?;
    let phone = number.as_ref().and_then(|n| n.phone.clone());
    if phone.is_none() {
        errors.add("phone", "payout-number-missing");
    }
    let (Ok(amount), Some(phone), true) = (amount_minor, phone, errors.is_empty()) else {
        return Err(PayoutError::Invalid(errors));
    };
    if let Some(n) = number.filter(|n| n.held(now)) {
        return Err(PayoutError::Held { until: n.usable_from });
    }
    let p = NewPayout {
        id: new_id(),
        user_id: seller.id.clone(),
        purpose: Purpose::Seller,
        order_id: None,
        amount_minor: amount,
        currency: "KES".into(),
        phone,
    };
    let postings = vec![
        Posting { account: seller_account(&seller.id), amount_minor: -amount },
        Posting { account: MPESA.to_string(), amount_minor: amount },
    ];
    let amount_label = crate::money::format_money(amount, &p.currency);
    let mail = OutgoingMail::new(&seller.email, "mail-payout-sent")
        .text("name", &seller.name)
        .text("amount", amount_label)
        .text("phone", mask(&p.phone))
        .text("link", site.link("/account/money"));
    match repo.start_payout(&p, &postings, &[mail], Some(origin), now).await {
        Ok(()) => {}
        Err(StoreError::Conflict(Conflict::InsufficientBalance)) => {
            return Err(PayoutError::Invalid(FieldErrors::single("amount", "payout-above-balance")));
        }
        // The number changed between the read and the write.
        Err(StoreError::Conflict(Conflict::PayoutNumberHeld)) => {
            return Err(PayoutError::Held { until: now + NUMBER_HOLD_MS });
        }
        Err(StoreError::Conflict(Conflict::PayoutPending)) => return Err(PayoutError::Pending),
        Err(e) => return Err(e.into()),
    }
    let payout = Payout {
        id: p.id.clone(),
        user_id: p.user_id,
        purpose: p.purpose,
        order_id: None,
        amount_minor: p.amount_minor,
        currency: p.currency,
        phone: p.phone,
        status: "pending".into(),
        gateway_ref: None,
        result_desc: None,
        receipt: None,
        created_at: now,
    };
    send(repo, gateway, &payout, result_url).await?;
    Ok(payout)
}

/// Hands a written payout to the gateway, once: it is marked as handed over
/// first, so a payout whose request got no clear answer, or whose process
/// died mid-way, is asked about ([`ask_unanswered`]) rather than sent
/// again. Only a gateway that refuses it fails the payout and puts the
/// money back; any other error leaves it pending, its money in transit.
pub async fn send<R: PayoutRepo>(
    repo: &R,
    gateway: &dyn PayoutGateway,
    p: &Payout,
    result_url: &str,
) -> Result<(), StoreError> {
    if !repo.mark_payout_sent(&p.id, Some(now_ms())).await? {
        return Ok(());
    }
    let req = B2cRequest {
        phone: p.phone.trim_start_matches('+').to_string(),
        amount: p.amount_minor / 100,
        remarks: match p.purpose {
            Purpose::Seller => "Dove Market payout".into(),
            Purpose::Refund => "Dove Market refund".into(),
        },
        reference: p.id.clone(),
        result_url: result_url.to_string(),
    };
    match gateway.b2c(&req).await {
        Ok(conversation_id) => repo.set_payout_ref(&p.id, &conversation_id).await,
        Err(GatewayError::Refused(why)) => {
            tracing::warn!(payout_id = %p.id, error = %why, "B2C request refused");
            let r = B2cResult {
                conversation_id: String::new(),
                reference: None,
                result_code: -1,
                result_desc: why,
                receipt: None,
            };
            repo.finish_payout(&p.id, &r, &reverse_postings(p), now_ms()).await.map(|_| ())
        }
        Err(GatewayError::Uncertain(why)) => {
            tracing::warn!(payout_id = %p.id, error = %why, "B2C request unanswered; it stays pending until M-Pesa's status says how it ended");
            Ok(())
        }
    }
}

/// Asks M-Pesa how payouts ended that were handed over [`ASK_AFTER_MS`]
/// ago and never answered (no `ConversationID`), and asks again as often
/// until they are settled. The answers come to `result_url?payout=<id>`,
/// for [`handle_status`]. Returns how many were asked about.
pub async fn ask_unanswered<R: PayoutRepo>(
    repo: &R,
    gateway: &dyn PayoutGateway,
    result_url: &str,
    now: i64,
) -> Result<usize, StoreError> {
    let unanswered = repo.unanswered_payouts(now - ASK_AFTER_MS, now, 50).await?;
    for p in &unanswered {
        let req = StatusRequest { reference: p.id.clone(), result_url: status_url(result_url, &p.id) };
        if let Err(e) = gateway.b2c_status(&req).await {
            tracing::warn!(payout_id = %p.id, error = %e, "B2C status query failed; will ask again");
        }
    }
    Ok(unanswered.len())
}

/// Where the status of payout `id` is posted: the B2C result URL (which
/// carries the callback secret) naming the payout.
pub fn status_url(result_url: &str, id: &str) -> String {
    format!("{result_url}?payout={id}")
}

/// What a status answer did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusOutcome {
    /// It was paid: the payout succeeded, once.
    Succeeded,
    /// M-Pesa never had it: it goes out again with the worker.
    SendAgain,
    /// Still open, already settled, or not a payout of ours.
    Unchanged,
}

/// Applies a status answer about payout `id`.
///
/// "Not found" sends the payout again, with the same
/// `OriginatorConversationID`, rather than failing it and putting the money
/// back: a request M-Pesa took at the last moment may not show yet, and a
/// reversal would then credit the seller while the money still leaves.
/// A repeat of a request M-Pesa did take is refused by Daraja as a
/// duplicate, which the client reads as no clear answer (never a refusal),
/// so the payout simply stays pending and is asked about again. Money is
/// thus never back on a balance while it may still be paid out.
pub async fn handle_status<R: PayoutRepo>(repo: &R, id: &str, status: &B2cStatus) -> Result<StatusOutcome, StoreError> {
    let Some(p) = repo.payout(id).await? else {
        return Ok(StatusOutcome::Unchanged);
    };
    if p.status != "pending" || p.gateway_ref.is_some() {
        return Ok(StatusOutcome::Unchanged);
    }
    Ok(match status {
        B2cStatus::Completed { receipt } => {
            let r = B2cResult {
                conversation_id: String::new(),
                reference: None,
                result_code: 0,
                result_desc: "Paid, by M-Pesa's transaction status".into(),
                receipt: Some(receipt.clone()),
            };
            if repo.finish_payout(&p.id, &r, &[], now_ms()).await? {
                StatusOutcome::Succeeded
            } else {
                StatusOutcome::Unchanged
            }
        }
        B2cStatus::NotFound => {
            repo.mark_payout_sent(&p.id, None).await?;
            StatusOutcome::SendAgain
        }
        B2cStatus::Unsettled(why) => {
            tracing::info!(payout_id = %p.id, status = %why, "B2C status not settled yet");
            StatusOutcome::Unchanged
        }
    })
}

fn reverse_postings(p: &Payout) -> Vec<Posting> {
    vec![
        Posting { account: MPESA.to_string(), amount_minor: -p.amount_minor },
        Posting { account: owed_account(p), amount_minor: p.amount_minor },
    ]
}

/// What a B2C result did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultOutcome {
    Succeeded,
    Failed,
    AlreadyDone,
    Unknown,
}

/// Applies a B2C result, once. A result for a request whose answer never
/// reached us (no `ConversationID` kept) finds its payout by the
/// `OriginatorConversationID` we sent.
pub async fn handle_result<R: PayoutRepo>(repo: &R, r: &B2cResult) -> Result<ResultOutcome, StoreError> {
    let p = match repo.payout_by_ref(&r.conversation_id).await? {
        Some(p) => Some(p),
        None => match &r.reference {
            Some(id) => repo.payout(id).await?.filter(|p| p.gateway_ref.is_none() && p.status == "pending"),
            None => None,
        },
    };
    let Some(p) = p else {
        return Ok(ResultOutcome::Unknown);
    };
    if p.status != "pending" {
        return Ok(ResultOutcome::AlreadyDone);
    }
    let reverse = if r.result_code == 0 { Vec::new() } else { reverse_postings(&p) };
    Ok(match repo.finish_payout(&p.id, r, &reverse, now_ms()).await? {
        false => ResultOutcome::AlreadyDone,
        true if r.result_code == 0 => ResultOutcome::Succeeded,
        true => ResultOutcome::Failed,
    })
}

/// Sends a payout just written with a refund, if it still waits.
pub async fn send_new<R: PayoutRepo>(
    repo: &R,
    gateway: &dyn PayoutGateway,
    id: &str,
    result_url: &str,
) -> Result<(), StoreError> {
    match repo.payout(id).await? {
        Some(p) if p.status == "pending" && p.gateway_ref.is_none() => send(repo, gateway, &p, result_url).await,
        _ => Ok(()),
    }
}

/// Sends the payouts written but never handed to the gateway (the process
/// stopped in between, or M-Pesa's status said it never had them). Returns
/// how many. One handed over without an answer is not among them: it is
/// asked about instead (see [`ask_unanswered`]).
pub async fn send_unsent<R: PayoutRepo>(
    repo: &R,
    gateway: &dyn PayoutGateway,
    result_url: &str,
    now: i64,
) -> Result<usize, StoreError> {
    let unsent = repo.unsent_payouts(now - RESEND_AFTER_MS, 50).await?;
    for p in &unsent {
        send(repo, gateway, p, result_url).await?;
    }
    Ok(unsent.len())
}

/// The payouts a user received, newest first.
pub async fn list<R: PayoutRepo>(repo: &R, user: &User) -> Result<Vec<Payout>, StoreError> {
    repo.payouts_of(&user.id, 50).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_changed_number_is_held() {
        let n = PayoutNumber { phone: Some("+254722000111".into()), usable_from: 1_000, pending_phone: None };
        assert!(n.held(999) && !n.held(1_000));
        let none = PayoutNumber { phone: None, usable_from: 5_000, pending_phone: Some("+254722000111".into()) };
        assert!(!none.held(0), "no number: nothing to hold, the payout is refused for want of one");
        assert_eq!(n.masked().as_deref(), Some("+254 7•• ••• 111"));
    }
}
