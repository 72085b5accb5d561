//! Content-analysis dictionaries in the formats social scientists already have: word-weight lists
//! (AFINN, the VADER lexicon file, CSV with a header, plain word lists), LIWC `.dic`, WordStat
//! `.cat`, Yoshikoder `.ykd` and Lexicoder `.lcd` (XML), Lexicoder `.lc3`, quanteda YAML and
//! MPQA `.tff`.
//!
//! Every reader produces the same model, a [`Dictionary`]: flat categories (a nested category is
//! named by its path, joined with `.`, as quanteda's `dfm_lookup` names it), each a list of
//! [`Entry`]s whose [`Pattern`] is one or more words with `*` wildcards, folded to lower case (as
//! quanteda's `dictionary(tolower = TRUE)` does for every format). Problems are reported all at
//! once as `path:line: reason`; where quanteda reads a file and only notes something, so do we,
//! as a [`Severity::Warning`].
//!
//! [`count::Counter`] counts a dictionary's categories in plain text with quanteda's
//! `dfm_lookup` semantics.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

mod bundled;
pub mod count;
mod lexicoder;
mod liwc;
mod mpqa;
pub mod pattern;
pub mod request;
pub mod scoring;
mod source;
mod weights;
mod word_filter;
mod wordstat;
mod xml;
mod yaml;

pub use bundled::{bundled, BUNDLED};
pub use pattern::{Pattern, WordPattern};
pub use source::Encoding;

/// A dictionary file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `term<TAB>weight` per line (AFINN; the VADER lexicon, whose later columns are ignored).
    Weights,
    /// CSV with a header naming a term column and a weight and/or category column.
    Csv,
    /// One term per line, `;` or `#` comment lines (the Hu & Liu opinion lexicon).
    WordList,
    /// LIWC `.dic`: a `%`-delimited block of numbered categories, then terms with numbers.
    Liwc,
    /// WordStat `.cat`: tab-indented categories, entries ending in `(weight)`.
    WordStat,
    /// Yoshikoder `.ykd` and Lexicoder `.lcd`: `<cnode>` / `<pnode>` XML.
    Yoshikoder,
    /// Lexicoder `.lc3`: `+CATEGORY` lines, one pattern per following line.
    Lexicoder,
    /// quanteda YAML: nested mappings of category names to lists of patterns.
    Yaml,
    /// MPQA subjectivity clues `.tff`: `key=value` fields, `priorpolarity=` the category.
    Mpqa,
}

impl Format {
    /// Every format, in the order `--lexicon-format` lists them.
    pub const ALL: [Format; 9] = [
        Format::Weights,
        Format::Csv,
        Format::WordList,
        Format::Liwc,
        Format::WordStat,
        Format::Yoshikoder,
        Format::Lexicoder,
        Format::Yaml,
        Format::Mpqa,
    ];

    /// The name given on the command line and printed by `lexicon show`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Weights => "weights",
            Format::Csv => "csv",
            Format::WordList => "wordlist",
            Format::Liwc => "liwc",
            Format::WordStat => "wordstat",
            Format::Yoshikoder => "yoshikoder",
            Format::Lexicoder => "lexicoder",
            Format::Yaml => "yaml",
            Format::Mpqa => "mpqa",
        }
    }

    /// The format named `name` (its [`Format::name`] or a file extension such as `dic`, `lc3`).
    pub fn parse(name: &str) -> Option<Format> {
        let name = name.to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .or_else(|| Format::from_extension(&name))
    }

    /// The format quanteda (or the file's own convention) gives to an extension.
    pub fn from_extension(ext: &str) -> Option<Format> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "dic" => Format::Liwc,
            "cat" => Format::WordStat,
            // quanteda reads `.lcd` with its Yoshikoder reader: the same cnode/pnode XML.
            "ykd" | "lcd" | "xml" => Format::Yoshikoder,
            "lc3" => Format::Lexicoder,
            "yml" | "yaml" => Format::Yaml,
            "tff" => Format::Mpqa,
            "csv" => Format::Csv,
            _ => return None,
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The file is refused.
    Error,
    /// The file is read; the user should know (quanteda reads such a file too).
    Warning,
}

/// A problem in a dictionary file, at a line (0 when it concerns the whole file).
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The file, as the user gave it.
    pub path: String,
    /// 1-based line, or 0.
    pub line: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, and what was expected.
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "",
            Severity::Warning => "warning: ",
        };
        if self.line == 0 {
            write!(f, "{}: {level}{}", self.path, self.reason)
        } else {
            write!(f, "{}:{}: {level}{}", self.path, self.line, self.reason)
        }
    }
}

/// One pattern of a category, with its weight when the format gives one.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The words to match, folded.
    pub pattern: Pattern,
    /// The entry's own weight (WordStat `(n)`, AFINN's score, a CSV weight column).
    pub weight: Option<f64>,
    /// The line it was read from.
    pub line: usize,
}

/// A category: its full name (nested levels joined with `.`) and its entries.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    /// Full name, as `dfm_lookup` names a flattened key.
    pub name: String,
    /// Its entries, in file order, each pattern once.
    pub entries: Vec<Entry>,
    /// The line that names it (0 when the format has no such line).
    pub line: usize,
}

