//! `stance compare`: how actors see each other, side by side, with the evidence.

use anyhow::{bail, Context, Result};
use std::fmt::Write as _;
use std::path::PathBuf;

use super::corpus::{summary, CorpusArgs, Inputs};
use super::output::write_output;
use super::{EXIT_OK, EXIT_SKIPPED};
use stance::compare::{did_you_mean, match_id, CellSummary, CellTable, Comparison, IdMatch};

/// Compares actors: each pair in both directions with its asymmetry, each actor's profile toward
/// all the others side by side, who sides with whom (cosine similarity of rows and columns), and
/// the strongest evidence sentences of each cell, with document id and date.
///
/// `stance compare A B [C...] [INPUT...]`: the leading arguments that are actor ids are compared;
/// the rest are inputs as for `stance score` (the bundled sample when there are none). With
/// `--from MATRIX.json`, a matrix saved by `stance score --format json` is compared instead.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Actor ids (at least two), then inputs.
    #[arg(required = true, num_args = 1.., value_name = "ACTOR|INPUT")]
    names: Vec<String>,
    /// Compare a saved matrix instead of scoring a corpus.
    #[arg(long, value_name = "MATRIX.json")]
    from: Option<PathBuf>,
    #[command(flatten)]
    corpus: CorpusArgs,
    /// The scorer compared: conflict, stance, valence, or a --lexicon scorer.
    #[arg(long, value_name = "SCORER", default_value = "stance")]
    scorer: String,
    /// One JSON object instead of tables.
    #[arg(long)]
    json: bool,
}

pub fn run(args: CompareArgs) -> Result<i32> {
    let scorer = args.scorer.as_str();
    let (table, known, inputs_code) = if let Some(path) = &args.from {
        let json = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read", path.display()))?;
        let table = CellTable::from_json(&json, scorer)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let known = table.ids();
        let mut ids = Vec::with_capacity(args.names.len());
        for name in &args.names {
            match match_id(name, &known) {
                IdMatch::Found(id) => ids.push(id.to_string()),
                IdMatch::Ambiguous(several) => bail!(
                    "{name}: several actors of the saved matrix differ from it only in case: {}",
                    several.join(", ")
                ),
                IdMatch::Unknown(near) => bail!(
                    "{name}: no cell of the saved matrix names this actor{} (with --from, give \
                     only actor ids)",
                    did_you_mean(&near)
                ),
            }
        }
        (table, ids, EXIT_OK)
    } else {
        let actors = args.corpus.read.load_actors()?;
        let all_ids: Vec<&str> = actors.iter().map(|(_, a)| a.id.as_str()).collect();
        // The leading names that are actor ids (in any case) and not files are compared.
        let mut ids: Vec<String> = Vec::new();
        let mut split = args.names.len();
        for (i, name) in args.names.iter().enumerate() {
            let is_file = name == "-" || std::path::Path::new(name).exists();
            match match_id(name, &all_ids) {
                IdMatch::Found(id) if !is_file => ids.push(id.to_string()),
                IdMatch::Ambiguous(several) if !is_file => bail!(
                    "{name}: several actor ids of the lexicon differ from it only in case: {}",
                    several.join(", ")
                ),
                found => {
                    // Not a file, and close to an id: a mistyped id rather than an input.
                    if let IdMatch::Unknown(near) = &found {
                        if !is_file && (ids.len() < 2 || !near.is_empty()) {
                            bail!(
                                "{name:?} is not an actor id of the lexicon{}{}",
                                did_you_mean(near),
                                if ids.len() < 2 {
                                    "; give at least two actor ids before the inputs"
                                } else {
                                    ", nor an input file"
                                }
                            );
                        }
                    }
                    split = i;
                    break;
                }
            }
        }
        let inputs = &args.names[split..];
        if ids.len() < 2 {
            bail!(
                "give at least two actor ids before the inputs; {:?} is an input, not an actor id",
                args.names.get(split).map_or("", String::as_str)
            );
        }
        args.corpus.require_scorer("--scorer", scorer)?;
        let inputs = Inputs::check(inputs)?;
        let by = args.corpus.granularity()?;
        let run = args.corpus.run(inputs, by, actors, None)?;
        if run.output.stopped {
            bail!("stopped at the first problem (--strict); nothing compared");
        }
        if !args.corpus.read.quiet {
            summary(&run.output.stats, run.seconds);
        }
        let code = if run.output.stats.documents_skipped > 0 || run.output.stats.file_problems > 0 {
            EXIT_SKIPPED
        } else {
            EXIT_OK
        };
        (
            CellTable::from_accumulator(&run.output.acc, run.engine.actors(), scorer),
            ids,
            code,
        )
    };
    let comparison = Comparison::new(&table, &known, scorer);
    write_output(None, |out| {
        if args.json {
            serde_json::to_writer_pretty(&mut *out, &json_view(&comparison, &table))?;
            writeln!(out)
        } else {
            out.write_all(render(&comparison, &table).as_bytes())
        }
    })?;
    Ok(inputs_code)
}

