//! `stance eval`: scores labelled data and prints the metrics, the confusion matrix and the
//! thresholds used (or, with `--fit`, fits the thresholds on a training file).

use std::path::PathBuf;

use anyhow::{bail, Context, Result};

use super::corpus::load_actor_files;
use super::output::{print_json, print_text};
use super::{say, EXIT_OK};
use stance::actors::{ActorSet, LexiconFormat};
use stance::eval::datasets;
use stance::eval::gold::{gold_report, GoldReport};
use stance::eval::predictions::Predictions;
use stance::eval::thresholds::{self, Band, Bands, StoredBands};
use stance::eval::Report;
use stance::scorers::{Scorer, SCORERS};
use stance::Engine;

/// Scores labelled data against human labels.
///
/// Formats: `dse` (TSV: sentence with two [bracketed] entities, entity1, entity2, label 0-4),
/// `newsmtsc` (JSONL, flat `hf_flat` or original), `persent` (CSV), `gold` (a dyad annotation
/// such as ../shared/seed/gold.tsv, checked against the document given by --doc), `pairs` (every
/// ordered actor pair of chosen news sentences labelled +, - or 0, as tests/data/realnews_dev_pairs.tsv:
/// signed precision and recall of actor -> actor attributions).
/// Neutral thresholds come from lexicons/calibration/thresholds.tsv (bundled; --thresholds FILE
/// reads another), fitted on training files.
///
/// `ud` evaluates the tagger and parser instead (src/syntax/) on a CoNLL-U treebank with gold
/// tokenisation and predicted tags: upos_accuracy, uas, las (punctuation included, relations
/// compared on their universal part, as in the CoNLL 2018 shared task), sentences, tokens_per_s
/// (one thread).
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// dse, newsmtsc, persent, gold, pairs or ud.
    format: String,
    /// The labelled file.
    path: PathBuf,
    /// gold: the document the annotation is about.
    #[arg(long, value_name = "FILE")]
    doc: Option<PathBuf>,
    /// pairs: the folder the annotation's corpus paths are relative to.
    #[arg(long, value_name = "DIR", default_value = "../shared/data/corpora")]
    corpora: PathBuf,
    /// gold, pairs: actor lexicon; default the bundled Libya lexicon for gold, and for pairs the
    /// three Phoenix actor dictionaries beside the corpora (`../petrarch2_dictionaries/`), which
    /// the real-news dev set was drawn with.
    #[arg(long = "actors", value_name = "FILE")]
    actors: Vec<PathBuf>,
    /// The scorer to evaluate: stance, conflict or valence.
    #[arg(long, default_value = "stance")]
    scorer: String,
    /// Fit the neutral band on PATH (a training file) and print it as a thresholds.tsv row.
    #[arg(long)]
    fit: bool,
    /// Neutral bands from this file (the format of lexicons/calibration/thresholds.tsv) instead
    /// of the bundled copy: add the rows --fit prints to use them without rebuilding.
    #[arg(long, value_name = "FILE")]
    thresholds: Option<PathBuf>,
    /// Weight of cue strength in the stance scorer (calibration on training files only).
    #[arg(long, value_name = "W", default_value_t = stance::scorers::STANCE_CUE_WEIGHT)]
    cue_weight: f64,
    /// Weight of news valence in the stance scorer where a scope has no cues (calibration).
    #[arg(long, value_name = "W", default_value_t = stance::scorers::STANCE_VALENCE_WEIGHT)]
    valence_weight: f64,
    /// The same weight where the scope is the source's own words, a quote (calibration).
    #[arg(long, value_name = "W", default_value_t = stance::scorers::STANCE_OWN_WORDS_VALENCE_WEIGHT)]
    own_words_valence_weight: f64,
    /// Also print the first N items the scorer got wrong (gold, predicted, score, text).
    #[arg(long, value_name = "N", default_value_t = 0)]
    errors: usize,
    /// One JSON object instead of the readable report.
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
    /// pairs: k-fold cross-validation by document instead of one reading: each fold is read
    /// with the neutral band fitted (signed F1) on the other folds. For training files.
    #[arg(long, value_name = "K")]
    folds: Option<usize>,
    /// ud: a syntax model file instead of the bundled one.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    #[command(flatten)]
    verbs: super::verbs::VerbArgs,
    #[command(flatten)]
    calibration: super::calibration::CalibrationArgs,
    /// With --calibrated, on a file the calibration was fitted on (otherwise refused): report
    /// the figure of k-fold cross-fitting within the file instead, each fold scored by a model
    /// fitted on the other folds with the shipped L2 and threshold.
    #[arg(long, requires = "calibrated")]
    cross_fit: bool,
}

