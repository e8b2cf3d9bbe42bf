//! Configuration: command-line flags, `DOVE_*` environment variables and an
//! optional `dove.toml`, in that order of precedence, over built-in defaults
//! that run on a laptop with no setup.
use clap::Args;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Where the data lives; shared by every subcommand.
#[derive(Debug, Clone, Args)]
pub struct StorageArgs {
    /// Directory for the SQLite database, photos and search index.
    /// [default: ./data]
    #[arg(long, env = "DOVE_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    /// PostgreSQL URL (postgres://user:pass@host/db). When set, PostgreSQL
    /// replaces the SQLite file; photos stay under the data dir.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// Keep photos in this S3-compatible bucket instead of the data dir.
    /// Credentials and region come from AWS_ACCESS_KEY_ID,
    /// AWS_SECRET_ACCESS_KEY and AWS_REGION.
    #[arg(long, env = "DOVE_S3_BUCKET")]
    pub s3_bucket: Option<String>,

    /// The S3 endpoint for non-AWS services (MinIO, R2, …).
    #[arg(long, env = "DOVE_S3_ENDPOINT")]
    pub s3_endpoint: Option<String>,

    /// A TOML file with any of these settings (keys as the long flag names,
    /// with underscores). [default: ./dove.toml, if present]
    #[arg(long, env = "DOVE_CONFIG")]
    pub config: Option<PathBuf>,
}