/// The comparison plus the evidence of every ordered pair, for `--json`.
fn json_view(c: &Comparison, table: &CellTable) -> serde_json::Value {
    let mut evidence = Vec::new();
    for a in &c.actors {
        for b in c.actors.iter().filter(|b| *b != a) {
            if let Some(cell) = table.get(a, b) {
                evidence
                    .push(serde_json::json!({"source": a, "target": b, "items": cell.evidence}));
            }
        }
    }
    let mut v = serde_json::to_value(c).expect("serialisable");
    v["evidence"] = serde_json::Value::Array(evidence);
    v
}

fn cell_text(c: Option<&CellSummary>) -> String {
    match c {
        None => "no evidence".into(),
        Some(c) => {
            let ci = c
                .ci95()
                .map(|(low, high)| format!(" [{low:+.2}, {high:+.2}]"));
            format!("{:+.3}{} n={}", c.mean, ci.unwrap_or_default(), c.n)
        }
    }
}

/// The readable report.
fn render(c: &Comparison, table: &CellTable) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Scorer: {} (mean [95% interval], n)\n", c.scorer);
    let _ = writeln!(s, "Pairs, both directions");
    for p in &c.pairs {
        let _ = writeln!(s, "  {} -> {}: {}", p.a, p.b, cell_text(p.a_to_b.as_ref()));
        let _ = writeln!(s, "  {} -> {}: {}", p.b, p.a, cell_text(p.b_to_a.as_ref()));
        match p.asymmetry {
            Some(x) => {
                let _ = writeln!(
                    s,
                    "  asymmetry ({} -> {} minus {} -> {}): {:+.3}\n",
                    p.a, p.b, p.b, p.a, x
                );
            }
            None => {
                let _ = writeln!(s, "  asymmetry: needs both directions\n");
            }
        }
    }
    let _ = writeln!(s, "Profiles: each actor's mean toward each target (n)");
    let width = c
        .profiles
        .iter()
        .map(|r| r.target.len())
        .max()
        .unwrap_or(6)
        .max(6);
    let _ = write!(s, "  {:width$}", "target");
    for a in &c.actors {
        let _ = write!(s, " {a:>16}");
    }
    let _ = writeln!(s);
    for row in &c.profiles {
        let _ = write!(s, "  {:width$}", row.target);
        for cell in &row.cells {
            let text = cell.map_or("-".to_string(), |(m, n)| format!("{m:+.2} ({n})"));
            let _ = write!(s, " {text:>16}");
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(
        s,
        "\nWho sides with whom: cosine similarity, +1 alike, -1 opposed"
    );
    for sim in &c.similarity {
        let fmt = |v: Option<f64>, n: usize, what: &str| match v {
            Some(v) => format!("{v:+.2} over {n} shared {what}"),
            None => format!("too few shared {what} ({n})"),
        };
        let _ = writeln!(
            s,
            "  {} ~ {}: how they see others {}; how others see them {}",
            sim.a,
            sim.b,
            fmt(sim.rows, sim.shared_targets, "targets"),
            fmt(sim.columns, sim.shared_sources, "sources")
        );
    }
    let _ = writeln!(s, "\nStrongest evidence");
    for a in &c.actors {
        for b in c.actors.iter().filter(|b| *b != a) {
            let Some(cell) = table.get(a, b) else {
                continue;
            };
            let _ = writeln!(s, "  {a} -> {b}:");
            for e in &cell.evidence {
                let _ = writeln!(
                    s,
                    "    {:+.2}  {} ({})  {}",
                    e.score,
                    e.doc,
                    e.date.as_deref().unwrap_or("undated"),
                    e.text.replace('\n', " ")
                );
            }
        }
    }
    s
}
