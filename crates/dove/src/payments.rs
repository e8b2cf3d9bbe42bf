//! The two M-Pesa gateways. Daraja, Safaricom's API: an OAuth token (kept
//! until it expires), the STK push, the STK query, B2C and its transaction
//! status; each call tells a refusal from no clear answer (see
//! `DarajaMpesa::post`). And the built-in
//! sandbox, which needs no account: an STK push becomes a prompt on a
//! pretend phone at `/dev/payments`; answering it posts the callback Daraja
//! would post, over HTTP, to the callback URL the push named, so the app's
//! real callback path runs end to end.
use async_trait::async_trait;
use base64::Engine;
use dove_domain::clock::now_ms;
use dove_domain::payments::{
    Answer, GatewayError, MpesaGateway, MpesaWire, Prompt, SandboxPhone, SandboxRepo, StkPush, StkQueryResult,
    StkResult,
};
use dove_domain::payouts::{B2cRequest, B2cResult, B2cStatus, PayoutGateway, StatusRequest};
use dove_store::Db;
use serde::Deserialize;
use std::time::Duration;
use tokio::sync::Mutex;

pub struct SandboxMpesa {
    db: Db,
    client: reqwest::Client,
    /// The payouts it took: our reference and the receipt, for its status
    /// answers.
    paid: std::sync::Mutex<std::collections::HashMap<String, String>>,
}

impl SandboxMpesa {
    pub fn new(db: Db) -> Result<SandboxMpesa, GatewayError> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| GatewayError::Refused(e.to_string()))?;
        Ok(SandboxMpesa { db, client, paid: Default::default() })
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
        self.db.insert_prompt(&prompt).await.map_err(|e| GatewayError::Refused(e.to_string()))?;
        Ok(checkout_id)
    }

    /// A prompt left unanswered times out, as a real phone's does.
    async fn stk_query(&self, checkout_id: &str) -> Result<Option<StkQueryResult>, GatewayError> {
        let failed = |e: dove_domain::StoreError| GatewayError::Uncertain(e.to_string());
        let Some(p) = self.db.prompt(checkout_id).await.map_err(failed)? else {
            return Err(GatewayError::Refused("no such prompt".into()));
        };
        let result = |code: i64, desc: &str| Some(StkQueryResult { result_code: code, result_desc: desc.into() });
        Ok(match p.status.as_str() {
            "approved" => result(0, "The service request is processed successfully."),
            "declined" => result(1032, "Request cancelled by user"),
            "timed_out" => result(1037, "DS timeout user cannot be reached"),
            _ if now_ms() - p.created_at > SANDBOX_TIMEOUT_MS => {
                self.db.answer_prompt(checkout_id, "timed_out").await.map_err(failed)?;
                result(1037, "DS timeout user cannot be reached")
            }
            _ => None,
        })
    }
}

/// How long the sandbox's phone waits before the prompt times out.
const SANDBOX_TIMEOUT_MS: i64 = 90_000;

/// Daraja's account settings. Debug output leaves the secrets out.
#[derive(Clone)]
pub struct DarajaConfig {
    /// `https://sandbox.safaricom.co.ke` or `https://api.safaricom.co.ke`.
    pub base_url: String,
    pub consumer_key: String,
    pub consumer_secret: String,
    pub shortcode: String,
    pub passkey: String,
    /// B2C (payouts and refunds): the initiator and its credential.
    pub b2c_initiator: Option<String>,
    pub b2c_credential: Option<String>,
}

impl std::fmt::Debug for DarajaConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DarajaConfig")
            .field("base_url", &self.base_url)
            .field("shortcode", &self.shortcode)
            .finish_non_exhaustive()
    }
}

/// Safaricom's Daraja API.
pub struct DarajaMpesa {
    config: DarajaConfig,
    client: reqwest::Client,
    /// The OAuth token and when it stops being good.
    token: Mutex<Option<(String, std::time::Instant)>>,
}

impl DarajaMpesa {
    pub fn new(config: DarajaConfig) -> Result<DarajaMpesa, GatewayError> {
        DarajaMpesa::with_timeout(config, Duration::from_secs(30))
    }

