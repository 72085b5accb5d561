//! The PETRARCH / Phoenix actor dictionary format, read as it is.
//!
//! ```text
//! # comment                       <!-- comment blocks -->
//! MUAMMAR_GADDAFI_  [LBY]         an entry: a name (`_` joins words) and an undated code
//! +COLONEL_GADDAFI                an alias of the entry above
//!     [LBYGOV 19690901-20110823]  a role bounded by dates (YYYYMMDD or YYMMDD, inclusive)
//!     [LBYELI >20110823]          after a date; `<date` before one
//! ```
//!
//! A mention resolves to the first dated role that covers the document's date, else to the
//! undated code. Each distinct code becomes an actor of the matrix. Two-digit years 00-30 are
//! 20YY and the rest 19YY, as in TABARI and PETRARCH. Names repeated across entries are common
//! in these dictionaries: the first entry keeps the name, and the repeats are counted.

use super::lexicon::{LexiconError, Origin};
use crate::time::Date;

/// One dictionary entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoenixEntry {
    /// The primary name and the `+` aliases, with `_` turned into spaces.
    pub names: Vec<String>,
    /// The undated code.
    pub default: Option<String>,
    /// Dated roles in file order: code, first day, last day (inclusive; open ends as None).
    pub dated: Vec<(String, Option<Date>, Option<Date>)>,
    /// Where the entry starts.
    pub origin: Origin,
    /// The heading comment just above the entry, if any (`######   NATO  ########`): the
    /// dictionaries name some codes only there.
    pub heading: Option<String>,
}

/// The text of a heading comment (`######   The United Nations  #######`): a comment line that
/// opens with at least three `#` and holds words.
fn heading_of(line: &str) -> Option<String> {
    let inner = line
        .strip_prefix("###")?
        .trim_matches(|c: char| c == '#' || c.is_whitespace());
    (inner.chars().any(char::is_alphabetic)).then(|| inner.to_string())
}

