use crate::fields::Coded;
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum NameError {
    #[error("name is empty")]
    Empty,
    #[error("name is too long")]
    TooLong,
}

impl Coded for NameError {
    fn code(&self) -> &'static str {
        match self {
            NameError::Empty => "name-empty",
            NameError::TooLong => "name-too-long",
        }
    }
}

fn clean_text(raw: &str, max_chars: usize) -> Result<String, NameError> {
    // Collapse runs of whitespace and drop control characters, so names
    // render on one line wherever they appear.
    let cleaned: String =
        raw.split_whitespace().collect::<Vec<_>>().join(" ").chars().filter(|c| !c.is_control()).collect();
    if cleaned.is_empty() {
        return Err(NameError::Empty);
    }
    if cleaned.chars().count() > max_chars {
        return Err(NameError::TooLong);
    }
    Ok(cleaned)
}

/// A person's display name, 1 to 100 characters on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<PersonName, NameError> {
        clean_text(raw, 100).map(PersonName)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A store's display name, 2 to 80 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreName(String);

impl StoreName {
    pub fn parse(raw: &str) -> Result<StoreName, NameError> {
        let s = clean_text(raw, 80)?;
        if s.chars().count() < 2 {
            return Err(NameError::Empty);
        }
        Ok(StoreName(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum SlugError {
    #[error("slug must be 3 to 40 characters")]
    Length,
    #[error("slug may hold only a-z, 0-9 and inner hyphens")]
    Characters,
    #[error("slug is reserved")]
    Reserved,
}

impl Coded for SlugError {
    fn code(&self) -> &'static str {
        match self {
            SlugError::Length => "slug-length",
            SlugError::Characters => "slug-characters",
            SlugError::Reserved => "slug-reserved",
        }
    }
}

/// Words that would make a storefront URL look official or collide with
/// the site's own paths.
const RESERVED_SLUGS: &[&str] = &[
    "admin",
    "api",
    "dove",
    "dove-market",
    "help",
    "support",
    "security",
    "login",
    "signin",
    "signup",
    "account",
    "settings",
    "static",
    "media",
    "official",
    "mpesa",
    "safaricom",
];

/// A store's URL name (`/s/{slug}`): lower-case letters, digits and single
/// inner hyphens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

impl Slug {
    pub fn parse(raw: &str) -> Result<Slug, SlugError> {
        let s = raw.trim().to_lowercase();
        if !(3..=40).contains(&s.len()) {
            return Err(SlugError::Length);
        }
        let chars_ok = s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        if !chars_ok {
            return Err(SlugError::Characters);
        }
        if RESERVED_SLUGS.contains(&s.as_str()) {
            return Err(SlugError::Reserved);
        }
        Ok(Slug(s))
    }

    /// A slug suggestion from free text ("Mama Mboga's Shop" → "mama-mbogas-shop").
    pub fn suggest(text: &str) -> String {
        let mut out = String::new();
        for c in text.to_lowercase().chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else if (c.is_whitespace() || c == '-' || c == '_') && !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        out.trim_end_matches('-').chars().take(40).collect::<String>().trim_end_matches('-').to_string()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned() {
        assert_eq!(PersonName::parse("  Achieng \n Otieno ").unwrap().as_str(), "Achieng Otieno");
        assert_eq!(PersonName::parse("  "), Err(NameError::Empty));
        assert_eq!(PersonName::parse(&"x".repeat(101)), Err(NameError::TooLong));
        assert_eq!(StoreName::parse("A"), Err(NameError::Empty));
    }

    #[test]
    fn slugs() {
        assert_eq!(Slug::parse("Kilimani-Homes").unwrap().as_str(), "kilimani-homes");
        assert_eq!(Slug::parse("ab"), Err(SlugError::Length));
        assert_eq!(Slug::parse("a b c"), Err(SlugError::Characters));
        assert_eq!(Slug::parse("-abc"), Err(SlugError::Characters));
        assert_eq!(Slug::parse("a--b"), Err(SlugError::Characters));
        assert_eq!(Slug::parse("admin"), Err(SlugError::Reserved));
        assert_eq!(Slug::suggest("Mama Mboga's Shop!"), "mama-mbogas-shop");
    }
}
