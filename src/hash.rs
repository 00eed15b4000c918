//! A small, fast hasher for the maps of seat UIDs, ids and emails: FxHash's mixing (rotate,
//! xor, multiply, eight bytes at a time). std's default SipHash guards servers against keys chosen
//! to collide; here the keys come from the caller and the API, and SipHash cost both code size and
//! a visible share of planning 100,000 users.

use std::hash::Hasher;

/// FxHash's multiplier (from rustc's hasher).
const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// The hasher's state.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        // `try_from` of an exact chunk compiles to one 8-byte load; `copy_from_slice` kept a
        // length check and a memcpy call per word in the wasm build (~60 ns per seat UID).
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(<[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The length in the free top byte: "a" and "a\0" stay apart.
            self.add(word(rest) | (rest.len() as u64) << 56);
        }
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Up to seven bytes as one little-endian word.
fn word(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .rev()
        .fold(0, |word, &byte| (word << 8) | u64::from(byte))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_hash_alike_and_nearby_keys_apart() {
        let hash = |text: &str| {
            let mut hasher = FxHasher::default();
            hasher.write(text.as_bytes());
            hasher.finish()
        };
        assert_eq!(
            hash("f174e90a-fafe-4643-bbbc-4a0ed4fc8415"),
            hash("f174e90a-fafe-4643-bbbc-4a0ed4fc8415")
        );
        assert_ne!(
            hash("f174e90a-fafe-4643-bbbc-4a0ed4fc8415"),
            hash("f174e90a-fafe-4643-bbbc-4a0ed4fc8416")
        );
        assert_ne!(hash("ab"), hash("ba"));
        assert_ne!(hash("a"), hash("a\0"));
        assert_ne!(hash("12345678a"), hash("12345678b"));
    }
}