pub fn run(args: EvalArgs) -> Result<i32> {
    if args.format == "ud" {
        return run_ud(&args);
    }
    let Some(scorer) = SCORERS.iter().copied().find(|s| s.name() == args.scorer) else {
        let names: Vec<&str> = SCORERS.iter().map(|s| s.name()).collect();
        bail!(
            "--scorer {:?}: expected one of {}",
            args.scorer,
            names.join(", ")
        );
    };
    let format = args.format.as_str();
    if format == "gold" {
        return run_gold(&args, scorer);
    }
    if format == "pairs" {
        if let Some(model) = args.calibration.model()? {
            if model.was_fitted_on(&args.path) {
                bail!(
                    "{}: the calibration was fitted on this file (it was fitted on {}), so its \
                     figure here would flatter it; evaluate the dev set tests/data/realnews_dev_pairs.tsv \
                     (train calibration prints this file's cross-validated figure)",
                    args.path.display(),
                    model.protocol.fitted_on.join(", ")
                );
            }
        }
        return run_pairs(&args, scorer);
    }
    let model = args.calibration.model()?;
    if let Some(model) = &model {
        if scorer != Scorer::Stance {
            bail!("--calibrated gives the stance score: use --scorer stance");
        }
        if args.fit {
            bail!("--calibrated carries its own bands (`stance train calibration` fits them): drop --fit");
        }
        if model.was_fitted_on(&args.path) {
            if !args.cross_fit {
                bail!(
                    "{}: the calibration was fitted on this file (it was fitted on {}), so its \
                     figure here would flatter it; add --cross-fit to read the file by k-fold \
                     cross-fitting instead, or evaluate a dev split",
                    args.path.display(),
                    model.protocol.fitted_on.join(", ")
                );
            }
            return run_calibrated_cross_fit(&args, model);
        }
    }
    // Each item brings its own actors: the engine only lends its scorers.
    let engine = Engine::with_scorers(
        ActorSet::from_actors(Vec::new()).expect("no actors is a valid set"),
        scorer_set(&args)?,
    )
    .with_syntax(args.syntax)
    .with_relations_required(!args.cooccurrence);
    let predictions = Predictions::read(&engine, scorer, format, &args.path)?;
    if args.fit {
        let (quality, low, high) = predictions.fit(format, scorer);
        let file = thresholds::fitted_on_name(&args.path);
        print_text(&format!(
            "{format}\t{}\t{low:.2}\t{high:.2}\t{file}\n",
            scorer.name()
        ))?;
        say!(
            "fitted on {} items: macro-F1 {quality:.4} on the training file itself",
            predictions.len()
        );
        return Ok(EXIT_OK);
    }
    let band = match &model {
        // The calibration's bands were fitted with it, on out-of-fold predictions of the
        // training files; a format without one (persent) is cross-fitted on its own halves.
        Some(model) => model.band(format).map_or_else(
            || Band {
                low: 0.0,
                high: 0.0,
                fitted_on: format!("nothing: the calibration has no {format} band"),
            },
            |b| Band {
                low: b.low,
                high: b.high,
                fitted_on: format!(
                    "{format} out-of-fold predictions of the calibration's training file"
                ),
            },
        ),
        None => {
            let stored = stored_bands(&args)?;
            let Some(band) = stored.find(format, scorer.name()) else {
                bail!("{}", stored.missing(format, scorer.name()));
            };
            band
        }
    };
    let no_band = model.as_ref().is_some_and(|m| m.band(format).is_none());
    // Without a band of its own for this format, the calibrated score is cross-fitted on the
    // file's halves; a stored band that has seen these labels is too (bands_for).
    let bands = if no_band {
        predictions.cross_fitted(format, scorer, band)
    } else {
        predictions.bands_for(format, scorer, band, &args.path)
    };
    let mut report = predictions.report_with(format, &bands, scorer);
    report.protocol = model.map(|m| m.protocol);
    print_report(&report, args.json)?;
    if args.errors > 0 {
        print_text(&render_errors(&predictions, &bands, args.errors))?;
    }
    Ok(EXIT_OK)
}

/// The scorers of an evaluation: --verbs, the stance weights, and --calibrated.
fn scorer_set(args: &EvalArgs) -> Result<stance::scorers::ScorerSet> {
    args.calibration.add_to(
        args.verbs
            .scorers(true)?
            .with_cue_weight(args.cue_weight)
            .with_valence_weight(args.valence_weight)
            .with_own_words_valence_weight(args.own_words_valence_weight),
    )
}

