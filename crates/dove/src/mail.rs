//! The two mailers: SMTP through lettre, and the local sink that keeps
//! messages in the node's memory for `/dev/mail`.
use async_trait::async_trait;
use dove_domain::clock::now_ms;
use dove_domain::mail::{Channel, DevMailbox, MailError, Mailer, WrittenMail};
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
    /// Names the scheme and the tls parameter only: the URL holds the password.
    #[error(
        "the SMTP URL must be smtp:// (STARTTLS required), smtps:// (TLS from the start) or smtp+insecure:// (plain, for a local relay), not {scheme}:// with tls={tls}"
    )]
    Scheme { scheme: String, tls: String },
    #[error("invalid From address: {0}")]
    From(#[from] lettre::address::AddressError),
}

/// How a connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Security {
    /// `smtp://`: plain, then STARTTLS; a server that does not offer it
    /// gets nothing, not the mail in the clear.
    StartTls,
    /// `smtps://`: TLS from the first byte.
    ImplicitTls,
    /// `smtp+insecure://`: no TLS at all, only when the URL says so (a
    /// relay on the same host).
    Plain,
}

/// The URL lettre is given for `url`, and what it means. lettre reads a
/// bare `smtp://` as plain SMTP; here it always means STARTTLS required
/// (`tls=required`), and plain needs `smtp+insecure://`.
fn lettre_url(url: &str) -> Result<(String, Security), SmtpConfigError> {
    let (scheme, rest) = url.split_once("://").unwrap_or((url, ""));
    let tls = rest.split_once('?').and_then(|(_, q)| q.split('&').find_map(|kv| kv.strip_prefix("tls=")));
    let refuse = || SmtpConfigError::Scheme { scheme: scheme.to_string(), tls: tls.unwrap_or("").to_string() };
    match (scheme, tls) {
        ("smtp", None) => {
            let sep = if rest.contains('?') { '&' } else { '?' };
            Ok((format!("smtp://{rest}{sep}tls=required"), Security::StartTls))
        }
        ("smtp", Some("required")) => Ok((url.to_string(), Security::StartTls)),
        ("smtps", None) => Ok((url.to_string(), Security::ImplicitTls)),
        ("smtp+insecure", None) => Ok((format!("smtp://{rest}"), Security::Plain)),
        _ => Err(refuse()),
    }
}

impl SmtpMailer {
    pub fn new(url: &str, from: &str) -> Result<SmtpMailer, SmtpConfigError> {
        let (url, security) = lettre_url(url)?;
        if security == Security::Plain {
            tracing::warn!("mail goes out over plain SMTP (smtp+insecure://): only for a relay on this host");
        }
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&url)?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        Ok(SmtpMailer { transport, from: from.parse()? })
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: &WrittenMail) -> Result<(), MailError> {
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
    async fn send(&self, mail: &WrittenMail) -> Result<(), MailError> {
        self.mailbox.keep(Channel::Email, mail.clone(), now_ms());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

    #[test]
    fn each_scheme_says_how_the_mail_is_protected() {
        let (url, s) = lettre_url("smtp://u:p@mail.example:587").unwrap();
        assert_eq!((url.as_str(), s), ("smtp://u:p@mail.example:587?tls=required", Security::StartTls));
        let (url, s) = lettre_url("smtp://mail.example/dove.example?x=1").unwrap();
        assert_eq!((url.as_str(), s), ("smtp://mail.example/dove.example?x=1&tls=required", Security::StartTls));
        assert_eq!(lettre_url("smtp://mail.example?tls=required").unwrap().1, Security::StartTls);
        assert_eq!(lettre_url("smtps://u:p@mail.example").unwrap().1, Security::ImplicitTls);
        let (url, s) = lettre_url("smtp+insecure://127.0.0.1:25").unwrap();
        assert_eq!((url.as_str(), s), ("smtp://127.0.0.1:25", Security::Plain));
        // A URL cannot talk its way down to plain or opportunistic TLS.
        for bad in [
            "smtp://mail.example?tls=opportunistic",
            "smtp://mail.example?tls=none",
            "http://mail.example",
            "mail.example",
        ] {
            assert!(matches!(lettre_url(bad), Err(SmtpConfigError::Scheme { .. })), "{bad}");
        }
        // The error never shows the password.
        let e = lettre_url("smtp://user:secret@mail.example?tls=opportunistic").unwrap_err().to_string();
        assert!(!e.contains("secret"), "{e}");
    }

    /// A loopback SMTP server that never offers STARTTLS; it accepts a
    /// mail if asked, and returns the commands it saw.
    async fn plain_server() -> (u16, tokio::task::JoinHandle<Vec<String>>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = tokio::spawn(async move {
            let (socket, _) = listener.accept().await.unwrap();
            let (read, mut write) = socket.into_split();
            let mut lines = BufReader::new(read).lines();
            let mut seen = Vec::new();
            write.write_all(b"220 relay.test ESMTP\r\n").await.unwrap();
            let mut in_data = false;
            while let Ok(Some(line)) = lines.next_line().await {
                if in_data {
                    if line == "." {
                        in_data = false;
                        write.write_all(b"250 queued\r\n").await.unwrap();
                    }
                    continue;
                }
                let verb = line.split(' ').next().unwrap_or("").to_ascii_uppercase();
                seen.push(verb.clone());
                let reply: &[u8] = match verb.as_str() {
                    "EHLO" => b"250-relay.test\r\n250 8BITMIME\r\n",
                    "DATA" => {
                        in_data = true;
                        b"354 go on\r\n"
                    }
                    "QUIT" => {
                        write.write_all(b"221 bye\r\n").await.unwrap();
                        break;
                    }
                    _ => b"250 ok\r\n",
                };
                write.write_all(reply).await.unwrap();
            }
            seen
        });
        (port, server)
    }

    fn mail() -> WrittenMail {
        WrittenMail { to: "a@example.com".into(), subject: "Hello".into(), body_text: "A link with a token".into() }
    }

    #[tokio::test]
    async fn smtp_refuses_a_server_without_starttls_and_insecure_sends() {
        let (port, server) = plain_server().await;
        let mailer = SmtpMailer::new(&format!("smtp://127.0.0.1:{port}"), "Dove <no-reply@dove.test>").unwrap();
        assert!(mailer.send(&mail()).await.is_err(), "smtp:// must not send without STARTTLS");
        drop(mailer);
        let seen = server.await.unwrap();
        assert!(!seen.iter().any(|v| v == "MAIL" || v == "DATA"), "nothing of the mail was sent: {seen:?}");

        let (port, server) = plain_server().await;
        let mailer =
            SmtpMailer::new(&format!("smtp+insecure://127.0.0.1:{port}"), "Dove <no-reply@dove.test>").unwrap();
        mailer.send(&mail()).await.unwrap();
        drop(mailer);
        let seen = server.await.unwrap();
        assert!(seen.iter().any(|v| v == "DATA"), "{seen:?}");
    }
}