/// `dove serve` settings.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub storage: StorageArgs,

    /// Address to listen on. [default: 127.0.0.1:8080]
    #[arg(long, env = "DOVE_LISTEN")]
    pub listen: Option<SocketAddr>,

    /// The URL people reach the site at, used in links in mail. Cookies are
    /// marked Secure when it is https. [default: http://<listen>]
    #[arg(long, env = "DOVE_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Seed a small demo data set if the database is empty, and enable the
    /// dev pages (such as /dev/mail).
    #[arg(long, env = "DOVE_DEMO")]
    pub demo: bool,

    /// Enable the dev pages (/dev/mail) without seeding.
    #[arg(long, env = "DOVE_DEV")]
    pub dev: bool,

    /// SMTP server URL for outgoing mail, e.g. smtp://user:pass@mail.example:587.
    /// Without it, mail goes to the local mailbox shown at /dev/mail.
    #[arg(long, env = "DOVE_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The From address of outgoing mail. [default: Dove Market <no-reply@dove.localhost>]
    #[arg(long, env = "DOVE_MAIL_FROM")]
    pub mail_from: Option<String>,

    /// SMS provider endpoint (Africa's Talking's messaging API or one that
    /// speaks it). Without it, texts go to the local mailbox at /dev/mail.
    #[arg(long, env = "DOVE_SMS_URL")]
    pub sms_url: Option<String>,

    /// The SMS provider account's user name.
    #[arg(long, env = "DOVE_SMS_USERNAME")]
    pub sms_username: Option<String>,

    /// The SMS provider's API key.
    #[arg(long, env = "DOVE_SMS_API_KEY", hide_env_values = true)]
    pub sms_api_key: Option<String>,

    /// Sender id or short code texts come from, if the account has one.
    #[arg(long, env = "DOVE_SMS_FROM")]
    pub sms_from: Option<String>,

    /// Daraja's base URL. [default: https://sandbox.safaricom.co.ke]
    #[arg(long, env = "DOVE_MPESA_BASE_URL")]
    pub mpesa_base_url: Option<String>,

    /// Daraja consumer key. Without it, payments go to the built-in sandbox.
    #[arg(long, env = "DOVE_MPESA_CONSUMER_KEY", hide_env_values = true)]
    pub mpesa_consumer_key: Option<String>,

    /// Daraja consumer secret.
    #[arg(long, env = "DOVE_MPESA_CONSUMER_SECRET", hide_env_values = true)]
    pub mpesa_consumer_secret: Option<String>,

    /// The paybill or till shortcode payments go to.
    #[arg(long, env = "DOVE_MPESA_SHORTCODE")]
    pub mpesa_shortcode: Option<String>,

    /// The Lipa na M-Pesa passkey.
    #[arg(long, env = "DOVE_MPESA_PASSKEY", hide_env_values = true)]
    pub mpesa_passkey: Option<String>,

    /// The B2C initiator's user name, for payouts to sellers and refunds.
    #[arg(long, env = "DOVE_MPESA_B2C_INITIATOR")]
    pub mpesa_b2c_initiator: Option<String>,

    /// The B2C initiator's security credential (its password, encrypted
    /// with Safaricom's certificate).
    #[arg(long, env = "DOVE_MPESA_B2C_CREDENTIAL", hide_env_values = true)]
    pub mpesa_b2c_credential: Option<String>,

    /// Stripe's API base URL. [default: https://api.stripe.com]
    #[arg(long, env = "DOVE_STRIPE_BASE_URL")]
    pub stripe_base_url: Option<String>,

    /// Stripe secret key. Without it, card payments go to the built-in sandbox.
    #[arg(long, env = "DOVE_STRIPE_SECRET_KEY", hide_env_values = true)]
    pub stripe_secret_key: Option<String>,

    /// The signing secret of the Stripe webhook endpoint (`whsec_…`).
    #[arg(long, env = "DOVE_STRIPE_WEBHOOK_SECRET", hide_env_values = true)]
    pub stripe_webhook_secret: Option<String>,

    /// The platform's commission on each completed order, in basis points
    /// (500 is 5%). [default: 500]
    #[arg(long, env = "DOVE_COMMISSION_BPS")]
    pub commission_bps: Option<i64>,

    /// Largest request body accepted, in KiB. [default: 64]
    #[arg(long, env = "DOVE_BODY_LIMIT_KB")]
    pub body_limit_kb: Option<usize>,

    /// Seconds before a request is abandoned with 408. [default: 15]
    #[arg(long, env = "DOVE_REQUEST_TIMEOUT_SECS")]
    pub request_timeout_secs: Option<u64>,

    /// Log format: text or json. [default: text]
    #[arg(long, env = "DOVE_LOG_FORMAT")]
    pub log_format: Option<String>,

    /// Map tile URL template for listing maps (Leaflet syntax).
    /// [default: https://tile.openstreetmap.org/{z}/{x}/{y}.png]
    #[arg(long, env = "DOVE_MAP_TILES")]
    pub map_tiles: Option<String>,

    /// The proxies or load balancers in front of the app, as addresses or
    /// CIDRs, comma-separated (10.0.0.0/8,127.0.0.1). Only for a peer in
    /// this list is the client's address read from X-Forwarded-For (the
    /// rightmost hop not in the list). [default: none; the peer is the client]
    #[arg(long, env = "DOVE_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<String>,

    /// The bearer token /metrics asks for on the main listener. Without it
    /// (and without --metrics-listen), /metrics is not served.
    #[arg(long, env = "DOVE_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,

    /// A separate address serving only /metrics, without a token (keep it
    /// private to the monitoring network).
    #[arg(long, env = "DOVE_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,

    /// Serve without the periodic jobs (search alerts, digests and
    /// reminders, the money clock, expiry warnings), for nodes that only
    /// serve pages while another node runs them. Mail delivery, the search
    /// index and view counts still run.
    #[arg(long, env = "DOVE_NO_JOBS")]
    pub no_jobs: bool,
}

