//! `stance actors`: keeping actor lists current.

use anyhow::Result;

use super::corpus::{Inputs, ReadArgs};
use super::output::write_output;
use super::problems::ProblemLog;
use super::{say, EXIT_OK, EXIT_SKIPPED};
use stance::actors::{ActorSet, BUNDLED};
use stance::corpus::Event;
use stance::suggest::NameCounter;

/// Works with actor lists.
#[derive(Debug, clap::Args)]
pub struct ActorsArgs {
    #[command(subcommand)]
    command: ActorsCommand,
}

#[derive(Debug, clap::Subcommand)]
enum ActorsCommand {
    /// Lists the frequent names in a corpus that no actor lexicon covers, with their counts and
    /// an example sentence: candidates to add to a lexicon. Inputs as for `stance score` (the
    /// bundled sample when there are none); the lexicons are those of --actors.
    Suggest(Box<SuggestArgs>),
    /// Lists the bundled actor lists (`--actors NAME`) with their sizes.
    List,
}

#[derive(Debug, clap::Args)]
struct SuggestArgs {
    /// Files, directories, or `-`.
    inputs: Vec<String>,
    #[command(flatten)]
    read: ReadArgs,
    /// How many names to list.
    #[arg(long, default_value_t = 50)]
    top: usize,
    /// Leave out names seen fewer times than this.
    #[arg(long, default_value_t = 2)]
    min_count: u64,
    /// JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: ActorsArgs) -> Result<i32> {
    let args = match args.command {
        ActorsCommand::Suggest(args) => *args,
        ActorsCommand::List => return list(),
    };
    let actors = args.read.load_actors()?;
    let reader = args.read.reader(Inputs::check(&args.inputs)?)?;
    let mut counter = NameCounter::default();
    let (mut scored, mut skipped, mut problems) = (0u64, 0u64, 0u64);
    let mut log = ProblemLog::default();
    for event in reader {
        match event {
            Event::Document { doc, .. } => {
                counter.add(&doc, &actors);
                scored += 1;
            }
            Event::Skipped { at, reason } => {
                log.note(&at, &reason).iter().for_each(|l| say!("{l}"));
                skipped += 1;
            }
            Event::FileProblem { at, reason } => {
                log.note(&at, &reason).iter().for_each(|l| say!("{l}"));
                problems += 1;
            }
        }
    }
    log.finish().iter().for_each(|l| say!("{l}"));
    let top = counter.top(args.top, args.min_count);
    write_output(None, |out| {
        if args.json {
            serde_json::to_writer_pretty(&mut *out, &top)?;
            return writeln!(out);
        }
        writeln!(out, "{:>6}  {:<32}  example", "count", "name")?;
        for s in &top {
            writeln!(
                out,
                "{:>6}  {:<32}  {} ({})",
                s.count, s.name, s.example, s.doc
            )?;
        }
        Ok(())
    })?;
    if !args.read.quiet {
        say!(
            "{} documents read: {scored} scanned, {skipped} skipped; {} names listed",
            scored + skipped,
            top.len()
        );
    }
    Ok(if skipped > 0 || problems > 0 {
        EXIT_SKIPPED
    } else {
        EXIT_OK
    })
}

/// `stance actors list`: each bundled list with its actors, aliases and agent codes.
fn list() -> Result<i32> {
    let mut rows = Vec::new();
    for (i, list) in BUNDLED.iter().enumerate() {
        let Some(Ok((set, _))) = ActorSet::bundled_named(list.name) else {
            anyhow::bail!("the bundled list {} does not load", list.name);
        };
        rows.push((
            format!("{}{}", list.name, if i == 0 { " (default)" } else { "" }),
            set.len(),
            set.matcher().pattern_count(),
            set.agent_codes().len(),
            list.about,
        ));
    }
    write_output(None, |out| {
        writeln!(
            out,
            "{:<16}  {:>7}  {:>7}  {:>6}  holds",
            "name", "actors", "aliases", "agents"
        )?;
        for (name, actors, aliases, agents, about) in &rows {
            writeln!(
                out,
                "{name:<16}  {actors:>7}  {aliases:>7}  {agents:>6}  {about}"
            )?;
        }
        Ok(())
    })?;
    Ok(EXIT_OK)
}
