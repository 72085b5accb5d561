//! The PETRARCH agents dictionary (`Phoenix.agents.txt`), read as it is.
//!
//! ```text
//! !PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON     a substitution set
//! POLICE {} [~COP]                              a role noun; `{}`: no plural
//! THIEF {THIEVES} [~CRM]                        an irregular plural
//! FOREIGN_!MINIST! [~GOV]                       one phrase per member of the set
//! PEACEKEEPING_TROOPS {} [IGO~]                 the agent code goes before the actor's
//! ```
//!
//! An agent is not an actor: it names a sector of one. "Libyan government" is the actor LBY
//! (from "Libyan") with the agent `~GOV`, coded LBYGOV; `[~CODE]` appends the code to the
//! actor's, `[CODE~]` puts it before. Phrases without `{...}` also match their regular plural
//! (TROOP, TROOPS), formed as PETRARCH forms it: -Y after a consonant to -IES, -S -X -Z -CH -SH
//! take -ES, the rest -S.

use super::lexicon::{LexiconError, Origin};

/// One agent phrase and its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentEntry {
    /// The phrase and its plurals, words joined by spaces, in capitals as written.
    pub phrases: Vec<String>,
    /// The sector code (`GOV`, `MIL`, `GOVMED`).
    pub code: String,
    /// Whether the code goes before the actor's (`[IGO~]`) rather than after (`[~GOV]`).
    pub before: bool,
    /// Where it was defined.
    pub origin: Origin,
}

/// Whether a text is an agents dictionary: its entries carry codes with a `~`.
pub fn looks_like_agents(text: &str) -> bool {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty() && !l.starts_with('!'))
        .take(20)
        .any(|l| l.contains("[~") || l.contains("~]"))
}

/// The regular plural of a word in capitals, as PETRARCH forms it.
fn plural(word: &str) -> String {
    let b = word.as_bytes();
    let n = b.len();
    let vowel = |c: u8| matches!(c, b'A' | b'E' | b'I' | b'O' | b'U');
    if n >= 2 && b[n - 1] == b'Y' && !vowel(b[n - 2]) {
        format!("{}IES", &word[..n - 1])
    } else if word.ends_with(['S', 'X', 'Z']) || word.ends_with("CH") || word.ends_with("SH") {
        format!("{word}ES")
    } else {
        format!("{word}S")
    }
}

