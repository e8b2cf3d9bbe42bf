//! Money going out through M-Pesa B2C: a seller withdrawing their balance,
//! or a refund going back to the phone that paid. The payout row and its
//! ledger entries are written first, in one transaction; the gateway is
//! asked after, and a worker asks again for any payout the process died
//! before sending. The gateway's result callback settles it once: a failed
//! payout puts the money back where it came from.
use crate::accounts::{Phone, User};
use crate::clock::{MINUTE_MS, now_ms};
use crate::ledger::{MPESA, Posting, seller_account};
use crate::payments::GatewayError;
use crate::{FieldErrors, StoreError, new_id};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The least a seller withdraws: M-Pesa charges make less pointless.
pub const MIN_PAYOUT_MINOR: i64 = 10_000;
/// A payout not sent this long after it was written is sent again.
pub const RESEND_AFTER_MS: i64 = MINUTE_MS;

#[derive(Debug, Error)]
pub enum PayoutError {
    #[error("invalid payout")]
    Invalid(FieldErrors),
    #[error("a payout is already under way")]
    Pending,
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

/// Where payouts go: Daraja's B2C, or the built-in sandbox.
#[async_trait]
pub trait PayoutGateway: Send + Sync {
    /// Sends the money; returns the gateway's `ConversationID`. The outcome
    /// arrives later at `result_url`.
    async fn b2c(&self, req: &B2cRequest) -> Result<String, GatewayError>;
}

/// How a B2C payment ended, from Daraja's `Result`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct B2cResult {
    pub conversation_id: String,
    pub result_code: i64,
    pub result_desc: String,
    pub receipt: Option<String>,
}

/// The JSON Daraja posts to a B2C `ResultURL`.
#[derive(Debug, Deserialize)]
pub struct B2cCallback {
    #[serde(rename = "Result")]
    result: B2cBody,
}

#[derive(Debug, Deserialize)]
struct B2cBody {
    #[serde(rename = "ResultCode")]
    result_code: i64,
    #[serde(rename = "ResultDesc", default)]
    result_desc: String,
    #[serde(rename = "ConversationID")]
    conversation_id: String,
    #[serde(rename = "TransactionID", default)]
    transaction_id: Option<String>,
}

impl B2cCallback {
    pub fn result(self) -> B2cResult {
        let r = self.result;
        B2cResult {
            receipt: r.transaction_id.filter(|t| !t.is_empty() && r.result_code == 0),
            conversation_id: r.conversation_id,
            result_code: r.result_code,
            result_desc: r.result_desc,
        }
    }
}

pub trait PayoutRepo: Send + Sync {
    /// Writes the payout (pending) with `postings` as one ledger transaction
    /// and its audit entry. A seller payout above the seller's balance is
    /// `Conflict("insufficient_balance")`; one already pending for the
    /// user `Conflict("payouts_one_pending")`; nothing is written then.
    fn start_payout(
        &self,
        p: &NewPayout,
        postings: &[Posting],
        origin: Option<&str>,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn set_payout_ref(&self, id: &str, gateway_ref: &str) -> impl Future<Output = Result<(), StoreError>> + Send;
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

/// A seller withdraws `amount_minor` of their balance to `phone`.
pub async fn request<R: PayoutRepo>(
    repo: &R,
    gateway: &dyn PayoutGateway,
    seller: &User,
    amount_minor: Result<i64, &'static str>,
    phone: &str,
    result_url: &str,
    origin: &str,
) -> Result<Payout, PayoutError> {
    let mut errors = FieldErrors::default();
    match amount_minor {
        Ok(a) if a < MIN_PAYOUT_MINOR => errors.add("amount", "payout-too-small"),
        Ok(a) if a % 100 != 0 => errors.add("amount", "mpesa-whole-shillings"),
        Ok(_) => {}
        Err(code) => errors.add("amount", code),
    }
    let phone = Phone::parse(phone).ok().filter(Phone::is_kenyan_mobile);
    if phone.is_none() {
        errors.add("phone", "phone-not-mpesa");
    }
    let (Ok(amount), Some(phone)) = (amount_minor, phone) else {
        return Err(PayoutError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(PayoutError::Invalid(errors));
    }
    let p = NewPayout {
        id: new_id(),
        user_id: seller.id.clone(),
        purpose: Purpose::Seller,
        order_id: None,
        amount_minor: amount,
        currency: "KES".into(),
        phone: phone.as_str().to_string(),
    };
    let postings = vec![
        Posting { account: seller_account(&seller.id), amount_minor: -amount },
        Posting { account: MPESA.to_string(), amount_minor: amount },
    ];
    match repo.start_payout(&p, &postings, Some(origin), now_ms()).await {
        Ok(()) => {}
        Err(StoreError::Conflict(c)) if c == "insufficient_balance" => {
            return Err(PayoutError::Invalid(FieldErrors::single("amount", "payout-above-balance")));
        }
        Err(StoreError::Conflict(_)) => return Err(PayoutError::Pending),
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
        created_at: now_ms(),
    };
    send(repo, gateway, &payout, result_url).await?;
    Ok(payout)
}

/// Hands a written payout to the gateway. A gateway that refuses it fails
/// the payout at once, and the money goes back.
pub async fn send<R: PayoutRepo>(
    repo: &R,
    gateway: &dyn PayoutGateway,
    p: &Payout,
    result_url: &str,
) -> Result<(), StoreError> {
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
        Err(GatewayError::Failed(why)) => {
            tracing::warn!(payout_id = %p.id, error = %why, "B2C request refused");
            let r = B2cResult { conversation_id: String::new(), result_code: -1, result_desc: why, receipt: None };
            repo.finish_payout(&p.id, &r, &reverse_postings(p), now_ms()).await.map(|_| ())
        }
    }
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

/// Applies a B2C result, once.
pub async fn handle_result<R: PayoutRepo>(repo: &R, r: &B2cResult) -> Result<ResultOutcome, StoreError> {
    let Some(p) = repo.payout_by_ref(&r.conversation_id).await? else {
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
/// stopped in between). Returns how many. Should the gateway have taken one
/// before the stop, its `OriginatorConversationID` (the payout id) lets
/// Daraja refuse the repeat.
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
    fn b2c_results_are_read() {
        // Safaricom's documented example of a successful B2C result.
        let ok: B2cCallback = serde_json::from_str(
            r#"{"Result":{"ResultType":0,"ResultCode":0,"ResultDesc":"The service request is processed successfully.",
            "OriginatorConversationID":"10571-7910404-1","ConversationID":"AG_20191219_00004e48cf7e3533f581",
            "TransactionID":"NLJ41HAY6Q","ResultParameters":{"ResultParameter":[{"Key":"TransactionAmount","Value":10},
            {"Key":"TransactionReceipt","Value":"NLJ41HAY6Q"}]},"ReferenceData":{"ReferenceItem":{"Key":"QueueTimeoutURL","Value":"https://x"}}}}"#,
        )
        .unwrap();
        let r = ok.result();
        assert_eq!((r.conversation_id.as_str(), r.result_code), ("AG_20191219_00004e48cf7e3533f581", 0));
        assert_eq!(r.receipt.as_deref(), Some("NLJ41HAY6Q"));
        let failed: B2cCallback = serde_json::from_str(
            r#"{"Result":{"ResultType":0,"ResultCode":2001,"ResultDesc":"The initiator information is invalid.","OriginatorConversationID":"1","ConversationID":"AG_2","TransactionID":"NLJ0000000"}}"#,
        )
        .unwrap();
        assert_eq!(failed.result().receipt, None, "no receipt for a failure");
    }
}
