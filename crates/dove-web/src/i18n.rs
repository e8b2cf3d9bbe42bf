//! Translations: every string a person reads goes through Fluent, with
//! English and Swahili bundles compiled into the binary. A missing Swahili
//! string falls back to English; a test keeps the two files in step.
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use std::sync::LazyLock;
use unic_langid::langid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Sw,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Sw => "sw",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "en" => Some(Lang::En),
            "sw" => Some(Lang::Sw),
            _ => None,
        }
    }

    /// The language for a request: the remembered choice, else the first
    /// supported language in `Accept-Language`, else English.
    pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
        if let Some(l) = cookie.and_then(Lang::parse) {
            return l;
        }
        accept_language
            .into_iter()
            .flat_map(|h| h.split(','))
            .filter_map(|part| part.split(';').next())
            .map(|tag| tag.trim().to_ascii_lowercase())
            .find_map(|tag| Lang::parse(tag.split('-').next().unwrap_or("")))
            .unwrap_or(Lang::En)
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: unic_langid::LanguageIdentifier, source: &str) -> Bundle {
    let resource = FluentResource::try_new(source.to_string()).expect("locale file parses");
    let mut b = FluentBundle::new_concurrent(vec![lang]);
    // Unicode isolation marks would show up in <title> and form values.
    b.set_use_isolating(false);
    b.add_resource(resource).expect("locale file has no duplicate keys");
    b
}

static EN: LazyLock<Bundle> = LazyLock::new(|| bundle(langid!("en"), include_str!("../locales/en.ftl")));
static SW: LazyLock<Bundle> = LazyLock::new(|| bundle(langid!("sw"), include_str!("../locales/sw.ftl")));

fn format(b: &Bundle, key: &str, args: Option<&FluentArgs>) -> Option<String> {
    let pattern = b.get_message(key)?.value()?;
    let mut errors = Vec::new();
    Some(b.format_pattern(pattern, args, &mut errors).into_owned())
}

/// The text for `key`, with optional arguments.
pub fn translate(lang: Lang, key: &str, args: Option<&FluentArgs>) -> String {
    let primary = match lang {
        Lang::En => &*EN,
        Lang::Sw => &*SW,
    };
    format(primary, key, args).or_else(|| format(&EN, key, args)).unwrap_or_else(|| {
        tracing::warn!(key, "missing translation");
        key.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(src: &str) -> Vec<String> {
        let mut k: Vec<String> = src
            .lines()
            .filter(|l| !l.starts_with(' ') && !l.starts_with('#'))
            .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_string()))
            .collect();
        k.sort();
        k
    }

    #[test]
    fn english_and_swahili_have_the_same_keys() {
        let en = keys(include_str!("../locales/en.ftl"));
        let sw = keys(include_str!("../locales/sw.ftl"));
        assert!(en.len() > 50);
        assert_eq!(en, sw);
    }

    #[test]
    fn translates_and_falls_back() {
        assert_eq!(translate(Lang::En, "nav-sign-in", None), "Sign in");
        assert_ne!(translate(Lang::Sw, "nav-sign-in", None), "Sign in");
        assert_eq!(translate(Lang::Sw, "no-such-key", None), "no-such-key");
    }

    #[test]
    fn negotiates() {
        assert_eq!(Lang::negotiate(Some("sw"), Some("en")), Lang::Sw);
        assert_eq!(Lang::negotiate(None, Some("sw-KE,en;q=0.8")), Lang::Sw);
        assert_eq!(Lang::negotiate(Some("fr"), Some("fr, en-GB;q=0.5")), Lang::En);
        assert_eq!(Lang::negotiate(None, None), Lang::En);
    }
}
