//! The syntax layer: reproducible training, the shipped model's accuracy, its CLI commands.

use stance::syntax::train::{train, TrainOptions};
use stance::syntax::{conllu, evaluate, Parse, Syntax, SyntaxScratch, Upos};

use crate::cli::{stance, stdout, temp_dir};
use crate::shared::shared_path;

const EWT: &str = "data/ud_english_ewt";

/// Training twice on the same slice with the same seed writes the same bytes, and the model
/// reads back to the same predictions.
#[test]
fn retraining_gives_the_same_bytes() {
    let Some(train_path) = shared_path(&format!("{EWT}/en_ewt-ud-train.conllu")) else {
        return;
    };
    let Some(dev_path) = shared_path(&format!("{EWT}/en_ewt-ud-dev.conllu")) else {
        return;
    };
    let mut train_set = conllu::read_file(&train_path).unwrap();
    train_set.truncate(200);
    let mut dev_set = conllu::read_file(&dev_path).unwrap();
    dev_set.truncate(50);
    let opts = TrainOptions {
        tagger_epochs: 2,
        parser_epochs: 2,
        folds: 2,
        ..TrainOptions::default()
    };
    let a = train(&train_set, &dev_set, &opts).unwrap().to_bytes();
    let b = train(&train_set, &dev_set, &opts).unwrap().to_bytes();
    assert!(a.len() > 1000, "a model of {} bytes", a.len());
    assert!(a == b, "two trainings gave different bytes");
    let model = Syntax::from_bytes(&a).unwrap();
    assert_eq!(
        model.to_bytes(),
        a,
        "read and written again, the same bytes"
    );
    // Even 200 sentences teach something: well above chance on dev.
    let scores = evaluate(&model, &dev_set);
    assert!(scores.upos_accuracy > 0.6, "{scores:?}");
    assert!(scores.uas > 0.4, "{scores:?}");
}

/// The shipped model on EWT dev: floors just under what it measured when it was trained (see
/// README "Syntax"), so that a broken or swapped model cannot land.
#[test]
fn shipped_model_is_accurate_on_ewt_dev() {
    let Some(dev_path) = shared_path(&format!("{EWT}/en_ewt-ud-dev.conllu")) else {
        return;
    };
    let dev = conllu::read_file(&dev_path).unwrap();
    let scores = evaluate(Syntax::bundled(), &dev);
    assert_eq!(scores.words, 25_147);
    assert!(scores.upos_accuracy >= UPOS_FLOOR, "{scores:?}");
    assert!(scores.uas >= UAS_FLOOR, "{scores:?}");
    assert!(scores.las >= LAS_FLOOR, "{scores:?}");
}

const UPOS_FLOOR: f64 = 0.945;
const UAS_FLOOR: f64 = 0.845;
const LAS_FLOOR: f64 = 0.805;

/// A sentence written for this test: tags and the core arcs a parser must get.
#[test]
fn shipped_model_parses_a_plain_sentence() {
    let syntax = Syntax::bundled();
    let (mut p, mut s) = (Parse::default(), SyntaxScratch::default());
    let words = [
        "The", "minister", "said", "the", "talks", "had", "failed", ".",
    ];
    syntax.parse(&words, &mut p, &mut s);
    assert_eq!(p.upos[1], Upos::Noun);
    assert_eq!(p.upos[7], Upos::Punct);
    assert_eq!(p.head[2], 0, "said is the root: {p:?}");
    assert_eq!(p.head[1], 3, "minister hangs on said");
    assert_eq!(syntax.label(p.deprel[1]), "nsubj");
    assert_eq!(p.head[6], 3, "failed hangs on said");
    assert_eq!(p.head[4], 7, "talks hangs on failed");
    // Buffers are reused: a shorter sentence leaves nothing of the longer one.
    syntax.parse(&["Stop", "!"], &mut p, &mut s);
    assert_eq!(p.head.len(), 2);
    assert_eq!(p.head.iter().filter(|&&h| h == 0).count(), 1);
}

