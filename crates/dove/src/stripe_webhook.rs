//! Stripe's webhook wire format: the `Stripe-Signature` check and the
//! event JSON, read into the domain's [`CardEvent`]. Both card gateways
//! use it: Stripe's own webhooks, and the sandbox's, which are signed the
//! same way.
//!
//! A webhook is trusted only with a valid signature: an HMAC-SHA256 of
//! `{t}.{payload}` under the endpoint's secret, matching any of its `v1`
//! values, with `t` within five minutes of now.
use dove_domain::cards::{CardEvent, CardEventKind, EventRefused};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

/// How old a signed webhook may be.
const TOLERANCE_SECS: i64 = 300;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
enum SignatureError {
    #[error("no usable Stripe-Signature header")]
    Malformed,
    #[error("the signature's timestamp is outside the tolerance")]
    Stale,
    #[error("no signature matches")]
    Mismatch,
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

fn mac(secret: &str, t: &str, payload: &[u8]) -> Hmac<Sha256> {
    let mut m = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    m.update(t.as_bytes());
    m.update(b".");
    m.update(payload);
    m
}

/// The `Stripe-Signature` header for `payload` at `t` (seconds): what
/// Stripe sends, and what the sandbox gateway signs its webhooks with.
pub fn sign(secret: &str, t: i64, payload: &[u8]) -> String {
    let sig = mac(secret, &t.to_string(), payload).finalize().into_bytes();
    let hex: String = sig.iter().map(|b| format!("{b:02x}")).collect();
    format!("t={t},v1={hex}")
}

/// Checks a `Stripe-Signature` header against the raw body, at `now_secs`.
fn verify(header: &str, payload: &[u8], secret: &str, now_secs: i64) -> Result<(), SignatureError> {
    let mut t = None;
    let mut v1 = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = Some(v),
            Some(("v1", v)) => v1.push(v),
            _ => {}
        }
    }
    let t = t.ok_or(SignatureError::Malformed)?;
    let at: i64 = t.parse().map_err(|_| SignatureError::Malformed)?;
    if v1.is_empty() {
        return Err(SignatureError::Malformed);
    }
    if (now_secs - at).abs() > TOLERANCE_SECS {
        return Err(SignatureError::Stale);
    }
    let matched = v1.iter().filter_map(|v| unhex(v)).any(|sig| mac(secret, t, payload).verify_slice(&sig).is_ok());
    if matched { Ok(()) } else { Err(SignatureError::Mismatch) }
}

/// A webhook event, as far as the app reads it.
#[derive(Debug, Deserialize)]
struct Event {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    data: EventData,
}

#[derive(Debug, Deserialize)]
struct EventData {
    object: SessionObject,
}

/// A Checkout Session in an event.
#[derive(Debug, Deserialize)]
struct SessionObject {
    id: String,
    #[serde(default)]
    payment_status: Option<String>,
    #[serde(default)]
    amount_total: Option<i64>,
    #[serde(default)]
    payment_intent: Option<String>,
}

/// Verifies a webhook under `secret` and reads its event.
pub fn read_event(secret: &str, signature: &str, body: &[u8], now_secs: i64) -> Result<CardEvent, EventRefused> {
    verify(signature, body, secret, now_secs).map_err(|e| EventRefused(format!("Signature refused: {e}.")))?;
    let e: Event = serde_json::from_slice(body).map_err(|_| EventRefused("This is not a Stripe event.".into()))?;
    let paid = e.data.object.payment_status.as_deref() == Some("paid");
    let kind = match e.kind.as_str() {
        "checkout.session.completed" if paid => CardEventKind::Paid,
        // Paid later (a bank transfer): `async_payment_succeeded` follows.
        "checkout.session.completed" => CardEventKind::AwaitingPayment,
        "checkout.session.async_payment_succeeded" if paid => CardEventKind::Paid,
        "checkout.session.async_payment_succeeded"
        | "checkout.session.expired"
        | "checkout.session.async_payment_failed" => CardEventKind::Failed,
        _ => CardEventKind::Other,
    };
    let s = e.data.object;
    Ok(CardEvent {
        id: e.id,
        name: e.kind,
        kind,
        session_id: s.id,
        amount_total: s.amount_total,
        payment_intent: s.payment_intent,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test_secret";

    #[test]
    fn a_valid_signature_passes() {
        let body = br#"{"id":"evt_1"}"#;
        let header = sign(SECRET, 1_800_000_000, body);
        assert_eq!(verify(&header, body, SECRET, 1_800_000_100), Ok(()));
        // Stripe may send several v1 values (a rolled secret): any match.
        let two = format!("t=1800000000,v1={},{}", "ab".repeat(32), header.split_once(',').unwrap().1);
        assert_eq!(verify(&two, body, SECRET, 1_800_000_000), Ok(()));
    }

    #[test]
    fn tampering_a_wrong_secret_or_age_fails() {
        let body = br#"{"id":"evt_1","amount_total":500000}"#;
        let header = sign(SECRET, 1_800_000_000, body);
        let mut changed = body.to_vec();
        changed[20] ^= 1;
        assert_eq!(verify(&header, &changed, SECRET, 1_800_000_000), Err(SignatureError::Mismatch));
        assert_eq!(verify(&header, body, "whsec_other", 1_800_000_000), Err(SignatureError::Mismatch));
        assert_eq!(verify(&header, body, SECRET, 1_800_000_301), Err(SignatureError::Stale));
        assert_eq!(verify(&header, body, SECRET, 1_799_999_699), Err(SignatureError::Stale));
        assert_eq!(verify("v1=abcd", body, SECRET, 0), Err(SignatureError::Malformed));
        assert_eq!(verify("t=1800000000,v0=abcd", body, SECRET, 1_800_000_000), Err(SignatureError::Malformed));
    }

    #[test]
    fn events_are_read_into_what_they_mean() {
        let event = |kind: &str, status: &str| {
            let body = format!(
                r#"{{"id":"evt_9","type":"{kind}","data":{{"object":{{"id":"cs_1","payment_status":"{status}","amount_total":500000,"payment_intent":"pi_1"}}}}}}"#
            );
            read_event(SECRET, &sign(SECRET, 1_800_000_000, body.as_bytes()), body.as_bytes(), 1_800_000_000)
                .map(|e| e.kind)
        };
        assert_eq!(event("checkout.session.completed", "paid"), Ok(CardEventKind::Paid));
        assert_eq!(event("checkout.session.completed", "unpaid"), Ok(CardEventKind::AwaitingPayment));
        assert_eq!(event("checkout.session.async_payment_succeeded", "paid"), Ok(CardEventKind::Paid));
        assert_eq!(event("checkout.session.expired", "unpaid"), Ok(CardEventKind::Failed));
        assert_eq!(event("customer.created", "paid"), Ok(CardEventKind::Other));
        let unsigned = read_event(SECRET, "t=1,v1=00", b"{}", 1_800_000_000);
        assert!(unsigned.unwrap_err().0.starts_with("Signature refused"));
    }
}
