//! Properties checked on generated inputs: spans, the matcher against a naive oracle, and exact
//! merging of partial results.

use proptest::prelude::*;
use std::sync::OnceLock;

use stance::actors::fold::fold_str;
use stance::actors::{lexicon::parse_actor_tsv, ActorSet, MatchScratch};
use stance::corpus::Document;
use stance::matrix::Accumulator;
use stance::text::{split_sentences, tokenize, Span};
use stance::{Engine, Scratch};

/// Words that exercise the matcher and the splitter: aliases in several spellings, acronyms in
/// and out of capitals, punctuation, quotes, and non-ASCII letters.
const WORDS: &[&str] = &[
    "Haftar",
    "haftar’s",
    "HAFTAR",
    "Hafta",
    "Haftarists",
    "Serraj",
    "Sarrāj",
    "al-Sarraj",
    "GNA",
    "gna",
    "GNA leader",
    "(GNA)",
    "leader",
    "UN",
    "un",
    "U.N.",
    "US",
    "us",
    "the",
    "said",
    "Gen.",
    "Mr.",
    ".",
    ",",
    "“",
    "”",
    "\"",
    "!",
    "?",
    "\n\n",
    "ß",
    "İ",
    "Ωmega",
    "e\u{301}",
    "Turkey",
    "Turkish",
    "and",
];

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..40).prop_map(|w| w.join(" "))
}

