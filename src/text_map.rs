//! Maps from texts to numbers, on one hash table of hashes: each entry's key is found through
//! its hash and compared in full. The keys are either copied end to end into one text
//! ([`TextMap`]: no `String` apiece, whose allocation and free per item were about a third of
//! the core's share of listing 10,000 users) or borrowed from the caller ([`StrMap`]). Every
//! text-keyed index shares the one table type, so the `.wasm` holds one copy of its code.

use std::hash::Hasher;

use crate::hash::{FastMap, FxHasher};

/// No entry: the end of a chain of keys with one hash.
const NONE: usize = usize::MAX;

/// Where a map's keys are kept.
pub trait Keys<'k> {
    /// Room for `entries` keys.
    fn with_capacity(entries: usize) -> Self;
    /// Keeps `key` as the next entry's.
    fn push(&mut self, key: &'k str);
    /// The key of entry `entry`.
    fn key(&self, entry: usize) -> &str;
}

/// Keys copied end to end into one text.
#[derive(Debug, Default)]
pub struct Copied {
    /// Every key, end to end.
    text: String,
    /// Where each entry's key ends in `text` (it starts where the one before it ends).
    ends: Vec<usize>,
}

impl Keys<'_> for Copied {
    fn with_capacity(entries: usize) -> Self {
        Copied {
            text: String::new(),
            ends: Vec::with_capacity(entries),
        }
    }

    fn push(&mut self, key: &str) {
        self.text.push_str(key);
        self.ends.push(self.text.len());
    }

    fn key(&self, entry: usize) -> &str {
        let start = match entry.checked_sub(1) {
            Some(before) => self.ends.get(before).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(entry).copied().unwrap_or(0);
        self.text.get(start..end).unwrap_or_default()
    }
}

/// Keys borrowed from text that outlives the map.
#[derive(Debug, Default)]
pub struct Borrowed<'k> {
    keys: Vec<&'k str>,
}

impl<'k> Keys<'k> for Borrowed<'k> {
    fn with_capacity(entries: usize) -> Self {
        Borrowed {
            keys: Vec::with_capacity(entries),
        }
    }

    fn push(&mut self, key: &'k str) {
        self.keys.push(key);
    }

    fn key(&self, entry: usize) -> &str {
        self.keys.get(entry).copied().unwrap_or_default()
    }
}

/// Texts, each with the number it was first recorded with.
#[derive(Debug, Default)]
pub struct KeyMap<K> {
    keys: K,
    /// Each entry's number.
    values: Vec<usize>,
    /// Each hash, to the newest entry with it.
    newest: FastMap<u64, usize>,
    /// For each entry, the one recorded before it with the same hash, or [`NONE`].
    older: Vec<usize>,
}

/// A map that keeps copies of its keys.
pub type TextMap = KeyMap<Copied>;

/// A map that borrows its keys.
pub type StrMap<'k> = KeyMap<Borrowed<'k>>;

impl<'k, K: Keys<'k>> KeyMap<K> {
    /// An empty map with room for `entries` keys.
    pub fn with_capacity(entries: usize) -> Self {
        KeyMap {
            keys: K::with_capacity(entries),
            values: Vec::with_capacity(entries),
            newest: FastMap::with_capacity_and_hasher(entries, Default::default()),
            older: Vec::with_capacity(entries),
        }
    }

    /// The number `key` was first recorded with.
    pub fn get(&self, key: &str) -> Option<usize> {
        let newest = self.newest.get(&hash(key)).copied()?;
        let entry = find(&self.keys, &self.older, key, newest)?;
        self.values.get(entry).copied()
    }

    /// Records `key` with `value` unless it is recorded already: `None` when it was new, else
    /// the number it holds.
    pub fn insert_first(&mut self, key: &'k str, value: usize) -> Option<usize> {
        self.insert_hashed(key, hash(key), value)
    }

