//! "Did you mean": when nothing matches, each word is compared with the
//! words this market is made of (places, property types, categories, the
//! synonyms) and replaced by the closest one within two edits.
use crate::analysis::SYNONYMS;
use dove_domain::places::COUNTIES;
use std::sync::LazyLock;

static VOCABULARY: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut words: Vec<String> = Vec::new();
    let mut add = |text: &str| {
        for w in text.to_lowercase().split(|c: char| !c.is_alphanumeric()) {
            if w.chars().count() >= 4 {
                words.push(w.to_string());
            }
        }
    };
    for c in COUNTIES {
        add(c.name);
        for t in c.towns {
            add(t.name);
            for n in t.neighbourhoods {
                add(n.name);
            }
        }
    }
    for group in SYNONYMS.iter() {
        for w in group {
            add(w);
        }
    }
    for w in [
        "bedsitter",
        "single",
        "room",
        "studio",
        "apartment",
        "bungalow",
        "maisonette",
        "townhouse",
        "villa",
        "plot",
        "office",
        "shop",
        "bedroom",
        "bathroom",
        "furnished",
        "parking",
        "phone",
        "tablet",
        "electronics",
        "furniture",
        "vehicle",
        "fashion",
        "agriculture",
        "services",
        "laptop",
        "television",
        "sofa",
        "iphone",
        "samsung",
        "tecno",
        "toyota",
    ] {
        add(w);
    }
    words.sort();
    words.dedup();
    words
});

fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The query with each unknown word replaced by its closest known word, if
/// that changes anything.
pub fn did_you_mean(words: &[String]) -> Option<String> {
    let mut changed = false;
    let fixed: Vec<String> = words
        .iter()
        .map(|w| {
            if w.chars().count() < 4 || VOCABULARY.binary_search(w).is_ok() || w.chars().all(|c| c.is_ascii_digit()) {
                return w.clone();
            }
            let best = VOCABULARY.iter().map(|v| (distance(w, v), v)).filter(|(d, _)| *d <= 2).min_by_key(|(d, _)| *d);
            match best {
                Some((_, v)) => {
                    changed = true;
                    v.clone()
                }
                None => w.clone(),
            }
        })
        .collect();
    changed.then(|| fixed.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_known_words() {
        assert_eq!(did_you_mean(&["kilimanj".into()]), Some("kilimani".into()));
        assert_eq!(did_you_mean(&["maisonete".into(), "syokimau".into()]), Some("maisonette syokimau".into()));
        assert_eq!(did_you_mean(&["kilimani".into()]), None);
        assert_eq!(did_you_mean(&["zzzzzzzzz".into()]), None);
    }
}
