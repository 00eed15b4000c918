//! The reclaim policy as a caller writes it (`inactiveDays`, `seats`, `keep`, `neverActive`):
//! checked once, every failure naming its field, before any user is read or request sent.

use crate::error::SeatsError;
use crate::matching::Lower;
use crate::options::{not_a, OptionValue};
use crate::query::{value, ObjectShape};
use crate::reclaim::{check_inactive_days, keep_rules, NeverActive, Policy, SeatKind};

/// The keys of `planReclaim`'s input.
pub const PLAN_KEYS: &[&str] = &[
    "users",
    "devices",
    "now",
    "inactiveDays",
    "seats",
    "keep",
    "neverActive",
];

/// Checks a policy object: `entries` are its own keys (of which only `known` are allowed),
/// `keep` the elements of its `keep` array when it is one, `now_ms` the moment judged.
pub fn check_policy(
    input: &OptionValue,
    keep: Option<&[OptionValue]>,
    now_ms: i64,
    known: &[&str],
    lower: &impl Lower,
) -> Result<Policy, SeatsError> {
    let shape = ObjectShape {
        field: "input",
        key_prefix: "",
        not_object: "must be an object of reclaim options",
        unknown_key: "is not a reclaim option",
    };
    let entries = shape.entries(input, known)?;
    let value = |key: &str| value(entries, key);
    let keep = match (value("keep"), keep) {
        (OptionValue::Absent, _) => Vec::new(),
        (_, Some(items)) => keep_rules(items, lower)?,
        (other, None) => {
            let problem = not_a("must be an array of emails or @domains", other);
            return Err(SeatsError::validation("keep", &problem));
        }
    };
    Ok(Policy {
        now_ms,
        inactive_days: check_inactive_days(value("inactiveDays"))?,
        seats: choice(
            value("seats"),
            "seats",
            &[
                ("any", SeatKind::Any),
                ("access", SeatKind::Access),
                ("gateway", SeatKind::Gateway),
            ],
            SeatKind::Any,
        )?,
        keep,
        never_active: choice(
            value("neverActive"),
            "neverActive",
            &[
                ("keep", NeverActive::Keep),
                ("reclaim", NeverActive::Reclaim),
            ],
            NeverActive::Keep,
        )?,
    })
}

/// One of a few names; left out is `default`.
fn choice<T: Copy>(
    value: &OptionValue,
    field: &str,
    names: &[(&str, T)],
    default: T,
) -> Result<T, SeatsError> {
    if *value == OptionValue::Absent {
        return Ok(default);
    }
    let found = match value {
        OptionValue::Str(s) => names.iter().find(|(name, _)| name == s).map(|(_, v)| *v),
        _ => None,
    };
    found.ok_or_else(|| {
        // `must be "a", "b" or "c"`: commas between the names, `or` before the last.
        let mut problem = String::from("must be ");
        for (index, (name, _)) in names.iter().enumerate() {
            if index > 0 {
                problem.push_str(if index + 1 == names.len() {
                    " or "
                } else {
                    ", "
                });
            }
            problem.push('"');
            problem.push_str(name);
            problem.push('"');
        }
        SeatsError::validation(field, &problem)
    })
}

#[cfg(test)]
mod tests;
