//! The two mailers: SMTP through lettre, and the local sink that keeps
//! messages in the node's memory for `/dev/mail`.
use async_trait::async_trait;
use dove_domain::clock::now_ms;
use dove_domain::mail::{Channel, DevMailbox, MailError, Mailer, OutgoingMail};
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::Arc;

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

#[derive(Debug, thiserror::Error)]
pub enum SmtpConfigError {
    #[error("invalid SMTP URL: {0}")]
    Url(#[from] lettre::transport::smtp::Error),
    #[error("invalid From address: {0}")]
    From(#[from] lettre::address::AddressError),
}

impl SmtpMailer {
    pub fn new(url: &str, from: &str) -> Result<SmtpMailer, SmtpConfigError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        Ok(SmtpMailer { transport, from: from.parse()? })
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        let to: Mailbox =
            mail.to.parse().map_err(|e: lettre::address::AddressError| MailError::Transport(e.to_string()))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject)
            .body(mail.body_text.clone())
            .map_err(|e| MailError::Transport(e.to_string()))?;
        self.transport.send(message).await.map(|_| ()).map_err(|e| MailError::Transport(e.to_string()))
    }
}

/// Keeps mail in the node's [`DevMailbox`] instead of sending it.
pub struct SinkMailer {
    mailbox: Arc<DevMailbox>,
}

impl SinkMailer {
    pub fn new(mailbox: Arc<DevMailbox>) -> SinkMailer {
        SinkMailer { mailbox }
    }
}

#[async_trait]
impl Mailer for SinkMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        self.mailbox.keep(Channel::Email, mail.clone(), now_ms());
        Ok(())
    }
}
