//! The actor lexicon format: TSV with the header `id kind name aliases groups`.
//!
//! ```text
//! # comment
//! id<TAB>kind<TAB>name<TAB>aliases<TAB>groups
//! SERRAJ<TAB>person<TAB>Fayez al-Serraj<TAB>Serraj|Sarraj|al-Sarraj<TAB>GNA
//! ```
//!
//! `aliases` and `groups` are `|`-separated and may be empty. The parser returns the good records
//! and every bad line as an error naming `path:line`; it never stops at the first problem, so a
//! user fixes a file in one pass.

use std::fmt;

use crate::matrix::period::Date;

/// The expected header columns, in order.
pub const HEADER: [&str; 5] = ["id", "kind", "name", "aliases", "groups"];
/// The optional sixth column: dated roles, as Phoenix dictionaries give them.
pub const ROLES: &str = "roles";

/// A role: the code an actor stands for, and the first and last day it holds (open when `None`).
pub type DatedCode = (String, Option<Date>, Option<Date>);

/// What sort of actor a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    /// A person: pronouns can refer to them.
    Person,
    /// A government, party, armed group, company or international body.
    Organisation,
    /// A country or state.
    Country,
    /// Anything else (a region, a coalition).
    Other,
}

impl ActorKind {
    /// Parses the `kind` column.
    pub fn parse(s: &str) -> Option<ActorKind> {
        Some(match s.to_ascii_lowercase().as_str() {
            "person" => ActorKind::Person,
            "organisation" | "organization" | "org" => ActorKind::Organisation,
            "country" | "state" => ActorKind::Country,
            "other" | "group" | "region" => ActorKind::Other,
            _ => return None,
        })
    }

    /// The canonical name written in outputs.
    pub fn as_str(&self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::Organisation => "organisation",
            ActorKind::Country => "country",
            ActorKind::Other => "other",
        }
    }
}

/// Where a record came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file as the user named it.
    pub path: String,
    /// 1-based line.
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.path, self.line)
    }
}

/// One actor as written in a lexicon file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorRecord {
    /// Unique id, used in outputs.
    pub id: String,
    /// Kind.
    pub kind: ActorKind,
    /// Display name; also matched as an alias.
    pub name: String,
    /// Other spellings and role names.
    pub aliases: Vec<String>,
    /// Ids of the actors this one belongs to.
    pub groups: Vec<String>,
    /// Roles by date (`roles` column): a mention stands for the first role whose dates cover
    /// the document's date; an undated role replaces the actor itself at other dates.
    pub roles: Vec<DatedCode>,
    /// Where it was defined.
    pub origin: Origin,
}

/// A problem in a lexicon file, at a line (0 when it concerns the whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    /// The file as the user named it.
    pub path: String,
    /// 1-based line, or 0 for the whole file.
    pub line: usize,
    /// What is wrong, and what was expected.
    pub reason: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path, self.reason)
        } else {
            write!(f, "{}:{}: {}", self.path, self.line, self.reason)
        }
    }
}

impl std::error::Error for LexiconError {}

/// Whether `id` is usable as an actor id in CSV and JSON outputs without quoting.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'+'))
}

/// Splits a `|`-list, trimming items and dropping empty ones.
fn split_list(field: &str) -> Vec<String> {
    field
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// Decodes a lexicon file's bytes, naming the line of the first invalid UTF-8 sequence.
pub fn decode(path: &str, bytes: &[u8]) -> Result<String, LexiconError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(LexiconError {
                path: path.into(),
                line,
                reason: format!("not valid UTF-8 (byte {at}); lexicons must be UTF-8"),
            })
        }
    }
}

/// The lines of a commented TSV file that hold something: `(1-based line number, line)`, line
/// ends (`\r\n` too) removed, blank lines and `#` comments left out. The first is the header.
pub fn content_lines(content: &str) -> impl Iterator<Item = (usize, &str)> {
    content
        .lines()
        .enumerate()
        .map(|(n, line)| (n + 1, line.trim_end_matches('\r')))
        .filter(|(_, line)| !(line.trim().is_empty() || line.trim_start().starts_with('#')))
}