    /// [`KeyMap::insert_first`], with `key`'s hash given.
    fn insert_hashed(&mut self, key: &'k str, hash: u64, value: usize) -> Option<usize> {
        let entry = self.values.len();
        let newest = self.newest.entry(hash).or_insert(NONE);
        if let Some(found) = find(&self.keys, &self.older, key, *newest) {
            return self.values.get(found).copied();
        }
        self.older.push(*newest);
        *newest = entry;
        self.keys.push(key);
        self.values.push(value);
        None
    }
}

/// The entry holding `key` in the chain that starts at `at` (keys rarely share a hash; each
/// one that does is compared in full).
fn find<'k>(keys: &impl Keys<'k>, older: &[usize], key: &str, mut at: usize) -> Option<usize> {
    while at != NONE {
        if keys.key(at) == key {
            return Some(at);
        }
        at = older.get(at).copied().unwrap_or(NONE);
    }
    None
}

/// FxHash of a key's bytes, then MurmurHash3's 64-bit finaliser. The table picks a bucket by
/// the low bits, and a multiply's low bits see only the low bits of what it multiplied: without
/// the finaliser, keys that differ only late in a word ("user1", "user2") shared one bucket
/// chain. The finaliser brings every bit of the key into every bit of the hash.
fn hash(key: &str) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(key.as_bytes());
    let mut hash = hasher.finish();
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn each_key_keeps_its_first_number<'k, K: Keys<'k>>(mut map: KeyMap<K>) {
        assert_eq!(map.insert_first("a", 7), None);
        assert_eq!(map.insert_first("", 8), None);
        assert_eq!(map.insert_first("a", 9), Some(7));
        assert_eq!(map.insert_first("ab", 10), None);
        assert_eq!(map.get("a"), Some(7));
        assert_eq!(map.get(""), Some(8));
        assert_eq!(map.get("ab"), Some(10));
        assert_eq!(map.get("b"), None);
        assert_eq!(map.values, vec![7, 8, 10]);
    }

    #[test]
    fn each_key_keeps_its_first_number_copied_or_borrowed() {
        each_key_keeps_its_first_number(TextMap::with_capacity(2));
        each_key_keeps_its_first_number(StrMap::with_capacity(0));
        let mut copied = TextMap::default();
        copied.insert_first(&String::from("short-lived"), 1);
        assert_eq!(copied.get("short-lived"), Some(1));
        assert_eq!(copied.keys.text, "short-lived");
    }

    #[test]
    fn keys_differing_late_spread_over_the_table() {
        // The table's bucket comes from the low bits: those of similar keys must differ (1000
        // keys thrown at random into 1024 buckets fill ~630 of them).
        let buckets = |keys: &mut dyn Iterator<Item = String>| {
            let low: std::collections::BTreeSet<u64> = keys.map(|k| hash(&k) & 0x3ff).collect();
            low.len()
        };
        assert!(buckets(&mut (0..1000).map(|i| format!("user{i}"))) > 560);
        assert!(buckets(&mut (0..1000).map(|i| format!("{i:>20}"))) > 560);
        assert!(
            buckets(&mut (0..1000).map(|i| format!("f174e90a-fafe-4643-bbbc-4a0ed4fc{i:04}")))
                > 560
        );
    }

    #[test]
    fn keys_sharing_a_hash_are_told_apart() {
        let mut map = TextMap::default();
        for (value, key) in ["x", "yy", "x1", ""].into_iter().enumerate() {
            assert_eq!(map.insert_hashed(key, 7, value), None, "{key} is new");
        }
        for (value, key) in ["x", "yy", "x1", ""].into_iter().enumerate() {
            assert_eq!(
                map.insert_hashed(key, 7, 99),
                Some(value),
                "{key} was recorded"
            );
        }
        assert_eq!(map.newest.len(), 1);
        let newest = map.newest[&7];
        let find = |key| find(&map.keys, &map.older, key, newest);
        assert_eq!(find("yy"), Some(1));
        assert_eq!(find(""), Some(3));
        assert_eq!(find("y"), None);
    }
}
