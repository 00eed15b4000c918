//! A map from texts to numbers whose keys live end to end in one `String`, found through their
//! hashes: no `String` apiece. For the listings' ids that allocation and its free, per item, were
//! about a third of the core's share of listing 10,000 users; and one map type for every
//! text-keyed index keeps one copy of the hash-table code in the `.wasm`.

use std::hash::Hasher;

use crate::hash::{FastMap, FxHasher};

/// No entry: the end of a chain of keys with one hash.
const NONE: usize = usize::MAX;

/// Texts, each with the number it was first recorded with.
#[derive(Debug, Default)]
pub struct TextMap {
    /// Every key recorded, end to end.
    text: String,
    /// Where each entry's key ends in `text` (it starts where the one before it ends).
    ends: Vec<usize>,
    /// Each entry's number.
    values: Vec<usize>,
    /// Each hash, to the newest entry with it.
    newest: FastMap<u64, usize>,
    /// For each entry, the one recorded before it with the same hash, or [`NONE`].
    older: Vec<usize>,
}

impl TextMap {
    /// An empty map with room for `entries` keys.
    pub fn with_capacity(entries: usize) -> Self {
        TextMap {
            ends: Vec::with_capacity(entries),
            values: Vec::with_capacity(entries),
            newest: FastMap::with_capacity_and_hasher(entries, Default::default()),
            older: Vec::with_capacity(entries),
            ..Self::default()
        }
    }

    /// The number `key` was recorded with.
    pub fn get(&self, key: &str) -> Option<usize> {
        let newest = self.newest.get(&hash(key)).copied()?;
        let at = find(&self.text, &self.ends, &self.older, key, newest)?;
        self.values.get(at).copied()
    }

    /// Records `key` with `value` unless it is recorded already; true when it was new.
    pub fn insert_first(&mut self, key: &str, value: usize) -> bool {
        self.insert_hashed(key, hash(key), value)
    }

    /// [`TextMap::insert_first`], with `key`'s hash given.
    fn insert_hashed(&mut self, key: &str, hash: u64, value: usize) -> bool {
        let entry = self.ends.len();
        let newest = self.newest.entry(hash).or_insert(NONE);
        if find(&self.text, &self.ends, &self.older, key, *newest).is_some() {
            return false;
        }
        self.older.push(*newest);
        *newest = entry;
        self.text.push_str(key);
        self.ends.push(self.text.len());
        self.values.push(value);
        true
    }
}

/// The entry holding `key` in the chain that starts at `at` (keys rarely share a hash; each
/// one that does is compared in full).
fn find(text: &str, ends: &[usize], older: &[usize], key: &str, mut at: usize) -> Option<usize> {
    while at != NONE {
        if key_at(text, ends, at) == key {
            return Some(at);
        }
        at = older.get(at).copied().unwrap_or(NONE);
    }
    None
}

/// FxHash of a key's bytes.
fn hash(key: &str) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(key.as_bytes());
    hasher.finish()
}

/// The key of entry `entry`.
fn key_at<'t>(text: &'t str, ends: &[usize], entry: usize) -> &'t str {
    let start = match entry.checked_sub(1) {
        Some(before) => ends.get(before).copied().unwrap_or(0),
        None => 0,
    };
    let end = ends.get(entry).copied().unwrap_or(0);
    text.get(start..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_keeps_its_first_number() {
        let mut map = TextMap::with_capacity(2);
        assert!(map.insert_first("a", 7));
        assert!(map.insert_first("", 8));
        assert!(!map.insert_first("a", 9));
        assert!(map.insert_first("ab", 10));
        assert_eq!(map.get("a"), Some(7));
        assert_eq!(map.get(""), Some(8));
        assert_eq!(map.get("ab"), Some(10));
        assert_eq!(map.get("b"), None);
        assert_eq!(map.text, "aab");
    }

    #[test]
    fn keys_sharing_a_hash_are_told_apart() {
        let mut map = TextMap::default();
        for (value, key) in ["x", "yy", "x1", ""].into_iter().enumerate() {
            assert!(map.insert_hashed(key, 7, value), "{key} is new");
        }
        for key in ["x", "yy", "x1", ""] {
            assert!(!map.insert_hashed(key, 7, 99), "{key} was recorded");
        }
        assert_eq!(map.newest.len(), 1);
        let chain = |key| find(&map.text, &map.ends, &map.older, key, map.newest[&7]);
        assert_eq!(chain("yy"), Some(1));
        assert_eq!(chain(""), Some(3));
        assert_eq!(chain("y"), None);
        assert_eq!(map.values, vec![0, 1, 2, 3]);
    }
}
