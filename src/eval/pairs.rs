//! Actor -> actor pairs in real news against a pair-by-pair annotation (issue 16's dev set).
//!
//! The annotation lists, for chosen sentences of news documents, every ordered pair of the actors
//! found in the sentence with `+`, `-` or `0` (no stance shown). Only ids, byte offsets and labels
//! are in the file; the texts are read from the corpora at evaluation time. The figure to drive up
//! is the precision of signed actor -> actor attributions, with their recall beside it: a pair
//! that the engine gives a sign must be one the text shows, with that sign.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::datasets::DataError;
use super::thresholds::Band;
use crate::attribution::Source;
use crate::corpus::Document;
use crate::engine::{Engine, Scratch};
use crate::scorers::Scorer;

/// One annotated ordered pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairLabel {
    /// The corpus file, relative to the corpora folder.
    pub corpus: String,
    /// The document's id in it.
    pub doc: String,
    /// The sentence's byte range in the document's text.
    pub start: usize,
    /// End of that range (exclusive).
    pub end: usize,
    /// Source actor id.
    pub source: String,
    /// Target actor id.
    pub target: String,
    /// -1, 0 or +1.
    pub sign: i8,
    /// Line in the annotation file.
    pub line: usize,
}

/// Reads an annotation: a header `corpus doc start end source target label`, tab-separated,
/// `#` comments; labels `+`, `-`, `0`.
pub fn read_pair_labels(path: &Path) -> Result<Vec<PairLabel>, DataError> {
    let text = std::fs::read_to_string(path).map_err(|e| DataError {
        path: path.display().to_string(),
        line: 0,
        reason: format!("cannot read: {e}"),
    })?;
    let at = |line: usize, reason: String| DataError {
        path: path.display().to_string(),
        line,
        reason,
    };
    const HEADER: [&str; 7] = ["corpus", "doc", "start", "end", "source", "target", "label"];
    let mut labels = Vec::new();
    let mut seen_header = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.starts_with('#') || raw.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = raw.split('\t').collect();
        if !seen_header {
            if fields != HEADER {
                return Err(at(
                    line,
                    format!("expected the header `{}`", HEADER.join("\\t")),
                ));
            }
            seen_header = true;
            continue;
        }
        let [corpus, doc, start, end, source, target, label] = fields[..] else {
            return Err(at(
                line,
                format!("expected 7 tab-separated fields, found {}", fields.len()),
            ));
        };
        let offset = |name: &str, value: &str| {
            value
                .parse::<usize>()
                .map_err(|_| at(line, format!("{name} {value:?} is not a byte offset")))
        };
        let (start, end) = (offset("start", start)?, offset("end", end)?);
        if start >= end {
            return Err(at(line, format!("empty sentence range {start}..{end}")));
        }
        let sign = match label {
            "+" => 1,
            "-" => -1,
            "0" => 0,
            other => return Err(at(line, format!("label {other:?} is not +, - or 0"))),
        };
        labels.push(PairLabel {
            corpus: corpus.to_string(),
            doc: doc.to_string(),
            start,
            end,
            source: source.to_string(),
            target: target.to_string(),
            sign,
            line,
        });
    }
    if !seen_header {
        return Err(at(0, "no header line and no pairs".into()));
    }
    Ok(labels)
}

/// Reads the documents that `labels` point into, from JSON Lines corpora under `corpora`.
pub fn read_labelled_documents(
    corpora: &Path,
    labels: &[PairLabel],
) -> Result<HashMap<(String, String), Document>, DataError> {
    let mut wanted: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for l in labels {
        wanted.entry(&l.corpus).or_default().insert(&l.doc);
    }
    let mut docs = HashMap::new();
    for (corpus, ids) in wanted {
        let path: PathBuf = corpora.join(corpus);
        let text = std::fs::read_to_string(&path).map_err(|e| DataError {
            path: path.display().to_string(),
            line: 0,
            reason: format!("cannot read the corpus: {e}"),
        })?;
        for line in text.lines() {
            #[derive(serde::Deserialize)]
            struct Record {
                id: String,
                text: Option<String>,
            }
            let Ok(record) = serde_json::from_str::<Record>(line) else {
                continue; // Records we do not need may be anything; a needed one missing is said below.
            };
            if let (true, Some(text)) = (ids.contains(record.id.as_str()), record.text) {
                docs.insert(
                    (corpus.to_string(), record.id.clone()),
                    Document {
                        id: record.id,
                        text,
                        ..Document::default()
                    },
                );
            }
        }
        for id in ids {
            if !docs.contains_key(&(corpus.to_string(), id.to_string())) {
                return Err(DataError {
                    path: path.display().to_string(),
                    line: 0,
                    reason: format!("document {id:?} of the annotation is not in the corpus"),
                });
            }
        }
    }
    Ok(docs)
}

