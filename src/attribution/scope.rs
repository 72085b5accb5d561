//! Stage: scope. The words the scorers read for one target: its own phrase within the clause,
//! so that in "thanked Qatar and accused the UAE" each target keeps its own verb.

use crate::text::Span;

use super::reference::{Ref, CALENDAR_NAMES};
use super::words::is_any;

/// The longest scope, in bytes: a longer one is cut to this many bytes around its mention.
/// News sentences are far shorter (the longest scope over the Reuters world-politics stories is
/// under 2,000 bytes), so this bounds only text without sentence ends, where every actor of a
/// long list would otherwise be scored on all of it: the scorers' work stays linear in the text.
pub(super) const MAX_SCOPE_BYTES: usize = 4096;

/// `scope` cut to at most [`MAX_SCOPE_BYTES`] around `mention`, at character boundaries.
pub(super) fn bounded(text: &str, scope: Span, mention: Span) -> Span {
    if scope.end - scope.start <= MAX_SCOPE_BYTES {
        return scope;
    }
    // Half of what the mention leaves, either side (a mention longer than the bound is kept).
    let half = MAX_SCOPE_BYTES.saturating_sub(mention.end - mention.start) / 2;
    let mut start = scope
        .start
        .max(mention.start.saturating_sub(half))
        .min(mention.start);
    let mut end = scope
        .end
        .min(mention.end.saturating_add(half))
        .max(mention.end);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Span::new(start, end)
}

/// Words that may join the names of a list ("Egypt, Russia and the UAE").
const COORDINATORS: &[&str] = &["and", "or", "&", ",", "the"];

/// The local scope of every ref of a clause or quote at once, in time linear in the refs and
/// the text between them. It gives what [`local_scope`] gives for each `i`, which walks the
/// refs around `i` and so costs the square of a clause's refs when they are all of one group
/// ("A and B and A and B ...", a name list without sentence ends).
#[derive(Debug, Default)]
pub(super) struct LocalScopes {
    /// `joined[j]`: refs `j` and `j + 1` are coordinated.
    joined: Vec<bool>,
    /// Where the phrase after ref `j` ends, once asked (`usize::MAX` until then).
    phrase_ends: Vec<usize>,
    /// The scope of each ref.
    spans: Vec<Span>,
}

impl LocalScopes {
    /// Computes the scope of each of `refs` within `outer`.
    pub(super) fn compute(&mut self, text: &str, refs: &[Ref], outer: Span) {
        let n = refs.len();
        self.joined.clear();
        self.joined.extend(
            refs.windows(2).map(|w| {
                w[0].span.end <= w[1].span.start && coordinated(text, w[0].span, w[1].span)
            }),
        );
        self.phrase_ends.clear();
        self.phrase_ends.resize(n, usize::MAX);
        self.spans.clear();
        // The walk back from `i` stops at the nearest `p < i` that is not joined to the ref after
        // it and names another actor than `i`: that is the last such "barrier", or, when the
        // last barrier names `i`'s own actor, the last barrier before it that names another.
        let (mut barrier, mut other): (Option<usize>, Option<usize>) = (None, None);
        for i in 0..n {
            if i > 0 && !self.joined[i - 1] {
                let p = i - 1;
                if let Some(b) = barrier.filter(|&b| refs[b].actor != refs[p].actor) {
                    other = Some(b);
                }
                barrier = Some(p);
            }
            let stop = match barrier {
                Some(b) if refs[b].actor != refs[i].actor => Some(b),
                Some(_) => other,
                None => None,
            };
            let start = match stop {
                Some(p) => refs[p].span.end.max(outer.start),
                None => outer.start,
            };
            self.spans.push(Span::new(start, 0)); // the end comes from the walk forward
        }
        // Forward, the same from the right: the walk stops before the nearest `q > i` that is
        // not joined to the ref before it and names another actor.
        let (mut barrier, mut other): (Option<usize>, Option<usize>) = (None, None);
        for i in (0..n).rev() {
            if i + 1 < n && !self.joined[i] {
                let q = i + 1;
                if let Some(b) = barrier.filter(|&b| refs[b].actor != refs[q].actor) {
                    other = Some(b);
                }
                barrier = Some(q);
            }
            let stop = match barrier {
                Some(b) if refs[b].actor != refs[i].actor => Some(b),
                Some(_) => other,
                None => None,
            };
            let end = match stop {
                Some(q) => {
                    // Refs that stop at the same `q` share the phrase before it: read it once.
                    if self.phrase_ends[q - 1] == usize::MAX {
                        let from = refs[q - 1].span.end;
                        let to = refs[q].span.start.min(outer.end).max(from);
                        self.phrase_ends[q - 1] = from + phrase_end(&text[from..to]);
                    }
                    self.phrase_ends[q - 1]
                }
                None => outer.end,
            };
            let span = &mut self.spans[i];
            let scope = if span.start >= end {
                outer
            } else {
                Span::new(span.start, end)
            };
            *span = bounded(text, scope, refs[i].span);
        }
    }

    /// The scope of ref `i` of the last [`LocalScopes::compute`].
    pub(super) fn get(&self, i: usize) -> Span {
        self.spans[i]
    }
}

