//! Understanding what a buyer typed: words, numbers of bedrooms, synonyms
//! and stop words. Query syntax has no meaning here; every character that
//! is not a letter or digit separates words.
use std::sync::LazyLock;

/// Words that say nothing about the listing, in English and Swahili.
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "in", "at", "for", "to", "of", "and", "with", "near", "on", "by", "na", "ya", "kwa", "katika",
    "za", "wa", "la", "cha", "vya",
];

/// Words that mean the same here, kept as data in `synonyms.txt`: one group
/// per line.
pub static SYNONYMS: LazyLock<Vec<Vec<&'static str>>> = LazyLock::new(|| parse_synonyms(SYNONYMS_FILE));

const SYNONYMS_FILE: &str = include_str!("../synonyms.txt");

fn parse_synonyms(text: &'static str) -> Vec<Vec<&'static str>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .filter(|g| g.len() > 1)
        .collect()
}

pub struct Analysed {
    pub words: Vec<String>,
    /// "2 bedroom", "2br", "2-bedroomed", "vyumba 2": a bedrooms filter.
    pub bedrooms: Option<i64>,
    /// The last word is still being typed: match it as a prefix.
    pub last_is_prefix: bool,
}

fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            c => c,
        })
        .collect()
}

fn is_bedroom_word(w: &str) -> bool {
    matches!(
        w,
        "br" | "bed"
            | "beds"
            | "bedroom"
            | "bedrooms"
            | "bedroomed"
            | "bdr"
            | "bdrm"
            | "bedrooom"
            | "bedroon"
            | "chumba"
            | "vyumba"
    )
}

pub fn analyse(text: &str) -> Analysed {
    let lower = fold(&text.to_lowercase());
    let raw: Vec<String> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().take(40).collect())
        .collect();
    let mut bedrooms = None;
    let mut words = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let w = &raw[i];
        // "2br", "3bedroom"
        let digits: String = w.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() && digits.len() < w.len() && is_bedroom_word(&w[digits.len()..]) {
            bedrooms = digits.parse().ok();
            i += 1;
            continue;
        }
        // "2 bedroom", "vyumba 2"
        if let Ok(n) = w.parse::<i64>()
            && i + 1 < raw.len()
            && is_bedroom_word(&raw[i + 1])
            && n <= 50
        {
            bedrooms = Some(n);
            i += 2;
            continue;
        }
        if (w == "vyumba" || w == "chumba")
            && let Some(n) = raw.get(i + 1).and_then(|n| n.parse::<i64>().ok())
        {
            bedrooms = Some(n);
            i += 2;
            continue;
        }
        if !STOP_WORDS.contains(&w.as_str()) {
            words.push(w.clone());
        }
        i += 1;
    }
    words.truncate(8);
    let last_is_prefix = !text.ends_with(char::is_whitespace) && !words.is_empty();
    Analysed { words, bedrooms, last_is_prefix }
}

/// The other words that mean `word`.
pub fn synonyms(word: &str) -> Vec<&'static str> {
    SYNONYMS.iter().filter(|g| g.contains(&word)).flat_map(|g| g.iter().copied()).filter(|w| *w != word).collect()
}

/// How many typos a word may carry, as Meilisearch allows: none below 5
/// letters, one from 5, two from 9.
pub fn typos(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_synonym_file_has_the_required_pairs_and_each_word_once() {
        for (a, b) in [
            ("bedsitter", "studio"),
            ("flat", "apartment"),
            ("bnb", "airbnb"),
            ("shamba", "land"),
            ("simu", "phone"),
            ("nyumba", "house"),
        ] {
            assert!(synonyms(a).contains(&b), "{a} → {b}");
            assert!(synonyms(b).contains(&a), "{b} → {a}");
        }
        let mut seen = std::collections::HashSet::new();
        for w in SYNONYMS.iter().flatten() {
            assert!(w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()), "{w} is not a folded word");
            assert!(seen.insert(*w), "{w} is in two groups");
        }
        assert_eq!(parse_synonyms("# note\n\nlonely\na b\n"), vec![vec!["a", "b"]]);
    }

    #[test]
    fn numbers_become_bedrooms() {
        for q in [
            "2 bedroom apartment",
            "2br apartment",
            "2-bedroom apartment",
            "apartment 2 bedrooms",
            "vyumba 2 apartment",
            "2 bedroon apartment",
        ] {
            let a = analyse(q);
            assert_eq!(a.bedrooms, Some(2), "{q}");
            assert_eq!(a.words, vec!["apartment"], "{q}");
        }
        let a = analyse("iphone 13");
        assert_eq!(a.bedrooms, None);
        assert_eq!(a.words, vec!["iphone", "13"]);
    }

    #[test]
    fn syntax_and_stop_words_are_just_separators() {
        let a = analyse("\"house\" * ( : - in Kilimani ");
        assert_eq!(a.words, vec!["house", "kilimani"]);
        assert!(!a.last_is_prefix);
        assert!(analyse("***").words.is_empty());
        assert_eq!(synonyms("flat"), vec!["apartment", "apartments", "flats"]);
        assert_eq!(typos("kilimani"), 1);
        assert_eq!(typos("apartments"), 2);
    }
}
