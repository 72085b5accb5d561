//! `--lexicon [NAME=]FILE`, `--lexicon-format`, `--polarity`, `--scorers`: the users' own
//! content-analysis dictionaries as scorers beside the built-in three, and which scorers run.

use anyhow::Result;

use super::lexicon::{parse_encoding, parse_format};
use super::say;
use stance::dictionary::request::{self, RequestError, ScorerRequest};
use stance::dictionary::scoring::DictionaryScorers;
use stance::dictionary::{Encoding, Format, ReadOptions, Severity};
use stance::scorers::ScorerSet;

/// Dictionaries as scorers (opt-in), and the choice of scorers.
#[derive(Debug, Clone, clap::Args)]
pub struct DictionaryArgs {
    /// A content-analysis dictionary whose scorers run beside the built-in ones; repeatable.
    /// Any format `stance lexicon check` reads (AFINN-style `word<TAB>weight`, CSV, LIWC
    /// `.dic`, WordStat `.cat`, Yoshikoder `.ykd`, Lexicoder `.lc3`/`.lcd`, quanteda YAML, MPQA
    /// `.tff`), or a bundled one by name (`afinn`). A polarity dictionary (categories positive
    /// and negative) or a weighted list adds the scorer NAME; any other adds NAME.CATEGORY per
    /// category, the share of the scope's words it matches. NAME defaults to the file name
    /// without its extension.
    #[arg(long = "lexicon", value_name = "[NAME=]FILE")]
    pub lexicons: Vec<String>,
    /// Format of every --lexicon file (default: by extension and content): weights, csv,
    /// wordlist, liwc, wordstat, yoshikoder, lexicoder, yaml, mpqa.
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub lexicon_format: Option<Format>,
    /// Text encoding of the --lexicon files: utf-8 (default), latin1, windows-1252.
    #[arg(long, value_name = "ENCODING", value_parser = parse_encoding, default_value = "utf-8")]
    pub lexicon_encoding: Encoding,
    /// Read the --lexicon files that are not weighted lists as polarity dictionaries: the
    /// categories POS count +1, NEG count -1 (several joined with `+`, e.g.
    /// `positive+neg_negative,negative+neg_positive`); one signed scorer NAME per file.
    #[arg(long, value_name = "POS,NEG")]
    pub polarity: Option<String>,
    /// Do not flip and scale a polarity or weight match that follows a negator ("not",
    /// "never"...) within three words, as the cue scorer does by default.
    #[arg(long)]
    pub no_lexicon_negation: bool,
    /// The scorers to run and print, in this order, comma-separated: any of the built-in
    /// conflict, stance, valence and the --lexicon scorers. Default: all of them.
    #[arg(long, value_name = "NAME,...", value_delimiter = ',')]
    pub scorers: Vec<String>,
}

impl DictionaryArgs {
    /// `set` with the --lexicon dictionaries compiled into it and the --scorers choice made;
    /// every problem of every file is printed as `path:line: reason` before the error.
    pub fn add_to(&self, set: ScorerSet, quiet: bool) -> Result<ScorerSet> {
        let set = if self.lexicons.is_empty() && self.polarity.is_none() {
            set
        } else {
            set.with_dictionaries(self.compile(quiet)?)
                .map_err(anyhow::Error::msg)?
        };
        if self.scorers.is_empty() {
            return Ok(set);
        }
        let names: Vec<String> = self.scorers.iter().map(|s| s.trim().to_string()).collect();
        set.select(&names)
            .map_err(|e| anyhow::anyhow!("--scorers: {e}"))
    }

    /// Reads every --lexicon file and compiles them into one index (see
    /// [`stance::dictionary::request`]); warnings are printed unless `quiet`, errors always.
    fn compile(&self, quiet: bool) -> Result<DictionaryScorers> {
        let request = ScorerRequest {
            lexicons: self.lexicons.clone(),
            read: ReadOptions {
                format: self.lexicon_format,
                encoding: self.lexicon_encoding,
            },
            polarity: self.polarity.clone(),
            negation: !self.no_lexicon_negation,
        };
        match request::compile(&request) {
            Ok(compiled) => {
                if !quiet {
                    for w in &compiled.warnings {
                        say!("{w}");
                    }
                }
                Ok(compiled.scorers)
            }
            Err(e) => {
                if let RequestError::Files { problems, .. } = &e {
                    for p in problems {
                        if p.severity == Severity::Error || !quiet {
                            say!("{p}");
                        }
                    }
                }
                Err(e.into())
            }
        }
    }
}