/// `eval --calibrated --cross-fit` on a training file of the calibration: the k-fold figure.
fn run_calibrated_cross_fit(args: &EvalArgs, model: &stance::calibration::Model) -> Result<i32> {
    use stance::calibration::{cv, data};
    let path = Some(args.path.as_path());
    let sets = match args.format.as_str() {
        "dse" => data::training_sets(path, None, None),
        "newsmtsc" => data::training_sets(None, path, None),
        other => bail!("--cross-fit reads dse or newsmtsc training files, not {other:?}"),
    }
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let k = model.protocol.folds.max(2);
    let macro_f1 = cv::cross_fit(&sets[0], model, k, cv::Options::default().seed);
    #[derive(serde::Serialize)]
    struct Out<'a> {
        format: &'a str,
        scorer: &'a str,
        n: usize,
        macro_f1: f64,
        cross_fit: String,
        protocol: &'a stance::calibration::Protocol,
    }
    let out = Out {
        format: &args.format,
        scorer: "stance (calibrated)",
        n: sets[0].items.len(),
        macro_f1,
        cross_fit: format!(
            "{k}-fold within this file: each fold scored by a model fitted on the other folds"
        ),
        protocol: &model.protocol,
    };
    if args.json {
        print_json(&out)?;
    } else {
        print_text(&format!(
            "{} (stance scorer, calibrated), {} items, cross-fitted ({})\nmacro-F1 {:.3}\n",
            out.format, out.n, out.cross_fit, out.macro_f1
        ))?;
    }
    Ok(EXIT_OK)
}

/// The neutral bands of --thresholds, or the bundled ones.
fn stored_bands(args: &EvalArgs) -> Result<StoredBands> {
    match &args.thresholds {
        Some(path) => StoredBands::read(path).map_err(|e| anyhow::anyhow!("{e}")),
        None => Ok(StoredBands::bundled()),
    }
}

fn run_gold(args: &EvalArgs, scorer: Scorer) -> Result<i32> {
    let Some(doc) = &args.doc else {
        bail!("gold needs the annotated document: --doc FILE");
    };
    let text = std::fs::read_to_string(doc)
        .with_context(|| format!("{}: cannot read as UTF-8 text", doc.display()))?;
    let gold = datasets::read_gold(&args.path)?;
    let actors = if args.actors.is_empty() {
        ActorSet::bundled()
    } else {
        load_actor_files(&args.actors, LexiconFormat::Auto, true)?
    };
    let band = dyad_band(args, scorer, "gold")?;
    let report = gold_report(
        &Engine::with_scorers(actors, scorer_set(args)?)
            .with_syntax(args.syntax)
            .with_relations_required(!args.cooccurrence),
        &text,
        &gold,
        &band,
        scorer,
    );
    if args.json {
        super::output::print_json(&report)?;
    } else {
        print_text(&render_gold(&report))?;
    }
    Ok(EXIT_OK)
}

/// The band that reads dyads between named actors: the one fitted on actor-to-actor data (DSE).
/// An error that says what is missing when there is none.
fn dyad_band(args: &EvalArgs, scorer: Scorer, check: &str) -> Result<Band> {
    if let Some(model) = args.calibration.model()? {
        if scorer != Scorer::Stance {
            bail!("--calibrated gives the stance score: use --scorer stance");
        }
        // The calibrated score has its own scale: its bands came with it. Real-news pairs
        // read through the band fitted on real-news training pairs when the model has one.
        let own = (check == "pairs").then(|| model.band("pairs")).flatten();
        if let Some(b) = own {
            return Ok(Band {
                low: b.low,
                high: b.high,
                fitted_on: "pairs out-of-fold predictions of the calibration's training file"
                    .into(),
            });
        }
        let Some(b) = model.band("dse") else {
            bail!("the {check} check reads dyads with the DSE band, and this calibration has none");
        };
        return Ok(Band {
            low: b.low,
            high: b.high,
            fitted_on: "dse out-of-fold predictions of the calibration's training file".into(),
        });
    }
    let stored = stored_bands(args)?;
    let Some(band) = stored.find("dse", scorer.name()) else {
        bail!(
            "the {check} check reads dyads with the DSE band: {}",
            stored.missing("dse", scorer.name())
        );
    };
    Ok(band)
}

/// The Phoenix dictionaries the real-news dev set (tests/data/realnews_dev_pairs.tsv) was drawn with.
pub(super) const PAIRS_DEFAULT_ACTORS: [&str; 3] = [
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
];

