//! The planner's input as the JS boundary hands it over (`js/read-lists.js`): per list, JSON
//! texts of rows, a chunk of items each, each row an item's fields in a fixed order. Every check
//! of a field's kind is here, so an error names `users[i].field` exactly as for any other input.
//!
//! A cell is a string, a boolean, `null` (left out or null), `[kind]` (any other value: "Boolean"
//! for a Boolean object, "bigint", "number", …) or `[0, name]` (reading it threw: the error's class name, or the kind of value thrown). A row that is
//! `0` or `null` was not an object.

use std::borrow::Cow;

use crate::error::SeatsError;
use crate::json::{Cursor, Kind, Malformed};
use crate::text::concat;
use crate::time::push_padded;
use crate::types::{DeviceRegistration, User};

/// Text of the input: borrowed from the rows' text (copied only when it had JSON escapes).
pub type Text<'a> = Option<Cow<'a, str>>;

/// What the planner reads of one user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserFacts<'a> {
    /// `id`.
    pub id: Text<'a>,
    /// `email`.
    pub email: Text<'a>,
    /// `name` (only shown in decisions).
    pub name: Text<'a>,
    /// `seat_uid`.
    pub seat_uid: Text<'a>,
    /// `access_seat`.
    pub access_seat: Option<bool>,
    /// `gateway_seat`.
    pub gateway_seat: Option<bool>,
    /// `last_successful_login`.
    pub last_successful_login: Text<'a>,
    /// `created_at`.
    pub created_at: Text<'a>,
}

/// What the planner reads of one registration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeviceFacts<'a> {
    /// `last_seen_at`.
    pub last_seen_at: Text<'a>,
    /// `user`, when it is an object.
    pub user: Option<OwnerFacts<'a>>,
}

/// A registration's `user`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OwnerFacts<'a> {
    /// `user.id`.
    pub id: Text<'a>,
    /// `user.email`.
    pub email: Text<'a>,
}

fn borrowed(text: &Option<String>) -> Text<'_> {
    text.as_deref().map(Cow::Borrowed)
}

impl<'a> From<&'a User> for UserFacts<'a> {
    fn from(user: &'a User) -> Self {
        UserFacts {
            id: borrowed(&user.id),
            email: borrowed(&user.email),
            name: borrowed(&user.name),
            seat_uid: borrowed(&user.seat_uid),
            access_seat: user.access_seat,
            gateway_seat: user.gateway_seat,
            last_successful_login: borrowed(&user.last_successful_login),
            created_at: borrowed(&user.created_at),
        }
    }
}

impl<'a> From<&'a DeviceRegistration> for DeviceFacts<'a> {
    fn from(device: &'a DeviceRegistration) -> Self {
        DeviceFacts {
            last_seen_at: borrowed(&device.last_seen_at),
            user: device.user.as_ref().map(|user| OwnerFacts {
                id: borrowed(&user.id),
                email: borrowed(&user.email),
            }),
        }
    }
}

/// What one cell held.
enum Cell<'a> {
    Text(Cow<'a, str>),
    Flag(bool),
    Absent,
    /// Not a string, boolean or null: its kind as js/read-lists.js named it.
    Other(String),
    /// Reading it threw: the kind of what was thrown (never its message, which could quote a secret).
    Unreadable(String),
}

/// A field's place, e.g. `users[3].email`, made only when an error names it.
struct Place<'a> {
    list: &'a str,
    index: usize,
    path: &'a str,
}

impl Place<'_> {
    fn name(&self) -> String {
        let mut out = String::with_capacity(self.list.len() + self.path.len() + 12);
        out.push_str(self.list);
        out.push('[');
        push_padded(&mut out, self.index as i64, 1);
        out.push(']');
        out.push_str(self.path);
        out
    }

    fn wrong(&self, wanted: &str, cell: &Cell<'_>) -> SeatsError {
        let mut problem = String::with_capacity(64);
        match cell {
            Cell::Unreadable(thrown) => {
                problem.push_str("could not be read (reading it threw ");
                problem.push_str(thrown);
                problem.push(')');
            }
            _ => {
                problem.push_str("must be ");
                problem.push_str(wanted);
                problem.push_str(" (got ");
                problem.push_str(&describe(cell));
                problem.push(')');
            }
        }
        SeatsError::validation(self.name(), &problem)
    }
}