/// Signed precision and recall of actor -> actor pairs.
#[derive(Debug, Clone, Serialize)]
pub struct PairsReport {
    /// The scorer whose sign was read.
    pub scorer: &'static str,
    /// Annotated sentences.
    pub sentences: usize,
    /// Annotated ordered pairs.
    pub pairs: usize,
    /// Pairs annotated `+` or `-`.
    pub gold_signed: usize,
    /// Annotated pairs the engine gave a sign (through the neutral band).
    pub predicted_signed: usize,
    /// Of those, the ones whose sign is the annotated one.
    pub correct: usize,
    /// Of those, the ones annotated with a sign at all (any sign): a relation was there.
    pub related: usize,
    /// correct / predicted_signed.
    pub precision: f64,
    /// correct / gold_signed.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
    /// Signed pairs the engine gave in an annotated sentence that the annotation does not list
    /// (the annotators disagreed on them, or an actor the annotated run did not find); not
    /// counted above.
    pub unlisted_predictions: usize,
    /// Annotated pairs whose document the engine found no such actor in (lexicon drift).
    pub pairs_without_mentions: usize,
    /// Every annotated pair that is signed by the annotators or by the engine, with both signs,
    /// for `--errors`.
    #[serde(skip)]
    pub outcomes: Vec<PairOutcome>,
}

/// How one annotated pair came out.
#[derive(Debug, Clone)]
pub struct PairOutcome {
    /// The annotation's line.
    pub line: usize,
    /// Source and target ids.
    pub source: String,
    /// Target id.
    pub target: String,
    /// The annotated sign.
    pub gold: i8,
    /// The engine's sign through the band, 0 when it gave none.
    pub predicted: i8,
    /// The engine's summed score, if it attributed the pair.
    pub score: Option<f64>,
    /// The sentence.
    pub sentence: String,
}

/// Sentences keyed by (corpus, doc, start) with their end, and the annotated pairs keyed by
/// (corpus, doc, sentence start, source, target) with their sign.
type LabelIndex<'a> = (
    BTreeMap<(&'a str, &'a str, usize), usize>,
    BTreeMap<(&'a str, &'a str, usize, &'a str, &'a str), i8>,
);

/// The labelled sentences and pairs, indexed for lookup by sentence and by pair.
fn index_labels(labels: &[PairLabel]) -> LabelIndex<'_> {
    let mut sentences = BTreeMap::new();
    let mut gold = BTreeMap::new();
    for l in labels {
        sentences.insert((l.corpus.as_str(), l.doc.as_str(), l.start), l.end);
        gold.insert(
            (
                l.corpus.as_str(),
                l.doc.as_str(),
                l.start,
                l.source.as_str(),
                l.target.as_str(),
            ),
            l.sign,
        );
    }
    (sentences, gold)
}

/// Scores the labelled documents and compares the signs pair by pair.
pub fn pairs_report(
    engine: &Engine,
    labels: &[PairLabel],
    docs: &HashMap<(String, String), Document>,
    band: &Band,
    scorer: Scorer,
) -> PairsReport {
    let (sentences, gold) = index_labels(labels);
    let (sums, seen_actors) = pair_sums(engine, &sentences, docs, scorer);
    let sign_of = |score: f64| band.classify(score).sign();
    let mut report = PairsReport {
        scorer: scorer.name(),
        sentences: sentences.len(),
        pairs: gold.len(),
        gold_signed: gold.values().filter(|s| **s != 0).count(),
        predicted_signed: 0,
        correct: 0,
        related: 0,
        precision: 0.0,
        recall: 0.0,
        f1: 0.0,
        unlisted_predictions: 0,
        pairs_without_mentions: 0,
        outcomes: Vec::new(),
    };
    for ((corpus, doc, start, source, target), sum) in &sums {
        let predicted = sign_of(*sum);
        if predicted == 0 {
            continue;
        }
        match gold.get(&(*corpus, *doc, *start, source.as_str(), target.as_str())) {
            Some(&annotated) => {
                report.predicted_signed += 1;
                report.related += usize::from(annotated != 0);
                report.correct += usize::from(annotated == predicted);
            }
            None => report.unlisted_predictions += 1,
        }
    }
    for l in labels {
        let score = sums
            .get(&(
                l.corpus.as_str(),
                l.doc.as_str(),
                l.start,
                l.source.clone(),
                l.target.clone(),
            ))
            .copied();
        let predicted = score.map_or(0, sign_of);
        if l.sign != 0 || predicted != 0 {
            let text = &docs[&(l.corpus.clone(), l.doc.clone())].text;
            report.outcomes.push(PairOutcome {
                line: l.line,
                source: l.source.clone(),
                target: l.target.clone(),
                gold: l.sign,
                predicted,
                score,
                sentence: text.get(l.start..l.end).unwrap_or("").to_string(),
            });
        }
    }
    report.pairs_without_mentions = gold
        .keys()
        .filter(|(c, d, _, s, t)| {
            !seen_actors.contains(&(*c, *d, s.to_string()))
                && !seen_actors.contains(&(*c, *d, t.to_string()))
        })
        .count();
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    report.precision = ratio(report.correct, report.predicted_signed);
    report.recall = ratio(report.correct, report.gold_signed);
    report.f1 = if report.precision + report.recall > 0.0 {
        2.0 * report.precision * report.recall / (report.precision + report.recall)
    } else {
        0.0
    };
    report
}

