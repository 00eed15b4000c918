//! RFC 3339 timestamps to and from milliseconds since the Unix epoch, without dependencies.
//!
//! Strings are built by pushing digits rather than with `format!`: every byte of the `.wasm`
//! ships. Dates use Howard Hinnant's days-from-civil algorithms (proleptic Gregorian calendar).

/// Milliseconds in one day.
pub const DAY_MS: i64 = 86_400_000;

/// Milliseconds since the Unix epoch for `YYYY-MM-DDTHH:MM:SS[.fraction](Z|z|±HH:MM)`.
///
/// The separator may also be a lowercase `t` or a space. The fraction may have any number of
/// digits (at least one) and is truncated to milliseconds. A leap second (`:60`) is clamped to
/// `:59.999` of the same minute, so it still sorts before the next minute. Ranges are checked:
/// month 1–12, day within its month (leap years included), hour < 24, minute < 60,
/// offset at most 23:59. Anything else — other layouts, surrounding spaces — is `None`.
pub fn parse_rfc3339_ms(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20 {
        return None;
    }
    let year = digits(b, 0, 4)?;
    let month = digits(b, 5, 2)?;
    let day = digits(b, 8, 2)?;
    let hour = digits(b, 11, 2)?;
    let minute = digits(b, 14, 2)?;
    let second = digits(b, 17, 2)?;
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut at = 19;
    let mut millis = 0;
    if b[at] == b'.' {
        at += 1;
        let start = at;
        while at < b.len() && b[at].is_ascii_digit() {
            if at - start < 3 {
                millis = millis * 10 + i64::from(b[at] - b'0');
            }
            at += 1;
        }
        let count = at - start;
        if count == 0 {
            return None;
        }
        for _ in count..3 {
            millis *= 10;
        }
    }
    let offset_minutes = match b.get(at)? {
        b'Z' | b'z' if at + 1 == b.len() => 0,
        sign @ (b'+' | b'-') if at + 6 == b.len() => {
            let hours = digits(b, at + 1, 2)?;
            let minutes = digits(b, at + 4, 2)?;
            if b[at + 3] != b':' || hours > 23 || minutes > 59 {
                return None;
            }
            let offset = hours * 60 + minutes;
            if *sign == b'-' {
                -offset
            } else {
                offset
            }
        }
        _ => return None,
    };
    let (second, millis) = if second == 60 {
        (59, 999)
    } else {
        (second, millis)
    };
    let days = days_from_civil(year, month, day);
    let local_minutes = (days * 24 + hour) * 60 + minute;
    Some(((local_minutes - offset_minutes) * 60 + second) * 1000 + millis)
}

/// `2026-03-02T10:00:00.000Z`: the instant in UTC, always with milliseconds.
///
/// Years before 0000 get a leading `-`; years after 9999 are written with all their digits
/// (neither form parses back: RFC 3339 has four-digit years only).
pub fn format_iso_ms(ms: i64) -> String {
    let mut out = String::with_capacity(24);
    push_iso_ms(&mut out, ms);
    out
}

/// Appends [`format_iso_ms`]'s text: a plan writes 100,000 of them into one string, with no
/// `String` each.
pub fn push_iso_ms(out: &mut String, ms: i64) {
    push_date(out, ms);
    let in_day = ms.rem_euclid(DAY_MS);
    out.push('T');
    push_padded(out, in_day / 3_600_000, 2);
    out.push(':');
    push_padded(out, in_day / 60_000 % 60, 2);
    out.push(':');
    push_padded(out, in_day / 1000 % 60, 2);
    out.push('.');
    push_padded(out, in_day % 1000, 3);
    out.push('Z');
}

/// `2026-03-02`: the UTC calendar date of the instant.
pub fn format_date(ms: i64) -> String {
    let mut out = String::with_capacity(10);
    push_date(&mut out, ms);
    out
}

/// Appends the UTC date of `ms` as `YYYY-MM-DD` (see [`format_iso_ms`] for unusual years).
pub(crate) fn push_date(out: &mut String, ms: i64) {
    let (year, month, day) = civil_from_days(ms.div_euclid(DAY_MS));
    if year < 0 {
        out.push('-');
    }
    push_padded(out, year.unsigned_abs() as i64, 4);
    out.push('-');
    push_padded(out, month, 2);
    out.push('-');
    push_padded(out, day, 2);
}

/// Appends the decimal digits of `value` (not negative), zero-padded to at least `width`.
pub(crate) fn push_padded(out: &mut String, value: i64, width: usize) {
    push_digits(out, value.unsigned_abs(), width);
}

/// Appends the decimal digits of `value`: what `{value}` would, without linking `core::fmt`.
pub(crate) fn push_uint(out: &mut String, value: u64) {
    push_digits(out, value, 1);
}

/// `value` in decimal, as `value.to_string()` would read.
pub(crate) fn decimal(value: u64) -> String {
    let mut out = String::with_capacity(20);
    push_uint(&mut out, value);
    out
}

/// Appends `value` in decimal, with a `-` when negative: what `{value}` would.
pub(crate) fn push_int(out: &mut String, value: i64) {
    if value < 0 {
        out.push('-');
    }
    push_digits(out, value.unsigned_abs(), 1);
}

/// Appends the decimal digits of `n`, zero-padded to at least `width`, in one `push_str`
/// (a plan writes ~700,000 numbers: one char push per digit was a tenth of its JSON's cost).
fn push_digits(out: &mut String, mut n: u64, width: usize) {
    // u64::MAX has 20 digits; the padding the callers ask for (≤ 4) fits in the rest.
    let mut buf = [b'0'; 24];
    let mut start = buf.len();
    for slot in buf.iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        start -= 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let padding = width.saturating_sub(buf.len() - start);
    // The zeros before `start` pad; only a width beyond the buffer needs more.
    for _ in start..padding {
        out.push('0');
    }
    let start = start.saturating_sub(padding);
    // Digits and '0's only: always UTF-8.
    out.push_str(std::str::from_utf8(buf.get(start..).unwrap_or_default()).unwrap_or_default());
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The `(year, month, day)` of a count of days since 1970-01-01 (Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// True for Gregorian leap years.
fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` (1–12) of `year`; 0 for any other month.
fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The number written with exactly `count` ASCII digits at `start`, if they are all digits.
fn digits(b: &[u8], start: usize, count: usize) -> Option<i64> {
    let slice = b.get(start..start + count)?;
    let mut value = 0;
    for &c in slice {
        if !c.is_ascii_digit() {
            return None;
        }
        value = value * 10 + i64::from(c - b'0');
    }
    Some(value)
}

#[cfg(test)]
mod tests;
