use super::*;

fn ids(range: std::ops::Range<u32>) -> Vec<String> {
    range.map(|i| format!("u{i}")).collect()
}

fn keys(ids: &[String]) -> Vec<Option<&str>> {
    ids.iter().map(|s| Some(s.as_str())).collect()
}

fn info(total_pages: Option<f64>, total_count: Option<f64>, per_page: Option<f64>) -> PageInfo {
    PageInfo {
        total_pages,
        total_count,
        per_page,
    }
}

/// Feeds pages to a walk; returns the pages asked for and the items kept.
fn walk(per_page: u32, pages: &[(PageInfo, Vec<String>)]) -> Result<(Vec<u32>, usize), SeatsError> {
    let mut walk = PageWalk::new(per_page);
    let (mut asked, mut kept) = (Vec::new(), 0);
    for (info, items) in pages {
        asked.push(walk.page());
        let step = walk.take(info, &keys(items))?;
        kept += step.keep.iter().filter(|k| **k).count();
        if step.done {
            return Ok((asked, kept));
        }
    }
    panic!("the walk wanted more pages than given: {asked:?}");
}

#[test]
fn total_pages_stops_the_walk_even_after_full_pages() {
    let pages = vec![
        (info(Some(2.0), None, None), ids(0..2)),
        (info(Some(2.0), None, None), ids(2..4)),
    ];
    assert_eq!(walk(2, &pages).unwrap(), (vec![1, 2], 4));
}

#[test]
fn total_pages_wins_over_total_count() {
    let pages = vec![(info(Some(1.0), Some(500.0), Some(2.0)), ids(0..2))];
    assert_eq!(walk(2, &pages).unwrap(), (vec![1], 2));
}

#[test]
fn without_total_pages_ceil_of_total_count_over_per_page() {
    let pages = vec![
        (info(None, Some(5.0), Some(2.0)), ids(0..2)),
        (info(None, Some(5.0), Some(2.0)), ids(2..4)),
        (info(None, Some(5.0), Some(2.0)), ids(4..5)),
    ];
    assert_eq!(walk(2, &pages).unwrap(), (vec![1, 2, 3], 5));
}

#[test]
fn total_count_uses_the_asked_per_page_when_the_answer_has_none() {
    let pages = vec![
        (info(None, Some(4.0), None), ids(0..2)),
        (info(None, Some(4.0), None), ids(2..4)),
    ];
    assert_eq!(walk(2, &pages).unwrap(), (vec![1, 2], 4));
}

#[test]
fn without_totals_a_short_page_ends_the_walk() {
    let pages = vec![
        (PageInfo::default(), ids(0..3)),
        (PageInfo::default(), ids(3..6)),
        (PageInfo::default(), ids(6..7)),
    ];
    assert_eq!(walk(3, &pages).unwrap(), (vec![1, 2, 3], 7));
}

#[test]
fn without_totals_an_empty_page_ends_the_walk() {
    let pages = vec![
        (PageInfo::default(), ids(0..3)),
        (PageInfo::default(), vec![]),
    ];
    assert_eq!(walk(3, &pages).unwrap(), (vec![1, 2], 3));
}

#[test]
fn an_empty_page_ends_the_walk_even_if_total_pages_says_more() {
    let pages = vec![(info(Some(9.0), None, None), vec![])];
    assert_eq!(walk(3, &pages).unwrap(), (vec![1], 0));
}

#[test]
fn a_repeated_page_is_an_invalid_response_not_a_loop() {
    // total_pages missing and every page full: a server that serves page 1 forever.
    let pages = vec![
        (PageInfo::default(), ids(0..2)),
        (PageInfo::default(), ids(0..2)),
    ];
    let err = walk(2, &pages).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidResponse);
    assert_eq!(
        err.message(),
        "page 2 of the list holds only items of earlier pages: stopped, as the API repeats itself"
    );
}

