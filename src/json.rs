//! A small JSON reader for exactly what the client checks: the request body (an array of flat
//! objects) and the `errors`/`messages` of an answer. It keeps positions so a batch can reuse
//! the caller's own JSON text, builds no tree, and never recurses (deep nesting cannot blow the
//! stack). serde_json does this too, at several times the wasm size; every byte here ships.

use std::borrow::Cow;

/// What kind of value starts at the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `{`
    Object,
    /// `[`
    Array,
    /// `"`
    String,
    /// A number.
    Number,
    /// `true` or `false`.
    Bool,
    /// `null`.
    Null,
}

impl Kind {
    /// How error messages name the kind.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Object => "an object",
            Kind::Array => "an array",
            Kind::String => "a string",
            Kind::Number => "a number",
            Kind::Bool => "a boolean",
            Kind::Null => "null",
        }
    }
}

/// Malformed JSON at some byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

/// A position in a JSON text.
pub struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Cursor { text, pos: 0 }
    }

    /// The byte offset of the cursor.
    pub fn pos(&self) -> usize {
        self.pos
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// `text[start..end]`, or "" off a char boundary: `get` keeps str's panic path (and its
    /// formatting code) out of the wasm.
    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or("")
    }

    fn rest(&self) -> &'a str {
        self.slice(self.pos, self.text.len())
    }

    /// The bytes after the cursor, for a caller's own fast path over a shape it knows.
    pub fn remaining(&self) -> &'a [u8] {
        self.bytes().get(self.pos..).unwrap_or_default()
    }

    /// Moves the cursor past `n` bytes a caller's fast path read (at most to the end).
    pub fn advance(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.text.len());
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes().get(self.pos) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_ws();
        if self.bytes().get(self.pos) == Some(&byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// The kind of the next value, after whitespace; `None` at the end or before a bad byte.
    pub fn peek(&mut self) -> Option<Kind> {
        self.skip_ws();
        Some(match self.bytes().get(self.pos)? {
            b'{' => Kind::Object,
            b'[' => Kind::Array,
            b'"' => Kind::String,
            b't' | b'f' => Kind::Bool,
            b'n' => Kind::Null,
            b'-' | b'0'..=b'9' => Kind::Number,
            _ => return None,
        })
    }

    /// True (and consumed) if the text is only whitespace from here.
    pub fn at_end(&mut self) -> bool {
        self.skip_ws();
        self.pos == self.text.len()
    }

    /// Steps into an array: call `next_element` before each element.
    pub fn begin_array(&mut self) -> Result<(), Malformed> {
        self.eat(b'[').then_some(()).ok_or(Malformed)
    }

    /// Moves to the next element; `Ok(false)` once the array has ended.
    pub fn next_element(&mut self, first: bool) -> Result<bool, Malformed> {
        if self.eat(b']') {
            return Ok(false);
        }
        if !first && !self.eat(b',') {
            return Err(Malformed);
        }
        self.skip_ws();
        Ok(true)
    }

    /// Steps into an object: call `next_key` before each member.
    pub fn begin_object(&mut self) -> Result<(), Malformed> {
        self.eat(b'{').then_some(()).ok_or(Malformed)
    }

    /// Reads the next member's key and its `:`; `Ok(None)` once the object has ended.
    pub fn next_key(&mut self, first: bool) -> Result<Option<Cow<'a, str>>, Malformed> {
        if self.eat(b'}') {
            return Ok(None);
        }
        if !first && !self.eat(b',') {
            return Err(Malformed);
        }
        let key = self.string()?;
        if !self.eat(b':') {
            return Err(Malformed);
        }
        self.skip_ws();
        Ok(Some(key))
    }

    /// Reads a string value, borrowed when it has no escapes.
    pub fn string(&mut self) -> Result<Cow<'a, str>, Malformed> {
        if !self.eat(b'"') {
            return Err(Malformed);
        }
        let start = self.pos;
        loop {
            match self.bytes().get(self.pos) {
                None => return Err(Malformed),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Borrowed(self.slice(start, self.pos - 1)));
                }
                Some(b'\\') => return self.escaped_string(start).map(Cow::Owned),
                Some(&b) if b < 0x20 => return Err(Malformed),
                Some(_) => self.pos += 1,
            }
        }
    }

    fn escaped_string(&mut self, start: usize) -> Result<String, Malformed> {
        let mut out = String::from(self.slice(start, self.pos));
        loop {
            let rest = self.rest();
            // A byte scan: `find` on two chars ships core's char-array searcher.
            let plain = rest.bytes().position(must_escape).ok_or(Malformed)?;
            let stop = rest.as_bytes().get(plain).copied().unwrap_or(0);
            if stop < 0x20 {
                return Err(Malformed);
            }
            out.push_str(rest.get(..plain).unwrap_or(""));
            self.pos += plain + 1;
            if stop == b'"' {
                return Ok(out);
            }
            out.push(self.escape()?);
        }
    }

    /// One escape after a backslash; a lone surrogate becomes U+FFFD, as in a JS→UTF-8 copy.
    fn escape(&mut self) -> Result<char, Malformed> {
        let byte = *self.bytes().get(self.pos).ok_or(Malformed)?;
        self.pos += 1;
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => self.unicode_escape()?,
            _ => return Err(Malformed),
        })
    }

    fn unicode_escape(&mut self) -> Result<char, Malformed> {
        let high = self.hex4()?;
        if !(0xD800..0xDC00).contains(&high) {
            return Ok(char::from_u32(high).unwrap_or('\u{FFFD}'));
        }
        if self.rest().starts_with("\\u") {
            let save = self.pos;
            self.pos += 2;
            let low = self.hex4()?;
            if (0xDC00..0xE000).contains(&low) {
                let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                return Ok(char::from_u32(code).unwrap_or('\u{FFFD}'));
            }
            self.pos = save;
        }
        Ok('\u{FFFD}')
    }

    fn hex4(&mut self) -> Result<u32, Malformed> {
        let digits = self.text.get(self.pos..self.pos + 4).ok_or(Malformed)?;
        let value = u32::from_str_radix(digits, 16).map_err(|_| Malformed)?;
        if digits.starts_with('+') {
            return Err(Malformed);
        }
        self.pos += 4;
        Ok(value)
    }

    /// Reads `true` or `false`.
    pub fn boolean(&mut self) -> Result<bool, Malformed> {
        self.skip_ws();
        for (word, value) in [("true", true), ("false", false)] {
            if self.rest().starts_with(word) {
                self.pos += word.len();
                return Ok(value);
            }
        }
        Err(Malformed)
    }

    /// Reads a whole number the way the JS side sees it (`1e3` is 1000, `1.0` is 1), below 1e15.
    pub fn integer(&mut self) -> Result<i64, Malformed> {
        self.skip_ws();
        let start = self.pos;
        self.skip_number()?;
        let value: f64 = self.slice(start, self.pos).parse().map_err(|_| Malformed)?;
        let whole = value.fract() == 0.0 && value.abs() < 1e15;
        whole.then_some(value as i64).ok_or(Malformed)
    }

    /// Skips a number, with JSON's exact grammar: `-?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?`.
    fn skip_number(&mut self) -> Result<(), Malformed> {
        let digits = |cursor: &mut Self| {
            let start = cursor.pos;
            while cursor
                .bytes()
                .get(cursor.pos)
                .is_some_and(u8::is_ascii_digit)
            {
                cursor.pos += 1;
            }
            cursor.pos - start
        };
        let at = |cursor: &Self, wanted: &[u8]| {
            cursor
                .bytes()
                .get(cursor.pos)
                .is_some_and(|b| wanted.contains(b))
        };
        if at(self, b"-") {
            self.pos += 1;
        }
        if at(self, b"0") {
            self.pos += 1;
        } else if digits(self) == 0 {
            return Err(Malformed);
        }
        if at(self, b".") {
            self.pos += 1;
            if digits(self) == 0 {
                return Err(Malformed);
            }
        }
        if at(self, b"eE") {
            self.pos += 1;
            if at(self, b"+-") {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(Malformed);
            }
        }
        Ok(())
    }

    fn literal(&mut self, word: &str) -> Result<(), Malformed> {
        if self.rest().starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(Malformed)
        }
    }

    /// Skips one whole value of any depth, without recursion.
    pub fn skip_value(&mut self) -> Result<(), Malformed> {
        // Each entry: true for an object (keys expected), false for an array.
        let mut open: Vec<bool> = Vec::new();
        loop {
            match self.peek().ok_or(Malformed)? {
                Kind::Object => {
                    self.begin_object()?;
                    open.push(true);
                    if self.eat(b'}') {
                        open.pop();
                    } else {
                        self.member_key()?;
                        continue;
                    }
                }
                Kind::Array => {
                    self.begin_array()?;
                    open.push(false);
                    if self.eat(b']') {
                        open.pop();
                    } else {
                        continue;
                    }
                }
                Kind::String => drop(self.string()?),
                Kind::Number => self.skip_number()?,
                Kind::Bool => drop(self.boolean()?),
                Kind::Null => self.literal("null")?,
            }
            // A value ended: close finished containers, then expect the next member.
            loop {
                let Some(&is_object) = open.last() else {
                    return Ok(());
                };
                if self.eat(if is_object { b'}' } else { b']' }) {
                    open.pop();
                } else if self.eat(b',') {
                    if is_object {
                        self.member_key()?;
                    }
                    break;
                } else {
                    return Err(Malformed);
                }
            }
        }
    }

    fn member_key(&mut self) -> Result<(), Malformed> {
        self.string()?;
        if self.eat(b':') {
            Ok(())
        } else {
            Err(Malformed)
        }
    }
}

