//! Lexicoder `.lc3`: `+CATEGORY` lines, then one pattern per line up to the next `+` line.

use super::source::lines;
use super::Builder;

/// LSD2015 writes `+negative#AA0000`: the `#RRGGBB` is Lexicoder's display colour, not part of
/// the name (quanteda's LSD2015 keys are `negative` and `positive`).
fn category_name(raw: &str) -> &str {
    match raw.rsplit_once('#') {
        Some((name, colour))
            if colour.len() == 6 && colour.bytes().all(|c| c.is_ascii_hexdigit()) =>
        {
            name.trim()
        }
        _ => raw.trim(),
    }
}

pub(super) fn read(text: &str, b: &mut Builder) {
    let mut current = None;
    for (n, line) in lines(text) {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(raw) = t.strip_prefix('+') {
            let name = category_name(raw);
            if name.is_empty() {
                b.error(n, "a `+` line must name a category");
                current = None;
                continue;
            }
            current = Some(b.category(name, n));
            continue;
        }
        match current {
            Some(node) => {
                b.entry(node, t, None, n);
            }
            None => b.error(n, format!("`{t}` comes before any `+CATEGORY` line")),
        }
    }
}