    /// As [`DarajaMpesa::new`], giving up on an answer after `timeout`
    /// (which leaves a request's outcome unknown, never refused).
    pub fn with_timeout(config: DarajaConfig, timeout: Duration) -> Result<DarajaMpesa, GatewayError> {
        let client =
            reqwest::Client::builder().timeout(timeout).build().map_err(|e| GatewayError::Refused(e.to_string()))?;
        Ok(DarajaMpesa { config, client, token: Mutex::new(None) })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.base_url.trim_end_matches('/'))
    }

    /// The cached token, or a new one a minute before the old one expires.
    /// Its failures are refusals whatever they are: without a token the
    /// request that moves money is never sent.
    async fn token(&self) -> Result<String, GatewayError> {
        let mut kept = self.token.lock().await;
        if let Some((token, until)) = kept.as_ref()
            && std::time::Instant::now() < *until
        {
            return Ok(token.clone());
        }
        let res = self
            .client
            .get(self.url("/oauth/v1/generate?grant_type=client_credentials"))
            .basic_auth(&self.config.consumer_key, Some(&self.config.consumer_secret))
            .send()
            .await
            .map_err(|e| GatewayError::Refused(format!("token request failed: {}", e.without_url())))?;
        if !res.status().is_success() {
            return Err(GatewayError::Refused(format!("token request answered {}", res.status())));
        }
        let body: serde_json::Value =
            res.json().await.map_err(|_| GatewayError::Refused("unreadable token response".into()))?;
        let token = body["access_token"].as_str().ok_or_else(|| GatewayError::Refused("no access_token".into()))?;
        // Daraja sends expires_in as a string ("3599").
        let secs = body["expires_in"]
            .as_str()
            .and_then(|s| s.parse::<u64>().ok())
            .or_else(|| body["expires_in"].as_u64())
            .unwrap_or(3599);
        let until = std::time::Instant::now() + Duration::from_secs(secs.saturating_sub(60));
        *kept = Some((token.to_string(), until));
        Ok(token.to_string())
    }

    /// Password = base64(shortcode + passkey + timestamp), with the timestamp.
    fn password(&self) -> (String, String) {
        let timestamp = dove_domain::clock::compact_local(now_ms());
        let raw = format!("{}{}{timestamp}", self.config.shortcode, self.config.passkey);
        (base64::engine::general_purpose::STANDARD.encode(raw), timestamp)
    }

    /// Posts a request. Only an answer that says no is a refusal: an error
    /// response (a 4xx with Daraja's `errorCode`), or a connection that was
    /// never made. A timeout, a reset, a 5xx, a 401/403/429 (a token or rate
    /// problem on Daraja's side, not a verdict on the request), a duplicate
    /// (the same `OriginatorConversationID` was taken before) or a body we
    /// cannot read leave the outcome unknown.
    async fn post(&self, path: &str, body: &serde_json::Value) -> Result<serde_json::Value, GatewayError> {
        let token = self.token().await?;
        let res = self.client.post(self.url(path)).bearer_auth(token).json(body).send().await.map_err(|e| {
            let connect = e.is_connect();
            let why = format!("request failed: {}", e.without_url());
            if connect { GatewayError::Refused(why) } else { GatewayError::Uncertain(why) }
        })?;
        let status = res.status();
        let text =
            res.text().await.map_err(|e| GatewayError::Uncertain(format!("answer lost: {}", e.without_url())))?;
        let body: Option<serde_json::Value> = serde_json::from_str(&text).ok();
        if status.is_success() {
            return body.ok_or_else(|| GatewayError::Uncertain(format!("M-Pesa answered {status} with no JSON")));
        }
        // Daraja's errors carry errorCode and errorMessage; neither holds
        // the number or the amount.
        let body = body.unwrap_or(serde_json::Value::Null);
        let why = body["errorMessage"].as_str().unwrap_or("no reason given");
        let message = format!("M-Pesa answered {status}: {why}");
        let verdict = status.is_client_error()
            && !matches!(status.as_u16(), 401 | 403 | 408 | 409 | 429)
            && body["errorCode"].is_string()
            && !why.to_lowercase().contains("duplicate");
        Err(if verdict { GatewayError::Refused(message) } else { GatewayError::Uncertain(message) })
    }
}

