//! `stance explain`: the evidence behind every attribution of one text.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};

use super::{corpus::ReadArgs, EXIT_FATAL, EXIT_OK};
use stance::actors::{ActorId, Mention};
use stance::attribution::Voice;
use stance::corpus::Document;
use stance::eval::{datasets::unbracket, Predictor};
use stance::explain::{explain, explain_with_mentions, SentenceView};

/// Shows, per sentence, the mentions (and the alias that matched), which rule fired, source ->
/// target, the scope the scorers read, its cue words and each scorer's score.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The text to explain (or use --doc).
    text: Option<String>,
    /// Explain the text of this file instead.
    #[arg(long, value_name = "FILE", conflicts_with = "text")]
    doc: Option<PathBuf>,
    /// Take the [bracketed] spans as the actors E1, E2, ... instead of the actor lexicon.
    #[arg(long)]
    brackets: bool,
    /// JSON (one array of sentences) instead of the readable report.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    read: ReadArgs,
}

pub fn run(args: ExplainArgs) -> Result<i32> {
    let text = match (&args.text, &args.doc) {
        (Some(t), None) => t.clone(),
        (None, Some(path)) => std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read as UTF-8 text", path.display()))?,
        _ => bail!("give a TEXT argument or --doc FILE"),
    };
    let sentences = if args.brackets {
        let (clean, spans) = unbracket(&text);
        if spans.is_empty() {
            bail!("--brackets: no [bracketed] entity in the text");
        }
        let engine = args
            .read
            .verbs
            .engine(stance::actors::ActorSet::bundled(), true)?
            .with_actors(Predictor::entities(spans.len()));
        let mentions: Vec<Mention> = spans
            .iter()
            .enumerate()
            .map(|(i, &span)| Mention {
                actor: ActorId(i as u32),
                span,
                pattern: 0,
            })
            .collect();
        explain_with_mentions(&engine, &clean, &mentions)
    } else {
        let Some(actors) = args.read.load_actors() else {
            return Ok(EXIT_FATAL);
        };
        let doc = Document {
            text,
            ..Document::default()
        };
        explain(&args.read.verbs.engine(actors, true)?, &doc)
    };
    if args.json {
        super::output::print_json(&sentences)?;
    } else {
        super::output::print_text(&render(&sentences))?;
    }
    Ok(EXIT_OK)
}

fn render(sentences: &[SentenceView]) -> String {
    if sentences.is_empty() {
        return "no actor mentioned\n".into();
    }
    let mut out = String::new();
    for s in sentences {
        out += &format!("[{}] {}\n", s.index, s.text);
        let mentions: Vec<String> = s
            .mentions
            .iter()
            .map(|m| {
                if m.alias.is_empty() || m.alias.eq_ignore_ascii_case(&m.text) {
                    format!("{} \"{}\"", m.actor, m.text)
                } else {
                    format!("{} \"{}\" (alias \"{}\")", m.actor, m.text, m.alias)
                }
            })
            .collect();
        out += &format!("  mentions: {}\n", mentions.join(", "));
        for a in &s.attributions {
            let scores: Vec<String> = a
                .scores
                .iter()
                .map(|(name, v)| match v {
                    Some(v) => format!("{name} {v:+.3}"),
                    None => format!("{name} -"),
                })
                .collect();
            // Own words weigh their valence in full, so the reader is told which scopes are.
            let voice = if a.voice == Voice::Own.as_str() {
                "; own words"
            } else {
                ""
            };
            out += &format!(
                "  {} -> {}  [{}{voice}]  {}\n    scope: \"{}\"\n",
                a.source,
                a.target,
                a.rule,
                scores.join("  "),
                a.scope.trim()
            );
            if !a.cues.is_empty() {
                let cues: Vec<String> = a
                    .cues
                    .iter()
                    .map(|c| {
                        format!(
                            "\"{}\" {:+.2}{}",
                            c.text,
                            c.weight,
                            if c.negated { " (negated)" } else { "" }
                        )
                    })
                    .collect();
                out += &format!("    cues: {}\n", cues.join(", "));
            }
            if let Some(cameo) = &a.cameo {
                out += &format!("    verb pattern: CAMEO {cameo}\n");
            }
        }
        out.push('\n');
    }
    out
}
