//! `stance parse`: what the engine's syntax layer sees, as CoNLL-U.

use std::io::Write;

use anyhow::Result;

use super::corpus::{Inputs, ReadArgs};
use super::{say, EXIT_OK, EXIT_SKIPPED};
use stance::corpus::Event;
use stance::syntax::words::{split_clitics, Word};
use stance::syntax::{conllu, Parse, Syntax, SyntaxScratch};
use stance::text::{split_sentences, tokenize, Span, MAX_DOCUMENT_BYTES};

/// Tags and parses plain text or a corpus with the engine's own sentences and tokens (clitics
/// split the UD way: `do n't`, `Haftar 's`) and prints CoNLL-U: ID, FORM, UPOS, HEAD, DEPREL.
///
/// Each sentence is preceded by `# doc_id`, `# sent_id` and `# text` comments.
#[derive(Debug, clap::Args)]
pub struct ParseArgs {
    /// Text or corpus files (text, JSONL, CSV, TSV; `-` for stdin); default the bundled sample.
    inputs: Vec<String>,
    /// Parse this text instead of files.
    #[arg(long, conflicts_with = "inputs")]
    text: Option<String>,
    #[command(flatten)]
    read: ReadArgs,
}

pub fn run(args: ParseArgs) -> Result<i32> {
    let syntax = Syntax::bundled();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut printer = Printer::default();
    if let Some(text) = &args.text {
        printer.document(syntax, "text", text, &mut out)?;
        out.flush()?;
        return Ok(EXIT_OK);
    }
    let mut skipped = 0usize;
    for event in args.read.reader(Inputs::check(&args.inputs)?)? {
        match event {
            Event::Document { doc, .. } => {
                if doc.text.len() > MAX_DOCUMENT_BYTES {
                    say!("{}: document too long to tokenize, skipped", doc.id);
                    skipped += 1;
                    continue;
                }
                printer.document(syntax, &doc.id, &doc.text, &mut out)?;
            }
            Event::Skipped { at, reason } => {
                say!("{}:{}: {reason}", at.path, at.line);
                skipped += 1;
            }
            Event::FileProblem { at, reason } => {
                say!("{}:{}: {reason}", at.path, at.line);
                skipped += 1;
            }
        }
    }
    out.flush()?;
    Ok(if skipped > 0 { EXIT_SKIPPED } else { EXIT_OK })
}

/// Buffers reused from sentence to sentence.
#[derive(Default)]
struct Printer {
    sentences: Vec<Span>,
    tokens: Vec<stance::text::Token>,
    words: Vec<Word>,
    parse: Parse,
    scratch: SyntaxScratch,
}

impl Printer {
    fn document(
        &mut self,
        syntax: &Syntax,
        id: &str,
        text: &str,
        out: &mut impl Write,
    ) -> Result<()> {
        self.sentences.clear();
        split_sentences(text, &mut self.sentences);
        for (k, &sentence) in self.sentences.iter().enumerate() {
            self.tokens.clear();
            tokenize(text, sentence, &mut self.tokens);
            self.words.clear();
            split_clitics(text, &self.tokens, &mut self.words);
            if self.words.is_empty() {
                continue;
            }
            let forms: Vec<&str> = self.words.iter().map(|w| w.span.slice(text)).collect();
            syntax.parse(&forms, &mut self.parse, &mut self.scratch);
            let rels: Vec<&str> = self.parse.deprel.iter().map(|&d| syntax.label(d)).collect();
            // A comment is one line: the text's line breaks become spaces.
            let one_line: String = sentence
                .slice(text)
                .chars()
                .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
                .collect();
            let comments = [
                format!("doc_id = {id}"),
                format!("sent_id = {}", k + 1),
                format!("text = {one_line}"),
            ];
            conllu::write_sentence(
                out,
                &comments,
                &forms,
                &self.parse.upos,
                &self.parse.head,
                &rels,
            )?;
        }
        Ok(())
    }
}