#[test]
fn broken_model_files_are_errors() {
    let bytes = Syntax::bundled().to_bytes();
    assert!(Syntax::from_bytes(b"hello").is_err());
    for cut in [10, bytes.len() / 2, bytes.len() - 1] {
        assert!(Syntax::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
    }
}

/// `eval ud` on a treebank written here (two sentences of our own).
#[test]
fn eval_ud_prints_json_scores() {
    let dir = temp_dir();
    let path = dir.path().join("mini.conllu");
    std::fs::write(
        &path,
        "1\tTalks\ttalk\tNOUN\t_\t_\t2\tnsubj\t_\t_\n\
         2\tfailed\tfail\tVERB\t_\t_\t0\troot\t_\t_\n\
         3\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_\n\n\
         1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
         1\tdo\tdo\tAUX\t_\t_\t3\taux\t_\t_\n\
         2\tn't\tnot\tPART\t_\t_\t3\tadvmod\t_\t_\n\
         3\tgo\tgo\tVERB\t_\t_\t0\troot\t_\t_\n",
    )
    .unwrap();
    let out = stance(&["eval", "ud", path.to_str().unwrap(), "--json"], None);
    assert!(out.status.success(), "{out:?}");
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["sentences"], 2);
    assert_eq!(v["words"], 6);
    for k in ["upos_accuracy", "uas", "las", "tokens_per_s"] {
        let x = v[k].as_f64().unwrap();
        assert!(x > 0.0, "{k} = {x}");
    }
    std::fs::write(&path, "1\tTalks\ttalk\tNOUN\n").unwrap();
    let out = stance(&["eval", "ud", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(crate::cli::stderr(&out).contains("mini.conllu:1: expected 10 tab-separated columns"));
}

/// `parse` prints CoNLL-U that reads back, one tree per sentence of the engine.
#[test]
fn parse_prints_conllu() {
    let out = stance(
        &[
            "parse",
            "--text",
            "Haftar's forces didn't stop. Serraj said talks failed.",
        ],
        None,
    );
    assert!(out.status.success(), "{out:?}");
    let text = stdout(&out);
    let sentences = conllu::parse("stdout", &text).unwrap();
    assert_eq!(sentences.len(), 2);
    assert_eq!(
        sentences[0].words,
        ["Haftar", "'s", "forces", "did", "n't", "stop", "."]
    );
    for s in &sentences {
        assert_eq!(s.heads.iter().filter(|&&h| h == 0).count(), 1, "{text}");
    }
    assert!(text.contains("# text = Serraj said talks failed."));
}

/// With syntax on, the engine parses the sentences naming two actors (or one and a speech
/// verb), leaves the others alone, and scores as without where the tree links every dyad.
#[test]
fn engine_parses_only_the_sentences_that_need_it() {
    use stance::corpus::Document;
    use stance::{Engine, Scratch};
    let doc = Document {
        text: "Haftar attacked the GNA. The weather was fine. Serraj said talks failed. \
               Haftar's forces, loyal to Haftar, advanced."
            .into(),
        ..Document::default()
    };
    let plain = Engine::bundled();
    let parsing = plain.with_syntax(true);
    let mut scratch = Scratch::default();
    let with = parsing.analyze(&doc, &mut scratch);
    let parsed: Vec<u32> = scratch.parses.sentences.iter().map(|s| s.0).collect();
    let without = plain.analyze(&doc, &mut Scratch::default());
    assert_eq!(with.scored, without.scored);
    // Sentence 0 names Haftar and the GNA, sentence 2 Serraj and a speech verb; 1 neither,
    // and 3 one actor twice, with no speech verb: no second actor for a dyad.
    assert_eq!(parsed, [0, 2], "{:?}", scratch.parses.sentences);
    let (k, range) = &scratch.parses.sentences[1];
    assert_eq!(*k, 2);
    let words: Vec<&str> = scratch.parses.words[range.start as usize..range.end as usize]
        .iter()
        .map(|w| w.span.slice(&doc.text))
        .collect();
    assert_eq!(words, ["Serraj", "said", "talks", "failed", "."]);
    let heads = &scratch.parses.parse.head[range.start as usize..range.end as usize];
    assert_eq!(heads.iter().filter(|&&h| h == 0).count(), 1);
    assert_eq!(heads[0], 2, "Serraj hangs on said: {heads:?}");
}

/// With syntax on, a subject-rule dyad that the tree does not link is dropped: Serraj, named in
/// a clause of its own about Tripoli, is no target of the mercenaries' shelling.
#[test]
fn syntax_drops_dyads_the_tree_does_not_link() {
    use stance::attribution::Source;
    use stance::corpus::Document;
    use stance::{Engine, Scratch};
    let doc = Document {
        text: "Russian mercenaries fighting for Haftar shelled Tripoli, where Serraj lives.".into(),
        ..Document::default()
    };
    let plain = Engine::bundled();
    let dyads = |engine: &Engine| -> Vec<(String, String)> {
        let actors = engine.actors();
        engine
            .analyze(&doc, &mut Scratch::default())
            .scored
            .iter()
            .filter_map(|s| match s.attribution.source {
                Source::Actor(a) => Some((
                    actors.get(a).id.clone(),
                    actors.get(s.attribution.target).id.clone(),
                )),
                Source::Author => None,
            })
            .collect()
    };
    let pair = ("RUSSIA".to_string(), "SERRAJ".to_string());
    assert!(dyads(&plain).contains(&pair), "{:?}", dyads(&plain));
    let parsed = dyads(&plain.with_syntax(true));
    assert!(!parsed.contains(&pair), "{parsed:?}");
}

/// `explain --syntax` shows what the structure rule read: the sentence's arcs, the link that
/// kept a dyad, and the dyad it dropped; without `--syntax` none of it appears, in text or JSON.
#[test]
fn explain_shows_the_arcs_the_rules_used() {
    let text = "Serraj accused Haftar of treason. \
                Russian mercenaries fighting for Haftar shelled Tripoli, where Serraj lives.";
    let out = stance(&["explain", "--syntax", text], None);
    assert!(out.status.success(), "{}", crate::cli::stderr(&out));
    let shown = stdout(&out);
    assert!(shown.contains("nsubj(accused, Serraj)"), "{shown}");
    assert!(shown.contains("obj(accused, Haftar)"), "{shown}");
    assert!(
        shown.contains("tree link: source is the subject of \u{201c}accused\u{201d}"),
        "{shown}"
    );
    assert!(
        shown.contains("RUSSIA -> SERRAJ  [subject]  dropped"),
        "{shown}"
    );

    let json = stdout(&stance(&["explain", "--syntax", "--json", text], None));
    let sentences: serde_json::Value = serde_json::from_str(&json).unwrap();
    let first = &sentences[0];
    assert!(first["tree"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["relation"] == "nsubj" && a["head"] == "accused" && a["dependent"] == "Serraj"));
    assert!(sentences[1]["dropped"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["source"] == "RUSSIA" && d["target"] == "SERRAJ" && d["rule"] == "subject"));

    let plain = stdout(&stance(&["explain", "--json", text], None));
    assert!(
        !plain.contains("\"tree\"")
            && !plain.contains("\"dropped\"")
            && !plain.contains("\"link\"")
    );
}