fn run_pairs(args: &EvalArgs, scorer: Scorer) -> Result<i32> {
    use stance::eval::pairs::{pairs_report, read_labelled_documents, read_pair_labels};
    let labels = read_pair_labels(&args.path)?;
    let docs = read_labelled_documents(&args.corpora, &labels)?;
    let files: Vec<PathBuf> = if args.actors.is_empty() {
        let dir = args.corpora.join("../petrarch2_dictionaries");
        PAIRS_DEFAULT_ACTORS.iter().map(|f| dir.join(f)).collect()
    } else {
        args.actors.clone()
    };
    let actors = load_actor_files(&files, LexiconFormat::Auto, true)?;
    let band = dyad_band(args, scorer, "pairs")?;
    if let Some(folds) = args.folds {
        return run_pairs_cross_validation(args, scorer, actors, &labels, &docs, &band, folds);
    }
    let report = pairs_report(
        &Engine::with_scorers(actors, scorer_set(args)?)
            .with_syntax(args.syntax)
            .with_relations_required(!args.cooccurrence),
        &labels,
        &docs,
        &band,
        scorer,
    );
    if args.json {
        super::output::print_json(&report)?;
    } else {
        print_text(&format!(
            "pairs ({} scorer): {} sentences, {} ordered pairs, {} with a sign\n\
             signed precision {:.3} ({} of {} signed predictions right; {} of them related)\n\
             signed recall    {:.3}   F1 {:.3}\n\
             not counted: {} signed predictions on unlisted pairs, {} pairs with no mention found\n",
            report.scorer,
            report.sentences,
            report.pairs,
            report.gold_signed,
            report.precision,
            report.correct,
            report.predicted_signed,
            report.related,
            report.recall,
            report.f1,
            report.unlisted_predictions,
            report.pairs_without_mentions,
        ))?;
        let wrong = report.outcomes.iter().filter(|o| o.gold != o.predicted);
        let mut listing = String::new();
        for o in wrong.take(args.errors) {
            listing += &format!(
                "line {}: {} -> {}  gold {:+}  predicted {:+} ({})  {}\n",
                o.line,
                o.source,
                o.target,
                o.gold,
                o.predicted,
                o.score.map_or("no score".into(), |s| format!("{s:+.2}")),
                o.sentence
            );
        }
        if !listing.is_empty() {
            print_text(&format!("\nerrors (gold -> predicted):\n{listing}"))?;
        }
    }
    Ok(EXIT_OK)
}

fn run_pairs_cross_validation(
    args: &EvalArgs,
    scorer: Scorer,
    actors: stance::actors::ActorSet,
    labels: &[stance::eval::pairs::PairLabel],
    docs: &std::collections::HashMap<(String, String), stance::corpus::Document>,
    band: &stance::eval::thresholds::Band,
    folds: usize,
) -> Result<i32> {
    if folds < 2 {
        bail!("--folds {folds}: cross-validation needs at least 2 folds");
    }
    let engine = Engine::with_scorers(actors, scorer_set(args)?)
        .with_syntax(args.syntax)
        .with_relations_required(!args.cooccurrence);
    let cv =
        stance::eval::pairs::pairs_cross_validation(&engine, labels, docs, band, scorer, folds);
    if args.json {
        return super::output::print_json(&cv).map(|()| EXIT_OK);
    }
    let bands: Vec<String> = cv
        .bands
        .iter()
        .map(|(low, high)| format!("[{low:.2}, {high:.2}]"))
        .collect();
    print_text(&format!(
        "pairs ({} scorer), {}-fold cross-validation over {} documents, {} signed pairs\n\
         signed precision {:.3} ({} of {} signed predictions right)\n\
         signed recall    {:.3}\n\
         bands fitted on the other folds: {}\n\
         with the given band [{:.2}, {:.2}] over the whole file: precision {:.3}, recall {:.3}\n",
        cv.scorer,
        cv.folds,
        cv.documents,
        cv.gold_signed,
        cv.precision,
        cv.correct,
        cv.predicted_signed,
        cv.recall,
        bands.join(" "),
        band.low,
        band.high,
        cv.with_given_band.0,
        cv.with_given_band.1,
    ))?;
    Ok(EXIT_OK)
}