/// The same settings as read from `dove.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    s3_bucket: Option<String>,
    s3_endpoint: Option<String>,
    listen: Option<SocketAddr>,
    public_url: Option<String>,
    demo: Option<bool>,
    dev: Option<bool>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    sms_url: Option<String>,
    sms_username: Option<String>,
    sms_api_key: Option<String>,
    sms_from: Option<String>,
    commission_bps: Option<i64>,
    mpesa_base_url: Option<String>,
    mpesa_consumer_key: Option<String>,
    mpesa_consumer_secret: Option<String>,
    mpesa_shortcode: Option<String>,
    mpesa_passkey: Option<String>,
    mpesa_b2c_initiator: Option<String>,
    mpesa_b2c_credential: Option<String>,
    stripe_base_url: Option<String>,
    stripe_secret_key: Option<String>,
    stripe_webhook_secret: Option<String>,
    body_limit_kb: Option<usize>,
    request_timeout_secs: Option<u64>,
    log_format: Option<String>,
    map_tiles: Option<String>,
    trusted_proxies: Option<Vec<String>>,
    metrics_token: Option<String>,
    metrics_listen: Option<SocketAddr>,
    jobs: Option<bool>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("config file {path} is invalid: {source}")]
    Parse { path: PathBuf, source: toml::de::Error },
    #[error("log_format must be text or json, not {0:?}")]
    LogFormat(String),
    #[error("sms_url needs sms_username and sms_api_key too")]
    SmsIncomplete,
    #[error("mpesa_consumer_key needs mpesa_consumer_secret, mpesa_shortcode and mpesa_passkey too")]
    MpesaIncomplete,
    #[error("stripe_secret_key needs stripe_webhook_secret too")]
    StripeIncomplete,
    #[error("commission_bps must be between 0 and 5000 (50%), not {0}")]
    Commission(i64),
    #[error("trusted_proxies: {0:?} is not an address or a CIDR such as 10.0.0.0/8")]
    TrustedProxy(String),
}

/// Resolved settings for storage.
#[derive(Debug, Clone)]
pub struct StorageConfig {
    pub data_dir: PathBuf,
    pub database_url: Option<String>,
    pub s3_bucket: Option<String>,
    pub s3_endpoint: Option<String>,
}

/// The SMS provider, when one is configured.
#[derive(Clone)]
pub struct SmsConfig {
    pub url: String,
    pub username: String,
    pub api_key: String,
    pub from: Option<String>,
}

/// The key stays out of debug output, and so out of logs.
impl std::fmt::Debug for SmsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsConfig").field("url", &self.url).field("username", &self.username).finish_non_exhaustive()
    }
}

/// Resolved settings for `dove serve`.
#[derive(Debug, Clone)]
pub struct Config {
    pub storage: StorageConfig,
    pub listen: SocketAddr,
    pub public_url: String,
    pub demo: bool,
    pub dev: bool,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub sms: Option<SmsConfig>,
    pub commission_bps: i64,
    /// Daraja, when configured; otherwise the sandbox.
    pub mpesa: Option<crate::payments::DarajaConfig>,
    /// Stripe, when configured; otherwise the card sandbox.
    pub stripe: Option<crate::cards::StripeConfig>,
    pub body_limit_bytes: usize,
    pub request_timeout_secs: u64,
    pub json_logs: bool,
    pub map_tiles: String,
    /// Peers whose X-Forwarded-For is believed.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// The bearer token for /metrics on the main listener.
    pub metrics_token: Option<String>,
    /// Where /metrics is served alone, without a token.
    pub metrics_listen: Option<SocketAddr>,
    /// Whether this node runs the periodic jobs (see `workers`).
    pub jobs: bool,
    /// The node's clock: the system's time, moved only by tests.
    pub clock: dove_domain::clock::Clock,
}

/// `10.0.0.0/8`, or a bare address (`127.0.0.1`, `::1`) for itself alone.
pub fn parse_trusted_proxy(text: &str) -> Result<ipnet::IpNet, ConfigError> {
    let text = text.trim();
    text.parse::<ipnet::IpNet>()
        .or_else(|_| text.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| ConfigError::TrustedProxy(text.to_string()))
}

fn load_file(explicit: Option<&Path>) -> Result<FileConfig, ConfigError> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => {
            let default = PathBuf::from("dove.toml");
            if !default.exists() {
                return Ok(FileConfig::default());
            }
            default
        }
    };
    let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read { path: path.clone(), source })?;
    toml::from_str(&text).map_err(|source| ConfigError::Parse { path, source })
}