/// A dictionary read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Dictionary {
    /// Its name: the file stem unless the user gives one.
    pub name: String,
    /// The format it was read as.
    pub format: Format,
    /// Categories that hold at least one entry, in file order.
    pub categories: Vec<Category>,
    /// Category nodes in the file, groups and empty ones included.
    pub nodes: usize,
    /// Entries as the file lists them (one per line, `pnode` or list item), before merging
    /// repeats; what the file's documentation counts.
    pub source_entries: usize,
}

impl Dictionary {
    /// The category named `name`.
    pub fn category(&self, name: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.name == name)
    }

    /// Entries over all categories (an entry listed in two categories counts twice).
    pub fn entry_count(&self) -> usize {
        self.categories.iter().map(|c| c.entries.len()).sum()
    }
}

/// A dictionary and the warnings its file gave.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The dictionary.
    pub dictionary: Dictionary,
    /// Warnings, in line order.
    pub warnings: Vec<Problem>,
}

/// How to read a file.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// The format, or `None` to recognise it by extension and content.
    pub format: Option<Format>,
    /// The text encoding (UTF-8 unless told otherwise; a BOM is skipped).
    pub encoding: Encoding,
}

/// Reads the dictionary at `path`, or, when no such file exists and `path` is the name of a
/// bundled dictionary ([`BUNDLED`], e.g. `afinn`), that one.
pub fn open(path: &Path, options: ReadOptions) -> Result<Loaded, Vec<Problem>> {
    if !path.exists() {
        if let Some(found) = path.to_str().and_then(bundled) {
            return found;
        }
    }
    read_file(path, options)
}

/// Reads the dictionary at `path`. On failure, every problem found (errors and warnings).
pub fn read_file(path: &Path, options: ReadOptions) -> Result<Loaded, Vec<Problem>> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        vec![Problem {
            path: shown.clone(),
            line: 0,
            severity: Severity::Error,
            reason: format!("cannot read: {e}"),
        }]
    })?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dictionary".into());
    let extension = path.extension().map(|e| e.to_string_lossy().into_owned());
    parse(&shown, &name, extension.as_deref(), &bytes, options)
}

/// Reads a dictionary from `bytes`; `shown` names the file in problems, `name` is the
/// dictionary's name and `extension` (without the dot) helps recognise the format.
pub fn parse(
    shown: &str,
    name: &str,
    extension: Option<&str>,
    bytes: &[u8],
    options: ReadOptions,
) -> Result<Loaded, Vec<Problem>> {
    let text = source::decode(shown, bytes, options.encoding).map_err(|e| vec![e])?;
    let mut builder = Builder::new(shown);
    let format = match options.format {
        Some(format) => format,
        None => detect(extension, &text, &mut builder),
    };
    match format {
        Format::Weights => weights::read_tabbed(&text, name, &mut builder),
        Format::Csv => weights::read_csv(&text, name, &mut builder),
        Format::WordList => weights::read_word_list(&text, name, &mut builder),
        Format::Liwc => liwc::read(&text, &mut builder),
        Format::WordStat => wordstat::read(&text, &mut builder),
        Format::Yoshikoder => xml::read(&text, &mut builder),
        Format::Lexicoder => lexicoder::read(&text, &mut builder),
        Format::Yaml => yaml::read(&text, &mut builder),
        Format::Mpqa => mpqa::read(&text, &mut builder),
    }
    builder.finish(name, format)
}

/// The format of a file: its extension's, unless the content plainly says otherwise (quanteda's
/// own fixture `actually_ykd.cat` is Yoshikoder XML); content alone for other extensions.
fn detect(extension: Option<&str>, text: &str, builder: &mut Builder) -> Format {
    let sniffed = sniff(text);
    match extension.and_then(Format::from_extension) {
        Some(by_extension) => {
            if sniffed == Some(Format::Yoshikoder) && by_extension != Format::Yoshikoder {
                builder.warn(
                    1,
                    format!(
                        "the extension says {by_extension} but the file is XML; read as yoshikoder \
                         (give --lexicon-format to choose)"
                    ),
                );
                Format::Yoshikoder
            } else {
                by_extension
            }
        }
        None => sniffed.unwrap_or(Format::WordList),
    }
}

/// The format the first meaningful line shows, if it shows one.
fn sniff(text: &str) -> Option<Format> {
    let first = source::lines(text)
        .map(|(_, l)| l.trim())
        .find(|l| !l.is_empty() && !l.starts_with(';') && !l.starts_with('#'))?;
    if first.starts_with('<') {
        Some(Format::Yoshikoder)
    } else if first == "%" {
        Some(Format::Liwc)
    } else if first.starts_with('+') {
        Some(Format::Lexicoder)
    } else if first.contains("word1=") || first.starts_with("type=") {
        Some(Format::Mpqa)
    } else if first.contains('\t') {
        Some(Format::Weights)
    } else if first.ends_with(':') {
        Some(Format::Yaml)
    } else {
        None
    }
}

