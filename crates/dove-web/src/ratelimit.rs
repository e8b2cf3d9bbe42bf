//! Rate limits, kept in each node's memory: a token bucket per key.
//!
//! Per-node buckets are enough for a first line of defence against password
//! guessing; with N nodes an attacker gets at most N times the budget, and
//! every attempt still costs them an argon2 verification on our side.
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A limit: `burst` requests at once, refilled evenly over `per`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub burst: u32,
    pub per: Duration,
}

/// Sign-in attempts for one account from one address: 10 per 15 minutes.
/// Keyed on both, so guessing from one address cannot lock the owner out
/// everywhere else.
pub const SIGN_IN_PER_ACCOUNT_AND_IP: Limit = Limit { burst: 10, per: Duration::from_secs(15 * 60) };
/// Sign-in attempts for one account from anywhere: 100 an hour, a slower
/// limit behind the one above against guessing from many addresses.
pub const SIGN_IN_PER_ACCOUNT: Limit = Limit { burst: 100, per: Duration::from_secs(60 * 60) };
/// Sign-in attempts from one address: 30 per 5 minutes.
pub const SIGN_IN_PER_IP: Limit = Limit { burst: 30, per: Duration::from_secs(5 * 60) };

/// The limits a sign-in (page or API token) passes, in order: the address,
/// the account from that address, the account from anywhere. `account` is
/// the email as typed, normalised when it parses.
pub fn sign_in_limits(ip: &str, account: &str) -> [(String, Limit); 3] {
    [
        (format!("signin-ip:{ip}"), SIGN_IN_PER_IP),
        (format!("signin-account-ip:{account}|{ip}"), SIGN_IN_PER_ACCOUNT_AND_IP),
        (format!("signin-account:{account}"), SIGN_IN_PER_ACCOUNT),
    ]
}
/// Messages sent by one account: 30 a minute, then a wait.
pub const MESSAGES_PER_USER: Limit = Limit { burst: 30, per: Duration::from_secs(60) };
/// Seller phone numbers revealed to one account: 20 an hour, so numbers
/// can't be scraped.
pub const PHONE_REVEALS_PER_USER: Limit = Limit { burst: 20, per: Duration::from_secs(60 * 60) };
/// Mail-sending forms (sign-up, reset) from one address: 10 per 10 minutes.
pub const MAIL_PER_IP: Limit = Limit { burst: 10, per: Duration::from_secs(10 * 60) };

struct Bucket {
    tokens: f64,
    last: Instant,
}

#[derive(Default)]
pub struct RateLimiter {
    buckets: Mutex<HashMap<String, Bucket>>,
}

/// Buckets kept before idle ones are swept, so memory stays bounded.
const SWEEP_AT: usize = 100_000;

impl RateLimiter {
    /// Takes one token for `key`, or says how long until one is available.
    pub fn check(&self, key: &str, limit: Limit) -> Result<(), Duration> {
        let now = Instant::now();
        let rate = f64::from(limit.burst) / limit.per.as_secs_f64();
        let mut map = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= SWEEP_AT {
            map.retain(|_, b| now.duration_since(b.last) < Duration::from_secs(3600));
        }
        let b = map.entry(key.to_string()).or_insert(Bucket { tokens: f64::from(limit.burst), last: now });
        b.tokens = (b.tokens + now.duration_since(b.last).as_secs_f64() * rate).min(f64::from(limit.burst));
        b.last = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(((1.0 - b.tokens) / rate).ceil().max(1.0)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_burst_then_refuses_with_retry_after() {
        let rl = RateLimiter::default();
        let limit = Limit { burst: 3, per: Duration::from_secs(60) };
        for _ in 0..3 {
            assert!(rl.check("k", limit).is_ok());
        }
        let wait = rl.check("k", limit).unwrap_err();
        assert!(wait >= Duration::from_secs(1) && wait <= Duration::from_secs(20), "{wait:?}");
        assert!(rl.check("other", limit).is_ok());
    }
}
