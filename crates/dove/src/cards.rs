//! The two card gateways. Stripe Checkout: a session created with an
//! `Idempotency-Key`, its hosted page, and a signed webhook. And the
//! built-in sandbox, which needs no account: its checkout page lives at
//! `/dev/card/{id}`, and paying there posts a webhook signed exactly as
//! Stripe signs it to the app's real webhook route.
use crate::stripe_webhook::{read_event, sign};
use async_trait::async_trait;
use dove_domain::cards::{
    CardEvent, CardGateway, CardRefund, CheckoutSession, EventRefused, SandboxCheckout, SandboxSession, SessionRequest,
};
use dove_domain::payments::GatewayError;
use std::collections::HashMap;
use std::time::Duration;
use tokio::sync::Mutex;

/// Stripe's account settings. Debug output leaves the secrets out.
#[derive(Clone)]
pub struct StripeConfig {
    pub base_url: String,
    pub secret_key: String,
    pub webhook_secret: String,
}

impl std::fmt::Debug for StripeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StripeConfig").field("base_url", &self.base_url).finish_non_exhaustive()
    }
}

fn client() -> Result<reqwest::Client, GatewayError> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| GatewayError::Refused(e.to_string()))
}

pub struct StripeCards {
    config: StripeConfig,
    client: reqwest::Client,
}

impl StripeCards {
    pub fn new(config: StripeConfig) -> Result<StripeCards, GatewayError> {
        Ok(StripeCards { config, client: client()? })
    }
}

#[async_trait]
impl CardGateway for StripeCards {
    async fn create_session(&self, req: &SessionRequest) -> Result<CheckoutSession, GatewayError> {
        let amount = req.amount_minor.to_string();
        let expires_at = req.expires_at.to_string();
        let form = [
            ("mode", "payment"),
            // Closed when the order stops waiting, not Stripe's default 24 h.
            ("expires_at", expires_at.as_str()),
            ("success_url", req.success_url.as_str()),
            ("cancel_url", req.cancel_url.as_str()),
            ("client_reference_id", req.reference.as_str()),
            ("metadata[order_id]", req.reference.as_str()),
            ("line_items[0][quantity]", "1"),
            ("line_items[0][price_data][currency]", req.currency.as_str()),
            ("line_items[0][price_data][unit_amount]", amount.as_str()),
            ("line_items[0][price_data][product_data][name]", req.description.as_str()),
        ];
        let res = self
            .client
            .post(format!("{}/v1/checkout/sessions", self.config.base_url.trim_end_matches('/')))
            .bearer_auth(&self.config.secret_key)
            .header("Idempotency-Key", &req.idempotency_key)
            .form(&form)
            .send()
            .await
            .map_err(|e| GatewayError::Refused(format!("Stripe request failed: {}", e.without_url())))?;
        let status = res.status();
        let body: serde_json::Value = res.json().await.unwrap_or(serde_json::Value::Null);
        if !status.is_success() {
            let why = body["error"]["message"].as_str().unwrap_or("no reason given");
            return Err(GatewayError::Refused(format!("Stripe answered {status}: {why}")));
        }
        match (body["id"].as_str(), body["url"].as_str()) {
            (Some(id), Some(url)) => Ok(CheckoutSession { id: id.to_string(), url: url.to_string() }),
            _ => Err(GatewayError::Refused("Stripe's session has no id or url".into())),
        }
    }

    async fn refund(&self, req: &CardRefund) -> Result<String, GatewayError> {
        let amount = req.amount_minor.to_string();
        let form = [("payment_intent", req.payment_ref.as_str()), ("amount", amount.as_str())];
        let res = self
            .client
            .post(format!("{}/v1/refunds", self.config.base_url.trim_end_matches('/')))
            .bearer_auth(&self.config.secret_key)
            .header("Idempotency-Key", &req.idempotency_key)
            .form(&form)
            .send()
            .await
            .map_err(|e| GatewayError::Refused(format!("Stripe request failed: {}", e.without_url())))?;
        let status = res.status();
        let body: serde_json::Value = res.json().await.unwrap_or(serde_json::Value::Null);
        if !status.is_success() {
            let why = body["error"]["message"].as_str().unwrap_or("no reason given");
            return Err(GatewayError::Refused(format!("Stripe answered {status}: {why}")));
        }
        body["id"].as_str().map(str::to_string).ok_or_else(|| GatewayError::Refused("Stripe's refund has no id".into()))
    }

