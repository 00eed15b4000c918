//! Pagination as sans-IO state machines: given the last page's facts, which items to keep and
//! the next request, or done. Page numbers for the users list, cursors for the registrations
//! list; both refuse to loop on a server that repeats itself.

mod seen;

use crate::text_map::TextMap;
use seen::Seen;

use crate::error::{ErrorKind, SeatsError};
use crate::text::indexed;

/// What a page-numbered answer said about the whole listing (its `result_info`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PageInfo {
    /// `result_info.total_pages`.
    pub total_pages: Option<f64>,
    /// `result_info.total_count`.
    pub total_count: Option<f64>,
    /// `result_info.per_page`.
    pub per_page: Option<f64>,
}

/// The outcome of one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// One flag per item of the page: false for an item an earlier page already gave.
    pub keep: Vec<bool>,
    /// True when no further page is to be asked for.
    pub done: bool,
}

fn looping(detail: String) -> SeatsError {
    SeatsError::new(ErrorKind::InvalidResponse, detail)
}

/// Page `page` held only items of earlier pages.
fn only_repeats(page: u32) -> SeatsError {
    let detail =
        " of the list holds only items of earlier pages: stopped, as the API repeats itself";
    looping(indexed("page ", page as usize, detail))
}

/// A finite, whole, non-negative figure, as a page count.
fn count(value: Option<f64>) -> Option<u64> {
    value
        .filter(|v| v.is_finite() && *v >= 0.0 && v.fract() == 0.0 && *v < 1e12)
        .map(|v| v as u64)
}

/// Walks `page=1, 2, …` of a page-numbered list.
#[derive(Debug)]
pub struct PageWalk {
    per_page: u32,
    page: u32,
    last_page: Option<u64>,
    seen: Seen,
}

impl PageWalk {
    /// A walk that asks for `per_page` items a page, from page 1.
    pub fn new(per_page: u32) -> Self {
        PageWalk {
            per_page,
            page: 1,
            last_page: None,
            seen: Seen::default(),
        }
    }

    /// The page to ask for next.
    pub fn page(&self) -> u32 {
        self.page
    }

    /// Pages left after the ones taken, when the answers said (`total_pages`, else
    /// `ceil(total_count / per_page)`); `None` when they did not.
    pub fn pages_left(&self) -> Option<u64> {
        self.last_page
            .map(|last| last.saturating_sub(u64::from(self.page) - 1))
    }

    /// Takes the answer to [`PageWalk::page`]: `keys` are its items' identities in order.
    /// Stops after `total_pages` when given, else after `ceil(total_count / per_page)`, else
    /// at the first short or empty page.
    pub fn take(&mut self, info: &PageInfo, keys: &[Option<&str>]) -> Result<Step, SeatsError> {
        let page = self.page;
        let keep = self.seen.take(keys).map_err(|_| only_repeats(page))?;
        self.last_page = last_page(info, self.per_page);
        let short = keys.len() < self.per_page as usize;
        let done = match self.last_page {
            _ if keys.is_empty() => true,
            Some(last) => u64::from(page) >= last,
            None => short,
        };
        if !done {
            self.page = page
                .checked_add(1)
                .ok_or_else(|| looping("too many pages".into()))?;
        }
        Ok(Step { keep, done })
    }
}

/// The last page number an answer implies, if it says.
fn last_page(info: &PageInfo, asked_per_page: u32) -> Option<u64> {
    if let Some(pages) = count(info.total_pages) {
        return Some(pages);
    }
    let total = count(info.total_count)?;
    let per_page = count(info.per_page)
        .filter(|n| *n > 0)
        .unwrap_or(u64::from(asked_per_page));
    Some(total.div_ceil(per_page))
}

/// Walks a cursor-paged list: follows `result_info.cursor` until it is absent or empty.
#[derive(Debug, Default)]
pub struct CursorWalk {
    cursor: Option<String>,
    /// Cursors of earlier pages, with their page number.
    used: TextMap,
    pages: u32,
    seen: Seen,
}

impl CursorWalk {
    /// A walk from the first page (no cursor).
    pub fn new() -> Self {
        Self::default()
    }

    /// The cursor to send next (`None` for the first page).
    pub fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }

    /// Takes the answer: `next` is its `result_info.cursor`, `keys` its items' identities.
    pub fn take(&mut self, next: Option<&str>, keys: &[Option<&str>]) -> Result<Step, SeatsError> {
        self.pages += 1;
        let page = self.pages;
        let keep = self.seen.take(keys).map_err(|_| only_repeats(page))?;
        let Some(next) = next.filter(|c| !c.is_empty()) else {
            self.cursor = None;
            return Ok(Step { keep, done: true });
        };
        if let Some(current) = self.cursor.take() {
            self.used.insert_first(&current, page as usize);
        }
        if self.used.get(next).is_some() {
            let detail = " of the list gave a cursor of an earlier page again: stopped, as the API repeats itself";
            return Err(looping(indexed("page ", page as usize, detail)));
        }
        self.cursor = Some(next.to_string());
        Ok(Step { keep, done: false })
    }
}

#[cfg(test)]
mod tests;
