//! Items already returned by a listing, by identity (`id`), to skip repeats. The ids live in a
//! [`TextMap`] (end to end in one text), not as a `String` apiece: that allocation and its free,
//! per item, were about a third of the core's share of listing 10,000 users.

use crate::text_map::TextMap;

/// Items already returned, by identity; an item without one is always new.
#[derive(Debug, Default)]
pub(super) struct Seen {
    ids: TextMap,
}

impl Seen {
    /// Flags each item (true: new) and records the new ones; `Err` when a non-empty page
    /// held only items seen before, which means the server is repeating itself.
    pub(super) fn take(&mut self, keys: &[Option<&str>]) -> Result<Vec<bool>, ()> {
        let keep: Vec<bool> = keys
            .iter()
            .map(|key| key.is_none_or(|key| self.ids.insert_first(key, 0).is_none()))
            .collect();
        if !keep.is_empty() && keep.iter().all(|new| !new) {
            return Err(());
        }
        Ok(keep)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_id_is_new_once() {
        let mut seen = Seen::default();
        let take = |seen: &mut Seen, ids: &[Option<&str>]| seen.take(ids);
        assert_eq!(
            take(&mut seen, &[Some("a"), Some("b"), Some("a")]),
            Ok(vec![true, true, false])
        );
        assert_eq!(
            take(&mut seen, &[Some("b"), Some(""), None]),
            Ok(vec![false, true, true])
        );
        assert_eq!(take(&mut seen, &[Some(""), Some("a")]), Err(()));
        assert_eq!(take(&mut seen, &[]), Ok(vec![]));
    }
}
