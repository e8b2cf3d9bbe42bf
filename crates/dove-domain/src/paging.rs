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

/// Where the page after `items` starts: after its last item, when the page
/// came back full (a shorter one is the last).
pub fn next_after<T>(items: &[T], page: i64, position: impl Fn(&T) -> (i64, &str)) -> Option<Cursor> {
    if items.len() as i64 != page {
        return None;
    }
    items.last().map(|last| {
        let (at, id) = position(last);
        Cursor { at, id: id.to_string() }
    })
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

    #[test]
    fn only_a_full_page_has_a_next_one() {
        let items = [(1, "a"), (2, "b")];
        assert_eq!(next_after(&items, 2, |i| (i.0, i.1)), Some(Cursor { at: 2, id: "b".into() }));
        assert_eq!(next_after(&items, 3, |i| (i.0, i.1)), None);
        assert_eq!(next_after::<(i64, &str)>(&[], 0, |i| (i.0, i.1)), None);
    }
}