/// Parses the text of an actor lexicon. Returns the good records and the errors of the bad lines.
pub fn parse_actor_tsv(path: &str, content: &str) -> (Vec<ActorRecord>, Vec<LexiconError>) {
    let mut records = Vec::new();
    let mut errors = Vec::new();
    let mut seen_header = false;
    let mut columns = HEADER.len();
    let err = |line: usize, reason: String| LexiconError {
        path: path.into(),
        line,
        reason,
    };
    for (line_no, line) in content_lines(content) {
        let fields: Vec<&str> = line.split('\t').collect();
        if !seen_header {
            seen_header = true;
            let names: Vec<String> = fields
                .iter()
                .map(|f| f.trim().to_ascii_lowercase())
                .collect();
            let with_roles = names.len() == 6 && names[5] == ROLES;
            columns = names.len();
            if names[..names.len().min(5)] != HEADER || !(names.len() == 5 || with_roles) {
                errors.push(err(
                    line_no,
                    format!(
                        "expected the header `{}` (tab-separated, optionally followed by \
                         `\\troles`), found {line:?}",
                        HEADER.join("\\t")
                    ),
                ));
                return (records, errors);
            }
            continue;
        }
        if !(3..=columns).contains(&fields.len()) {
            errors.push(err(
                line_no,
                format!(
                    "expected 5 tab-separated fields (id, kind, name, aliases, groups), 6 with a \
                     `roles` header, found {}",
                    fields.len()
                ),
            ));
            continue;
        }
        let id = fields[0].trim();
        if !is_valid_id(id) {
            errors.push(err(
                line_no,
                format!(
                    "id {id:?} must be non-empty and use only letters, digits, `_`, `-`, `.` or `+`"
                ),
            ));
            continue;
        }
        let Some(kind) = ActorKind::parse(fields[1].trim()) else {
            errors.push(err(
                line_no,
                format!(
                    "kind {:?} is not one of person, organisation, country, other",
                    fields[1].trim()
                ),
            ));
            continue;
        };
        let name = fields[2].trim();
        if name.is_empty() {
            errors.push(err(line_no, format!("actor {id} has an empty name")));
            continue;
        }
        let mut roles = Vec::new();
        let mut bad_role = false;
        for item in fields.get(5).map(|f| split_list(f)).unwrap_or_default() {
            match super::phoenix::parse_bracket(&item) {
                Ok((code, bounds)) => {
                    let (from, to) = bounds.unwrap_or((None, None));
                    roles.push((code, from, to));
                }
                Err(reason) => {
                    errors.push(err(
                        line_no,
                        format!("role {item:?} of {id}: {reason}; expected `CODE`, `CODE FROM-TO`, `CODE <DATE` or `CODE >DATE`"),
                    ));
                    bad_role = true;
                }
            }
        }
        if bad_role {
            continue;
        }
        records.push(ActorRecord {
            id: id.into(),
            kind,
            name: name.into(),
            aliases: fields.get(3).map(|f| split_list(f)).unwrap_or_default(),
            groups: fields.get(4).map(|f| split_list(f)).unwrap_or_default(),
            roles,
            origin: Origin {
                path: path.into(),
                line: line_no,
            },
        });
    }
    if !seen_header {
        errors.push(err(
            0,
            format!("no header line; expected `{}`", HEADER.join("\\t")),
        ));
    }
    (records, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_and_bad_lines_are_both_reported() {
        let text = "# test\nid\tkind\tname\taliases\tgroups\nA\tperson\tAnn\tAnnie|Ann B.\tORG\nB\tplanet\tBee\t\t\nC D\tperson\tCee\nE\tcountry\n";
        let (records, errors) = parse_actor_tsv("x.tsv", text);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].aliases, ["Annie", "Ann B."]);
        assert_eq!(records[0].groups, ["ORG"]);
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 3, "{shown:?}");
        assert!(shown[0].starts_with("x.tsv:4: kind \"planet\""));
        assert!(shown[1].starts_with("x.tsv:5: id \"C D\""));
        assert!(shown[2].starts_with("x.tsv:6: expected 5 tab-separated fields"));
    }

    #[test]
    fn a_missing_header_is_an_error() {
        let (_, errors) = parse_actor_tsv("y.tsv", "A\tperson\tAnn\n");
        assert_eq!(errors.len(), 1);
        assert!(errors[0]
            .to_string()
            .starts_with("y.tsv:1: expected the header"));
    }

    #[test]
    fn invalid_utf8_names_its_line() {
        let e = decode("z.tsv", b"id\tkind\n\xff\n").unwrap_err();
        assert_eq!(e.line, 2);
    }
}