    fn read_event(&self, signature: &str, body: &[u8], now_secs: i64) -> Result<CardEvent, EventRefused> {
        read_event(&self.config.webhook_secret, signature, body, now_secs)
    }
}

struct Session {
    req: SessionRequest,
    outcome: Option<bool>,
}

/// The card sandbox. Its sessions live in memory: it serves demo and dev
/// mode on one node.
pub struct SandboxCards {
    webhook_url: String,
    webhook_secret: String,
    client: reqwest::Client,
    sessions: Mutex<HashMap<String, Session>>,
}

impl SandboxCards {
    pub fn new(webhook_url: String, webhook_secret: String) -> Result<SandboxCards, GatewayError> {
        Ok(SandboxCards { webhook_url, webhook_secret, client: client()?, sessions: Mutex::new(HashMap::new()) })
    }
}

#[async_trait]
impl CardGateway for SandboxCards {
    async fn create_session(&self, req: &SessionRequest) -> Result<CheckoutSession, GatewayError> {
        let mut sessions = self.sessions.lock().await;
        // The same key makes the same session, as Stripe's does.
        if let Some((id, _)) = sessions.iter().find(|(_, s)| s.req.idempotency_key == req.idempotency_key) {
            return Ok(CheckoutSession { id: id.clone(), url: format!("/dev/card/{id}") });
        }
        let id = format!("cs_test_{}", uuid::Uuid::now_v7().simple());
        sessions.insert(id.clone(), Session { req: req.clone(), outcome: None });
        Ok(CheckoutSession { url: format!("/dev/card/{id}"), id })
    }

    /// The sandbox's card network gives the money back at once.
    async fn refund(&self, req: &CardRefund) -> Result<String, GatewayError> {
        let key: String = req.idempotency_key.chars().rev().take(16).collect();
        Ok(format!("re_sandbox_{key}"))
    }

    fn read_event(&self, signature: &str, body: &[u8], now_secs: i64) -> Result<CardEvent, EventRefused> {
        read_event(&self.webhook_secret, signature, body, now_secs)
    }
}

#[async_trait]
impl SandboxCheckout for SandboxCards {
    async fn session(&self, id: &str) -> Option<SandboxSession> {
        self.sessions.lock().await.get(id).map(|s| SandboxSession {
            id: id.to_string(),
            amount_minor: s.req.amount_minor,
            currency: s.req.currency.to_uppercase(),
            description: s.req.description.clone(),
            outcome: s.outcome,
        })
    }

    async fn finish(&self, id: &str, pay: bool) -> Result<String, GatewayError> {
        let (amount, back) = {
            let mut sessions = self.sessions.lock().await;
            let s = sessions.get_mut(id).ok_or_else(|| GatewayError::Refused("no such session".into()))?;
            if s.outcome.is_some() {
                return Err(GatewayError::Refused("this checkout is finished already".into()));
            }
            s.outcome = Some(pay);
            (s.req.amount_minor, if pay { s.req.success_url.clone() } else { s.req.cancel_url.clone() })
        };
        let event = serde_json::json!({
            "id": format!("evt_{}", uuid::Uuid::now_v7().simple()),
            "object": "event",
            "type": if pay { "checkout.session.completed" } else { "checkout.session.expired" },
            "created": dove_domain::clock::now_ms() / 1000,
            "data": {"object": {
                "id": id,
                "object": "checkout.session",
                "payment_status": if pay { "paid" } else { "unpaid" },
                "amount_total": amount,
                "payment_intent": if pay { Some(format!("pi_{}", &id[id.len().saturating_sub(16)..])) } else { None },
            }},
        });
        let payload = serde_json::to_vec(&event).map_err(|e| GatewayError::Refused(e.to_string()))?;
        let signature = sign(&self.webhook_secret, dove_domain::clock::now_ms() / 1000, &payload);
        let res = self
            .client
            .post(&self.webhook_url)
            .header("Stripe-Signature", signature)
            .header("Content-Type", "application/json")
            .body(payload)
            .send()
            .await
            .map_err(|e| GatewayError::Refused(e.without_url().to_string()))?;
        if !res.status().is_success() {
            return Err(GatewayError::Refused(format!("the webhook answered {}", res.status())));
        }
        Ok(back)
    }
}