/// An array of strings and nulls (`["a",null]`), as js/read-lists.js `packIds` writes a page's
/// ids, each borrowed when it has no escapes; `None` when the text is anything else.
pub fn strings_or_nulls(text: &str) -> Option<Vec<Option<Cow<'_, str>>>> {
    let mut cursor = Cursor::new(text);
    cursor.begin_array().ok()?;
    let mut out = Vec::new();
    let mut first = true;
    while cursor.next_element(first).ok()? {
        first = false;
        out.push(match cursor.peek()? {
            Kind::String => Some(cursor.string().ok()?),
            Kind::Null => {
                cursor.skip_value().ok()?;
                None
            }
            _ => return None,
        });
    }
    cursor.at_end().then_some(out)
}

/// Appends `value` to `out` as a JSON string literal. Runs of bytes that need no escape are
/// copied whole (an escaped byte is ASCII, so every cut is on a char boundary): this writes the
/// planner's ~25 MB of JSON several times faster than pushing char by char.
pub fn write_string(out: &mut String, value: &str) {
    out.push('"');
    write_string_content(out, value);
    out.push('"');
}

/// Appends `value` escaped as the inside of a JSON string literal, without the quotes (for
/// writers that fuse the quotes into their own constant text).
pub fn write_string_content(out: &mut String, value: &str) {
    // Nearly every text needs no escape: one scan and one copy. Kept apart, the escaper is not
    // hot in a 10k-seat call, so V8 does not spend CPU compiling it with its optimising tier.
    for &byte in value.as_bytes() {
        if must_escape(byte) {
            return write_escaped(out, value);
        }
    }
    out.push_str(value);
}

/// Whether a JSON string cannot hold `byte` as it is: a quote, a backslash or a control
/// character (what the reader stops at and the writer escapes).
fn must_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// [`write_string_content`] of a text with something to escape.
#[inline(never)]
fn write_escaped(out: &mut String, value: &str) {
    let mut start = 0;
    for (index, byte) in value.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(value.get(start..index).unwrap_or(""));
        start = index + 1;
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            crate::text::push_hex_byte(out, byte, HEX);
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(value.get(start..).unwrap_or(""));
}

#[cfg(test)]
mod tests;
