//! quanteda YAML: a mapping whose keys are categories at any depth and whose leaves are lists of
//! patterns (or one pattern). Read event by event with yaml-rust2 so every problem has its line.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use super::Builder;

struct Events(Vec<(Event, usize)>);

impl MarkedEventReceiver for Events {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        self.0.push((ev, mark.line()));
    }
}

pub(super) fn read(text: &str, b: &mut Builder) {
    let mut events = Events(Vec::new());
    if let Err(e) = Parser::new_from_str(text).load(&mut events, false) {
        // `- *truce*` is a YAML alias, not a pattern: the commonest slip in a dictionary.
        let hint = if e.info().contains("anchor") {
            " (a pattern that starts with `*` must be quoted: \"*word\")"
        } else {
            ""
        };
        return b.error(
            e.marker().line(),
            format!("not valid YAML: {}{hint}", e.info()),
        );
    }
    let mut events = events.0.into_iter().peekable();
    // StreamStart, DocumentStart, then the root node.
    while let Some((ev, line)) = events.next() {
        match ev {
            Event::StreamStart | Event::DocumentStart => {}
            Event::MappingStart(..) => return read_mapping(&mut events, None, 0, b),
            Event::StreamEnd => return,
            _ => {
                return b.error(
                    line,
                    "expected a mapping of category names to lists of patterns",
                )
            }
        }
    }
}

type Stream = std::iter::Peekable<std::vec::IntoIter<(Event, usize)>>;

/// Deeper nesting than any dictionary needs is refused before it can exhaust the stack.
const MAX_DEPTH: usize = 64;

fn read_mapping(events: &mut Stream, parent: Option<&str>, depth: usize, b: &mut Builder) {
    while let Some((ev, line)) = events.next() {
        let key = match ev {
            Event::MappingEnd => return,
            Event::Scalar(key, ..) => key,
            _ => {
                b.error(line, "expected a category name as the key");
                skip_node(ev, events);
                skip_value(events);
                continue;
            }
        };
        let full = match parent {
            Some(p) => format!("{p}.{key}"),
            None => key,
        };
        let node = b.category(&full, line);
        let Some((value, vline)) = events.next() else {
            return;
        };
        match value {
            Event::MappingStart(..) if depth + 1 >= MAX_DEPTH => {
                b.error(
                    vline,
                    format!("categories nested deeper than {MAX_DEPTH} levels"),
                );
                return;
            }
            Event::MappingStart(..) => {
                b.has_children(node);
                read_mapping(events, Some(&full), depth + 1, b);
            }
            Event::SequenceStart(..) => read_patterns(events, node, b),
            // `key: pattern`, one pattern; `key:` or `key: ~`, none (reported as empty).
            Event::Scalar(v, ..) => {
                if !(v.is_empty() || v == "~" || v == "null") {
                    b.entry(node, &v, None, vline);
                }
            }
            other => {
                b.error(
                    vline,
                    format!("the value of {full} is not a list of patterns"),
                );
                skip_node(other, events);
            }
        }
    }
}

fn read_patterns(events: &mut Stream, node: usize, b: &mut Builder) {
    while let Some((ev, line)) = events.next() {
        match ev {
            Event::SequenceEnd => return,
            Event::Scalar(v, ..) => {
                b.entry(node, &v, None, line);
            }
            other => {
                b.error(line, "expected a pattern (a string) in the list");
                skip_node(other, events);
            }
        }
    }
}

/// Skips the rest of a node whose first event was `first`.
fn skip_node(first: Event, events: &mut Stream) {
    let mut depth = match first {
        Event::MappingStart(..) | Event::SequenceStart(..) => 1,
        _ => 0,
    };
    while depth > 0 {
        match events.next() {
            Some((Event::MappingStart(..) | Event::SequenceStart(..), _)) => depth += 1,
            Some((Event::MappingEnd | Event::SequenceEnd, _)) => depth -= 1,
            Some(_) => {}
            None => return,
        }
    }
}

fn skip_value(events: &mut Stream) {
    if let Some((ev, _)) = events.next() {
        skip_node(ev, events);
    }
}
