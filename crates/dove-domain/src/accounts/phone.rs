use crate::fields::Coded;
use thiserror::Error;

/// A phone number in E.164 form (`+254712345678`). Local Kenyan numbers
/// (`0712 345 678`, `712345678`, `254712345678`) get +254.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PhoneError {
    #[error("phone number is malformed")]
    Malformed,
}

impl Coded for PhoneError {
    fn code(&self) -> &'static str {
        "phone-malformed"
    }
}

impl Phone {
    pub fn parse(raw: &str) -> Result<Phone, PhoneError> {
        let trimmed = raw.trim();
        let plus = trimmed.starts_with('+');
        let mut digits = String::with_capacity(trimmed.len());
        for (i, c) in trimmed.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '(' | ')' | '.' => {}
                '+' if i == 0 => {}
                _ => return Err(PhoneError::Malformed),
            }
        }
        let international = if plus {
            digits
        } else if let Some(rest) = digits.strip_prefix("00") {
            rest.to_string()
        } else if digits.len() == 10 && digits.starts_with('0') {
            format!("254{}", &digits[1..])
        } else if digits.len() == 9 && (digits.starts_with('7') || digits.starts_with('1')) {
            format!("254{digits}")
        } else if digits.len() == 12 && digits.starts_with("254") {
            digits
        } else {
            return Err(PhoneError::Malformed);
        };
        // E.164: at most 15 digits, and no country code starts with 0.
        if !(8..=15).contains(&international.len()) || international.starts_with('0') {
            return Err(PhoneError::Malformed);
        }
        // Kenyan numbers are always 254 plus 9 digits.
        if international.starts_with("254") && international.len() != 12 {
            return Err(PhoneError::Malformed);
        }
        Ok(Phone(format!("+{international}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A Kenyan mobile number (Safaricom, Airtel and Telkom lines start
    /// +2547 or +2541): what M-Pesa can push a payment prompt to.
    pub fn is_kenyan_mobile(&self) -> bool {
        self.0.starts_with("+2547") || self.0.starts_with("+2541")
    }

    /// `254712345678`: the form M-Pesa's API takes.
    pub fn digits(&self) -> &str {
        self.0.trim_start_matches('+')
    }

    /// `+254 7•• ••• 678`: enough to recognise, not to copy.
    pub fn masked(&self) -> String {
        let n = self.0.len();
        if n < 8 {
            return "•••".to_string();
        }
        format!("{} {}•• ••• {}", &self.0[..4], &self.0[4..5], &self.0[n - 3..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kenyan_local_forms_become_e164() {
        for raw in ["0712 345 678", "0712-345-678", "712345678", "254712345678", "+254 712 345678", "00254712345678"] {
            assert_eq!(Phone::parse(raw).unwrap().as_str(), "+254712345678", "{raw}");
        }
        assert_eq!(Phone::parse("0110 123456").unwrap().as_str(), "+254110123456");
    }

    #[test]
    fn mobile_numbers_for_mpesa() {
        let p = Phone::parse("0712 345 678").unwrap();
        assert!(p.is_kenyan_mobile());
        assert_eq!(p.digits(), "254712345678");
        assert_eq!(p.masked(), "+254 7•• ••• 678");
        assert!(!Phone::parse("020 2222222").unwrap().is_kenyan_mobile());
        assert!(!Phone::parse("+44 20 7946 0958").unwrap().is_kenyan_mobile());
    }

    #[test]
    fn foreign_numbers_keep_their_code() {
        assert_eq!(Phone::parse("+44 20 7946 0958").unwrap().as_str(), "+442079460958");
    }

    #[test]
    fn rejects_garbage() {
        for raw in ["", "abc", "12", "+2547123", "07123", "+254 7123 456789", "0712x345678", "+"] {
            assert_eq!(Phone::parse(raw), Err(PhoneError::Malformed), "{raw}");
        }
    }
}
