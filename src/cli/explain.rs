//! `stance explain`: the evidence behind every attribution of one text.

use anyhow::{bail, Result};

use super::corpus::{CueArgs, Inputs, ReadArgs};
use super::problems::ProblemLog;
use super::{say, EXIT_OK, EXIT_SKIPPED};
use stance::actors::{ActorId, ActorSet, Mention};
use stance::attribution::Voice;
use stance::corpus::{Document, Event};
use stance::eval::{datasets::unbracket, Predictor};
use stance::explain::{explain, explain_with_mentions, SentenceView};
use stance::Engine;

/// Shows, per sentence, the mentions (and the alias that matched), which rule fired, source ->
/// target, the scope the scorers read, its cue words and each scorer's score.
///
/// With --doc, the file is read as `stance score` reads its inputs (--input-format, the field
/// flags, gzip, `-` for standard input), and every document in it is explained in turn.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The text to explain (or use --doc).
    text: Option<String>,
    /// Explain the documents of this file (`-`: standard input) instead.
    #[arg(long, value_name = "FILE", conflicts_with = "text")]
    doc: Option<String>,
    /// Take the [bracketed] spans as the actors E1, E2, ... instead of the actor lexicon.
    #[arg(long)]
    brackets: bool,
    /// JSON (one array of sentences) instead of the readable report. When --doc holds several
    /// documents, each sentence also names its `doc`.
    #[arg(long)]
    json: bool,
    /// Parse the sentences that need a tree and keep a clause rule's actor -> actor dyad only
    /// where the tree links the two (as `score --syntax`).
    #[arg(long)]
    syntax: bool,
    /// Keep a clause rule's actor -> actor dyads between actors that only stand in one clause,
    /// without a relation between them (the behaviour before relations were required; README
    /// "A relation is required").
    #[arg(long)]
    cooccurrence: bool,
    #[command(flatten)]
    read: ReadArgs,
    #[command(flatten)]
    cues: CueArgs,
}

/// A sentence's explanation and, when the input holds several documents, which one it is from.
#[derive(serde::Serialize)]
struct DocSentence<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    doc: Option<&'a str>,
    #[serde(flatten)]
    sentence: &'a SentenceView,
}

pub fn run(args: ExplainArgs) -> Result<i32> {
    let (documents, had_problems) = match (&args.text, &args.doc) {
        (Some(t), None) => (
            vec![Document {
                text: t.clone(),
                ..Document::default()
            }],
            false,
        ),
        (None, Some(path)) => read_documents(&args.read, path)?,
        _ => bail!("give a TEXT argument or --doc FILE"),
    };
    let scorers = args.cues.scorers()?;
    let scorers = args.read.verbs.add_to(scorers, true)?;
    let scorers = args.read.calibration.add_to(scorers)?;
    let scorers = args.read.dictionaries.add_to(scorers, args.read.quiet)?;
    let actors = if args.brackets {
        None
    } else {
        Some(args.read.load_actors()?)
    };
    let no_actors = ActorSet::from_actors(Vec::new()).expect("no actors is a valid set");
    let engine = Engine::with_scorers(actors.unwrap_or(no_actors), scorers)
        .with_syntax(args.syntax)
        .with_relations_required(!args.cooccurrence);
    let mut explained = Vec::with_capacity(documents.len());
    for doc in &documents {
        let sentences = if args.brackets {
            explain_bracketed(&engine, &doc.text)?
        } else {
            explain(&engine, doc)
        };
        explained.push((doc.id.as_str(), sentences));
    }
    // One document reads as it always has; several are told apart.
    let several = explained.len() > 1;
    if args.json {
        let rows: Vec<DocSentence> = explained
            .iter()
            .flat_map(|(id, sentences)| {
                sentences.iter().map(move |sentence| DocSentence {
                    doc: several.then_some(*id),
                    sentence,
                })
            })
            .collect();
        super::output::print_json(&rows)?;
    } else {
        let mut out = String::new();
        for (id, sentences) in &explained {
            if several {
                out += &format!("== {id}\n");
            }
            out += &render(sentences);
        }
        super::output::print_text(&out)?;
    }
    Ok(if had_problems { EXIT_SKIPPED } else { EXIT_OK })
}

/// The documents of `path`, read by the corpus readers, and whether any record or the file had
/// a problem (each reported on stderr); an error when the input cannot be found.
fn read_documents(read: &ReadArgs, path: &str) -> Result<(Vec<Document>, bool)> {
    let reader = read.reader(Inputs::check(&[path.to_string()])?)?;
    let mut documents = Vec::new();
    let mut problems = false;
    let mut log = ProblemLog::default();
    for event in reader {
        match event {
            Event::Document { doc, .. } => documents.push(doc),
            Event::Skipped { at, reason } | Event::FileProblem { at, reason } => {
                log.note(&at, &reason).iter().for_each(|l| say!("{l}"));
                problems = true;
            }
        }
    }
    log.finish().iter().for_each(|l| say!("{l}"));
    if documents.is_empty() {
        bail!("{path}: no document to explain");
    }
    Ok((documents, problems))
}

/// Explains a text whose [bracketed] spans are the actors E1, E2, ...
fn explain_bracketed(engine: &Engine, text: &str) -> Result<Vec<SentenceView>> {
    let (clean, spans) = unbracket(text);
    if spans.is_empty() {
        bail!("--brackets: no [bracketed] entity in the text");
    }
    let engine = engine.with_actors(Predictor::entities(spans.len()));
    let mentions: Vec<Mention> = spans
        .iter()
        .enumerate()
        .map(|(i, &span)| Mention {
            actor: ActorId(i as u32),
            span,
            pattern: 0,
        })
        .collect();
    Ok(explain_with_mentions(&engine, &clean, &mentions))
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
        if let Some(arcs) = &s.tree {
            let arcs: Vec<String> = arcs
                .iter()
                .map(|a| format!("{}({}, {})", a.relation, a.head, a.dependent))
                .collect();
            out += &format!("  tree: {}\n", arcs.join(" "));
        }
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
            if let Some(c) = &a.calibration {
                let parts: Vec<String> = c
                    .contributions
                    .iter()
                    .map(|(name, v)| format!("{name} {v:+.3}"))
                    .collect();
                out += &format!(
                    "    calibrated: P(+) {:.3}  P(-) {:.3}  P(none) {:.3} (no score above {})\n    \
                     contributions to the +/- margin: {}\n",
                    c.p[0],
                    c.p[1],
                    c.p[2],
                    c.none_threshold,
                    parts.join(", ")
                );
            }
            if let Some(link) = &a.link {
                out += &format!("    tree link: {link}\n");
            }
        }
        for d in &s.dropped {
            out += &format!(
                "  {} -> {}  [{}]  dropped: the tree links no mention of the one to the other\n",
                d.source, d.target, d.rule
            );
        }
        out.push('\n');
    }
    out
}