#[test]
fn items_seen_on_an_earlier_page_are_skipped() {
    let mut walk = PageWalk::new(3);
    let first = ids(0..3);
    walk.take(&PageInfo::default(), &keys(&first)).unwrap();
    // Page 2 shifted by one (a user was added meanwhile): u2 again, then two new ones.
    let second = vec!["u2".to_string(), "u3".into(), "u4".into()];
    let step = walk.take(&PageInfo::default(), &keys(&second)).unwrap();
    assert_eq!(step.keep, vec![false, true, true]);
    assert!(!step.done);
}

#[test]
fn items_without_an_id_are_always_kept() {
    let mut walk = PageWalk::new(2);
    let step = walk.take(&PageInfo::default(), &[None, None]).unwrap();
    assert_eq!(step.keep, vec![true, true]);
    let step = walk.take(&PageInfo::default(), &[None]).unwrap();
    assert_eq!((step.keep, step.done), (vec![true], true));
}

#[test]
fn nonsense_totals_are_ignored() {
    for bad in [f64::NAN, f64::INFINITY, -1.0, 2.5] {
        let pages = vec![
            (info(Some(bad), Some(bad), Some(bad)), ids(0..2)),
            (info(Some(bad), Some(bad), Some(bad)), ids(2..3)),
        ];
        assert_eq!(walk(2, &pages).unwrap(), (vec![1, 2], 3), "{bad}");
    }
}

#[test]
fn zero_total_pages_stops_after_the_first_page() {
    let pages = vec![(info(Some(0.0), Some(0.0), Some(1000.0)), vec![])];
    assert_eq!(walk(1000, &pages).unwrap(), (vec![1], 0));
}

#[test]
fn pages_left_after_the_first_page() {
    let mut walk = PageWalk::new(1000);
    assert_eq!(walk.pages_left(), None);
    walk.take(&info(Some(5.0), None, None), &keys(&ids(0..1000)))
        .unwrap();
    assert_eq!(walk.pages_left(), Some(4));
    let mut unknown = PageWalk::new(2);
    unknown
        .take(&PageInfo::default(), &keys(&ids(0..2)))
        .unwrap();
    assert_eq!(unknown.pages_left(), None);
}

#[test]
fn cursor_walk_follows_cursors_until_empty() {
    let mut walk = CursorWalk::new();
    assert_eq!(walk.cursor(), None);
    let step = walk.take(Some("c1"), &keys(&ids(0..2))).unwrap();
    assert!(!step.done);
    assert_eq!(walk.cursor(), Some("c1"));
    let step = walk.take(Some("c2"), &keys(&ids(2..4))).unwrap();
    assert!(!step.done);
    assert_eq!(walk.cursor(), Some("c2"));
    let step = walk.take(Some(""), &keys(&ids(4..5))).unwrap();
    assert!(step.done);
}

#[test]
fn cursor_walk_ends_when_the_cursor_is_absent() {
    let mut walk = CursorWalk::new();
    assert!(walk.take(None, &keys(&ids(0..2))).unwrap().done);
}

#[test]
fn a_cursor_that_comes_back_is_an_invalid_response() {
    let mut walk = CursorWalk::new();
    walk.take(Some("c1"), &keys(&ids(0..2))).unwrap();
    // The server answers the c1 page with c1 again.
    let err = walk.take(Some("c1"), &keys(&ids(2..4))).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidResponse);
    assert_eq!(
        err.message(),
        "page 2 of the list gave a cursor of an earlier page again: stopped, as the API repeats itself"
    );
    let mut cycle = CursorWalk::new();
    cycle.take(Some("a"), &keys(&ids(0..1))).unwrap();
    cycle.take(Some("b"), &keys(&ids(1..2))).unwrap();
    assert!(cycle.take(Some("a"), &keys(&ids(2..3))).is_err());
}

#[test]
fn cursor_walk_skips_repeated_items_and_refuses_an_all_repeated_page() {
    let mut walk = CursorWalk::new();
    walk.take(Some("c1"), &keys(&ids(0..2))).unwrap();
    let step = walk.take(Some("c2"), &keys(&ids(1..3))).unwrap();
    assert_eq!(step.keep, vec![false, true]);
    let err = walk.take(Some("c3"), &keys(&ids(0..3))).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidResponse);
}
