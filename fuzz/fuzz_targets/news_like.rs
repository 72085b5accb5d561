//! Slowness hunting on text that looks like news (#17): the fuzzer's bytes do not become the
//! text itself but choose among actor names, speech verbs, quotes, brackets, clause words and
//! sentence ends, and may repeat the last stretch many times. Random bytes rarely form a name
//! or a speech verb, so the plain `document_analysis` target seldom reaches the attribution
//! rules' pair logic; this one lives there. Every other input runs with the syntax layer on,
//! whose parser only sees sentences with two actors or a speaker.
#![no_main]
use libfuzzer_sys::fuzz_target;
use stance::corpus::Document;
use stance::{Engine, Scratch};
use std::sync::OnceLock;

static PLAIN: OnceLock<Engine> = OnceLock::new();
static SYNTAX: OnceLock<Engine> = OnceLock::new();

const ACTORS: &[&str] = &[
    "Serraj",
    "Haftar",
    "Fayez al-Serraj",
    "Khalifa Haftar",
    "the GNA",
    "the LNA",
    "the UN",
    "Libya",
    "Gaddafi",
    "NATO",
    "the EU",
    "Salame",
    "Aguila Saleh",
    "Islamic State",
];
const VERBS: &[&str] = &[
    "said",
    "accused",
    "warned",
    "told",
    "condemned",
    "praised",
    "met",
    "attacked",
    "rejected",
    "welcomed",
    "according to",
    "denied",
    "threatened",
    "backed",
    "urged",
];
const WORDS: &[&str] = &[
    "and",
    "but",
    "who",
    "which",
    "that",
    "not",
    "never",
    "it",
    "him",
    "his",
    "its",
    "they",
    "their",
    "war",
    "peace",
    "talks",
    "terrible",
    "great",
    "support",
    "killed",
    "on Monday",
    "in Tripoli",
    "by",
    "was",
    "were",
    "had been",
    "the",
    "a",
    "of",
    "to",
];
const MARKS: &[&str] = &[
    ",",
    ";",
    ":",
    "\u{201c}",
    "\u{201d}",
    "\"",
    "'",
    "(",
    ")",
    "[",
    "]",
    " - ",
    " -- ",
    "\u{2014}",
    "\u{ab}",
    "\u{bb}",
    "\n",
    "\n\n",
    "TRIPOLI (Reuters) - ",
    "1.5",
    "U.S.",
    "Mr.",
];
const ENDS: &[&str] = &[".", "!", "?", "...", ".\u{201d}", "?\""];

/// Past this the input is long enough to show superlinear growth and short enough that
/// libFuzzer runs many inputs a second.
const MAX_TEXT_BYTES: usize = 100_000;

fn generate(bytes: &[u8]) -> String {
    let mut text = String::new();
    let mut stretch_start = 0;
    let mut chunks = bytes.chunks_exact(2);
    for pair in &mut chunks {
        let (kind, pick) = (pair[0], pair[1] as usize);
        let item = match kind % 8 {
            0 | 1 => ACTORS[pick % ACTORS.len()],
            2 => VERBS[pick % VERBS.len()],
            3 | 4 => WORDS[pick % WORDS.len()],
            5 => MARKS[pick % MARKS.len()],
            6 => ENDS[pick % ENDS.len()],
            _ => {
                // Repeat the stretch since the last repeat: one line of "A said B" over and
                // over is the shape that was quadratic before.
                let stretch = text[stretch_start..].to_string();
                let times = 1 + pick * 40;
                for _ in 0..times {
                    if text.len() + stretch.len() + 1 > MAX_TEXT_BYTES {
                        break;
                    }
                    text.push(' ');
                    text.push_str(&stretch);
                }
                stretch_start = text.len();
                continue;
            }
        };
        if text.len() + item.len() + 1 > MAX_TEXT_BYTES {
            break;
        }
        if !text.is_empty() && !text.ends_with(['\n', '\u{201c}', '(', '[']) {
            text.push(' ');
        }
        text.push_str(item);
    }
    text
}

fuzz_target!(
    // Load the syntax model before the first input: its seconds of start-up are not an
    // input's cost, and would otherwise be the slowest unit of every run.
    init: {
        PLAIN.get_or_init(Engine::bundled);
        SYNTAX.get_or_init(|| Engine::bundled().with_syntax(true));
    },
    |bytes: &[u8]| {
        let Some((&switch, rest)) = bytes.split_first() else {
            return;
        };
        let engine = if switch % 2 == 0 {
            PLAIN.get_or_init(Engine::bundled)
        } else {
            SYNTAX.get_or_init(|| Engine::bundled().with_syntax(true))
        };
        let text = generate(rest);
        let doc = Document {
            text: text.clone(),
            ..Document::default()
        };
        let result = engine.analyze(&doc, &mut Scratch::default());
        for s in &result.scored {
            assert!(s.sentence_span.contains(s.attribution.scope));
            for score in s.scores.iter().flatten() {
                assert!((-1.0..=1.0).contains(score), "score {score}");
            }
        }
    }
);