/// The leftmost-longest, word-bounded matches of a naive scan, as (start, end, actor id).
fn naive_matches(aliases: &[(String, String)], text: &str) -> Vec<(usize, usize, String)> {
    // Fold character by character, remembering where each folded byte came from.
    let mut folded = String::new();
    let mut origin = Vec::new();
    for (i, c) in text.char_indices() {
        let f = fold_str(c.encode_utf8(&mut [0; 4]));
        origin.extend(std::iter::repeat_n(i, f.len()));
        folded.push_str(&f);
    }
    origin.push(text.len());
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut out = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        let mut best: Option<(usize, &str)> = None;
        for (alias, id) in aliases {
            let f = fold_str(alias);
            let end = i + f.len();
            if !folded.is_char_boundary(i) || !folded[i..].starts_with(&f) {
                continue;
            }
            let edge = |k: usize| k == 0 || k >= folded.len() || origin[k] != origin[k - 1];
            let inside_word = |k: usize| {
                is_word(folded[..k].chars().next_back()) && is_word(folded[k..].chars().next())
            };
            let bounded = !inside_word(i) && !inside_word(end);
            // Short all-capitals words only (lexicons/README.md): "ISIS" matches "Isis".
            let acronym = alias.chars().any(char::is_alphabetic)
                && alias.chars().all(|c| !c.is_lowercase())
                && !alias.contains(char::is_whitespace)
                && alias.chars().filter(|c| c.is_alphabetic()).count() <= 3;
            let in_capitals = text[origin[i]..origin[end]]
                .chars()
                .all(|c| !c.is_lowercase());
            let caps_ok = !acronym || in_capitals;
            if edge(i) && edge(end) && bounded && caps_ok && best.is_none_or(|(e, _)| end > e) {
                best = Some((end, id));
            }
        }
        match best {
            Some((end, id)) => {
                out.push((origin[i], origin[end], id.to_string()));
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

const LEXICON: &str = "id\tkind\tname\taliases\tgroups\n\
HAFTAR\tperson\tKhalifa Haftar\tHaftar\t\n\
SERRAJ\tperson\tFayez al-Serraj\tSerraj|Sarraj|al-Sarraj|GNA leader\tGNA\n\
GNA\torganisation\tGovernment of National Accord\tGNA|(GNA)\t\n\
UN\torganisation\tUnited Nations\tUN|U.N.\t\n\
USA\tcountry\tUnited States\tUS\t\n\
TURKEY\tcountry\tTurkey\tTurkish\t\n";

/// More actors than the matcher compiles to one automaton, so that it reads word by word: the
/// test lexicon and thousands of actors whose aliases never occur in the generated texts.
fn large_lexicon() -> String {
    let mut lexicon = LEXICON.to_string();
    for i in 0..6_000 {
        lexicon.push_str(&format!(
            "PAD{i}\torganisation\tPadding {i} Council\tPad{i}\t\n"
        ));
    }
    lexicon
}

/// An actor set and its (alias, actor id) pairs.
type Lexicon = (ActorSet, Vec<(String, String)>);

/// The actor set of a lexicon and its (alias, actor id) pairs, minus the padding.
fn lexicon(text: &str) -> Lexicon {
    let (records, errors) = parse_actor_tsv("p.tsv", text);
    assert!(errors.is_empty(), "{errors:?}");
    let aliases = records
        .iter()
        .filter(|r| !r.id.starts_with("PAD"))
        .flat_map(|r| {
            std::iter::once(&r.name)
                .chain(&r.aliases)
                .map(|a| (a.clone(), r.id.clone()))
        })
        .collect();
    (ActorSet::build(records).unwrap(), aliases)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn spans_slice_the_original_on_char_boundaries(text in text_strategy()) {
        let mut sentences = Vec::new();
        split_sentences(&text, &mut sentences);
        let mut tokens = Vec::new();
        tokenize(&text, Span::new(0, text.len()), &mut tokens);
        for s in sentences.iter().copied().chain(tokens.iter().map(|t| t.span())) {
            prop_assert!(s.start <= s.end && s.end <= text.len());
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
        let engine = Engine::bundled();
        let result = engine.analyze(&Document { text: text.clone(), ..Document::default() }, &mut Scratch::default());
        for scored in &result.scored {
            let scope = scored.attribution.scope;
            prop_assert!(text.is_char_boundary(scope.start) && text.is_char_boundary(scope.end));
            prop_assert!(scored.sentence_span.contains(scope), "scope {:?} outside its sentence", scope);
        }
    }

    #[test]
    fn the_matcher_agrees_with_a_naive_scan(text in text_strategy()) {
        static SETS: OnceLock<[Lexicon; 2]> = OnceLock::new();
        let sets = SETS.get_or_init(|| [lexicon(LEXICON), lexicon(&large_lexicon())]);
        for (set, aliases) in sets {
            let mut found = Vec::new();
            set.find_mentions(&text, None, &mut MatchScratch::default(), &mut found);
            let got: Vec<(usize, usize, String)> = found
                .iter()
                .map(|m| (m.span.start, m.span.end, set.get(m.actor).id.clone()))
                .collect();
            prop_assert_eq!(got, naive_matches(aliases, &text), "{} aliases", set.matcher().pattern_count());
        }
    }

    #[test]
    fn merging_parts_in_any_order_equals_the_whole(
        texts in prop::collection::vec(text_strategy(), 1..12),
        cut in any::<prop::sample::Index>(),
        reversed in any::<bool>(),
    ) {
        let engine = Engine::bundled();
        let mut scratch = Scratch::default();
        let results: Vec<_> = texts
            .iter()
            .map(|t| engine.analyze(&Document { text: t.clone(), ..Document::default() }, &mut scratch))
            .collect();
        let docs: Vec<Document> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Document { id: format!("d{i}"), text: t.clone(), ..Document::default() })
            .collect();
        let mut whole = Accumulator::default();
        let add = |acc: &mut Accumulator, i: usize| {
            results[i].scored.iter().for_each(|s| acc.add(i as u32 % 3, s, Some(&docs[i])));
        };
        (0..results.len()).for_each(|i| add(&mut whole, i));
        let k = cut.index(results.len() + 1);
        let (mut a, mut b) = (Accumulator::default(), Accumulator::default());
        (0..k).for_each(|i| add(&mut a, i));
        (k..results.len()).rev().for_each(|i| add(&mut b, i));
        let merged = if reversed { b += &a; b } else { a += &b; a };
        prop_assert_eq!(merged, whole);
    }
}