/// A dictionary name as people write it: `THE UNITED NATIONS` as "The United Nations". Short
/// words stay as written (USA, UN) unless they are particles ("of", "the").
pub fn display_name(name: &str) -> String {
    const PARTICLES: &[&str] = &[
        "of", "the", "and", "for", "in", "on", "to", "de", "du", "da", "di", "la", "le", "van",
        "von", "al", "el",
    ];
    const SHORT_NAMES: &[&str] = &["abu", "bin", "ibn", "ali", "bar"];
    name.split(' ')
        .enumerate()
        .map(|(i, word)| {
            let lower = word.to_lowercase();
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            if i > 0 && PARTICLES.contains(&lower.as_str()) {
                lower
            } else if letters > 3
                || PARTICLES.contains(&lower.as_str())
                || SHORT_NAMES.contains(&lower.as_str())
            {
                let mut chars = lower.chars();
                chars.next().map_or(String::new(), |first| {
                    first.to_uppercase().chain(chars).collect()
                })
            } else {
                word.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a text looks like a Phoenix dictionary rather than a TSV lexicon: its first content
/// line is not a tab-separated header.
pub fn looks_like_phoenix(text: &str) -> bool {
    text.lines()
        .map(str::trim_end)
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .is_some_and(|l| !l.contains('\t') || !l.to_ascii_lowercase().starts_with("id\t"))
}

/// The line of a TSV lexicon header (`id<TAB>kind...`) when that is the first content line: a
/// TSV file, whatever format it was said to be in.
pub fn tsv_header_line(text: &str) -> Option<usize> {
    text.lines()
        .enumerate()
        .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .filter(|(_, l)| l.to_ascii_lowercase().starts_with("id\t"))
        .map(|(n, _)| n + 1)
}

fn name_of(raw: &str) -> String {
    raw.replace('_', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first and last day of a role; `None` is an open end.
type DateBounds = (Option<Date>, Option<Date>);

/// A date of a restriction: `YYYYMMDD` or `YYMMDD`.
fn restriction_date(s: &str) -> Option<Date> {
    let s = s.trim();
    // Digits only, so the slicing below stays on character boundaries.
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match s.len() {
        8 => Date::parse(s),
        6 => {
            let yy: i32 = s[..2].parse().ok()?;
            let year = if yy <= 30 { 2000 + yy } else { 1900 + yy };
            Date::parse(&format!("{year}{}", &s[2..]))
        }
        _ => None,
    }
}

/// A bracket's code and date bounds: `CODE`, `CODE <D`, `CODE >D`, `CODE D-D`. Several codes
/// joined by `/` keep the first.
pub(super) fn parse_bracket(inner: &str) -> Result<(String, Option<DateBounds>), String> {
    let inner = inner.trim();
    let (code, rest) = match inner.find(|c: char| c.is_whitespace()) {
        Some(i) => (&inner[..i], inner[i..].trim()),
        None => (inner, ""),
    };
    let code = code.split('/').next().unwrap_or("").trim();
    if code.is_empty() {
        return Err(format!("empty code in [{inner}]"));
    }
    if rest.is_empty() {
        return Ok((code.to_string(), None));
    }
    let bad = || {
        format!(
            "date restriction {rest:?} is not `<DATE`, `>DATE` or `DATE-DATE` (YYYYMMDD or YYMMDD)"
        )
    };
    let bounds = if let Some(d) = rest.strip_prefix('<') {
        (None, Some(restriction_date(d).ok_or_else(bad)?))
    } else if let Some(d) = rest.strip_prefix('>') {
        (Some(restriction_date(d).ok_or_else(bad)?), None)
    } else {
        let (a, b) = rest.split_once('-').ok_or_else(bad)?;
        (
            Some(restriction_date(a).ok_or_else(bad)?),
            Some(restriction_date(b).ok_or_else(bad)?),
        )
    };
    Ok((code.to_string(), Some(bounds)))
}

/// Parses a dictionary; returns its entries, the errors of its bad lines, and warnings about
/// malformed date restrictions, which are skipped: the published dictionaries hold a few
/// ("9008223-911221"), and users load them as they are.
pub fn parse_phoenix(
    path: &str,
    content: &str,
) -> (Vec<PhoenixEntry>, Vec<LexiconError>, Vec<LexiconError>) {
    let mut entries: Vec<PhoenixEntry> = Vec::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut in_comment = false;
    let mut heading: Option<String> = None;
    for (n, raw) in content.lines().enumerate() {
        let line_no = n + 1;
        let err = |reason: String| LexiconError {
            path: path.into(),
            line: line_no,
            reason,
        };
        let trimmed = raw.trim();
        if in_comment {
            in_comment = !trimmed.contains("-->");
            continue;
        }
        if trimmed.starts_with("<!") {
            in_comment = !trimmed.contains("-->");
            continue;
        }
        let body = raw.split('#').next().unwrap_or("");
        if body.trim().is_empty() {
            if trimmed.starts_with('#') {
                // The last heading names the entry after it; other comments keep it.
                heading = heading_of(trimmed).or(heading);
            }
            continue;
        }
        let indented = body.starts_with(|c: char| c.is_whitespace());
        let content = body.trim();
        if let Some(alias) = content.strip_prefix('+') {
            match entries.last_mut() {
                Some(e) => {
                    let name = name_of(alias.split('[').next().unwrap_or(""));
                    if !name.is_empty() {
                        e.names.push(name);
                    }
                }
                None => errors.push(err("an alias (`+NAME`) before any entry".into())),
            }
            continue;
        }
        if indented && content.starts_with('[') {
            let Some(entry) = entries.last_mut() else {
                errors.push(err("a code line before any entry".into()));
                continue;
            };
            let Some(inner) = content.strip_prefix('[').and_then(|c| c.split(']').next()) else {
                continue;
            };
            match parse_bracket(inner) {
                Ok((code, None)) => entry.default = Some(code),
                Ok((code, Some((from, to)))) => entry.dated.push((code, from, to)),
                Err(reason) => warnings.push(err(format!("{reason}; restriction ignored"))),
            }
            continue;
        }
        // A new entry: NAME [CODE ...]
        let (name_part, bracket) = match content.find('[') {
            Some(i) => (&content[..i], Some(&content[i + 1..])),
            None => (content, None),
        };
        let name = name_of(name_part);
        if name.is_empty() {
            errors.push(err(format!("expected `NAME [CODE]`, found {content:?}")));
            continue;
        }
        let mut entry = PhoenixEntry {
            names: vec![name],
            default: None,
            dated: Vec::new(),
            origin: Origin {
                path: path.into(),
                line: line_no,
            },
            heading: heading.take(),
        };
        if let Some(b) = bracket {
            match b.split(']').next().map(parse_bracket) {
                Some(Ok((code, None))) => entry.default = Some(code),
                Some(Ok((code, Some((from, to))))) => entry.dated.push((code, from, to)),
                Some(Err(reason)) => warnings.push(err(format!("{reason}; restriction ignored"))),
                None => {}
            }
        }
        entries.push(entry);
    }
    (entries, errors, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DICT: &str = "# test\n<!-- a\ncomment -->\nSAM_GAMGEE [HOB]  # default\n+SAMWISE\n\t[HOBCIV <20080120]\n\t[ORCHOB 20100109-20100112]\n\t[HOBMIL 080120-121109]\n\t[HOBELI > 20130119]\nSHIRE_FOLK\n\t[SHR/HOB]\nBAD [X 2010]\n";

    /// Found by the CI fuzz smoke: a six-byte date holding a multi-byte character ("-\u{feff}109")
    /// was sliced inside the character.
    #[test]
    fn a_date_with_a_multibyte_character_is_malformed_not_a_panic() {
        assert_eq!(restriction_date("\u{feff}109"), None);
        assert_eq!(restriction_date("12\u{e9}45"), None);
        let (entries, _, _) = parse_phoenix("p.txt", "HOBMIL_ [HOBMIL 080120-\u{feff}109]\n");
        assert!(entries.len() <= 1);
        assert_eq!(restriction_date("080120"), Date::parse("20080120"));
    }

    #[test]
    fn entries_aliases_and_dated_roles() {
        let (entries, errors, warnings) = parse_phoenix("d.txt", DICT);
        assert_eq!(entries.len(), 3, "{entries:?}");
        let sam = &entries[0];
        assert_eq!(sam.names, ["SAM GAMGEE", "SAMWISE"]);
        assert_eq!(sam.default.as_deref(), Some("HOB"));
        assert_eq!(sam.dated.len(), 4);
        assert_eq!(sam.dated[2].1, Date::parse("20080120"));
        assert_eq!(sam.dated[3].1, Date::parse("20130119"));
        assert_eq!(entries[1].default.as_deref(), Some("SHR"));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0]
                .to_string()
                .starts_with("d.txt:12: date restriction \"2010\""),
            "{}",
            warnings[0]
        );
        assert!(looks_like_phoenix(DICT));
        assert!(!looks_like_phoenix(
            "# x\nid\tkind\tname\taliases\tgroups\n"
        ));
    }
}