/// How a message names what a cell held.
fn describe(cell: &Cell<'_>) -> String {
    let kind = match cell {
        Cell::Text(_) => "a string",
        Cell::Flag(_) => "a boolean",
        Cell::Absent => "null",
        Cell::Other(kind) => match kind.as_str() {
            "number" => "a number",
            "bigint" => "a BigInt",
            "symbol" => "a symbol",
            "function" | "Function" => "a function",
            "Array" => "an array",
            "Object" => "an object",
            other => return concat(&["a ", other, " object"]),
        },
        Cell::Unreadable(_) => "a value that could not be read",
    };
    kind.to_string()
}

fn cell<'a>(cursor: &mut Cursor<'a>) -> Result<Cell<'a>, Malformed> {
    Ok(match cursor.peek().ok_or(Malformed)? {
        Kind::String => Cell::Text(cursor.string()?),
        Kind::Bool => Cell::Flag(cursor.boolean()?),
        Kind::Null => {
            cursor.skip_value()?;
            Cell::Absent
        }
        Kind::Array => marker(cursor)?,
        Kind::Number | Kind::Object => return Err(Malformed),
    })
}

/// `[kind]` or `[0, name]`.
fn marker<'a>(cursor: &mut Cursor<'a>) -> Result<Cell<'a>, Malformed> {
    cursor.begin_array()?;
    if !cursor.next_element(true)? {
        return Err(Malformed);
    }
    let out = match cursor.peek() {
        Some(Kind::String) => Cell::Other(cursor.string()?.into_owned()),
        Some(Kind::Number) => {
            cursor.skip_value()?;
            if !cursor.next_element(false)? {
                return Err(Malformed);
            }
            Cell::Unreadable(cursor.string()?.into_owned())
        }
        _ => return Err(Malformed),
    };
    if cursor.next_element(false)? {
        return Err(Malformed);
    }
    Ok(out)
}

fn text<'a>(cell: Cell<'a>, place: Place) -> Result<Text<'a>, SeatsError> {
    match cell {
        Cell::Text(text) => Ok(Some(text)),
        Cell::Absent => Ok(None),
        other => Err(place.wrong("a string", &other)),
    }
}

fn flag(cell: Cell<'_>, place: Place) -> Result<Option<bool>, SeatsError> {
    match cell {
        Cell::Flag(flag) => Ok(Some(flag)),
        Cell::Absent => Ok(None),
        other => Err(place.wrong("a boolean", &other)),
    }
}

/// The rows of one list: calls `read` with each row, entered, once the cursor is at it, and
/// `keep` with what it read. `first`: the index of the text's first row in its list.
fn each_row<'a, T>(
    text: &'a str,
    list: &'static str,
    first: usize,
    mut read: impl FnMut(&mut Row<'_, 'a>) -> Result<T, RowError>,
    mut keep: impl FnMut(usize, T),
) -> Result<(), SeatsError> {
    let malformed = || SeatsError::validation(list, "could not be read (malformed rows)");
    let mut cursor = Cursor::new(text);
    cursor.begin_array().map_err(|_| malformed())?;
    let mut index = first;
    while cursor
        .next_element(index == first)
        .map_err(|_| malformed())?
    {
        if matches!(cursor.peek(), Some(Kind::Number | Kind::Null)) {
            let place = Place {
                list,
                index,
                path: "",
            };
            return Err(SeatsError::validation(place.name(), "must be an object"));
        }
        let mut row = Row {
            cursor: &mut cursor,
            list,
            index,
            first: true,
        };
        let item = row
            .enter()
            .and_then(|()| read(&mut row))
            .and_then(|item| row.end().map(|()| item));
        match item {
            Ok(item) => keep(index, item),
            Err(RowError::Field(err)) => return Err(err),
            Err(RowError::Malformed) => return Err(malformed()),
        }
        index += 1;
    }
    Ok(())
}

/// Why a row was not read.
enum RowError {
    Field(SeatsError),
    Malformed,
}