/// Signed precision and recall of actor -> actor pairs by k-fold cross-validation over the
/// annotated documents: each fold is read with the neutral band that gives the best signed F1
/// on the other folds, and the folds' counts are pooled. This is how a threshold is chosen on a
/// training file without reading any pair with a band fitted on it.
#[derive(Debug, Clone, Serialize)]
pub struct PairsCrossValidation {
    /// The scorer whose sign was read.
    pub scorer: &'static str,
    /// Number of folds.
    pub folds: usize,
    /// Annotated documents (the unit the folds split).
    pub documents: usize,
    /// Pairs annotated `+` or `-`.
    pub gold_signed: usize,
    /// Pooled over the folds: annotated pairs given a sign.
    pub predicted_signed: usize,
    /// Pooled: of those, the ones with the annotated sign.
    pub correct: usize,
    /// correct / predicted_signed.
    pub precision: f64,
    /// correct / gold_signed.
    pub recall: f64,
    /// The band each fold was read with, fitted on the other folds: (low, high).
    pub bands: Vec<(f64, f64)>,
    /// The same file read whole with the given band (nothing fitted on it): precision, recall.
    pub with_given_band: (f64, f64),
}

/// Counts (predicted signed, correct, gold signed) over the annotated pairs whose document
/// `keep` accepts, each read with `band`.
fn count_pairs(
    gold: &BTreeMap<(&str, &str, usize, &str, &str), i8>,
    sums: &PairSums<'_>,
    band: &Band,
    keep: impl Fn(&str, &str) -> bool,
) -> (usize, usize, usize) {
    let (mut predicted, mut correct, mut signed) = (0, 0, 0);
    for (&(corpus, doc, start, source, target), &annotated) in gold {
        if !keep(corpus, doc) {
            continue;
        }
        signed += usize::from(annotated != 0);
        let key = (corpus, doc, start, source.to_string(), target.to_string());
        let sign = sums.get(&key).map_or(0, |&x| band.classify(x).sign());
        if sign != 0 {
            predicted += 1;
            correct += usize::from(sign == annotated);
        }
    }
    (predicted, correct, signed)
}

/// Runs `folds`-fold cross-validation of the signed pairs by document (documents in the order of
/// their (corpus, id), dealt to folds in turn: deterministic), fitting the band on the other
/// folds by signed F1. `band` is the given band, read over the whole file beside it.
pub fn pairs_cross_validation(
    engine: &Engine,
    labels: &[PairLabel],
    docs: &HashMap<(String, String), Document>,
    band: &Band,
    scorer: Scorer,
    folds: usize,
) -> PairsCrossValidation {
    let folds = folds.max(2);
    let (sentences, gold) = index_labels(labels);
    let (sums, _) = pair_sums(engine, &sentences, docs, scorer);
    let documents: BTreeSet<(&str, &str)> = labels
        .iter()
        .map(|l| (l.corpus.as_str(), l.doc.as_str()))
        .collect();
    let fold_of: HashMap<(&str, &str), usize> = documents
        .iter()
        .enumerate()
        .map(|(k, &d)| (d, k % folds))
        .collect();
    let f1 = |(predicted, correct, signed): (usize, usize, usize)| {
        if correct == 0 {
            0.0
        } else {
            2.0 * correct as f64 / (predicted + signed) as f64
        }
    };
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let mut pooled = (0, 0, 0);
    let mut bands = Vec::with_capacity(folds);
    for fold in 0..folds {
        let (_, low, high) = super::thresholds::fit_in_steps(50, |b| {
            if b.low > 0.0 || b.high < 0.0 {
                return f64::NEG_INFINITY; // a band that reads a positive score as negative
            }
            f1(count_pairs(&gold, &sums, b, |c, d| {
                fold_of[&(c, d)] != fold
            }))
        });
        let fitted = Band {
            low,
            high,
            fitted_on: format!("folds other than {fold}"),
        };
        let (p, c, s) = count_pairs(&gold, &sums, &fitted, |c, d| fold_of[&(c, d)] == fold);
        pooled = (pooled.0 + p, pooled.1 + c, pooled.2 + s);
        bands.push((low, high));
    }
    let whole = count_pairs(&gold, &sums, band, |_, _| true);
    PairsCrossValidation {
        scorer: scorer.name(),
        folds,
        documents: documents.len(),
        gold_signed: pooled.2,
        predicted_signed: pooled.0,
        correct: pooled.1,
        precision: ratio(pooled.1, pooled.0),
        recall: ratio(pooled.1, pooled.2),
        bands,
        with_given_band: (ratio(whole.1, whole.0), ratio(whole.1, whole.2)),
    }
}

