//! Stage: scope. The words the scorers read for one target: its own phrase within the clause,
//! so that in "thanked Qatar and accused the UAE" each target keeps its own verb.

use crate::text::Span;

use super::reference::Ref;
use super::words::is_any;

/// Words that may join the names of a list ("Egypt, Russia and the UAE").
const COORDINATORS: &[&str] = &["and", "or", "&", ",", "the"];

/// The words that belong to `refs[i]` within `outer`: from the end of the mention before its
/// coordinated group to the mention after it, or to the first "and", "or" or "but" before that
/// mention, since a verb belongs to the object after it: in "thanked Qatar
/// and accused the UAE", Qatar gets "thanked Qatar" and the UAE "and accused the UAE". The last
/// actor keeps the rest of `outer`; a lone actor gets all of it. Other mentions of the same
/// actor ("Haftar ... his forces") do not cut its phrase.
pub(super) fn local_scope(text: &str, refs: &[Ref], i: usize, outer: Span) -> Span {
    let actor = refs[i].actor;
    let mut first = i;
    while let Some(prev) = first.checked_sub(1) {
        if refs[prev].actor == actor || coordinated(text, refs[prev].span, refs[first].span) {
            first = prev;
        } else {
            break;
        }
    }
    let mut last = i;
    while last + 1 < refs.len()
        && (refs[last + 1].actor == actor
            || coordinated(text, refs[last].span, refs[last + 1].span))
    {
        last += 1;
    }
    let start = if first > 0 {
        refs[first - 1].span.end.max(outer.start)
    } else {
        outer.start
    };
    let end = match refs.get(last + 1) {
        Some(next) => {
            let from = refs[last].span.end;
            let to = next.span.start.min(outer.end).max(from);
            from + phrase_end(&text[from..to])
        }
        None => outer.end,
    };
    if start >= end {
        outer
    } else {
        Span::new(start, end)
    }
}

/// Whether only coordinators and commas stand between two mentions ("Egypt, Russia and France").
pub(super) fn coordinated(text: &str, a: Span, b: Span) -> bool {
    only_coordinators(&text[a.end..b.start])
}

/// Whether a gap holds nothing but [`COORDINATORS`] and commas.
pub(super) fn only_coordinators(gap: &str) -> bool {
    gap.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .all(|w| is_any(w, COORDINATORS))
}

/// Where the phrase at the start of `gap` ends: before its first "and", "or" or "but", or at
/// its end. (Cutting at commas too lost words on DSE train: "Trump, calling Putin ...".)
fn phrase_end(gap: &str) -> usize {
    let mut at = 0;
    for word in gap.split_inclusive(char::is_whitespace) {
        let bare = word.trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == ';');
        if is_any(bare, &["and", "or", "but"]) {
            return at;
        }
        at += word.len();
    }
    gap.len()
}

/// The refs (sorted by position) that lie inside `span`, by binary search.
pub(super) fn refs_within(refs: &[Ref], span: Span) -> &[Ref] {
    let from = refs.partition_point(|r| r.span.start < span.start);
    let to = from + refs[from..].partition_point(|r| r.span.end <= span.end);
    &refs[from..to]
}
