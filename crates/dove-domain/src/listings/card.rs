//! The card a listing shows in lists and grids, and its public URL.
use crate::money::format_money;
use serde::{Deserialize, Serialize};

/// A photo as pages reference it: the content key and the original size,
/// so pages can reserve the right space before the image arrives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoRef {
    pub key: String,
    pub width: i64,
    pub height: i64,
    /// WebP variants exist beside the JPEG ones.
    pub webp: bool,
}

impl PhotoRef {
    /// The height at `width`, keeping the aspect ratio, for `height=`
    /// attributes that stop the page jumping as photos arrive.
    pub fn height_at(&self, width: i64) -> i64 {
        if self.width <= 0 { width } else { self.height * width / self.width }
    }

    /// The public URL of one variant (`ext` is `jpg` or `webp`).
    pub fn url(&self, width: u32, ext: &str) -> String {
        format!("/media/{}-{width}.{ext}", self.key)
    }

    fn srcset(&self, widths: &[u32], ext: &str) -> String {
        widths.iter().map(|w| format!("{} {w}w", self.url(*w, ext))).collect::<Vec<_>>().join(", ")
    }

    /// The `srcset` for cards: 320 and 640 px.
    pub fn card_srcset(&self, ext: &str) -> String {
        self.srcset(&[320, 640], ext)
    }

    /// The `srcset` for a full-width gallery: 640 and 1280 px.
    pub fn gallery_srcset(&self, ext: &str) -> String {
        self.srcset(&[640, 1280], ext)
    }
}

/// A listing as it appears in lists and grids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListingCard {
    pub id: String,
    pub title: String,
    pub price_minor: i64,
    pub currency: String,
    /// `rent` (priced per month) or `sale`; products are always `sale`.
    pub offer: String,
    pub town: String,
    pub neighbourhood: Option<String>,
    pub photo: Option<PhotoRef>,
    pub published_at: i64,
}

impl ListingCard {
    /// The public URL, `/l/{id}-{slug}`. The id alone identifies the
    /// listing; the slug is for people and search engines.
    pub fn url(&self) -> String {
        format!("/l/{}-{}", self.id, slugify(&self.title))
    }

    pub fn price_label(&self) -> String {
        format_money(self.price_minor, &self.currency)
    }

    pub fn is_rent(&self) -> bool {
        self.offer == "rent"
    }

    pub fn place(&self) -> String {
        match &self.neighbourhood {
            Some(n) if !n.is_empty() => format!("{n}, {}", self.town),
            _ => self.town.clone(),
        }
    }
}

/// A URL slug from a title: lower-case ASCII words joined by hyphens, at
/// most 60 characters.
pub fn slugify(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() { "listing".to_string() } else { trimmed.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Spacious 2 Bedroom Apartment in Kilimani!"), "spacious-2-bedroom-apartment-in-kilimani");
        assert_eq!(slugify("<script>"), "script");
        assert_eq!(slugify("!!!"), "listing");
        assert!(slugify(&"word ".repeat(40)).len() <= 60);
    }
}