/// The summed score of each (corpus, doc, sentence start, source, target) the engine gives an
/// actor -> actor attribution in an annotated sentence, and the actors it found per document.
type PairSums<'a> = BTreeMap<(&'a str, &'a str, usize, String, String), f64>;

fn pair_sums<'a>(
    engine: &Engine,
    sentences: &BTreeMap<(&'a str, &'a str, usize), usize>,
    docs: &'a HashMap<(String, String), Document>,
    scorer: Scorer,
) -> (PairSums<'a>, BTreeSet<(&'a str, &'a str, String)>) {
    let actors = engine.actors();
    let mut sums: PairSums<'a> = BTreeMap::new();
    let mut seen_actors: BTreeSet<(&str, &str, String)> = BTreeSet::new();
    let mut scratch = Scratch::default();
    for ((corpus, doc_id), doc) in docs {
        let starts: Vec<(usize, usize)> = sentences
            .range(
                (corpus.as_str(), doc_id.as_str(), 0)
                    ..=(corpus.as_str(), doc_id.as_str(), usize::MAX),
            )
            .map(|(k, end)| (k.2, *end))
            .collect();
        let sentence_at = |offset: usize| {
            starts
                .iter()
                .find(|(start, end)| (*start..*end).contains(&offset))
                .map(|(start, _)| *start)
        };
        let result = engine.analyze(doc, &mut scratch);
        for s in &result.scored {
            let Some(start) = sentence_at(s.sentence_span.start) else {
                continue;
            };
            let target = actors.get(s.attribution.target).id.clone();
            seen_actors.insert((corpus, doc_id, target.clone()));
            let Source::Actor(source) = s.attribution.source else {
                continue;
            };
            let source = actors.get(source).id.clone();
            seen_actors.insert((corpus, doc_id, source.clone()));
            if let Some(score) = s.scores[scorer.index()] {
                *sums
                    .entry((corpus, doc_id, start, source, target))
                    .or_default() += score;
            }
        }
    }
    (sums, seen_actors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actors::ActorSet;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    const HEADER: &str = "corpus\tdoc\tstart\tend\tsource\ttarget\tlabel\n";

    #[test]
    fn bad_lines_name_the_file_line_and_what_was_expected() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            ("no header", "a\tb\n", ":1", "header"),
            (
                "short",
                &format!("{HEADER}c.jsonl\td1\t0\t10\tA\tB\n"),
                ":2",
                "7 tab-separated",
            ),
            (
                "label",
                &format!("{HEADER}c.jsonl\td1\t0\t10\tA\tB\t?\n"),
                ":2",
                "not +, - or 0",
            ),
            (
                "offset",
                &format!("{HEADER}c.jsonl\td1\tx\t10\tA\tB\t+\n"),
                ":2",
                "byte offset",
            ),
            (
                "empty",
                &format!("{HEADER}c.jsonl\td1\t9\t9\tA\tB\t+\n"),
                ":2",
                "empty sentence",
            ),
        ];
        for (name, text, line, expected) in cases {
            let path = write(dir.path(), "labels.tsv", text);
            let e = read_pair_labels(&path).expect_err(name);
            assert_eq!(format!(":{}", e.line), line, "{name}: {e}");
            assert!(e.reason.contains(expected), "{name}: {e}");
        }
    }

    #[test]
    fn precision_counts_only_signed_pairs_and_recall_only_annotated_signs() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Serraj accused Haftar of war crimes. Haftar met Serraj in Rome.";
        let corpus = write(
            dir.path(),
            "c.jsonl",
            &format!(
                "{{\"id\":\"d1\",\"text\":{}}}\n",
                serde_json::to_string(text).unwrap()
            ),
        );
        let _ = corpus;
        let first_end = text.find(" Haftar met").unwrap();
        let labels_text = format!(
            "{HEADER}c.jsonl\td1\t0\t{first_end}\tSERRAJ\tHAFTAR\t-\n\
             c.jsonl\td1\t0\t{first_end}\tHAFTAR\tSERRAJ\t0\n\
             c.jsonl\td1\t{}\t{}\tHAFTAR\tSERRAJ\t+\n",
            first_end + 1,
            text.len()
        );
        let labels = read_pair_labels(&write(dir.path(), "l.tsv", &labels_text)).unwrap();
        let docs = read_labelled_documents(dir.path(), &labels).unwrap();
        let engine = Engine::new(ActorSet::bundled());
        let band = Band {
            low: -0.05,
            high: 0.05,
            fitted_on: "a test".into(),
        };
        let r = pairs_report(&engine, &labels, &docs, &band, Scorer::Stance);
        assert_eq!((r.sentences, r.pairs, r.gold_signed), (2, 3, 2));
        // "accused" gives SERRAJ -> HAFTAR a negative stance: predicted, and right.
        assert!(r.correct >= 1, "{r:?}");
        assert!(r.predicted_signed >= r.correct);
        assert!((r.recall - r.correct as f64 / 2.0).abs() < 1e-12);
    }

    #[test]
    fn cross_validation_pools_every_fold_once_with_a_band_fitted_elsewhere() {
        let dir = tempfile::tempdir().unwrap();
        let texts = [
            "Serraj accused Haftar of war crimes.",
            "Haftar condemned Serraj for the attack.",
            "Serraj praised Haftar for the ceasefire.",
            "Haftar welcomed Serraj warmly.",
        ];
        let mut corpus = String::new();
        let mut labels_text = HEADER.to_string();
        for (k, text) in texts.iter().enumerate() {
            corpus += &format!(
                "{{\"id\":\"d{k}\",\"text\":{}}}\n",
                serde_json::to_string(text).unwrap()
            );
            let (source, target) = if k % 2 == 0 {
                ("SERRAJ", "HAFTAR")
            } else {
                ("HAFTAR", "SERRAJ")
            };
            let sign = if k < 2 { "-" } else { "+" };
            labels_text += &format!(
                "c.jsonl\td{k}\t0\t{}\t{source}\t{target}\t{sign}\n\
                 c.jsonl\td{k}\t0\t{}\t{target}\t{source}\t0\n",
                text.len(),
                text.len()
            );
        }
        write(dir.path(), "c.jsonl", &corpus);
        let labels = read_pair_labels(&write(dir.path(), "l.tsv", &labels_text)).unwrap();
        let docs = read_labelled_documents(dir.path(), &labels).unwrap();
        let engine = Engine::new(ActorSet::bundled());
        let band = Band {
            low: -0.05,
            high: 0.05,
            fitted_on: "a test".into(),
        };
        let cv = pairs_cross_validation(&engine, &labels, &docs, &band, Scorer::Stance, 2);
        // Every document is in exactly one fold: the pooled gold count is the file's.
        assert_eq!((cv.documents, cv.gold_signed, cv.bands.len()), (4, 4, 2));
        assert!(cv.correct <= cv.predicted_signed && cv.predicted_signed <= 8);
        let whole = pairs_report(&engine, &labels, &docs, &band, Scorer::Stance);
        assert!((cv.with_given_band.0 - whole.precision).abs() < 1e-12);
        assert!((cv.with_given_band.1 - whole.recall).abs() < 1e-12);
        // Deterministic: the same folds and bands on a second run.
        let again = pairs_cross_validation(&engine, &labels, &docs, &band, Scorer::Stance, 2);
        assert_eq!((again.bands, again.correct), (cv.bands, cv.correct));
    }

    #[test]
    fn a_document_missing_from_the_corpus_is_named() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "c.jsonl", "{\"id\":\"other\",\"text\":\"x\"}\n");
        let labels = read_pair_labels(&write(
            dir.path(),
            "l.tsv",
            &format!("{HEADER}c.jsonl\td1\t0\t5\tA\tB\t0\n"),
        ))
        .unwrap();
        let e = read_labelled_documents(dir.path(), &labels).unwrap_err();
        assert!(e.reason.contains("\"d1\""), "{e}");
    }
}
