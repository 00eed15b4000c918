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

/// The pieces end to end, like `[a, b].concat()` without std's generic `join` (~900 B of
/// `.wasm`, monomorphised for separators that these messages never use).
pub fn concat(pieces: &[&str]) -> String {
    join(pieces, "")
}

/// The pieces with `separator` between each two.
pub fn join(pieces: &[&str], separator: &str) -> String {
    let len = pieces.iter().map(|piece| piece.len()).sum::<usize>()
        + separator.len() * pieces.len().saturating_sub(1);
    let mut out = String::with_capacity(len);
    for (index, piece) in pieces.iter().enumerate() {
        if index > 0 {
            out.push_str(separator);
        }
        out.push_str(piece);
    }
    out
}

/// `text` around its first `byte`, like `split_once('@')`; byte scans like this one keep core's
/// char searcher and its `memchr` (~800 B of `.wasm`) out. `byte` is ASCII, so every cut falls
/// on a char boundary.
pub fn split_once_byte(text: &str, byte: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == byte)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// `text` around its last `byte` (ASCII), like `rsplit_once('@')`.
pub fn rsplit_once_byte(text: &str, byte: u8) -> Option<(&str, &str)> {
    let at = text.bytes().rposition(|b| b == byte)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// `text` up to its first `byte` (ASCII), or all of it, like `split('/').next()`.
pub fn before_byte(text: &str, byte: u8) -> &str {
    split_once_byte(text, byte).map_or(text, |(before, _)| before)
}

/// `text` without the `byte`s (ASCII) that end it, like `trim_end_matches('/')`.
pub fn trim_end_byte(text: &str, byte: u8) -> &str {
    let end = text.bytes().rposition(|b| b != byte).map_or(0, |at| at + 1);
    text.get(..end).unwrap_or_default()
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
    fn byte_splits_cut_like_their_char_pattern_twins() {
        for text in ["a@b", "@b", "a@", "a@b@c", "none", "", "é@ü@x", "@"] {
            assert_eq!(split_once_byte(text, b'@'), text.split_once('@'), "{text}");
            assert_eq!(
                rsplit_once_byte(text, b'@'),
                text.rsplit_once('@'),
                "{text}"
            );
            assert_eq!(
                before_byte(text, b'@'),
                text.split('@').next().unwrap(),
                "{text}"
            );
        }
        for text in ["https://x/v4/", "https://x/v4", "///", "", "é/"] {
            assert_eq!(
                trim_end_byte(text, b'/'),
                text.trim_end_matches('/'),
                "{text}"
            );
        }
    }

    #[test]
    fn concat_and_join_put_the_pieces_in_order() {
        assert_eq!(concat(&["a", "", "bc", "é"]), "abcé");
        assert_eq!(concat(&[]), "");
        assert_eq!(join(&["a", "b", "c"], ", "), "a, b, c");
        assert_eq!(join(&["only"], ", "), "only");
        assert_eq!(join(&[], ", "), "");
        let joined = join(&["ab", "c"], "--");
        assert_eq!((joined.as_str(), joined.capacity() >= 5), ("ab--c", true));
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
