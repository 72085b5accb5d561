//! WordStat `.cat`: tabs give the tree; a line ending in `(weight)` is an entry of the category
//! one level up, any other line names a category.

use super::source::lines;
use super::Builder;

/// `pattern (weight)`, if the line ends so.
fn split_weight(t: &str) -> Option<(&str, &str)> {
    let open = t.strip_suffix(')')?.rfind('(')?;
    let weight = &t[open + 1..t.len() - 1];
    let looks_numeric = !weight.trim().is_empty()
        && weight
            .trim()
            .bytes()
            .all(|c| c.is_ascii_digit() || c == b'.' || c == b'-' || c == b'+');
    looks_numeric.then(|| (t[..open].trim_end(), weight.trim()))
}

pub(super) fn read(text: &str, b: &mut Builder) {
    // (name, node) of the categories open at each depth.
    let mut open: Vec<(String, usize)> = Vec::new();
    for (n, line) in lines(text) {
        if line.trim().is_empty() {
            continue;
        }
        let depth = line.bytes().take_while(|&c| c == b'\t').count();
        let t = line.trim();
        if let Some((pattern, weight)) = split_weight(t) {
            let parent = open.len().min(depth);
            if parent == 0 {
                b.error(n, format!("the entry `{t}` is not inside any category"));
                continue;
            }
            open.truncate(parent);
            let node = open[parent - 1].1;
            match weight.parse::<f64>() {
                Ok(w) => {
                    b.entry(node, pattern, Some(w), n);
                }
                Err(_) => b.error(n, format!("the weight `({weight})` is not a number")),
            }
            continue;
        }
        if depth > open.len() {
            b.warn(
                n,
                format!(
                    "`{t}` is indented {depth} tab(s) under a category at depth {}; read one level \
                     deeper than its parent",
                    open.len().saturating_sub(1)
                ),
            );
        }
        open.truncate(depth.min(open.len()));
        if let Some(&(_, parent)) = open.last() {
            b.has_children(parent);
        }
        let full = match open.last() {
            Some((parent, _)) => format!("{parent}.{t}"),
            None => t.to_owned(),
        };
        let node = b.category(&full, n);
        open.push((full, node));
    }
}
