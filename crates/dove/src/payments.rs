//! The built-in M-Pesa sandbox: a gateway that needs no account. An STK
//! push becomes a prompt on a pretend phone at `/dev/payments`; answering
//! it posts the callback Daraja would post, over HTTP, to the callback URL
//! the push named, so the app's real callback path runs end to end.
use async_trait::async_trait;
use dove_domain::clock::now_ms;
use dove_domain::payments::{Answer, GatewayError, MpesaGateway, Prompt, SandboxPhone, SandboxRepo, StkPush};
use dove_store::Db;
use std::time::Duration;

pub struct SandboxMpesa {
    db: Db,
    client: reqwest::Client,
}

impl SandboxMpesa {
    pub fn new(db: Db) -> Result<SandboxMpesa, GatewayError> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| GatewayError::Failed(e.to_string()))?;
        Ok(SandboxMpesa { db, client })
    }
}

#[async_trait]
impl MpesaGateway for SandboxMpesa {
    async fn stk_push(&self, push: &StkPush) -> Result<String, GatewayError> {
        let checkout_id = format!("ws_CO_sandbox_{}", uuid::Uuid::now_v7().simple());
        let prompt = Prompt {
            checkout_id: checkout_id.clone(),
            phone: push.phone.clone(),
            amount: push.amount,
            reference: push.reference.clone(),
            callback_url: push.callback_url.clone(),
            status: "waiting".into(),
            created_at: now_ms(),
        };
        self.db.insert_prompt(&prompt).await.map_err(|e| GatewayError::Failed(e.to_string()))?;
        Ok(checkout_id)
    }
}

/// The callback body Daraja sends, for each way a prompt can end.
fn callback_body(p: &Prompt, answer: Answer) -> serde_json::Value {
    let (code, desc) = match answer {
        Answer::Approve => (0, "The service request is processed successfully."),
        Answer::Decline => (1032, "Request cancelled by user"),
        Answer::TimeOut => (1037, "DS timeout user cannot be reached"),
    };
    let mut stk = serde_json::json!({
        "MerchantRequestID": format!("sandbox-{}", &p.checkout_id[p.checkout_id.len().saturating_sub(8)..]),
        "CheckoutRequestID": p.checkout_id,
        "ResultCode": code,
        "ResultDesc": desc,
    });
    if answer == Answer::Approve {
        let receipt: String = p.checkout_id.chars().rev().take(10).collect::<String>().to_uppercase();
        stk["CallbackMetadata"] = serde_json::json!({"Item": [
            {"Name": "Amount", "Value": p.amount},
            {"Name": "MpesaReceiptNumber", "Value": format!("S{}", &receipt[..9])},
            {"Name": "TransactionDate", "Value": 20261124120000i64},
            {"Name": "PhoneNumber", "Value": p.phone.parse::<i64>().unwrap_or_default()},
        ]});
    }
    serde_json::json!({"Body": {"stkCallback": stk}})
}

#[async_trait]
impl SandboxPhone for SandboxMpesa {
    async fn answer(&self, checkout_id: &str, answer: Answer) -> Result<(), GatewayError> {
        let failed = |e: &dyn std::fmt::Display| GatewayError::Failed(e.to_string());
        let prompt =
            self.db.prompt(checkout_id).await.map_err(|e| failed(&e))?.ok_or_else(|| failed(&"no such prompt"))?;
        let status = match answer {
            Answer::Approve => "approved",
            Answer::Decline => "declined",
            Answer::TimeOut => "timed_out",
        };
        if !self.db.answer_prompt(checkout_id, status).await.map_err(|e| failed(&e))? {
            return Err(failed(&"this prompt was answered already"));
        }
        let res = self
            .client
            .post(&prompt.callback_url)
            .json(&callback_body(&prompt, answer))
            .send()
            .await
            .map_err(|e| failed(&e.without_url()))?;
        if !res.status().is_success() {
            return Err(failed(&format!("the callback answered {}", res.status())));
        }
        Ok(())
    }
}