fn print_report(r: &Report, json: bool) -> Result<()> {
    if json {
        return super::output::print_json(r);
    }
    let mut out = format!(
        "{} ({} scorer), {} items\nmacro-F1 {:.3}   accuracy {:.3}",
        r.format, r.scorer, r.n, r.macro_f1, r.accuracy
    );
    if let Some(m3) = r.macro_f1_3class {
        out += &format!("   macro-F1 3-class (direction ignored) {m3:.3}");
    }
    let stored = &r.thresholds;
    match &r.cross_fitted {
        None => {
            out += &format!(
                "\nneutral band: [{:.2}, {:.2}], fitted on {}",
                stored.low, stored.high, stored.fitted_on
            );
        }
        Some([even, odd]) if r.protocol.is_some() => {
            out += &format!(
                "\nthe calibration has no {} band: cross-fitted, even items with [{:.2}, {:.2}] \
                 (fitted on the odd ones), odd items with [{:.2}, {:.2}] (fitted on the even ones)",
                r.format, even.low, even.high, odd.low, odd.high
            );
        }
        Some([even, odd]) => {
            out += &format!(
                "\nthe stored band [{:.2}, {:.2}] was fitted on this file ({}), so it is not used:\n\
                 cross-fitted, even items with [{:.2}, {:.2}] (fitted on the odd ones), \
                 odd items with [{:.2}, {:.2}] (fitted on the even ones)",
                stored.low, stored.high, stored.fitted_on, even.low, even.high, odd.low, odd.high
            );
        }
    }
    out += &format!("\n\n{}", r.confusion.render());
    print_text(&out)
}

fn render_gold(r: &GoldReport) -> String {
    let sign = |s: i8| match s {
        1 => "+",
        -1 => "-",
        _ => "0",
    };
    let mut out = format!(
        "gold ({} scorer), {} dyads: required right {}/{}, weak wrong {}\n\
         precision {:.3}  recall {:.3}  F1 {:.3}  sign accuracy {:.3}   band [{:.2}, {:.2}]\n\n",
        r.scorer,
        r.n,
        r.required_right.0,
        r.required_right.1,
        r.weak_wrong,
        r.precision,
        r.recall,
        r.f1,
        r.accuracy,
        r.thresholds.low,
        r.thresholds.high
    );
    for o in &r.outcomes {
        let verdict = if o.predicted_sign == o.sign {
            "ok"
        } else if o.predicted_sign == 0 {
            "missed"
        } else {
            "WRONG"
        };
        out += &format!(
            "{verdict:>6}  {}{} {} -> {} {}  score {}  \"{}\"{}\n",
            sign(o.sign),
            if o.required { "" } else { " (weak)" },
            o.source,
            o.target,
            sign(o.predicted_sign),
            o.score.map_or("-".into(), |s| format!("{s:+.3}")),
            o.snippet,
            o.problem
                .as_ref()
                .map_or(String::new(), |p| format!("  [{p}]"))
        );
    }
    if !r.extra.is_empty() {
        out += "\nother dyads beyond the band:\n";
        for e in &r.extra {
            out += &format!(
                "  s{} {} -> {} {:+.3}  {}\n",
                e.sentence, e.source, e.target, e.score, e.text
            );
        }
    }
    out
}

fn render_errors(predictions: &Predictions, bands: &Bands, limit: usize) -> String {
    let mut out = String::from("\nerrors (gold -> predicted, score, text):\n");
    for wrong in predictions.misclassified(bands).take(limit) {
        out += &format!("{wrong}\n");
    }
    out
}

/// `stance eval ud`: the tagger and parser against a treebank.
fn run_ud(args: &EvalArgs) -> Result<i32> {
    let sentences = stance::syntax::conllu::read_file(&args.path)?;
    let load = std::time::Instant::now();
    let owned;
    let syntax = match &args.model {
        Some(path) => {
            owned = stance::syntax::Syntax::read_file(path)?;
            &owned
        }
        None => stance::syntax::Syntax::bundled(),
    };
    let load_s = load.elapsed().as_secs_f64();
    let scores = stance::syntax::evaluate(syntax, &sentences);
    if args.json {
        #[derive(serde::Serialize)]
        struct Out {
            #[serde(flatten)]
            scores: stance::syntax::UdScores,
            model_load_s: f64,
        }
        return print_json(&Out {
            scores,
            model_load_s: load_s,
        })
        .map(|()| EXIT_OK);
    }
    print_text(&format!(
        "upos_accuracy\t{:.4}\nuas\t{:.4}\nlas\t{:.4}\nsentences\t{}\nwords\t{}\ntokens_per_s\t{:.0}\nmodel_load_s\t{:.3}\n",
        scores.upos_accuracy,
        scores.uas,
        scores.las,
        scores.sentences,
        scores.words,
        scores.tokens_per_s,
        load_s
    ))?;
    Ok(EXIT_OK)
}
