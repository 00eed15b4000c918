//! Maps from texts to numbers, on one hash table of entry numbers: each key is found through
//! its hash and compared in full. The keys are either copied end to end into one text
//! ([`TextMap`]: no `String` apiece, whose allocation and free per item were about a third of
//! the core's share of listing 10,000 users) or borrowed from the caller ([`StrMap`]). Every
//! text-keyed index shares the one table type, so the `.wasm` holds one copy of its code.
//!
//! The table is hashbrown's `HashTable<usize>`: it holds only entry numbers, and finds a key by
//! the hash this file computes and an equality it is given, so no key is stored twice and no
//! hash map of hashes sits in front of the keys. Checking the seat UIDs of a 10,000-seat body
//! took ~280 µs natively through a `HashMap<u64, usize>` of hashes with chains beside it, and
//! ~110 µs this way.

use std::hash::Hasher;

use hashbrown::hash_table::{Entry, HashTable};

use crate::hash::FxHasher;

/// Reading a key back. The table's code takes it as `dyn`, so hashbrown's generic functions
/// exist once for every kind of keys (a copy per kind cost ~1.2 KB of `.wasm`).
pub trait KeyAt {
    /// The key of entry `entry`.
    fn key(&self, entry: usize) -> &str;
}

/// Where a map's keys are kept.
pub trait Keys<'k>: KeyAt {
    /// Room for `entries` keys.
    fn with_capacity(entries: usize) -> Self;
    /// Keeps `key` as the next entry's.
    fn push(&mut self, key: &'k str);
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
}

impl KeyAt for Copied {
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
}

impl KeyAt for Borrowed<'_> {
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
    /// Each entry's key's hash: the table asks for them all again each time it grows (a
    /// listing's map grows from empty), and they tell most keys apart without reading them.
    hashes: Vec<u64>,
    /// The entries, by their keys' hashes.
    entries: HashTable<usize>,
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
            hashes: Vec::with_capacity(entries),
            entries: HashTable::with_capacity(entries),
        }
    }

    /// The number `key` was first recorded with.
    pub fn get(&self, key: &str) -> Option<usize> {
        let entry = find(&self.entries, &self.hashes, &self.keys, key)?;
        self.values.get(entry).copied()
    }

    /// Records `key` with `value` unless it is recorded already: `None` when it was new, else
    /// the number it holds.
    pub fn insert_first(&mut self, key: &'k str, value: usize) -> Option<usize> {
        self.insert_hashed(key, hash(key), value)
    }

    /// [`KeyMap::insert_first`], with `key`'s hash given.
    fn insert_hashed(&mut self, key: &'k str, hash_of_key: u64, value: usize) -> Option<usize> {
        let found = entry(
            &mut self.entries,
            &self.hashes,
            &self.keys,
            key,
            hash_of_key,
        );
        match found {
            Entry::Occupied(found) => self.values.get(*found.get()).copied(),
            Entry::Vacant(room) => {
                room.insert(self.values.len());
                self.keys.push(key);
                self.values.push(value);
                self.hashes.push(hash_of_key);
                None
            }
        }
    }
}

/// Whether entry `entry` holds `key`, whose hash is `hash_of_key`.
fn holds(hashes: &[u64], keys: &dyn KeyAt, entry: usize, key: &str, hash_of_key: u64) -> bool {
    hashes.get(entry) == Some(&hash_of_key) && keys.key(entry) == key
}

/// The entry holding `key`, if any.
fn find(entries: &HashTable<usize>, hashes: &[u64], keys: &dyn KeyAt, key: &str) -> Option<usize> {
    let hash_of_key = hash(key);
    entries
        .find(hash_of_key, |&entry| {
            holds(hashes, keys, entry, key, hash_of_key)
        })
        .copied()
}

/// The table's place for `key`: the entry holding it, or room for it.
fn entry<'t>(
    entries: &'t mut HashTable<usize>,
    hashes: &[u64],
    keys: &dyn KeyAt,
    key: &str,
    hash_of_key: u64,
) -> Entry<'t, usize> {
    entries.entry(
        hash_of_key,
        |&entry| holds(hashes, keys, entry, key, hash_of_key),
        |&entry| hashes.get(entry).copied().unwrap_or(0),
    )
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
        // From empty: the table grows on the way, placing them again by their recorded hashes.
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
        assert_eq!(map.entries.len(), 4);
        let find = |key| map.entries.find(7, |&e| map.keys.key(e) == key).copied();
        assert_eq!(find("yy"), Some(1));
        assert_eq!(find(""), Some(3));
        assert_eq!(find("y"), None);
    }
}
