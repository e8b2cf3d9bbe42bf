use crate::fields::Coded;
use thiserror::Error;

/// A normalised email address: trimmed and lower-cased, so one person has
/// one account whatever case they type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum EmailError {
    #[error("email is empty")]
    Empty,
    #[error("email is too long")]
    TooLong,
    #[error("email is malformed")]
    Malformed,
}

impl Coded for EmailError {
    fn code(&self) -> &'static str {
        match self {
            EmailError::Empty => "email-empty",
            EmailError::TooLong => "email-too-long",
            EmailError::Malformed => "email-malformed",
        }
    }
}

impl Email {
    pub fn parse(raw: &str) -> Result<Email, EmailError> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(EmailError::Empty);
        }
        // RFC 5321 limits a path to 256 octets including the brackets.
        if s.len() > 254 {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = s.rsplit_once('@').ok_or(EmailError::Malformed)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if !local_ok || !domain_ok {
            return Err(EmailError::Malformed);
        }
        Ok(Email(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_space() {
        assert_eq!(Email::parse("  Wanjiku@Example.CO.KE ").unwrap().as_str(), "wanjiku@example.co.ke");
    }

    #[test]
    fn rejects_bad_input() {
        assert_eq!(Email::parse(""), Err(EmailError::Empty));
        assert_eq!(Email::parse("   "), Err(EmailError::Empty));
        assert_eq!(Email::parse("no-at-sign"), Err(EmailError::Malformed));
        assert_eq!(Email::parse("a@b"), Err(EmailError::Malformed));
        assert_eq!(Email::parse("a b@c.com"), Err(EmailError::Malformed));
        assert_eq!(Email::parse("@c.com"), Err(EmailError::Malformed));
        assert_eq!(Email::parse("a@-c.com"), Err(EmailError::Malformed));
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong));
        let long_local = format!("{}@example.com", "a".repeat(65));
        assert_eq!(Email::parse(&long_local), Err(EmailError::Malformed));
    }
}
