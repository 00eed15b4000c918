//! Substring search for the few places that need it (redaction, a URL's scheme, a media type).
//! std's `str::contains(&str)` and `replace` bring the Two-Way searcher, kilobytes of wasm for
//! texts of a few hundred bytes, where a plain scan is as fast. Also the pieces messages are
//! built from (list places, hex escapes), pushed rather than `format!`ted: `core::fmt` and its
//! Display impls would ship in the `.wasm` (issue 15).

/// Byte offset of the first occurrence of `needle` in `haystack` (an empty needle: none).
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (hay, pin) = (haystack.as_bytes(), needle.as_bytes());
    if pin.is_empty() || pin.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - pin.len()).find(|&at| hay.get(at..at + pin.len()) == Some(pin))
}

/// `text` with every occurrence of `needle` replaced by `with`, left to right, none overlapping.
pub fn replace_all(text: &str, needle: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = find(rest, needle) {
        // `at` and `at + needle.len()` lie on char boundaries: a whole UTF-8 needle matched there.
        out.push_str(rest.get(..at).unwrap_or(""));
        out.push_str(with);
        rest = rest.get(at + needle.len()..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Appends `byte` as two hex digits taken from `digits` (lower- or uppercase `0-9a-f`).
pub fn push_hex_byte(out: &mut String, byte: u8, digits: &[u8; 16]) {
    out.push(char::from(digits[usize::from(byte >> 4)]));
    out.push(char::from(digits[usize::from(byte & 0xf)]));
}

/// `prefix` + index + `suffix`, e.g. `users[12].`: a place in a list, without `format!`.
pub fn indexed(prefix: &str, index: usize, suffix: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + suffix.len() + 20);
    out.push_str(prefix);
    crate::time::push_uint(&mut out, index as u64);
    out.push_str(suffix);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_is_the_first_whole_occurrence() {
        assert_eq!(find("https://api.cloudflare.com", "://"), Some(5));
        assert_eq!(find("text/html; charset=utf-8", "html"), Some(5));
        assert_eq!(find("abc", "abcd"), None);
        assert_eq!(find("abc", ""), None);
        assert_eq!(find("aaab", "ab"), Some(2));
        assert_eq!(find("é😀é", "😀"), Some(2));
    }

    #[test]
    fn replace_all_replaces_each_occurrence_once() {
        assert_eq!(replace_all("a-tok-b-tok", "tok", "<r>"), "a-<r>-b-<r>");
        assert_eq!(replace_all("tokentoken", "token", "x"), "xx");
        assert_eq!(replace_all("aaaa", "aa", "b"), "bb");
        assert_eq!(replace_all("none here", "tok", "x"), "none here");
        assert_eq!(replace_all("é-secret-é", "secret", "<r>"), "é-<r>-é");
    }
}