/// The words that belong to `refs[i]` within `outer`: from the end of the mention before its
/// coordinated group to the mention after it, or to the first "and", "or" or "but" before that
/// mention, since a verb belongs to the object after it: in "thanked Qatar
/// and accused the UAE", Qatar gets "thanked Qatar" and the UAE "and accused the UAE". The last
/// actor keeps the rest of `outer`; a lone actor gets all of it. Other mentions of the same
/// actor ("Haftar ... his forces") do not cut its phrase.
#[cfg(test)]
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

/// Whether two mentions are items of one list: only coordinators and commas stand between them
/// ("Egypt, Russia and France"), or names that are no actors, each an item of its own ("Qatar,
/// Kuwait, Bahrain and Libya", where Kuwait and Bahrain are not in the lexicon). Items of one
/// list are one group: a source together, never a stance of one toward another.
pub(super) fn coordinated(text: &str, a: Span, b: Span) -> bool {
    let gap = &text[a.end..b.start];
    only_coordinators(gap) || names_listed(gap)
}

/// How many words a listed name may have ("United Arab Emirates").
const LISTED_NAME_WORDS: usize = 4;

/// Whether a gap is list items that are names: capitalised words (after an optional "the"),
/// each run of them set off by a comma or a conjunction on both sides, so that a name right
/// next to a mention ("Turkish President Erdogan", "Kuwait Libya") is no item of a list.
fn names_listed(gap: &str) -> bool {
    let mut separators = 0;
    let mut run = 0; // capitalised words since the last separator
    let mut names = 0;
    for word in gap.split_whitespace() {
        let bare = word.trim_matches(',');
        if word.starts_with(',') {
            separators += 1;
            run = 0;
        }
        if !bare.is_empty() {
            if is_any(bare, &["and", "or", "&"]) {
                separators += 1;
                run = 0;
            } else if is_any(bare, &["the"]) {
            } else if bare.starts_with(|c: char| c.is_uppercase())
                && !is_any(bare, CALENDAR_NAMES)
                && separators > 0
                && run < LISTED_NAME_WORDS
            {
                run += 1;
                names += 1;
            } else {
                return false;
            }
        }
        if word.len() > 1 && word.ends_with(',') {
            // ("," alone was counted above, as a comma that opens the word.)
            separators += 1;
            run = 0;
        }
    }
    names > 0 && run == 0
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actors::ActorId;

    /// Refs of actors `ids` (one letter each) over the text they are joined into with `gaps`.
    fn build(ids: &[u8], gaps: &[&str]) -> (String, Vec<Ref>) {
        let mut text = String::from("In ");
        let mut refs = Vec::new();
        for (k, &id) in ids.iter().enumerate() {
            let start = text.len();
            text.push(char::from(b'A' + id));
            text.push('x');
            refs.push(Ref {
                actor: ActorId(u32::from(id)),
                span: Span::new(start, text.len()),
                named: Some(k),
                alternative: None,
            });
            text.push_str(gaps[k % gaps.len()]);
        }
        (text, refs)
    }

    /// Every arrangement of up to 7 refs of 3 actors, with gaps that join and gaps that do
    /// not: the linear computation gives what the walk gives.
    #[test]
    fn local_scopes_are_the_walks_answers() {
        let gap_sets: [&[&str]; 4] = [
            &[" and ", " said ", ", "],
            &[" ", " met the ", " or "],
            &[" thanked ", " and accused "],
            &[", ", " and "],
        ];
        let mut scopes = LocalScopes::default();
        let mut checked = 0;
        for n in 1..=7u32 {
            for code in 0..3usize.pow(n) {
                let ids: Vec<u8> = (0..n).map(|k| (code / 3usize.pow(k) % 3) as u8).collect();
                for gaps in gap_sets {
                    let (text, refs) = build(&ids, gaps);
                    for outer in [Span::new(0, text.len()), Span::new(3, text.len() - 2)] {
                        scopes.compute(&text, &refs, outer);
                        for i in 0..refs.len() {
                            let want =
                                bounded(&text, local_scope(&text, &refs, i, outer), refs[i].span);
                            assert_eq!(scopes.get(i), want, "{text:?} ref {i} in {outer:?}");
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 100_000);
    }

    /// A scope over a long run of text is cut around its mention, at character boundaries;
    /// a short one is left as it is.
    #[test]
    fn long_scopes_are_cut_around_their_mention() {
        let text = "é and Serraj ".repeat(2000);
        let all = Span::new(0, text.len());
        for at in [0, 7, 5000, 13_000, text.len() - 12] {
            let mention = Span::new(at, at + 1);
            let cut = bounded(&text, all, mention);
            assert!(cut.end - cut.start <= MAX_SCOPE_BYTES, "{cut:?}");
            assert!(
                cut.start <= mention.start && cut.end >= mention.end,
                "{cut:?}"
            );
            assert!(text.is_char_boundary(cut.start) && text.is_char_boundary(cut.end));
        }
        let short = Span::new(3, 400);
        assert_eq!(bounded(&text, short, Span::new(20, 26)), short);
    }

    #[test]
    fn names_that_are_no_actors_can_be_items_of_a_list() {
        for gap in [
            ", Kuwait, ",
            ", Kuwait and ",
            ", Kuwait, Bahrain, and the ",
            " and the United Arab Emirates, ",
        ] {
            assert!(names_listed(gap), "{gap:?}");
        }
        for gap in [
            " President ",
            ", Kuwait ",
            " Kuwait, ",
            ", on Monday, ",
            ", Monday, ",
            ", the head of ",
            ", ",
            "",
        ] {
            assert!(!names_listed(gap), "{gap:?}");
        }
    }
}
