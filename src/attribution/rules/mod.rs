//! The attribution rules, one file per rule; each file is named as the rule is in outputs
//! ([`Rule::as_str`]), so the rule that `explain` names is the file to read.

pub(super) mod author;
pub(super) mod passive;
pub(super) mod quote;
pub(super) mod subject;

use serde::Serialize;

/// Which rule produced an attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rule {
    /// Quoted speech and its speaker (`rules/quote.rs`).
    Quote,
    /// "Y is backed by X" (`rules/passive.rs`).
    Passive,
    /// The first actor of a clause toward the others (`rules/subject.rs`).
    Subject,
    /// The author's tone toward an actor (`rules/author.rs`).
    Author,
}

impl Rule {
    /// Every rule, in the order they claim text.
    pub const ALL: [Rule; 4] = [Rule::Quote, Rule::Passive, Rule::Subject, Rule::Author];

    /// The rule's name in outputs, which is also the name of its file under `rules/`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Rule::Quote => "quote",
            Rule::Passive => "passive",
            Rule::Subject => "subject",
            Rule::Author => "author",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Rule;

    /// The name `explain` prints leads to the rule's file.
    #[test]
    fn every_rule_is_named_after_its_file() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/attribution/rules");
        for rule in Rule::ALL {
            let file = dir.join(format!("{}.rs", rule.as_str()));
            assert!(file.is_file(), "no {}", file.display());
            let serialized = serde_json::to_string(&rule).unwrap();
            assert_eq!(serialized, format!("\"{}\"", rule.as_str()));
        }
    }
}