impl From<Malformed> for RowError {
    fn from(_: Malformed) -> Self {
        RowError::Malformed
    }
}

impl From<SeatsError> for RowError {
    fn from(err: SeatsError) -> Self {
        RowError::Field(err)
    }
}

/// One row being read, cell by cell, in the order js/read-lists.js wrote them.
struct Row<'c, 'a> {
    cursor: &'c mut Cursor<'a>,
    list: &'static str,
    index: usize,
    first: bool,
}

impl<'a> Row<'_, 'a> {
    fn enter(&mut self) -> Result<(), RowError> {
        Ok(self.cursor.begin_array()?)
    }

    fn place<'p>(&self, path: &'p str) -> Place<'p> {
        Place {
            list: self.list,
            index: self.index,
            path,
        }
    }

    /// Moves to the next cell; it must be there.
    fn step(&mut self) -> Result<(), RowError> {
        if !self.cursor.next_element(self.first)? {
            return Err(RowError::Malformed);
        }
        self.first = false;
        Ok(())
    }

    fn cell(&mut self) -> Result<Cell<'a>, RowError> {
        self.step()?;
        Ok(cell(self.cursor)?)
    }

    fn text(&mut self, path: &str) -> Result<Text<'a>, RowError> {
        let cell = self.cell()?;
        Ok(text(cell, self.place(path))?)
    }

    fn flag(&mut self, path: &str) -> Result<Option<bool>, RowError> {
        let cell = self.cell()?;
        Ok(flag(cell, self.place(path))?)
    }

    /// True for the `1` that marks an object (its fields follow); false for null; an error
    /// naming `path` for any other cell.
    fn object(&mut self, path: &str) -> Result<bool, RowError> {
        self.step()?;
        if self.cursor.peek() == Some(Kind::Number) {
            self.cursor.skip_value()?;
            return Ok(true);
        }
        match cell(self.cursor)? {
            Cell::Absent => Ok(false),
            other => Err(self.place(path).wrong("an object", &other).into()),
        }
    }

    /// The row must end here.
    fn end(&mut self) -> Result<(), RowError> {
        match self.cursor.next_element(false)? {
            true => Err(RowError::Malformed),
            false => Ok(()),
        }
    }
}

fn user_row<'a>(row: &mut Row<'_, 'a>) -> Result<UserFacts<'a>, RowError> {
    Ok(UserFacts {
        id: row.text(".id")?,
        email: row.text(".email")?,
        name: row.text(".name")?,
        seat_uid: row.text(".seat_uid")?,
        access_seat: row.flag(".access_seat")?,
        gateway_seat: row.flag(".gateway_seat")?,
        last_successful_login: row.text(".last_successful_login")?,
        created_at: row.text(".created_at")?,
    })
}

fn device_row<'a>(row: &mut Row<'_, 'a>) -> Result<DeviceFacts<'a>, RowError> {
    let last_seen_at = row.text(".last_seen_at")?;
    let has_owner = row.object(".user")?;
    let id = row.text(".user.id")?;
    let email = row.text(".user.email")?;
    Ok(DeviceFacts {
        last_seen_at,
        user: has_owner.then_some(OwnerFacts { id, email }),
    })
}

/// Users from a chunk of `packUsers`' text, `[id, email, name, seat_uid, access_seat,
/// gateway_seat, last_successful_login, created_at]` per row, whose first row is
/// `users[first]`: `visit` gets each user's index and facts, which borrow from the text.
pub fn read_users<'a>(
    text: &'a str,
    first: usize,
    visit: impl FnMut(usize, UserFacts<'a>),
) -> Result<(), SeatsError> {
    each_row(text, "users", first, user_row, visit)
}

/// Registrations from a chunk of `packDevices`' text, `[last_seen_at, 1, user.id, user.email]`
/// per row, or `[last_seen_at, <user's cell>, null, null]` when `user` is not an object; the
/// first row is `devices[first]`.
pub fn read_devices<'a>(
    text: &'a str,
    first: usize,
    visit: impl FnMut(usize, DeviceFacts<'a>),
) -> Result<(), SeatsError> {
    each_row(text, "devices", first, device_row, visit)
}

#[cfg(test)]
mod tests;
