//! The PETRARCH/Phoenix actor dictionaries: the unit-test records of PETRARCH-2 (ACTOR and DATE
//! categories) must resolve to their actor codes by the story date, and the production
//! dictionaries must load as they are.

use crate::shared::shared_path;
use stance::actors::{ActorSet, LexiconFormat, MatchScratch};
use stance::matrix::period::Date;

/// One unit-test record: its id, date, text, and the codes its events name.
struct Record {
    id: String,
    date: String,
    text: String,
    codes: Vec<String>,
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// The ACTOR and DATE records whose events name plain codes (not compound-phrase codes, which
/// need PETRARCH's agent and phrase machinery).
fn records(xml: &str) -> Vec<Record> {
    let mut out = Vec::new();
    for chunk in xml.split("<Sentence ").skip(1) {
        let head = &chunk[..chunk.find('>').unwrap_or(0)];
        let id = attr(head, "id").unwrap_or("").to_string();
        if !(id.starts_with("DATE-") || id.starts_with("ACTOR-")) {
            continue;
        }
        let body = &chunk[..chunk.find("</Sentence>").unwrap_or(chunk.len())];
        let mut codes = Vec::new();
        for coding in body.split("<EventCoding ").skip(1) {
            let tag = &coding[..coding.find('>').unwrap_or(0)];
            for key in ["sourcecode", "targetcode"] {
                if let Some(code) = attr(tag, key) {
                    codes.push(code.to_string());
                }
            }
        }
        if codes.is_empty() || codes.iter().any(|c| c.is_empty()) {
            continue; // noevents records, or compound-phrase codes written with other quotes
        }
        let text = body
            .split("<Text>")
            .nth(1)
            .and_then(|t| t.split("</Text>").next())
            .unwrap_or("")
            .trim()
            .to_string();
        out.push(Record {
            id,
            date: attr(head, "date").unwrap_or("").into(),
            text,
            codes,
        });
    }
    out
}

#[test]
fn petrarch_actor_and_date_records_resolve_to_their_codes() {
    let (Some(dict), Some(xml)) = (
        shared_path("data/petrarch2_unittests/PETR.Validate.actors.txt"),
        shared_path("data/petrarch2_unittests/PETR.UnitTest.records.xml"),
    ) else {
        return;
    };
    let (set, _) = ActorSet::from_files(&[dict], LexiconFormat::Auto)
        .expect("the validation dictionary loads");
    let records = records(&std::fs::read_to_string(xml).unwrap());
    let mut resolved = Vec::new();
    let mut missed = Vec::new();
    for r in &records {
        let mut mentions = Vec::new();
        set.find_mentions(
            &r.text,
            Date::parse(&r.date),
            &mut MatchScratch::default(),
            &mut mentions,
        );
        let found: Vec<&str> = mentions
            .iter()
            .map(|m| set.get(m.actor).id.as_str())
            .collect();
        if r.codes.iter().all(|c| found.contains(&c.as_str())) {
            resolved.push(r.id.clone());
        } else {
            missed.push(format!(
                "{} ({}): expected {:?}, found {:?}",
                r.id, r.date, r.codes, found
            ));
        }
    }
    eprintln!(
        "PETRARCH ACTOR/DATE records resolved: {} of {}",
        resolved.len(),
        records.len()
    );
    for m in &missed {
        eprintln!("  missed {m}");
    }
    // What is left needs PETRARCH's agents dictionary, which composes codes from role nouns
    // ("the Kuwait government" = KUW + GOV); the dated roles themselves must all resolve.
    let needs_agents = |line: &String| {
        ["KUWGOV", "AUSGOV", "---GOV"]
            .iter()
            .any(|c| line.contains(c))
    };
    let unexplained: Vec<&String> = missed.iter().filter(|m| !needs_agents(m)).collect();
    assert!(records.len() >= 30, "read {} records", records.len());
    assert!(unexplained.is_empty(), "records missed:\n{unexplained:#?}");
    assert!(
        resolved.len() >= 30,
        "only {} of {} resolved",
        resolved.len(),
        records.len()
    );
}

#[test]
fn the_phoenix_production_dictionaries_load_as_they_are() {
    let names = [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
    ];
    let mut paths = Vec::new();
    for n in names {
        let Some(p) = shared_path(&format!("data/petrarch2_dictionaries/{n}")) else {
            return;
        };
        paths.push(p);
    }
    let (set, warnings) =
        ActorSet::from_files(&paths, LexiconFormat::Auto).expect("loads despite its few bad lines");
    assert!(set.entry_count() > 27_000, "{} entries", set.entry_count());
    assert!(set.matcher().pattern_count() > 30_000);
    assert!(warnings
        .iter()
        .any(|w| w.reason.contains("restriction ignored")));
    // Gaddafi has one role, head of government of Libya from 1969-09-01 to 2011-08-23, and no
    // undated code: outside that window the dictionary does not code him.
    let text = "Muammar Gaddafi spoke.";
    let code_at = |date: &str| {
        let mut m = Vec::new();
        set.find_mentions(
            text,
            Date::parse(date),
            &mut MatchScratch::default(),
            &mut m,
        );
        m.first().map(|m| set.get(m.actor).id.clone())
    };
    assert_eq!(code_at("2010-01-01").as_deref(), Some("LBYGOV"));
    assert_eq!(code_at("2012-01-01"), None);
    assert_eq!(code_at("1960-01-01"), None);
}