/// What every reader fills: categories, entries and problems, with the checks that are the same
/// for every format (pattern syntax, repeats, empty categories).
pub(crate) struct Builder {
    path: String,
    problems: Vec<Problem>,
    nodes: Vec<Node>,
    by_name: HashMap<String, usize>,
    /// (category, pattern text) -> (weight, line) of the first listing.
    seen: HashMap<(usize, String), (Option<f64>, usize)>,
    source_entries: usize,
    /// When set, a repeat with the same weight is counted here instead of warned line by line.
    pub(crate) quiet_repeats: bool,
    pub(crate) repeats: usize,
}

struct Node {
    category: Category,
    has_children: bool,
}

/// What [`Builder::entry`] did with an entry.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Added {
    New,
    Repeat,
    Refused,
}

impl Builder {
    fn new(path: &str) -> Builder {
        Builder {
            path: path.to_owned(),
            problems: Vec::new(),
            nodes: Vec::new(),
            by_name: HashMap::new(),
            seen: HashMap::new(),
            source_entries: 0,
            quiet_repeats: false,
            repeats: 0,
        }
    }

    pub(crate) fn error(&mut self, line: usize, reason: impl Into<String>) {
        self.problems.push(Problem {
            path: self.path.clone(),
            line,
            severity: Severity::Error,
            reason: reason.into(),
        });
    }

    pub(crate) fn warn(&mut self, line: usize, reason: impl Into<String>) {
        self.problems.push(Problem {
            path: self.path.clone(),
            line,
            severity: Severity::Warning,
            reason: reason.into(),
        });
    }

    /// The category node named `name` (a full path), made at `line` if new.
    pub(crate) fn category(&mut self, name: &str, line: usize) -> usize {
        if let Some(&i) = self.by_name.get(name) {
            return i;
        }
        let i = self.nodes.len();
        self.nodes.push(Node {
            category: Category {
                name: name.to_owned(),
                entries: Vec::new(),
                line,
            },
            has_children: false,
        });
        self.by_name.insert(name.to_owned(), i);
        i
    }

    /// Marks a node as holding subcategories (so, empty, it is a group and not a loss).
    pub(crate) fn has_children(&mut self, node: usize) {
        self.nodes[node].has_children = true;
    }

    /// For a line that adds one pattern to several categories: counted once.
    pub(crate) fn uncount_source_entry(&mut self) {
        self.source_entries = self.source_entries.saturating_sub(1);
    }

    /// Adds `raw` to category `node`. Counts it as a source entry whatever happens.
    pub(crate) fn entry(
        &mut self,
        node: usize,
        raw: &str,
        weight: Option<f64>,
        line: usize,
    ) -> Added {
        self.source_entries += 1;
        let pattern = match Pattern::parse(raw) {
            Ok(p) => p,
            Err(reason) => {
                self.error(line, reason);
                return Added::Refused;
            }
        };
        if let Some(w) = weight {
            if !w.is_finite() {
                self.error(
                    line,
                    format!("the weight of `{raw}` is not a finite number"),
                );
                return Added::Refused;
            }
        }
        let key = (node, pattern.to_string());
        if let Some(&(first_weight, first_line)) = self.seen.get(&key) {
            let category = &self.nodes[node].category.name;
            if first_weight != weight {
                self.error(
                    line,
                    format!(
                        "`{}` is listed twice in {category} with two weights ({} here, {} on \
                         line {first_line}); keep one",
                        key.1,
                        show_weight(weight),
                        show_weight(first_weight)
                    ),
                );
                return Added::Refused;
            }
            if self.quiet_repeats {
                self.repeats += 1;
            } else {
                self.warn(
                    line,
                    format!(
                        "`{}` is already listed in {category} on line {first_line}; counted once",
                        key.1
                    ),
                );
            }
            return Added::Repeat;
        }
        self.seen.insert(key, (weight, line));
        self.nodes[node].category.entries.push(Entry {
            pattern,
            weight,
            line,
        });
        Added::New
    }

    fn finish(mut self, name: &str, format: Format) -> Result<Loaded, Vec<Problem>> {
        let mut categories = Vec::new();
        let node_count = self.nodes.len();
        let nodes = std::mem::take(&mut self.nodes);
        for node in nodes {
            if !node.category.entries.is_empty() {
                categories.push(node.category);
            } else if !node.has_children && !self.has_errors() {
                // (With errors, a category may be empty only because its entries were refused.)
                // quanteda drops empty keys with a note; a scorer that is always 0 would mislead.
                self.warn(
                    node.category.line,
                    format!("category {} has no entries; left out", node.category.name),
                );
            }
        }
        if categories.is_empty() && !self.has_errors() {
            self.error(0, format!("no entries found: is this a {format} file?"));
        }
        self.problems.sort_by_key(|p| p.line);
        if self.has_errors() {
            return Err(self.problems);
        }
        Ok(Loaded {
            dictionary: Dictionary {
                name: name.to_owned(),
                format,
                categories,
                nodes: node_count,
                source_entries: self.source_entries,
            },
            warnings: self.problems,
        })
    }

    fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

fn show_weight(w: Option<f64>) -> String {
    w.map_or_else(|| "none".into(), |w| w.to_string())
}
