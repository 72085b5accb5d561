//! Data-driven attribution cases: one table per rule or stage under `tests/data/attribution/`,
//! all read, all failures reported at once; and the known gaps in
//! `tests/data/attribution_gaps.tsv`, which must still fail.

use stance::attribution::{Rule, Source, Voice};
use stance::corpus::Document;
use stance::scorers::Scorer;
use stance::{Engine, Scratch};

/// The tables under `tests/data/attribution/`, by name, read at run time so that a new table
/// is picked up without a change here.
fn tables() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/attribution");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/data/attribution") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "tsv") {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).expect("a readable table");
            out.push((name, text));
        }
    }
    out.sort();
    out
}

/// The rule a table names on its `# fires: RULE` line.
fn fires(table: &str, text: &str) -> Rule {
    let name = text
        .lines()
        .find_map(|l| l.strip_prefix("# fires: "))
        .unwrap_or_else(|| panic!("{table}.tsv has no `# fires: RULE` line"))
        .trim();
    Rule::ALL
        .into_iter()
        .find(|r| r.as_str() == name)
        .unwrap_or_else(|| panic!("{table}.tsv: no rule named {name:?}"))
}

#[test]
fn attribution_cases() {
    let tables = tables();
    let names: Vec<&str> = tables.iter().map(|(n, _)| n.as_str()).collect();
    for rule in Rule::ALL {
        assert!(names.contains(&rule.as_str()), "no table for {rule:?}");
    }
    let (mut count, mut failures) = (0, Vec::new());
    for (name, text) in &tables {
        let (n, fails) = run_cases(text, Some(fires(name, text)));
        assert!(n >= 3, "{name}.tsv has only {n} cases");
        count += n;
        failures.extend(fails.into_iter().map(|f| format!("{name}.tsv: {f}")));
    }
    assert!(count >= 110, "only {count} cases");
    assert!(
        failures.is_empty(),
        "{} of {count} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The known gaps stay documented: each case there must still fail; one that passes belongs in
/// the table of its rule.
#[test]
fn known_gaps_still_fail() {
    let cases = include_str!("../data/attribution_gaps.tsv");
    let mut checked = 0;
    for line in cases
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        // text<TAB>expected<TAB>symptom: the gap's stated reason shows as this symptom in the
        // failure, so a case that starts failing for another reason is caught too.
        let (case, symptom) = line
            .rsplit_once('\t')
            .expect("text<TAB>expected<TAB>symptom");
        let (count, failures) = run_cases(case, None);
        assert_eq!(count, 1);
        assert_eq!(
            failures.len(),
            1,
            "now passes, move it to the table of its rule: {case}"
        );
        assert!(
            failures[0].contains(symptom),
            "fails, but not for its stated reason (expected {symptom:?}): {}",
            failures[0]
        );
        checked += 1;
    }
    assert!(checked >= 5, "{checked} gaps read");
}

/// Runs `text<TAB>expected` cases; returns how many ran and the failures. With `fires`, each
/// case that expects a dyad must get one of them from that rule, and when it is the author
/// rule, `@author` dyads are compared too.
fn run_cases(cases: &str, fires: Option<Rule>) -> (usize, Vec<String>) {
    let engine = Engine::bundled();
    let actors = engine.actors();
    let mut scratch = Scratch::default();
    let mut failures = Vec::new();
    let mut count = 0;
    let with_author = fires == Some(Rule::Author);
    for line in cases
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (text, expected) = line.split_once('\t').expect("text<TAB>expected");
        count += 1;
        let doc = Document {
            text: text.into(),
            ..Document::default()
        };
        let result = engine.analyze(&doc, &mut scratch);
        // (source>target, rule, stance score) of each attribution
        let mut got: Vec<(String, Rule, f64)> = Vec::new();
        for s in &result.scored {
            let source = match s.attribution.source {
                Source::Actor(src) => actors.get(src).id.as_str(),
                Source::Author if with_author => "@author",
                Source::Author => continue,
            };
            let key = format!("{source}>{}", actors.get(s.attribution.target).id);
            let stance = s.scores[Scorer::Stance.index()].unwrap_or(0.0);
            got.push((key, s.attribution.rule, stance));
        }
        let mut keys: Vec<&str> = got.iter().map(|(k, _, _)| k.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        let mut want: Vec<(&str, &str)> = if expected == "none" {
            Vec::new()
        } else {
            expected
                .split(';')
                .map(|item| item.split_once(':').expect("SOURCE>TARGET:SIGN"))
                .collect()
        };
        want.sort_unstable();
        let want_keys: Vec<&str> = want.iter().map(|(k, _)| *k).collect();
        if keys != want_keys {
            failures.push(format!("{text:?}: dyads {keys:?}, expected {want_keys:?}"));
            continue;
        }
        if let Some(rule) = fires.filter(|_| !want.is_empty()) {
            if !got.iter().any(|(_, r, _)| *r == rule) {
                failures.push(format!("{text:?}: no dyad from the {} rule", rule.as_str()));
            }
        }
        for (key, sign) in want {
            let total: f64 = got
                .iter()
                .filter(|(k, _, _)| k == key)
                .map(|(_, _, v)| v)
                .sum();
            let ok = match sign {
                "+" => total > 0.0,
                "-" => total < 0.0,
                _ => true,
            };
            if !ok {
                failures.push(format!(
                    "{text:?}: {key} scored {total:.3}, expected {sign}"
                ));
            }
        }
    }
    (count, failures)
}

/// The author's scope toward an actor, in the one sentence of `text`.
fn author_scopes(text: &str) -> Vec<(String, String)> {
    let engine = Engine::bundled();
    let doc = Document {
        text: text.into(),
        ..Document::default()
    };
    let result = engine.analyze(&doc, &mut Scratch::default());
    result
        .scored
        .iter()
        .filter(|s| s.attribution.source == Source::Author)
        .map(|s| {
            (
                engine.actors().get(s.attribution.target).id.clone(),
                s.attribution.scope.slice(text).to_string(),
            )
        })
        .collect()
}

/// What an actor is reported saying is its words, not the text's tone toward it: the author's
/// scope stops at the speech verb. Without a speech verb the clause is the author's own.
#[test]
fn the_author_does_not_speak_through_reported_speech() {
    let author_on = |text: &str, actor: &str| {
        author_scopes(text)
            .into_iter()
            .find(|(id, _)| id == actor)
            .unwrap_or_else(|| panic!("no @author -> {actor} in {text:?}"))
            .1
    };
    assert_eq!(
        author_on(
            "Serraj said the terrible fighting had destroyed the city.",
            "SERRAJ"
        ),
        "Serraj said"
    );
    assert_eq!(
        author_on(
            "Serraj on Sunday told reporters that the talks were a wonderful success.",
            "SERRAJ"
        ),
        "Serraj on Sunday told"
    );
    let own = "Serraj destroyed the terrible old order.";
    assert_eq!(author_on(own, "SERRAJ"), own);
}

/// The voice of every actor-to-actor attribution in `text`: `(source>target, rule, voice)`.
fn voices(text: &str) -> Vec<(String, &'static str, Voice)> {
    let engine = Engine::bundled();
    let doc = Document {
        text: text.into(),
        ..Document::default()
    };
    let result = engine.analyze(&doc, &mut Scratch::default());
    let actors = engine.actors();
    let mut out: Vec<_> = result
        .scored
        .iter()
        .filter_map(|s| match s.attribution.source {
            Source::Actor(src) => Some((
                format!(
                    "{}>{}",
                    actors.get(src).id,
                    actors.get(s.attribution.target).id
                ),
                s.attribution.rule.as_str(),
                s.attribution.voice,
            )),
            Source::Author => None,
        })
        .collect();
    out.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    out
}

/// A quote is its speaker's own words, and so is what the speaker says "we" do inside it; what
/// the speaker says another actor does is the speaker's report of that actor, not its words.
#[test]
fn a_speaker_speaks_in_their_own_voice_only_for_themselves() {
    assert_eq!(
        voices("“We condemn Egypt,” Serraj said."),
        [
            ("SERRAJ>EGYPT".to_string(), "quote", Voice::Own),
            ("SERRAJ>EGYPT".to_string(), "subject", Voice::Own),
        ]
    );
    assert_eq!(
        voices("“Haftar shelled our schools,” Serraj said."),
        [
            ("HAFTAR>SERRAJ".to_string(), "subject", Voice::Reported),
            ("SERRAJ>HAFTAR".to_string(), "quote", Voice::Own),
        ]
    );
    assert_eq!(
        voices("Egypt condemned Haftar on Sunday."),
        [("EGYPT>HAFTAR".to_string(), "subject", Voice::Reported)]
    );
}
