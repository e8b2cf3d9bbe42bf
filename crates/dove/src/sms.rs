//! The two SMS senders: an HTTP provider (Africa's Talking's messaging API,
//! which most Kenyan senders use, or anything that speaks it), and the local
//! sink that keeps texts in the node's memory for `/dev/mail`.
use async_trait::async_trait;
use dove_domain::clock::now_ms;
use dove_domain::mail::{Channel, DevMailbox, WrittenMail};
use dove_domain::sms::{OutgoingSms, SmsError, SmsSender};
use std::sync::Arc;
use std::time::Duration;

/// Posts each SMS as a form (`username`, `to`, `message`, optional `from`)
/// with the key in the `apiKey` header.
pub struct HttpSms {
    client: reqwest::Client,
    url: String,
    username: String,
    api_key: String,
    from: Option<String>,
}

impl HttpSms {
    pub fn new(url: &str, username: &str, api_key: &str, from: Option<&str>) -> Result<HttpSms, SmsError> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .map_err(|e| SmsError::Transport(e.to_string()))?;
        Ok(HttpSms {
            client,
            url: url.to_string(),
            username: username.to_string(),
            api_key: api_key.to_string(),
            from: from.map(str::to_string),
        })
    }
}

/// The provider answers 2xx with a per-recipient status; a recipient
/// status code of 400 or more is a failure even so.
fn recipient_failed(body: &serde_json::Value) -> Option<String> {
    let recipients = body.pointer("/SMSMessageData/Recipients")?.as_array()?;
    let failed = recipients.iter().find(|r| r.get("statusCode").and_then(|c| c.as_i64()).is_some_and(|c| c >= 400))?;
    Some(failed.get("status").and_then(|s| s.as_str()).unwrap_or("rejected").to_string())
}

#[async_trait]
impl SmsSender for HttpSms {
    async fn send(&self, sms: &OutgoingSms) -> Result<(), SmsError> {
        let mut form =
            vec![("username", self.username.as_str()), ("to", sms.to.as_str()), ("message", sms.text.as_str())];
        if let Some(from) = &self.from {
            form.push(("from", from.as_str()));
        }
        // Errors name the HTTP status or the provider's word for it, never
        // the number or the text.
        let res = self
            .client
            .post(&self.url)
            .header("apiKey", &self.api_key)
            .header("Accept", "application/json")
            .form(&form)
            .send()
            .await
            .map_err(|e| SmsError::Transport(format!("request failed: {}", e.without_url())))?;
        let status = res.status();
        if !status.is_success() {
            return Err(SmsError::Transport(format!("provider answered {status}")));
        }
        let body: serde_json::Value = res.json().await.unwrap_or(serde_json::Value::Null);
        match recipient_failed(&body) {
            Some(why) => Err(SmsError::Transport(format!("provider refused the message: {why}"))),
            None => Ok(()),
        }
    }
}

/// Keeps texts in the node's [`DevMailbox`], shown at `/dev/mail`.
pub struct SinkSms {
    mailbox: Arc<DevMailbox>,
}

impl SinkSms {
    pub fn new(mailbox: Arc<DevMailbox>) -> SinkSms {
        SinkSms { mailbox }
    }
}

#[async_trait]
impl SmsSender for SinkSms {
    async fn send(&self, sms: &OutgoingSms) -> Result<(), SmsError> {
        let text = WrittenMail { to: sms.to.clone(), subject: "SMS".to_string(), body_text: sms.text.clone() };
        self.mailbox.keep(Channel::Sms, text, now_ms());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_recipients_are_failures() {
        let ok = serde_json::json!({"SMSMessageData": {"Recipients": [{"statusCode": 101, "status": "Success"}]}});
        assert_eq!(recipient_failed(&ok), None);
        let bad = serde_json::json!({"SMSMessageData": {"Recipients": [{"statusCode": 403, "status": "InvalidPhoneNumber"}]}});
        assert_eq!(recipient_failed(&bad).as_deref(), Some("InvalidPhoneNumber"));
        assert_eq!(recipient_failed(&serde_json::Value::Null), None);
    }
}
