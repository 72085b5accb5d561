//! Dictionary patterns: one or more words, each exact, a prefix (`abandon*`) or a glob with `*`
//! anywhere (`*fire*`), folded to lower case as quanteda folds every dictionary by default.

use std::fmt;

/// One word of a pattern, folded to lower case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum WordPattern {
    /// The word itself.
    Exact(String),
    /// Any word that starts with this (`abandon*`; the stem may be the whole word).
    Prefix(String),
    /// `*` anywhere, each standing for any run of characters, none included.
    Glob(String),
}

impl WordPattern {
    /// Whether a folded token matches.
    pub fn matches(&self, token: &str) -> bool {
        match self {
            WordPattern::Exact(w) => token == w,
            WordPattern::Prefix(stem) => token.starts_with(stem.as_str()),
            WordPattern::Glob(glob) => glob_matches(glob.as_bytes(), token.as_bytes()),
        }
    }

    /// The exact word, when there is no wildcard.
    pub fn exact(&self) -> Option<&str> {
        match self {
            WordPattern::Exact(w) => Some(w),
            _ => None,
        }
    }
}

impl fmt::Display for WordPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WordPattern::Exact(w) | WordPattern::Glob(w) => f.write_str(w),
            WordPattern::Prefix(stem) => write!(f, "{stem}*"),
        }
    }
}

/// A pattern: the words of a multi-word entry, in order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pattern {
    words: Vec<WordPattern>,
}

impl Pattern {
    /// Parses an entry as written in a file: words separated by white space (leading and
    /// trailing space, Lexicoder's word-boundary marks, are dropped as quanteda drops them).
    ///
    /// An entry that can never match is an error: an empty one, or a word with no letter or digit
    /// (the tokenizer never makes such a word; `*` alone, which matches any word, is allowed).
    pub fn parse(raw: &str) -> Result<Pattern, String> {
        let mut words = Vec::new();
        for word in raw.split_whitespace() {
            let folded = fold(word);
            let literal = folded.trim_matches('*');
            if !folded.chars().all(|c| c == '*') && !folded.chars().any(char::is_alphanumeric) {
                return Err(format!(
                    "`{}`: the word `{word}` has no letter or digit, so the pattern can never match \
                     a word of the text",
                    raw.trim()
                ));
            }
            let stars = folded.matches('*').count();
            let word = if stars == 0 {
                WordPattern::Exact(folded)
            } else if stars == folded.len() - literal.len()
                && folded.ends_with('*')
                && !folded.starts_with('*')
                && !literal.contains('*')
            {
                WordPattern::Prefix(literal.to_owned())
            } else {
                WordPattern::Glob(collapse_stars(&folded))
            };
            words.push(word);
        }
        if words.is_empty() {
            return Err("empty pattern: it can never match".into());
        }
        Ok(Pattern { words })
    }

    /// Its words.
    pub fn words(&self) -> &[WordPattern] {
        &self.words
    }

    /// Whether any word has a wildcard.
    pub fn has_wildcard(&self) -> bool {
        self.words.iter().any(|w| w.exact().is_none())
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, w) in self.words.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{w}")?;
        }
        Ok(())
    }
}

/// Case folding for patterns and tokens alike: Unicode lower case.
pub fn fold(s: &str) -> String {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        s.to_owned()
    } else {
        s.to_lowercase()
    }
}

/// `a**b` matches what `a*b` matches; one star keeps the matcher linear in practice.
fn collapse_stars(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !(c == '*' && out.ends_with('*')) {
            out.push(c);
        }
    }
    out
}

/// Glob match on bytes, `*` matching any run. Byte-wise is exact for UTF-8: the literal parts
/// are whole characters, so they can only match at character boundaries.
fn glob_matches(glob: &[u8], text: &[u8]) -> bool {
    let (mut g, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if g < glob.len() && glob[g] == b'*' {
            star = Some((g, t));
            g += 1;
        } else if g < glob.len() && glob[g] == text[t] {
            g += 1;
            t += 1;
        } else if let Some((sg, st)) = star {
            g = sg + 1;
            t = st + 1;
            star = Some((sg, st + 1));
        } else {
            return false;
        }
    }
    glob[g..].iter().all(|&b| b == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(raw: &str) -> WordPattern {
        Pattern::parse(raw).unwrap().words()[0].clone()
    }

    #[test]
    fn wildcards_prefix_and_anywhere() {
        assert_eq!(word("Abandon*"), WordPattern::Prefix("abandon".into()));
        assert!(word("abandon*").matches("abandon"));
        assert!(word("abandon*").matches("abandoned"));
        assert!(!word("abandon*").matches("abando"));
        assert!(word("*fire*").matches("ceasefire"));
        assert!(word("*fire*").matches("firefight"));
        assert!(!word("*fire*").matches("fir"));
        assert!(word("c*t").matches("ct"));
        assert!(word("c*t").matches("combat"));
        assert!(!word("c*t").matches("combats"));
        assert!(word("*").matches("anything"));
        assert!(word("réunion*").matches("réunionese"));
    }

    #[test]
    fn patterns_that_can_never_match_are_refused() {
        assert!(Pattern::parse("   ").is_err());
        assert!(Pattern::parse("not --").is_err());
        assert!(Pattern::parse(":)").is_err());
        assert_eq!(
            Pattern::parse(" best  Not ").unwrap().to_string(),
            "best not"
        );
    }
}
