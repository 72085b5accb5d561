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

/// The ACTOR, DATE and AGENT records whose events name plain codes (not compound-phrase codes,
/// which need PETRARCH's phrase machinery).
fn records(xml: &str) -> Vec<Record> {
    let mut out = Vec::new();
    for chunk in xml.split("<Sentence ").skip(1) {
        let head = &chunk[..chunk.find('>').unwrap_or(0)];
        let id = attr(head, "id").unwrap_or("").to_string();
        if !(id.starts_with("DATE-") || id.starts_with("ACTOR-") || id.starts_with("AGENT")) {
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
fn petrarch_actor_date_and_agent_records_resolve_to_their_codes() {
    let (Some(dict), Some(agents), Some(xml)) = (
        shared_path("data/petrarch2_unittests/PETR.Validate.actors.txt"),
        shared_path("data/petrarch2_unittests/PETR.Validate.agents.txt"),
        shared_path("data/petrarch2_unittests/PETR.UnitTest.records.xml"),
    ) else {
        return;
    };
    // The agents dictionary is read as `--actors world` reads Phoenix.agents.txt.
    let (set, _) = ActorSet::from_files(&[dict, agents], LexiconFormat::Auto)
        .expect("the validation dictionaries load");
    let records = records(&std::fs::read_to_string(xml).unwrap());
    let (resolved, missed) = resolve(&set, &records);
    let count =
        |prefix: &str, list: &[String]| list.iter().filter(|id| id.starts_with(prefix)).count();
    let all: Vec<&Record> = records.iter().collect();
    report("validation dictionaries", &all, &resolved, &missed);
    // An agent alone ("the government" = ---GOV) is dropped, not coded: the one ACTOR/DATE
    // record that needs it is allowed to miss; every dated role must resolve.
    let unexplained: Vec<&String> = missed
        .iter()
        .filter(|m| !m.starts_with("AGENT") && !m.contains("---GOV"))
        .collect();
    assert!(records.len() >= 50, "read {} records", records.len());
    assert!(unexplained.is_empty(), "records missed:\n{unexplained:#?}");
    // Agents compose: "the Kuwait government" (KUWGOV), "Osgiliath soldiers" (OSGMIL).
    assert!(
        ["KUWGOV", "AUSGOV"]
            .iter()
            .all(|c| !missed.iter().any(|m| m.contains(c))),
        "{missed:#?}"
    );
    assert!(
        count("AGENT", &resolved) >= AGENT_RECORDS_RESOLVED,
        "only {} AGENT records resolved",
        count("AGENT", &resolved)
    );
}

/// Issue 20: the records with `--actors world` itself, its agents (Phoenix.agents.txt) and
/// rules (capitals as governments), not the validation agents. The records are about invented
/// actors (Arnor, Gondor, the hobbits) and invented aliases of real ones ("the Hermit Kingdom",
/// "Zealand", "KU basketball team"), which no world list knows and none should: the validation
/// actors come in as a user's own list after `world`, as `--actors world --actors
/// PETR.Validate.actors.txt` gives them. The records whose codes are all real are also read
/// with `world` alone, for the report.
#[test]
fn petrarch_records_with_the_world_list() {
    let (Some(dict), Some(xml)) = (
        shared_path("data/petrarch2_unittests/PETR.Validate.actors.txt"),
        shared_path("data/petrarch2_unittests/PETR.UnitTest.records.xml"),
    ) else {
        return;
    };
    let world = world();
    let (extended, _) = ActorSet::from_files(
        &[std::path::PathBuf::from("world"), dict],
        LexiconFormat::Auto,
    )
    .expect("world and the validation actors load");
    let records = records(&std::fs::read_to_string(xml).unwrap());
    let real: Vec<&Record> = records
        .iter()
        .filter(|r| r.codes.iter().all(|c| world.by_id(c).is_some()))
        .collect();
    let (alone, alone_missed) = resolve(&world, real.iter().copied());
    report(
        "--actors world alone, real codes",
        &real,
        &alone,
        &alone_missed,
    );
    let (resolved, missed) = resolve(&extended, &records);
    let all: Vec<&Record> = records.iter().collect();
    report(
        "--actors world --actors PETR.Validate.actors.txt",
        &all,
        &resolved,
        &missed,
    );
    let count =
        |prefix: &str, list: &[String]| list.iter().filter(|id| id.starts_with(prefix)).count();
    assert!(
        count("DATE", &resolved) >= WORLD_DATE_RECORDS_RESOLVED
            && count("ACTOR", &resolved) >= WORLD_ACTOR_RECORDS_RESOLVED
            && count("AGENT", &resolved) >= WORLD_AGENT_RECORDS_RESOLVED,
        "fewer records resolved with world than when this test was written:\n{missed:#?}"
    );
}

/// Records resolved with `--actors world` when this test was written (DATE, ACTOR, AGENT); a
/// change that loses one fails. The misses and why: DATE-16 wants `---GOV` for an agent alone
/// (dropped on purpose); ACTOR-12, 14, 15 want KOR for "(fired shells) at Seoul" and PRK for
/// "Pyongyang", where world reads a capital as its government (PRKGOV) and not at all after a
/// preposition of place; the AGENT records that miss want codes of the validation agents that
/// Phoenix.agents.txt codes otherwise or not at all (MOP, GGS, XYZ; "security officials" COP
/// there, GOV here; "border police"), contradict another record (AGENT-12 and 13 give the text
/// of AGENT-09 another code), or need what world does not read (compound codes: NGOARN for
/// "MSF Arnor"; an agent "in" a country; agents of an organisation: NGMOPP; agents in a row).
const WORLD_DATE_RECORDS_RESOLVED: usize = 20;
const WORLD_ACTOR_RECORDS_RESOLVED: usize = 9;
const WORLD_AGENT_RECORDS_RESOLVED: usize = 11;

/// Prints how many records resolved, by category, and the misses.
fn report(what: &str, records: &[&Record], resolved: &[String], missed: &[String]) {
    let count =
        |prefix: &str, list: &[String]| list.iter().filter(|id| id.starts_with(prefix)).count();
    let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
    eprintln!(
        "PETRARCH records resolved with {what}: {} of {} (ACTOR/DATE {} of {}, AGENT {} of {})",
        resolved.len(),
        records.len(),
        count("ACTOR", resolved) + count("DATE", resolved),
        count("ACTOR", &ids) + count("DATE", &ids),
        count("AGENT", resolved),
        count("AGENT", &ids),
    );
    for m in missed {
        eprintln!("  missed {m}");
    }
}

/// The ids of the records whose every code was found, and a line per record missed.
fn resolve<'a>(
    set: &ActorSet,
    records: impl IntoIterator<Item = &'a Record>,
) -> (Vec<String>, Vec<String>) {
    let mut resolved = Vec::new();
    let mut missed = Vec::new();
    for r in records {
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
    (resolved, missed)
}

/// AGENT records resolved when this test was written; a change that loses one fails here.
const AGENT_RECORDS_RESOLVED: usize = 17;

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

fn world() -> ActorSet {
    let Some(Ok((set, warnings))) = ActorSet::bundled_named("world") else {
        panic!("the bundled world list loads");
    };
    assert!(warnings.is_empty(), "{warnings:?}");
    set
}

fn codes(set: &ActorSet, text: &str, date: &str) -> Vec<String> {
    let mut m = Vec::new();
    set.find_mentions(
        text,
        Date::parse(date),
        &mut MatchScratch::default(),
        &mut m,
    );
    m.iter().map(|m| set.get(m.actor).id.clone()).collect()
}

/// Issue 20: the agents compose with countries as PETRARCH composes them, and capitals read as
/// their government only where they act.
#[test]
fn the_world_list_codes_countries_with_their_agents() {
    let set = world();
    let cases = [
        ("The Libyan government said so.", vec!["LBYGOV"]),
        ("They met the government of Libya.", vec!["LBYGOV"]),
        ("Turkish troops crossed.", vec!["TURMIL"]),
        ("Syrian rebels fought.", vec!["SYRREB"]),
        ("The Russian foreign ministry said.", vec!["RUSGOV"]),
        ("Iraqi police arrested him.", vec!["IRQCOP"]),
        ("Moscow said it would reply.", vec!["RUSGOV"]),
        ("Washington warned Tehran.", vec!["USAGOV", "IRNGOV"]),
        ("Talks were held in Moscow.", vec![]),
        ("The rebels and the police fought.", vec![]),
        ("Russians and Iraqis voted.", vec!["RUS", "IRQ"]),
    ];
    for (text, want) in cases {
        assert_eq!(codes(&set, text, "2019-05-01"), want, "{text}");
    }
    // Dated roles from the update file.
    assert_eq!(codes(&set, "Zelenskiy spoke.", "2020-01-01"), ["UKRGOV"]);
    assert_eq!(codes(&set, "Zelenskiy spoke.", "2018-01-01"), ["UKRELI"]);
    assert_eq!(codes(&set, "Assad spoke.", "2025-06-01"), ["SYRELI"]);
    assert_eq!(codes(&set, "Obama spoke.", "2012-06-01"), ["USAGOV"]);
    // Defence ministers are CCCGOVMIL while in that office, as Phoenix codes them; a dated role
    // wins over the undated code.
    assert_eq!(codes(&set, "Shoigu spoke.", "2015-06-01"), ["RUSGOVMIL"]);
    assert_eq!(codes(&set, "Shoigu spoke.", "2025-06-01"), ["RUSGOV"]);
    assert_eq!(codes(&set, "Akhundzada spoke.", "2019-06-01"), ["AFGREB"]);
    assert_eq!(codes(&set, "Akhundzada spoke.", "2022-06-01"), ["AFGGOV"]);
    assert_eq!(
        codes(&set, "Former Libyan ministers met.", "2019-05-01"),
        ["LBYELI"]
    );
    let lbygov = set.by_id("LBYGOV").unwrap();
    assert_eq!(set.get(set.country_of(lbygov)).id, "LBY");
}

/// Issue 20, done-when: on the Reuters world-politics file the world list names at least 150
/// distinct actors, and the names it leaves uncovered hold no country, capital or G20 leader.
#[test]
fn the_world_list_covers_the_reuters_world_politics_file() {
    let Some(path) = shared_path("data/corpora/reuters_2006_2013_ding/world_politics.jsonl") else {
        return;
    };
    let set = world();
    let engine = stance::Engine::new(set.clone());
    let mut scratch = stance::Scratch::default();
    let mut counter = stance::suggest::NameCounter::default();
    let mut seen = std::collections::BTreeSet::new();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let doc = stance::corpus::Document {
            id: v["id"].as_str().unwrap_or("").into(),
            date: v["date"].as_str().map(String::from),
            text: v["text"].as_str().unwrap_or("").into(),
            ..Default::default()
        };
        counter.add(&doc, &set);
        for s in engine.analyze(&doc, &mut scratch).scored {
            if let stance::attribution::Source::Actor(a) = s.attribution.source {
                seen.insert(a);
            }
            seen.insert(s.attribution.target);
        }
    }
    eprintln!("distinct actors in the matrix: {}", seen.len());
    assert!(seen.len() >= 150, "{} distinct actors", seen.len());
    let top: Vec<String> = counter.top(100, 2).into_iter().map(|s| s.name).collect();
    // Countries, capitals and G20 leaders of 2006-2013 that the corpus names often.
    let must_be_known = [
        "Iraq",
        "Kuwait",
        "Britain",
        "UK",
        "Greece",
        "Washington",
        "London",
        "Athens",
        "Berlin",
        "Paris",
        "Tokyo",
        "Beijing",
        "Rome",
        "Moscow",
        "Obama",
        "Cameron",
        "Berlusconi",
        "Merkel",
        "Sarkozy",
        "Hollande",
        "Putin",
        "Medvedev",
        "Barroso",
        "Americans",
        "Greeks",
    ];
    let listed: Vec<&&str> = must_be_known
        .iter()
        .filter(|n| top.iter().any(|t| t == **n))
        .collect();
    assert!(listed.is_empty(), "suggested although known: {listed:?}");
}
