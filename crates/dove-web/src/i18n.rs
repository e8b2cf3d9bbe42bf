//! Translations: every string a person reads goes through Fluent, with
//! English and Swahili bundles compiled into the binary. A missing Swahili
//! string falls back to English; a test keeps the two files in step.
use dove_domain::mail::{MailArg, OutgoingMail, WrittenMail};
use dove_domain::sms::TextWriter;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use std::collections::BTreeMap;
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

/// The values of a mail or text as Fluent arguments. A value that is
/// another message (`MailArg::Words`) is put into words first, with the
/// same values, so that a step's own wording can name them too.
fn fluent_args(lang: Lang, values: &BTreeMap<String, MailArg>) -> FluentArgs<'_> {
    let mut args = FluentArgs::new();
    for (name, value) in values {
        match value {
            MailArg::Number(n) => args.set(name.clone(), *n),
            MailArg::Text(t) => args.set(name.clone(), t.clone()),
            MailArg::Words { .. } => {}
        }
    }
    for (name, value) in values {
        if let MailArg::Words { words } = value {
            let text = translate(lang, words, Some(&args));
            args.set(name.clone(), text);
        }
    }
    args
}

/// Puts a mail into words in `lang` (a code; English for any other): its
/// subject is the message `{message}-subject` and its body
/// `{message}-body`, from the same files as the pages.
pub fn write_mail(lang: &str, mail: &OutgoingMail) -> WrittenMail {
    let lang = Lang::parse(lang).unwrap_or(Lang::En);
    let args = fluent_args(lang, &mail.args);
    WrittenMail {
        to: mail.to.clone(),
        subject: translate(lang, &format!("{}-subject", mail.message), Some(&args)),
        body_text: translate(lang, &format!("{}-body", mail.message), Some(&args)),
    }
}

/// Text messages in words, from the same files as the pages and mail.
pub struct TextWords;

impl TextWriter for TextWords {
    fn write(&self, lang: &str, message: &str, values: &BTreeMap<String, MailArg>) -> String {
        let lang = Lang::parse(lang).unwrap_or(Lang::En);
        translate(lang, message, Some(&fluent_args(lang, values)))
    }
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
    fn mail_is_written_in_the_recipients_language() {
        let mail = OutgoingMail::new("a@example.com", "mail-verify").text("name", "Akinyi").text("link", "https://x/v");
        let en = write_mail("en", &mail);
        assert_eq!(en.subject, "Confirm your email for Dove Market");
        assert_eq!(
            en.body_text,
            "Hello Akinyi,\n\nConfirm your email address to finish creating your Dove Market account:\n\nhttps://x/v\n\nThe link works for 48 hours. If you did not sign up, ignore this message.\n\nDove Market"
        );
        let sw = write_mail("sw", &mail);
        assert!(sw.subject.starts_with("Thibitisha") && sw.body_text.starts_with("Habari Akinyi,\n\n"), "{sw:?}");
        assert_eq!(write_mail("fr", &mail), en, "another code is English");
        // The domain's list of mail languages is the pages' list.
        let codes: Vec<&str> =
            dove_domain::mail::LANGUAGES.iter().filter_map(|c| Lang::parse(c)).map(Lang::code).collect();
        assert_eq!(codes, dove_domain::mail::LANGUAGES);
        assert_eq!([Lang::En.code(), Lang::Sw.code()], dove_domain::mail::LANGUAGES);
        // A step is put into words with the mail's own values, and counts
        // choose their plural.
        let step = OutgoingMail::new("b@example.com", "mail-order-step")
            .text("order", "AB12")
            .text("amount", "KES 500")
            .words("step", "order-step-refunded");
        assert_eq!(write_mail("en", &step).subject, "Order AB12: was refunded KES 500");
        let unread = |n| OutgoingMail::new("c@example.com", "mail-unread").number("count", n).text("from", "Juma");
        assert!(write_mail("en", &unread(1)).subject.starts_with("Juma sent you a new message about"));
        assert!(write_mail("en", &unread(3)).subject.starts_with("Juma sent you 3 new messages about"));
    }

    /// Every message the domain names (`"mail-…"` in `OutgoingMail::new`,
    /// `"order-step-…"` for a step) is in both files: a mail never goes out
    /// as its id.
    #[test]
    fn every_mail_the_domain_writes_has_words() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../dove-domain/src");
        let mut ids = Vec::new();
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let src = std::fs::read_to_string(&path).unwrap();
                    for prefix in ["\"mail-", "\"order-step-", "\"sms-lead-"] {
                        for (at, _) in src.match_indices(prefix) {
                            let id = src[at + 1..].split('"').next().unwrap().to_string();
                            ids.push(id);
                        }
                    }
                }
            }
        }
        assert!(ids.len() > 20, "the scan finds the mails: {ids:?}");
        for id in ids {
            let keys =
                if id.starts_with("mail-") { vec![format!("{id}-subject"), format!("{id}-body")] } else { vec![id] };
            for key in keys {
                for (name, b) in [("en", &*EN), ("sw", &*SW)] {
                    assert!(b.get_message(&key).is_some(), "{key} is missing from {name}.ftl");
                }
            }
        }
    }

    #[test]
    fn lead_alerts_are_texted_in_the_sellers_language_in_one_sms() {
        use dove_domain::sms::SMS_CHARS;
        let values = |how: &str, title: &str| {
            BTreeMap::from([
                ("name".to_string(), MailArg::Text("Baraka".into())),
                ("how".to_string(), MailArg::Words { words: how.into() }),
                ("title".to_string(), MailArg::Text(title.into())),
                ("link".to_string(), MailArg::Text("https://dove.example/leads".into())),
            ])
        };
        let en = TextWords.write("en", "sms-lead-alert", &values("sms-lead-viewing", "Bedsitter, Umoja"));
        assert_eq!(en, "Dove: Baraka asked to view \"Bedsitter, Umoja\". https://dove.example/leads");
        let sw = TextWords.write("sw", "sms-lead-alert", &values("sms-lead-viewing", "Bedsitter, Umoja"));
        assert_eq!(sw, "Dove: Baraka ameomba kuona \"Bedsitter, Umoja\". https://dove.example/leads");
        // The longest wording leaves room for a title: a 20-character name,
        // a 40-character link and 60 characters of title still fit.
        for lang in ["en", "sw"] {
            for how in ["sms-lead-phone", "sms-lead-viewing", "sms-lead-favourite", "sms-lead-message"] {
                let mut v = values(how, &"t".repeat(60));
                v.insert("name".into(), MailArg::Text("n".repeat(20)));
                v.insert("link".into(), MailArg::Text("l".repeat(40)));
                let text = TextWords.write(lang, "sms-lead-alert", &v);
                assert!(text.chars().count() <= SMS_CHARS, "{lang} {how}: {text}");
                assert!(!text.contains("sms-lead"), "{lang} {how} has words: {text}");
            }
        }
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