#[async_trait]
impl MpesaGateway for DarajaMpesa {
    async fn stk_push(&self, push: &StkPush) -> Result<String, GatewayError> {
        let (password, timestamp) = self.password();
        let body = serde_json::json!({
            "BusinessShortCode": self.config.shortcode,
            "Password": password,
            "Timestamp": timestamp,
            "TransactionType": "CustomerPayBillOnline",
            "Amount": push.amount,
            "PartyA": push.phone,
            "PartyB": self.config.shortcode,
            "PhoneNumber": push.phone,
            "CallBackURL": push.callback_url,
            "AccountReference": push.reference,
            "TransactionDesc": push.description,
        });
        let res = self.post("/mpesa/stkpush/v1/processrequest", &body).await?;
        if !res["ResponseCode"].is_null() && res["ResponseCode"].as_str() != Some("0") {
            let why = res["ResponseDescription"].as_str().unwrap_or("refused");
            return Err(GatewayError::Refused(format!("M-Pesa refused the push: {why}")));
        }
        res["CheckoutRequestID"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| GatewayError::Uncertain("no CheckoutRequestID".into()))
    }

    async fn stk_query(&self, checkout_id: &str) -> Result<Option<StkQueryResult>, GatewayError> {
        let (password, timestamp) = self.password();
        let body = serde_json::json!({
            "BusinessShortCode": self.config.shortcode,
            "Password": password,
            "Timestamp": timestamp,
            "CheckoutRequestID": checkout_id,
        });
        match self.post("/mpesa/stkpushquery/v1/query", &body).await {
            Ok(res) => {
                // ResultCode comes as a string ("1032") or a number.
                let code =
                    res["ResultCode"].as_str().and_then(|c| c.parse().ok()).or_else(|| res["ResultCode"].as_i64());
                Ok(code.map(|c| StkQueryResult {
                    result_code: c,
                    result_desc: res["ResultDesc"].as_str().unwrap_or_default().to_string(),
                }))
            }
            // "The transaction is being processed" comes back as an error.
            Err(GatewayError::Refused(why) | GatewayError::Uncertain(why)) if why.contains("being processed") => {
                Ok(None)
            }
            Err(e) => Err(e),
        }
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
        let failed = |e: &dyn std::fmt::Display| GatewayError::Refused(e.to_string());
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

/// The sandbox pays out at once: a moment after the request, it posts the
/// result Daraja would post to the request's `ResultURL`.
#[async_trait]
impl PayoutGateway for SandboxMpesa {
    async fn b2c(&self, req: &B2cRequest) -> Result<String, GatewayError> {
        let conversation_id = format!("AG_sandbox_{}", uuid::Uuid::now_v7().simple());
        let receipt: String = conversation_id.chars().rev().take(9).collect::<String>().to_uppercase();
        let body = serde_json::json!({"Result": {
            "ResultType": 0,
            "ResultCode": 0,
            "ResultDesc": "The service request is processed successfully.",
            "OriginatorConversationID": req.reference,
            "ConversationID": conversation_id,
            "TransactionID": format!("P{receipt}"),
            "ResultParameters": {"ResultParameter": [
                {"Key": "TransactionAmount", "Value": req.amount},
                {"Key": "TransactionReceipt", "Value": format!("P{receipt}")},
            ]},
        }});
        self.paid.lock().expect("sandbox payouts").insert(req.reference.clone(), format!("P{receipt}"));
        self.deliver(req.result_url.clone(), body, Duration::from_millis(300));
        Ok(conversation_id)
    }

    /// Answers as Daraja's transaction status would: completed, with its
    /// receipt, for a payout it took; not found for any other.
    async fn b2c_status(&self, req: &StatusRequest) -> Result<(), GatewayError> {
        let receipt = self.paid.lock().expect("sandbox payouts").get(&req.reference).cloned();
        let body = match receipt {
            Some(receipt) => serde_json::json!({"Result": {
                "ResultType": 0,
                "ResultCode": 0,
                "ResultDesc": "The service request is processed successfully.",
                "OriginatorConversationID": format!("sandbox-status-{}", uuid::Uuid::now_v7().simple()),
                "ResultParameters": {"ResultParameter": [
                    {"Key": "OriginatorConversationID", "Value": req.reference},
                    {"Key": "TransactionStatus", "Value": "Completed"},
                    {"Key": "ReceiptNo", "Value": receipt},
                ]},
            }}),
            None => serde_json::json!({"Result": {
                "ResultType": 0,
                "ResultCode": 2032,
                "ResultDesc": "The transaction does not exist.",
                "OriginatorConversationID": format!("sandbox-status-{}", uuid::Uuid::now_v7().simple()),
            }}),
        };
        self.deliver(req.result_url.clone(), body, Duration::from_millis(100));
        Ok(())
    }
}

impl SandboxMpesa {
    /// Posts `body` to `url` a moment later, as Daraja posts its results.
    fn deliver(&self, url: String, body: serde_json::Value, after: Duration) {
        let client = self.client.clone();
        tokio::spawn(async move {
            tokio::time::sleep(after).await;
            if let Err(e) = client.post(&url).json(&body).send().await {
                tracing::warn!(error = %e.without_url(), "sandbox B2C result could not be delivered");
            }
        });
    }
}

/// Daraja's B2C: `BusinessPayment` from the shortcode to the phone. The
/// payout id goes as `OriginatorConversationID`, which Daraja uses to
/// refuse a repeated request.
#[async_trait]
impl PayoutGateway for DarajaMpesa {
    async fn b2c(&self, req: &B2cRequest) -> Result<String, GatewayError> {
        let (Some(initiator), Some(credential)) = (&self.config.b2c_initiator, &self.config.b2c_credential) else {
            return Err(GatewayError::Refused("M-Pesa B2C is not configured".into()));
        };
        let body = serde_json::json!({
            "OriginatorConversationID": req.reference,
            "InitiatorName": initiator,
            "SecurityCredential": credential,
            "CommandID": "BusinessPayment",
            "Amount": req.amount,
            "PartyA": self.config.shortcode,
            "PartyB": req.phone,
            "Remarks": req.remarks,
            "QueueTimeOutURL": req.result_url,
            "ResultURL": req.result_url,
            "Occasion": req.reference,
        });
        let res = self.post("/mpesa/b2c/v3/paymentrequest", &body).await?;
        if !res["ResponseCode"].is_null() && res["ResponseCode"].as_str() != Some("0") {
            let why = res["ResponseDescription"].as_str().unwrap_or("refused");
            return Err(GatewayError::Refused(format!("M-Pesa refused the payout: {why}")));
        }
        res["ConversationID"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| GatewayError::Uncertain("no ConversationID".into()))
    }

    /// Daraja's transaction status, asked by the payout's
    /// `OriginatorConversationID` (our payout id); the answer is posted to
    /// the result URL.
    async fn b2c_status(&self, req: &StatusRequest) -> Result<(), GatewayError> {
        let (Some(initiator), Some(credential)) = (&self.config.b2c_initiator, &self.config.b2c_credential) else {
            return Err(GatewayError::Refused("M-Pesa B2C is not configured".into()));
        };
        let body = serde_json::json!({
            "Initiator": initiator,
            "SecurityCredential": credential,
            "CommandID": "TransactionStatusQuery",
            "TransactionID": "",
            "OriginalConversationID": req.reference,
            "OriginatorConversationID": format!("dove-status-{}", uuid::Uuid::now_v7().simple()),
            "PartyA": self.config.shortcode,
            "IdentifierType": "4",
            "ResultURL": req.result_url,
            "QueueTimeOutURL": req.result_url,
            "Remarks": "Dove Market payout status",
            "Occasion": req.reference,
        });
        let res = self.post("/mpesa/transactionstatus/v1/query", &body).await?;
        if !res["ResponseCode"].is_null() && res["ResponseCode"].as_str() != Some("0") {
            let why = res["ResponseDescription"].as_str().unwrap_or("refused");
            return Err(GatewayError::Refused(format!("M-Pesa refused the status query: {why}")));
        }
        Ok(())
    }
}

/// Whether a failed status query says it found nothing for the id asked
/// about. Daraja gives no stable code for this, only words; a wrong guess
/// costs a repeat, which Daraja refuses as a duplicate (see
/// `payouts::handle_status`).
fn says_not_found(desc: &str) -> bool {
    let d = desc.to_lowercase();
    ["does not exist", "not found", "no such transaction", "invalid originalconversationid"]
        .iter()
        .any(|w| d.contains(w))
}

/// Reads the JSON Daraja posts to a transaction status query's `ResultURL`
/// (`Result` with `ResultParameters`: `OriginatorConversationID`,
/// `TransactionStatus`, `ReceiptNo`…) about payout `reference`.
fn read_status(body: &[u8], reference: &str) -> Option<B2cStatus> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let r = v.get("Result")?;
    let code = r["ResultCode"].as_i64().or_else(|| r["ResultCode"].as_str().and_then(|c| c.parse().ok()))?;
    let desc = r["ResultDesc"].as_str().unwrap_or_default();
    if code != 0 {
        return Some(if says_not_found(desc) {
            B2cStatus::NotFound
        } else {
            B2cStatus::Unsettled(format!("{code}: {desc}"))
        });
    }
    let items = r["ResultParameters"]["ResultParameter"].as_array().cloned().unwrap_or_default();
    let find = |key: &str| {
        items.iter().find(|i| i["Key"] == key).and_then(|i| match &i["Value"] {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    };
    if find("OriginatorConversationID").is_some_and(|o| o != reference) {
        return Some(B2cStatus::Unsettled("the answer is about another request".into()));
    }
    Some(match (find("TransactionStatus").as_deref(), find("ReceiptNo")) {
        (Some("Completed"), Some(receipt)) if !receipt.is_empty() => B2cStatus::Completed { receipt },
        (status, _) => B2cStatus::Unsettled(format!("status {}", status.unwrap_or("unknown"))),
    })
}

/// The JSON Daraja posts to an STK push's callback URL (the sandbox posts
/// the same).
#[derive(Debug, Deserialize)]
struct StkCallback {
    #[serde(rename = "Body")]
    body: CallbackBody,
}

#[derive(Debug, Deserialize)]
struct CallbackBody {
    #[serde(rename = "stkCallback")]
    stk: StkBody,
}

#[derive(Debug, Deserialize)]
struct StkBody {
    #[serde(rename = "CheckoutRequestID")]
    checkout_id: String,
    #[serde(rename = "ResultCode")]
    result_code: i64,
    #[serde(rename = "ResultDesc", default)]
    result_desc: String,
    #[serde(rename = "CallbackMetadata", default)]
    metadata: Option<Metadata>,
}

#[derive(Debug, Deserialize)]
struct Metadata {
    #[serde(rename = "Item", default)]
    items: Vec<MetaItem>,
}

#[derive(Debug, Deserialize)]
struct MetaItem {
    #[serde(rename = "Name")]
    name: String,
    #[serde(rename = "Value", default)]
    value: Option<MetaValue>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum MetaValue {
    Number(f64),
    Text(String),
}

/// Daraja's format for what it posts to the app, which the sandbox speaks too.
pub struct DarajaWire;

impl MpesaWire for DarajaWire {
    fn read_callback(&self, body: &[u8]) -> Option<StkResult> {
        read_callback(body)
    }

    fn read_result(&self, body: &[u8]) -> Option<B2cResult> {
        read_result(body)
    }

    fn read_status(&self, body: &[u8], reference: &str) -> Option<B2cStatus> {
        read_status(body, reference)
    }
}

/// Reads an STK callback; `None` if the body is not one.
fn read_callback(body: &[u8]) -> Option<StkResult> {
    let s = serde_json::from_slice::<StkCallback>(body).ok()?.body.stk;
    let items = s.metadata.map(|m| m.items).unwrap_or_default();
    let find = |name: &str| items.iter().find(|i| i.name == name).and_then(|i| i.value.as_ref());
    Some(StkResult {
        amount: match find("Amount") {
            Some(MetaValue::Number(n)) if n.fract() == 0.0 => Some(*n as i64),
            _ => None,
        },
        receipt: match find("MpesaReceiptNumber") {
            Some(MetaValue::Text(t)) => Some(t.clone()),
            _ => None,
        },
        checkout_id: s.checkout_id,
        result_code: s.result_code,
        result_desc: s.result_desc,
    })
}

/// The JSON Daraja posts to a B2C `ResultURL`.
#[derive(Debug, Deserialize)]
struct B2cCallback {
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
    #[serde(rename = "OriginatorConversationID", default)]
    originator: Option<String>,
    #[serde(rename = "TransactionID", default)]
    transaction_id: Option<String>,
}

/// Reads a B2C result; `None` if the body is not one.
fn read_result(body: &[u8]) -> Option<B2cResult> {
    let r = serde_json::from_slice::<B2cCallback>(body).ok()?.result;
    Some(B2cResult {
        receipt: r.transaction_id.filter(|t| !t.is_empty() && r.result_code == 0),
        conversation_id: r.conversation_id,
        reference: r.originator.filter(|o| !o.is_empty()),
        result_code: r.result_code,
        result_desc: r.result_desc,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn b2c_results_are_read() {
        // Safaricom's documented example of a successful B2C result.
        let ok = br#"{"Result":{"ResultType":0,"ResultCode":0,"ResultDesc":"The service request is processed successfully.",
            "OriginatorConversationID":"10571-7910404-1","ConversationID":"AG_20191219_00004e48cf7e3533f581",
            "TransactionID":"NLJ41HAY6Q","ResultParameters":{"ResultParameter":[{"Key":"TransactionAmount","Value":10},
            {"Key":"TransactionReceipt","Value":"NLJ41HAY6Q"}]},"ReferenceData":{"ReferenceItem":{"Key":"QueueTimeoutURL","Value":"https://x"}}}}"#;
        let r = read_result(ok).unwrap();
        assert_eq!((r.conversation_id.as_str(), r.result_code), ("AG_20191219_00004e48cf7e3533f581", 0));
        assert_eq!(r.receipt.as_deref(), Some("NLJ41HAY6Q"));
        let failed = br#"{"Result":{"ResultType":0,"ResultCode":2001,"ResultDesc":"The initiator information is invalid.","OriginatorConversationID":"1","ConversationID":"AG_2","TransactionID":"NLJ0000000"}}"#;
        assert_eq!(read_result(failed).unwrap().receipt, None, "no receipt for a failure");
    }

    #[test]
    fn daraja_callbacks_are_read() {
        // Safaricom's documented example of a successful payment.
        let paid = br#"{"Body":{"stkCallback":{"MerchantRequestID":"29115-34620561-1","CheckoutRequestID":"ws_CO_191220191020363925",
            "ResultCode":0,"ResultDesc":"The service request is processed successfully.","CallbackMetadata":{"Item":[
            {"Name":"Amount","Value":1.00},{"Name":"MpesaReceiptNumber","Value":"NLJ7RT61SV"},
            {"Name":"TransactionDate","Value":20191219102115},{"Name":"PhoneNumber","Value":254708374149}]}}}}"#;
        let r = read_callback(paid).unwrap();
        assert_eq!((r.checkout_id.as_str(), r.result_code), ("ws_CO_191220191020363925", 0));
        assert_eq!((r.amount, r.receipt.as_deref()), (Some(1), Some("NLJ7RT61SV")));
        // And a cancelled one, which has no metadata.
        let cancelled = br#"{"Body":{"stkCallback":{"MerchantRequestID":"1","CheckoutRequestID":"ws_CO_2","ResultCode":1032,"ResultDesc":"Request cancelled by user"}}}"#;
        let r = read_callback(cancelled).unwrap();
        assert_eq!((r.result_code, r.amount), (1032, None));
        assert_eq!(read_callback(b"{\"Body\":{}}"), None);
    }

    #[test]
    fn transaction_status_answers_are_read() {
        // Safaricom's documented shape of a transaction status result.
        let done = br#"{"Result":{"ResultType":0,"ResultCode":0,"ResultDesc":"The service request is processed successfully.",
            "OriginatorConversationID":"1236-7134259-1","ConversationID":"AG_20210709_1234409f86436c583e3f",
            "TransactionID":"SEJ41HAY6Q","ResultParameters":{"ResultParameter":[{"Key":"DebitPartyName","Value":"600310 - Safaricom333"},
            {"Key":"OriginatorConversationID","Value":"payout-1"},{"Key":"InitiatedTime","Value":20210709114556},
            {"Key":"TransactionStatus","Value":"Completed"},{"Key":"Amount","Value":300},{"Key":"ReceiptNo","Value":"SEJ41HAY6Q"}]}}}"#;
        assert_eq!(read_status(done, "payout-1"), Some(B2cStatus::Completed { receipt: "SEJ41HAY6Q".into() }));
        assert!(matches!(read_status(done, "payout-2"), Some(B2cStatus::Unsettled(_))), "about another payout");
        let missing = br#"{"Result":{"ResultCode":2032,"ResultDesc":"The transaction does not exist."}}"#;
        assert_eq!(read_status(missing, "payout-1"), Some(B2cStatus::NotFound));
        let broken = br#"{"Result":{"ResultCode":2001,"ResultDesc":"The initiator information is invalid."}}"#;
        assert!(
            matches!(read_status(broken, "payout-1"), Some(B2cStatus::Unsettled(_))),
            "not a verdict on the payout"
        );
        assert_eq!(read_status(b"not json", "payout-1"), None);
    }
}