/// `_` and runs of spaces as single spaces.
fn words_of(raw: &str) -> String {
    raw.replace('_', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses an agents dictionary: the entries, the errors of lines that cannot be read at all, and
/// warnings about lines skipped (a code bracket left open, an unknown substitution set).
pub fn parse_agents(
    path: &str,
    content: &str,
) -> (Vec<AgentEntry>, Vec<LexiconError>, Vec<LexiconError>) {
    let mut sets: Vec<(String, Vec<String>)> = Vec::new();
    let mut entries = Vec::new();
    let errors = Vec::new();
    let mut warnings = Vec::new();
    for (n, raw) in content.lines().enumerate() {
        let line_no = n + 1;
        let warn = |reason: String| LexiconError {
            path: path.into(),
            line: line_no,
            reason,
        };
        let body = raw.split('#').next().unwrap_or("").trim();
        if body.is_empty() {
            continue;
        }
        if body.starts_with('!') {
            if let Some((name, members)) = body.split_once('=') {
                let members = members
                    .split(',')
                    .map(|m| m.trim().to_string())
                    .filter(|m| !m.is_empty())
                    .collect();
                sets.push((name.trim().to_string(), members));
                continue;
            }
        }
        let Some(open) = body.find('[') else {
            warnings.push(warn(format!(
                "expected `PHRASE [~CODE]`, found {body:?}; line skipped"
            )));
            continue;
        };
        let Some(close) = body[open..].find(']').map(|c| open + c) else {
            warnings.push(warn(format!(
                "the code bracket of {body:?} is not closed with `]`; line skipped"
            )));
            continue;
        };
        let inner = body[open + 1..close].trim();
        let (code, before) = if let Some(code) = inner.strip_prefix('~') {
            (code, false)
        } else if let Some(code) = inner.strip_suffix('~') {
            (code, true)
        } else {
            warnings.push(warn(format!(
                "agent code [{inner}] has no `~` (`[~CODE]` or `[CODE~]`); line skipped"
            )));
            continue;
        };
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            warnings.push(warn(format!(
                "agent code {code:?} is not letters and digits; line skipped"
            )));
            continue;
        }
        let head = &body[..open];
        let (phrase, plurals) = match head.find('{') {
            Some(b) => {
                let end = head[b..].find('}').map_or(head.len(), |e| b + e);
                let listed: Vec<String> = head[b + 1..end]
                    .split_whitespace()
                    .map(words_of)
                    .filter(|p| !p.is_empty())
                    .collect();
                (&head[..b], Some(listed))
            }
            None => (head, None),
        };
        // Expand substitution sets: one phrase per member.
        let mut forms = vec![phrase.to_string()];
        let mut unknown = None;
        while let Some(start) = forms.first().and_then(|f| f.find('!')) {
            let Some(len) = forms[0][start + 1..].find('!') else {
                break;
            };
            let name = forms[0][start..start + len + 2].to_string();
            let Some((_, members)) = sets.iter().find(|(n, _)| *n == name) else {
                unknown = Some(name);
                break;
            };
            forms = forms
                .iter()
                .flat_map(|f| members.iter().map(|m| f.replacen(name.as_str(), m, 1)))
                .collect();
        }
        if let Some(name) = unknown {
            warnings.push(warn(format!(
                "unknown substitution set {name}; line skipped"
            )));
            continue;
        }
        let mut phrases = Vec::new();
        for form in forms {
            let words = words_of(&form);
            if words.is_empty() {
                continue;
            }
            match &plurals {
                Some(listed) => phrases.extend(listed.iter().cloned()),
                None => {
                    let (stem, last) = words.rsplit_once(' ').unwrap_or(("", &words));
                    let last = plural(last);
                    phrases.push(if stem.is_empty() {
                        last
                    } else {
                        format!("{stem} {last}")
                    });
                }
            }
            phrases.push(words);
        }
        phrases.sort();
        phrases.dedup();
        if phrases.is_empty() {
            warnings.push(warn(format!("no phrase before [{inner}]; line skipped")));
            continue;
        }
        entries.push(AgentEntry {
            phrases,
            code: code.to_string(),
            before,
            origin: Origin {
                path: path.into(),
                line: line_no,
            },
        });
    }
    (entries, errors, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_plurals_and_code_sides() {
        let text = "# x\n!MINIST! = MINISTER, MINISTRY\n\nTROOP [~MIL]\nPOLICE {} [~COP]\n\
                    THIEF {THIEVES} [~CRM]\nFOREIGN_!MINIST! [~GOV]\nPEACEKEEPING_TROOPS {} [IGO~]\n\
                    COMMUNITY [~CVL]\nBAD [~ENV}\nWHAT [~X!]\n";
        let (entries, errors, warnings) = parse_agents("a.txt", text);
        assert!(errors.is_empty());
        let shown: Vec<(Vec<&str>, &str, bool)> = entries
            .iter()
            .map(|e| {
                (
                    e.phrases.iter().map(String::as_str).collect(),
                    e.code.as_str(),
                    e.before,
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                (vec!["TROOP", "TROOPS"], "MIL", false),
                (vec!["POLICE"], "COP", false),
                (vec!["THIEF", "THIEVES"], "CRM", false),
                (
                    vec![
                        "FOREIGN MINISTER",
                        "FOREIGN MINISTERS",
                        "FOREIGN MINISTRIES",
                        "FOREIGN MINISTRY"
                    ],
                    "GOV",
                    false
                ),
                (vec!["PEACEKEEPING TROOPS"], "IGO", true),
                (vec!["COMMUNITIES", "COMMUNITY"], "CVL", false),
            ]
        );
        let lines: Vec<usize> = warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [10, 11]);
        assert!(looks_like_agents(text));
        assert!(!looks_like_agents("LIBYA_ [LBY]\n+LIBYAN_\n"));
    }
}
