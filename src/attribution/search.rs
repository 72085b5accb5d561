//! Searches over items sorted by position (tokens, mentions, refs, quotes, sentences) that
//! start from the previous answer, so that a walk through a document in text order costs the
//! logarithm of each step, not of the document's length.

use crate::text::Span;

/// The items (sorted by position, not overlapping) that lie inside `sentence`, moving `cursor`
/// past the earlier ones. Sentences come in order, and a galloping search finds the bounds in
/// the logarithm of the distance, so the many sentences that name no actor are skipped cheaply.
pub(super) fn advance_to<T>(
    items: &[T],
    cursor: &mut usize,
    sentence: Span,
    span_of: impl Fn(&T) -> Span,
) -> std::ops::Range<usize> {
    *cursor += gallop(&items[*cursor..], |x| span_of(x).start < sentence.start);
    let end = *cursor + gallop(&items[*cursor..], |x| span_of(x).end <= sentence.end);
    *cursor..end
}

/// `items.partition_point(pred)`, searched from `at` (the previous answer) and stored there.
/// It gallops from `at` in whichever direction the answer lies, so searches that stay near
/// each other, as they do in text order, cost the logarithm of the distance moved, not of the
/// document's length.
pub(super) fn seek<T>(items: &[T], at: &mut usize, pred: impl Fn(&T) -> bool) -> usize {
    let from = (*at).min(items.len());
    *at = if from > 0 && !pred(&items[from - 1]) {
        gallop_back(&items[..from], pred)
    } else {
        from + gallop(&items[from..], pred)
    };
    *at
}

/// `items.partition_point(pred)` for an answer usually near the end: `gallop` run backward.
fn gallop_back<T>(items: &[T], pred: impl Fn(&T) -> bool) -> usize {
    let (mut high, mut step) = (items.len(), 1);
    // Invariant: `pred` fails for every item from `high` on.
    while high >= step && !pred(&items[high - step]) {
        high -= step;
        step *= 2;
    }
    let low = high.saturating_sub(step - 1);
    low + items[low..high].partition_point(pred)
}

/// `items.partition_point(pred)` for an answer usually near the start: steps that double from
/// the start, then a binary search inside the last one. A plain binary search over a long
/// document's tokens jumps across megabytes and misses the cache at every step; this stays
/// close to where the previous sentence ended.
pub(super) fn gallop<T>(items: &[T], pred: impl Fn(&T) -> bool) -> usize {
    let (mut low, mut step) = (0, 1);
    // Invariant: `pred` holds for every item before `low`.
    while low + step <= items.len() && pred(&items[low + step - 1]) {
        low += step;
        step *= 2;
    }
    let high = (low + step).min(items.len());
    low + items[low..high].partition_point(pred)
}

#[cfg(test)]
mod tests {
    #[test]
    fn seeking_from_a_previous_answer_finds_the_partition_point_either_way() {
        let items: Vec<usize> = (0..50).collect();
        let mut at = 0;
        for cut in [3, 3, 10, 49, 50, 7, 0, 20, 50, 0] {
            assert_eq!(super::seek(&items, &mut at, |&x| x < cut), cut);
        }
        // From any previous answer, even one past the end, to any cut.
        for from in 0..=60 {
            for cut in 0..=50 {
                let mut at = from;
                let found = super::seek(&items, &mut at, |&x| x < cut);
                assert_eq!((found, at), (cut, cut), "from {from} to {cut}");
            }
        }
    }

    #[test]
    fn galloping_finds_the_partition_point_of_any_sorted_prefix() {
        for len in 0..70 {
            let items: Vec<usize> = (0..len).collect();
            for cut in 0..=len {
                assert_eq!(
                    super::gallop(&items, |&x| x < cut),
                    cut,
                    "len {len} cut {cut}"
                );
                assert_eq!(
                    super::gallop_back(&items, |&x| x < cut),
                    cut,
                    "back: len {len} cut {cut}"
                );
            }
        }
    }
}
