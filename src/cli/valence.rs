//! `stance valence`: a drop-in VADER 3.3.2 for the command line.

use anyhow::{Context, Result};
use std::io::{self, BufRead, BufReader, Read};
use std::path::PathBuf;

use super::{output::write_output, say, EXIT_OK, EXIT_SKIPPED};
use stance::vader::{Vader, VaderScratch};

/// Scores one text per input line with VADER 3.3.2, exactly as vaderSentiment prints it.
///
/// Output: TSV with the header `neg  neu  pos  compound`, one row per input line, the values
/// rounded and printed as Python does. A line that is not valid UTF-8 is reported and scored
/// with the bad bytes replaced, so rows stay aligned with input lines (exit code 1).
#[derive(Debug, clap::Args)]
pub struct ValenceArgs {
    /// File with one text per line; `-` or nothing reads standard input.
    input: Option<PathBuf>,
    /// Write here instead of standard output (atomically).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Add the news layer (lexicons/news/news_valence.tsv) to the VADER lexicon; without it the
    /// scores are VADER 3.3.2's, exactly.
    #[arg(long)]
    news: bool,
}

pub fn run(args: ValenceArgs) -> Result<i32> {
    let name = args
        .input
        .as_ref()
        .map_or("-".to_string(), |p| p.display().to_string());
    let source: Box<dyn Read> = match &args.input {
        Some(p) if p.as_os_str() != "-" => {
            Box::new(std::fs::File::open(p).with_context(|| format!("{name}: cannot open"))?)
        }
        _ => Box::new(io::stdin()),
    };
    let mut reader = BufReader::with_capacity(1 << 16, source);
    let vader = Vader::bundled();
    let news = args.news.then(stance::scorers::news::news_layer);
    let mut scratch = VaderScratch::default();
    let mut line = Vec::new();
    let mut row = String::new();
    let mut bad_lines = 0u64;
    let mut line_no = 0u64;
    write_output(args.output.as_deref(), |out| {
        out.write_all(b"neg\tneu\tpos\tcompound\n")?;
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line)? == 0 {
                break;
            }
            line_no += 1;
            let bytes = line.strip_suffix(b"\n").unwrap_or(&line);
            let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            let text = match std::str::from_utf8(bytes) {
                Ok(t) => std::borrow::Cow::Borrowed(t),
                Err(e) => {
                    bad_lines += 1;
                    say!("{name}:{line_no}: not valid UTF-8 (byte {}); scored with the bad bytes replaced", e.valid_up_to());
                    String::from_utf8_lossy(bytes)
                }
            };
            row.clear();
            let polarity = match &news {
                Some(layer) => vader.polarity_scores_layered(&text, layer, &mut scratch).1,
                None => vader.polarity_scores(&text, &mut scratch),
            };
            polarity.write_tsv_row(&mut row);
            row.push('\n');
            out.write_all(row.as_bytes())?;
        }
        Ok(())
    })?;
    Ok(if bad_lines > 0 { EXIT_SKIPPED } else { EXIT_OK })
}
