//! Paging long lists (the inbox, the leads board) by position rather than
//! by offset, so a page costs the same however deep it is and nothing is
//! skipped or shown twice when new items arrive meanwhile.
/// Where a page of a list ends, to start the next one after it: a time and
/// an id, written `{time}_{id}` in links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// The sort time of the previous page's last item.
    pub at: i64,
    pub id: String,
}

impl Cursor {
    pub fn parse(s: &str) -> Option<Cursor> {
        let (at, id) = s.split_once('_')?;
        Some(Cursor { at: at.parse().ok()?, id: id.to_string() })
    }

    pub fn encode(&self) -> String {
        format!("{}_{}", self.at, self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        let c = Cursor { at: 1_795_478_400_000, id: "019a-b_c".into() };
        assert_eq!(Cursor::parse(&c.encode()), Some(c));
        assert_eq!(Cursor::parse("soon_x"), None);
        assert_eq!(Cursor::parse("123"), None);
    }
}
