//! The ids a listing has returned so far, to skip repeats. They are kept end to end in one text
//! and found through their hashes, not held as a `String` apiece: that allocation and its free,
//! per item, were about a third of the core's share of listing 10,000 users.

use std::hash::Hasher;

use crate::hash::{FastMap, FxHasher};

/// No id: the end of a chain of ids with one hash.
const NONE: usize = usize::MAX;

/// Items already returned, by identity (`id`); an item without one is always new.
#[derive(Debug, Default)]
pub(super) struct Seen {
    /// Every id recorded, end to end.
    text: String,
    /// Where each recorded id ends in `text` (it starts where the one before it ends).
    ends: Vec<usize>,
    /// Each hash, to the newest id recorded with it.
    newest: FastMap<u64, usize>,
    /// For each recorded id, the one recorded before it with the same hash, or [`NONE`].
    older: Vec<usize>,
}

impl Seen {
    /// Flags each item (true: new) and records the new ones; `Err` when a non-empty page
    /// held only items seen before, which means the server is repeating itself.
    pub(super) fn take(&mut self, keys: &[Option<&str>]) -> Result<Vec<bool>, ()> {
        let keep: Vec<bool> = keys
            .iter()
            .map(|key| key.is_none_or(|key| self.insert(key)))
            .collect();
        if !keep.is_empty() && keep.iter().all(|new| !new) {
            return Err(());
        }
        Ok(keep)
    }

    /// Records `key`; true when it is new.
    fn insert(&mut self, key: &str) -> bool {
        let mut hasher = FxHasher::default();
        hasher.write(key.as_bytes());
        self.insert_hashed(key, hasher.finish())
    }

    /// Records `key`, whose hash is `hash`; true when it is new.
    fn insert_hashed(&mut self, key: &str, hash: u64) -> bool {
        let index = self.ends.len();
        let newest = self.newest.entry(hash).or_insert(NONE);
        // Ids rarely share a hash; each one that does is compared in full.
        let mut at = *newest;
        while at != NONE {
            if id_at(&self.text, &self.ends, at) == key {
                return false;
            }
            at = self.older.get(at).copied().unwrap_or(NONE);
        }
        self.older.push(*newest);
        *newest = index;
        self.text.push_str(key);
        self.ends.push(self.text.len());
        true
    }
}

/// The id recorded at `index`.
fn id_at<'t>(text: &'t str, ends: &[usize], index: usize) -> &'t str {
    let start = match index.checked_sub(1) {
        Some(before) => ends.get(before).copied().unwrap_or(0),
        None => 0,
    };
    let end = ends.get(index).copied().unwrap_or(0);
    text.get(start..end).unwrap_or_default()
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
        assert_eq!(seen.text, "ab");
    }

    #[test]
    fn ids_sharing_a_hash_are_told_apart() {
        let mut seen = Seen::default();
        for id in ["x", "yy", "x1", ""] {
            assert!(seen.insert_hashed(id, 7), "{id} is new");
        }
        for id in ["x", "yy", "x1", ""] {
            assert!(!seen.insert_hashed(id, 7), "{id} was seen");
        }
        assert!(seen.insert_hashed("y", 7));
        assert_eq!(seen.newest.len(), 1);
        assert_eq!(id_at(&seen.text, &seen.ends, 1), "yy");
        assert_eq!(id_at(&seen.text, &seen.ends, 4), "y");
    }
}