impl StorageArgs {
    pub fn resolve(&self) -> Result<StorageConfig, ConfigError> {
        let file = load_file(self.config.as_deref())?;
        Ok(StorageConfig {
            data_dir: self.data_dir.clone().or(file.data_dir).unwrap_or_else(|| PathBuf::from("data")),
            database_url: self.database_url.clone().or(file.database_url).filter(|u| !u.is_empty()),
            s3_bucket: self.s3_bucket.clone().or(file.s3_bucket).filter(|b| !b.is_empty()),
            s3_endpoint: self.s3_endpoint.clone().or(file.s3_endpoint).filter(|e| !e.is_empty()),
        })
    }
}

impl ServeArgs {
    pub fn resolve(&self) -> Result<Config, ConfigError> {
        let file = load_file(self.storage.config.as_deref())?;
        let storage = self.storage.resolve()?;
        let listen = self.listen.or(file.listen).unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080)));
        let public_url = self.public_url.clone().or(file.public_url).unwrap_or_else(|| format!("http://{listen}"));
        let log_format = self.log_format.clone().or(file.log_format).unwrap_or_else(|| "text".to_string());
        let json_logs = match log_format.as_str() {
            "text" => false,
            "json" => true,
            other => return Err(ConfigError::LogFormat(other.to_string())),
        };
        Ok(Config {
            storage,
            listen,
            public_url,
            demo: self.demo || file.demo.unwrap_or(false),
            dev: self.dev || file.dev.unwrap_or(false),
            smtp_url: self.smtp_url.clone().or(file.smtp_url).filter(|u| !u.is_empty()),
            mail_from: self
                .mail_from
                .clone()
                .or(file.mail_from)
                .unwrap_or_else(|| "Dove Market <no-reply@dove.localhost>".to_string()),
            sms: match self.sms_url.clone().or(file.sms_url).filter(|u| !u.is_empty()) {
                Some(url) => Some(SmsConfig {
                    url,
                    username: self.sms_username.clone().or(file.sms_username).ok_or(ConfigError::SmsIncomplete)?,
                    api_key: self.sms_api_key.clone().or(file.sms_api_key).ok_or(ConfigError::SmsIncomplete)?,
                    from: self.sms_from.clone().or(file.sms_from).filter(|f| !f.is_empty()),
                }),
                None => None,
            },
            commission_bps: match self.commission_bps.or(file.commission_bps).unwrap_or(500) {
                bps @ 0..=5_000 => bps,
                other => return Err(ConfigError::Commission(other)),
            },
            mpesa: match self.mpesa_consumer_key.clone().or(file.mpesa_consumer_key).filter(|k| !k.is_empty()) {
                Some(consumer_key) => Some(crate::payments::DarajaConfig {
                    base_url: self
                        .mpesa_base_url
                        .clone()
                        .or(file.mpesa_base_url)
                        .unwrap_or_else(|| "https://sandbox.safaricom.co.ke".into()),
                    consumer_key,
                    consumer_secret: self
                        .mpesa_consumer_secret
                        .clone()
                        .or(file.mpesa_consumer_secret)
                        .ok_or(ConfigError::MpesaIncomplete)?,
                    shortcode: self
                        .mpesa_shortcode
                        .clone()
                        .or(file.mpesa_shortcode)
                        .ok_or(ConfigError::MpesaIncomplete)?,
                    passkey: self.mpesa_passkey.clone().or(file.mpesa_passkey).ok_or(ConfigError::MpesaIncomplete)?,
                    b2c_initiator: self
                        .mpesa_b2c_initiator
                        .clone()
                        .or(file.mpesa_b2c_initiator)
                        .filter(|v| !v.is_empty()),
                    b2c_credential: self
                        .mpesa_b2c_credential
                        .clone()
                        .or(file.mpesa_b2c_credential)
                        .filter(|v| !v.is_empty()),
                }),
                None => None,
            },
            stripe: match self.stripe_secret_key.clone().or(file.stripe_secret_key).filter(|k| !k.is_empty()) {
                Some(secret_key) => Some(crate::cards::StripeConfig {
                    base_url: self
                        .stripe_base_url
                        .clone()
                        .or(file.stripe_base_url)
                        .unwrap_or_else(|| "https://api.stripe.com".into()),
                    secret_key,
                    webhook_secret: self
                        .stripe_webhook_secret
                        .clone()
                        .or(file.stripe_webhook_secret)
                        .filter(|v| !v.is_empty())
                        .ok_or(ConfigError::StripeIncomplete)?,
                }),
                None => None,
            },
            body_limit_bytes: self.body_limit_kb.or(file.body_limit_kb).unwrap_or(64) * 1024,
            request_timeout_secs: self.request_timeout_secs.or(file.request_timeout_secs).unwrap_or(15),
            json_logs,
            map_tiles: self
                .map_tiles
                .clone()
                .or(file.map_tiles)
                .unwrap_or_else(|| "https://tile.openstreetmap.org/{z}/{x}/{y}.png".to_string()),
            trusted_proxies: {
                let flags: Vec<&String> = self.trusted_proxies.iter().filter(|p| !p.trim().is_empty()).collect();
                let list = if flags.is_empty() {
                    file.trusted_proxies.unwrap_or_default()
                } else {
                    flags.into_iter().cloned().collect()
                };
                list.iter().map(|p| parse_trusted_proxy(p)).collect::<Result<Vec<_>, _>>()?
            },
            metrics_token: self.metrics_token.clone().or(file.metrics_token).filter(|t| !t.is_empty()),
            metrics_listen: self.metrics_listen.or(file.metrics_listen),
            jobs: !self.no_jobs && file.jobs.unwrap_or(true),
            clock: Default::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct T {
        #[command(flatten)]
        serve: ServeArgs,
    }

    #[test]
    fn flags_win_over_the_file_and_defaults_fill_the_rest() {
        let dir = std::env::temp_dir().join(format!("dove-config-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("dove.toml");
        std::fs::write(&file, "listen = \"127.0.0.1:9000\"\npublic_url = \"https://dove.example\"\ndemo = true\n")
            .unwrap();
        let t = T::parse_from(["t", "--config", file.to_str().unwrap(), "--listen", "127.0.0.1:9100"]);
        let c = t.serve.resolve().unwrap();
        assert_eq!(c.listen.port(), 9100);
        assert_eq!(c.public_url, "https://dove.example");
        assert!(c.demo);
        assert_eq!(c.body_limit_bytes, 64 * 1024);
        assert_eq!(c.storage.data_dir, PathBuf::from("data"));

        assert!(c.trusted_proxies.is_empty());
        assert_eq!(c.metrics_token, None);

        std::fs::write(&file, "trusted_proxies = [\"10.0.0.0/8\", \"::1\"]\nmetrics_token = \"m\"\n").unwrap();
        let t = T::parse_from(["t", "--config", file.to_str().unwrap()]);
        let c = t.serve.resolve().unwrap();
        let nets: Vec<String> = c.trusted_proxies.iter().map(|n| n.to_string()).collect();
        assert_eq!(nets, ["10.0.0.0/8", "::1/128"]);
        assert_eq!(c.metrics_token.as_deref(), Some("m"));
        let t = T::parse_from(["t", "--config", file.to_str().unwrap(), "--trusted-proxies", "127.0.0.1,192.0.2.0/24"]);
        let nets: Vec<String> = t.serve.resolve().unwrap().trusted_proxies.iter().map(|n| n.to_string()).collect();
        assert_eq!(nets, ["127.0.0.1/32", "192.0.2.0/24"]);
        let t = T::parse_from(["t", "--config", file.to_str().unwrap(), "--trusted-proxies", "10.0.0.0/33"]);
        assert!(matches!(t.serve.resolve(), Err(ConfigError::TrustedProxy(_))));

        std::fs::write(&file, "no_such_key = 1\n").unwrap();
        let t = T::parse_from(["t", "--config", file.to_str().unwrap()]);
        assert!(matches!(t.serve.resolve(), Err(ConfigError::Parse { .. })));
    }
}
