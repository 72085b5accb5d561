//! LIWC `.dic`: a block of numbered categories between two `%` lines, then one pattern per line
//! followed by its category numbers. Ids may be zero-padded; fields are separated by tabs,
//! spaces or both. An indented header (LIWC's hierarchical dictionaries) nests categories, and a
//! header line without a number names a group.

use std::collections::HashMap;

use super::source::lines;
use super::Builder;

pub(super) fn read(text: &str, b: &mut Builder) {
    let mut all = lines(text).filter(|(_, l)| !l.trim().is_empty());
    match all.next() {
        Some((_, l)) if l.trim() == "%" => {}
        Some((n, l)) => {
            return b.error(
                n,
                format!(
                    "expected `%` opening the category block, found `{}`",
                    l.trim()
                ),
            )
        }
        None => return b.error(0, "empty file"),
    }
    let ids = match read_header(&mut all, b) {
        Some(ids) => ids,
        None => return,
    };
    for (n, line) in all {
        read_entry(n, line, &ids, b);
    }
}

/// The category block, up to the closing `%`: id -> category node.
fn read_header<'t>(
    lines: &mut impl Iterator<Item = (usize, &'t str)>,
    b: &mut Builder,
) -> Option<HashMap<u64, usize>> {
    let mut ids: HashMap<u64, usize> = HashMap::new();
    // (full name, node) of the header lines open at each depth.
    let mut open: Vec<(String, usize)> = Vec::new();
    for (n, line) in lines.by_ref() {
        let t = line.trim();
        if t == "%" {
            return Some(ids);
        }
        let depth = line
            .bytes()
            .take_while(|&c| c == b'\t')
            .count()
            .min(open.len());
        open.truncate(depth);
        let (id, name) = match t.split_once(char::is_whitespace) {
            Some((first, rest)) if first.bytes().all(|c| c.is_ascii_digit()) => {
                (first.parse::<u64>().ok(), rest.trim())
            }
            _ if t.bytes().all(|c| c.is_ascii_digit()) => {
                b.error(n, format!("category {t} has no name"));
                continue;
            }
            _ => (None, t),
        };
        if let Some(&(_, parent)) = open.last() {
            b.has_children(parent);
        }
        let full = match open.last() {
            Some((parent, _)) => format!("{parent}.{name}"),
            None => name.to_owned(),
        };
        let node = b.category(&full, n);
        if let Some(id) = id {
            if ids.insert(id, node).is_some() {
                b.error(n, format!("category number {id} is defined twice"));
            }
        }
        open.push((full, node));
    }
    b.error(
        0,
        "the category block opened by `%` is never closed by a second `%` line",
    );
    None
}

/// `pattern id id ...`. LIWC2007's conditional codes (`<of>131/125`, `(02 134)125/464`) are
/// left out with a warning, as quanteda leaves them out.
fn read_entry(n: usize, line: &str, ids: &HashMap<u64, usize>, b: &mut Builder) {
    let mut rest = line.to_owned();
    let mut conditional = Vec::new();
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')') else {
            break;
        };
        conditional.push(rest[open..open + close + 1].to_owned());
        rest.replace_range(open..open + close + 1, " ");
    }
    let mut fields: Vec<&str> = rest.split_whitespace().collect();
    let mut numbers = Vec::new();
    let mut tail_codes = Vec::new();
    while let Some(&last) = fields.last() {
        if fields.len() == 1 {
            break;
        }
        if last.bytes().all(|c| c.is_ascii_digit()) {
            numbers.push(last);
        } else if last.starts_with('<') || last.contains('/') {
            tail_codes.push(last.to_owned());
        } else {
            break;
        }
        fields.pop();
    }
    numbers.reverse();
    tail_codes.reverse();
    conditional.extend(tail_codes);
    let pattern = fields.join(" ");
    if !conditional.is_empty() {
        b.warn(
            n,
            format!(
                "LIWC2007 conditional code(s) {} are not supported; left out",
                conditional.join(" ")
            ),
        );
    }
    if numbers.is_empty() {
        if conditional.is_empty() {
            b.error(
                n,
                format!(
                    "expected `pattern<TAB>category number(s)`, found `{}`",
                    line.trim()
                ),
            );
        }
        return;
    }
    let (known, unknown): (Vec<&str>, Vec<&str>) = numbers
        .iter()
        .partition(|id| id.parse::<u64>().is_ok_and(|id| ids.contains_key(&id)));
    if known.is_empty() {
        b.error(
            n,
            format!(
                "category {} of `{pattern}` is not in the header",
                unknown.join(", ")
            ),
        );
        return;
    }
    if !unknown.is_empty() {
        // quanteda reads such an entry into its known categories and notes the rest.
        b.warn(
            n,
            format!(
                "category {} of `{pattern}` is not in the header; read into the others",
                unknown.join(", ")
            ),
        );
    }
    for (i, id) in known.iter().enumerate() {
        let Some(&node) = id.parse::<u64>().ok().and_then(|id| ids.get(&id)) else {
            continue;
        };
        b.entry(node, &pattern, None, n);
        if i > 0 {
            // One line of the file is one entry, however many categories it names.
            b.uncount_source_entry();
        }
    }
}
