//! Yoshikoder `.ykd` and Lexicoder `.lcd`: `<dictionary>` holding nested `<cnode name=...>`
//! categories and `<pnode name=...>` patterns. A pnode belongs to the cnode around it, even when
//! that cnode also holds subcategories. Read with quick-xml, which reports where an ill-formed
//! file goes wrong.
//!
//! In a `style="Lexicoder"` dictionary, spaces in a pattern are Lexicoder's word boundaries:
//! ` ECONOM` (no space after) matches every word that starts with `econom`, and a pattern with
//! no space before may start inside a word. Those are read as `econom*` and `*word`; quanteda
//! trims the spaces instead, which leaves ` ECONOM` matching only the word "econom".

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::Builder;

pub(super) fn read(text: &str, b: &mut Builder) {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_at = |pos: u64| line_starts.partition_point(|&s| s as u64 <= pos).max(1);
    let mut reader = Reader::from_str(text);
    // (full name, node) of the open cnodes.
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut seen_dictionary = false;
    let mut lexicoder_style = false;
    loop {
        let start = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let at = reader.error_position();
                return b.error(line_at(at), format!("ill-formed XML: {e}"));
            }
        };
        let line = line_at(start + leading_space(text, start));
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"dictionary" => {
                seen_dictionary = true;
                lexicoder_style = e
                    .try_get_attribute("style")
                    .ok()
                    .flatten()
                    .is_some_and(|a| a.value.eq_ignore_ascii_case(b"lexicoder"));
            }
            // An empty `<cnode/>` is a category with no entries: opened and closed at once.
            Event::Start(ref e) | Event::Empty(ref e) if e.name().as_ref() == b"cnode" => {
                let Some(name) = name_of(e, line, b) else {
                    return;
                };
                if let Some(&(_, parent)) = open.last() {
                    b.has_children(parent);
                }
                let full = match open.last() {
                    Some((parent, _)) => format!("{parent}.{name}"),
                    None => name,
                };
                let node = b.category(&full, line);
                if matches!(event, Event::Start(_)) {
                    open.push((full, node));
                }
            }
            Event::End(e) if e.name().as_ref() == b"cnode" => {
                open.pop();
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"pnode" => {
                let Some(mut pattern) = name_of(&e, line, b) else {
                    return;
                };
                if lexicoder_style {
                    pattern = with_boundaries(&pattern);
                }
                match open.last() {
                    Some(&(_, node)) => {
                        b.entry(node, &pattern, None, line);
                    }
                    None => b.error(line, format!("the pnode `{pattern}` is outside any cnode")),
                }
            }
            _ => {}
        }
    }
    if !seen_dictionary {
        b.error(
            1,
            "expected a <dictionary> element (Yoshikoder or Lexicoder XML)",
        );
    }
}

/// A Lexicoder pattern with its word boundaries made wildcards (see the module documentation).
fn with_boundaries(raw: &str) -> String {
    let core = raw.trim();
    if core.is_empty() {
        return String::new();
    }
    let open_start = !raw.starts_with(char::is_whitespace) && !core.starts_with('*');
    let open_end = !raw.ends_with(char::is_whitespace) && !core.ends_with('*');
    format!(
        "{}{core}{}",
        if open_start { "*" } else { "" },
        if open_end { "*" } else { "" }
    )
}

/// Bytes of white space at `pos`: text between elements is an event of its own, and the line
/// of an element is where its `<` is.
fn leading_space(text: &str, pos: u64) -> u64 {
    text.get(pos as usize..)
        .map_or(0, |rest| (rest.len() - rest.trim_start().len()) as u64)
}

/// The `name` attribute, unescaped; an error when it is missing.
fn name_of(e: &BytesStart, line: usize, b: &mut Builder) -> Option<String> {
    let element = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    match e.try_get_attribute("name") {
        Ok(Some(attr)) => match attr.unescape_value() {
            Ok(v) => Some(v.into_owned()),
            Err(err) => {
                b.error(
                    line,
                    format!("the name of a <{element}> is ill-formed: {err}"),
                );
                None
            }
        },
        Ok(None) => {
            b.error(line, format!("a <{element}> has no name attribute"));
            None
        }
        Err(err) => {
            b.error(
                line,
                format!("ill-formed attributes on a <{element}>: {err}"),
            );
            None
        }
    }
}
