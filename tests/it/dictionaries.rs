//! Content-analysis dictionaries (issue 19): every format read into the same model, golden tests
//! on files of our own, the real files of ../shared with the counts their PROVENANCE.md states,
//! quanteda's reader fixtures, errors by place, and quanteda `dfm_lookup` parity for counts.

use std::path::{Path, PathBuf};

use stance::dictionary::count::Counter;
use stance::dictionary::{self, Dictionary, Encoding, Format, Loaded, ReadOptions};

use crate::cli::{stance, stderr, stdout};
use crate::shared::shared_path;

fn own(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/dictionaries")
        .join(name)
}

fn read(path: &Path) -> Loaded {
    read_with(path, ReadOptions::default())
}

fn read_with(path: &Path, options: ReadOptions) -> Loaded {
    dictionary::read_file(path, options).unwrap_or_else(|problems| {
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        panic!("{} refused:\n{}", path.display(), shown.join("\n"))
    })
}

/// One line per category: `name: pattern (weight), ...`.
fn render(d: &Dictionary) -> String {
    d.categories
        .iter()
        .map(|c| {
            let entries: Vec<String> = c
                .entries
                .iter()
                .map(|e| match e.weight {
                    Some(w) => format!("{} ({w})", e.pattern),
                    None => e.pattern.to_string(),
                })
                .collect();
            format!("{}: {}\n", c.name, entries.join(", "))
        })
        .collect()
}

/// Reads one of our files, checks the format it was recognised as, and returns the rendering.
fn golden(name: &str, format: Format) -> (String, Vec<String>) {
    let loaded = read(&own(name));
    assert_eq!(loaded.dictionary.format, format, "{name}");
    let warnings = loaded.warnings.iter().map(ToString::to_string).collect();
    (render(&loaded.dictionary), warnings)
}

#[test]
fn word_weight_list_golden() {
    let (got, warnings) = golden("weights.tsv", Format::Weights);
    assert_eq!(
        got,
        "weights: abandon (-2), good (3), not bad (2), peace* (1.5), war (-3)\n"
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn csv_with_header_golden() {
    let (got, _) = golden("topics.csv", Format::Csv);
    assert_eq!(
        got,
        "peace: ceasefire (1), peace talk* (2)\nwar: airstrike* (-2), shelling (-1)\n"
    );
}

#[test]
fn word_list_golden() {
    let (got, _) = golden("feelings.txt", Format::WordList);
    assert_eq!(got, "feelings: glad, happy*, at ease\n");
}

#[test]
fn liwc_golden() {
    // Zero-padded and bare ids, tab and space separators, a line in two categories.
    let (got, warnings) = golden("moral.dic", Format::Liwc);
    assert_eq!(
        got,
        "care: protect*, safe, just*\nharm: hurt*, kill\nfairness: kill, fair play, just*\n"
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(read(&own("moral.dic")).dictionary.source_entries, 6);
}

#[test]
fn wordstat_golden() {
    // A category holds subcategories and direct entries; weights are the entries' own.
    let (got, _) = golden("policy.cat", Format::WordStat);
    assert_eq!(
        got,
        "CONFLICT: sanction* (1.5)\n\
         CONFLICT.MILITARY: airstrike* (1), shelling (2)\n\
         CONFLICT.DIPLOMATIC: recall* ambassador* (1)\n\
         COOPERATION: aid (1), peace talks (2)\n"
    );
}

#[test]
fn yoshikoder_golden() {
    // A pnode beside a sub-cnode belongs to the outer cnode; entities are unescaped.
    let (got, _) = golden("issues.ykd", Format::Yoshikoder);
    assert_eq!(
        got,
        "issues: reform\nissues.economy: tax*, jobs\nissues.law & order: police, crime rate\n"
    );
}

#[test]
fn lexicoder_xml_golden() {
    // BOM, CRLF, and Lexicoder's spaces as word boundaries.
    let (got, _) = golden("energy.lcd", Format::Yoshikoder);
    assert_eq!(got, "energy: oil, pipeline*, *power\n");
}

#[test]
fn lexicoder_lc3_golden() {
    let (got, _) = golden("sentiment.lc3", Format::Lexicoder);
    assert_eq!(
        got,
        "negative: bad, terribl*, not good\npositive: good, well done\n"
    );
}

#[test]
fn yaml_golden() {
    let (got, _) = golden("regions.yml", Format::Yaml);
    assert_eq!(
        got,
        "AFRICA.NORTH.LY: libya, libyan*, tripoli\n\
         AFRICA.NORTH.EG: egypt, egyptian*, cairo\n\
         EUROPE.IT: italy, italian*, rome\n\
         EUROPE.MT: malta\n"
    );
}

#[test]
fn mpqa_golden() {
    let (got, warnings) = golden("clues.tff", Format::Mpqa);
    assert_eq!(
        got,
        "negative: abandon*, abandoned\npositive: admire*\nneutral: about\n"
    );
    assert_eq!(
        warnings.len(),
        1,
        "the repeated `admire` is noted once: {warnings:?}"
    );
}

/// The problems of `bytes` read as `ext`, rendered.
fn problems(ext: &str, bytes: &[u8]) -> Vec<String> {
    let shown = format!("bad.{ext}");
    match dictionary::parse(&shown, "bad", Some(ext), bytes, ReadOptions::default()) {
        Ok(loaded) => loaded.warnings.iter().map(ToString::to_string).collect(),
        Err(p) => p.iter().map(ToString::to_string).collect(),
    }
}

fn refused(ext: &str, bytes: &[u8]) -> bool {
    dictionary::parse("bad", "bad", Some(ext), bytes, ReadOptions::default()).is_err()
}

#[test]
fn errors_name_file_and_line() {
    // Malformed lines.
    let p = problems("tsv", b"good\t3\nbad\n");
    assert!(
        p[0].starts_with("bad.tsv:2: expected `term<TAB>weight`"),
        "{p:?}"
    );
    let p = problems("tsv", b"good\tthree\n");
    assert!(p[0].starts_with("bad.tsv:1: the weight `three`"), "{p:?}");
    let p = problems("dic", b"%\n1\tcare\n%\nsafe\n");
    assert!(
        p[0].starts_with("bad.dic:4: expected `pattern<TAB>category"),
        "{p:?}"
    );
    let p = problems("dic", b"1\tcare\n%\n");
    assert!(p[0].starts_with("bad.dic:1: expected `%`"), "{p:?}");
    let p = problems("cat", b"\tORPHAN (1)\n");
    assert!(
        p[0].starts_with("bad.cat:1: the entry `ORPHAN (1)` is not inside"),
        "{p:?}"
    );
    let p = problems("lc3", b"good\n+positive\nfine\n");
    assert!(
        p[0].starts_with("bad.lc3:1: `good` comes before any `+CATEGORY`"),
        "{p:?}"
    );
    let p = problems(
        "ykd",
        b"<dictionary>\n<cnode name=\"a\">\n<pnode/>\n</cnode></dictionary>",
    );
    assert!(
        p[0].starts_with("bad.ykd:3: a <pnode> has no name"),
        "{p:?}"
    );
    let p = problems("ykd", b"<dictionary>\n<cnode name=\"a\">\n</dictionary>\n");
    assert!(p[0].starts_with("bad.ykd:3: ill-formed XML"), "{p:?}");
    let p = problems("yml", b"a: [x, y]\nb: [z\n");
    assert!(p[0].starts_with("bad.yml:"), "{p:?}");
    assert!(p[0].contains("not valid YAML"), "{p:?}");
    let p = problems(
        "tff",
        b"type=weaksubj len=1 pos1=adj priorpolarity=negative\n",
    );
    assert!(p[0].starts_with("bad.tff:1: expected `word1=`"), "{p:?}");
    // An unknown category number, alone on its line.
    let p = problems("dic", b"%\n1\tcare\n%\nsafe\t2\n");
    assert_eq!(p, ["bad.dic:4: category 2 of `safe` is not in the header"]);
    // A pattern that can never match.
    let p = problems("lc3", b"+positive\ngood\n:-)\n");
    assert!(p[0].starts_with("bad.lc3:3: `:-)`"), "{p:?}");
    assert!(p[0].contains("can never match"), "{p:?}");
    // An empty category: a warning beside others, an error when nothing is left.
    let p = problems("cat", b"EMPTY\nFULL\n\tWORD (1)\n");
    assert_eq!(
        p,
        ["bad.cat:1: warning: category EMPTY has no entries; left out"]
    );
    assert!(refused("cat", b"EMPTY\nALSO EMPTY\n"));
    // A duplicate entry with two weights, and one with the same weight.
    let p = problems("tsv", b"good\t3\nGood\t2\n");
    assert!(
        p[0].starts_with(
            "bad.tsv:2: `good` is listed twice in bad with two weights (2 here, 3 on line 1)"
        ),
        "{p:?}"
    );
    let p = problems("tsv", b"good\t3\nGood\t3\n");
    assert_eq!(
        p,
        ["bad.tsv:2: warning: `good` is already listed in bad on line 1; counted once"]
    );
    // Not UTF-8: the line, and how to read it.
    let p = problems("txt", b"fine\nna\xEFve\n");
    assert!(
        p[0].starts_with("bad.txt:2: not valid UTF-8 (byte 0xEF)"),
        "{p:?}"
    );
    // Every problem at once, in line order.
    let p = problems("tsv", b"a\tx\nb\n:(\t1\n");
    assert_eq!(p.len(), 3, "{p:?}");
}

#[test]
fn garbage_never_panics() {
    let inputs: [&[u8]; 8] = [
        b"",
        b"%",
        b"%\n%\n\t\t\n",
        b"<dictionary><cnode",
        b"a: *alias\n",
        b"- [1, 2]\n",
        b"\t\t\t(1)\n((((\n",
        b"+\n+#AA0000\n \n",
    ];
    for bytes in inputs {
        for format in Format::ALL {
            let options = ReadOptions {
                format: Some(format),
                ..ReadOptions::default()
            };
            // Either outcome is fine; a panic fails the test.
            let _ = dictionary::parse("g", "g", None, bytes, options);
        }
    }
}

/// A real file of ../shared/data/dictionaries (or ../shared/data when `rel` starts with `mpqa/`).
fn real(rel: &str) -> Option<PathBuf> {
    if rel.starts_with("mpqa/") {
        shared_path(&format!("data/{rel}"))
    } else {
        shared_path(&format!("data/dictionaries/{rel}"))
    }
}

/// (category, entries) for the categories a PROVENANCE.md row names.
fn sizes(d: &Dictionary) -> Vec<(String, usize)> {
    d.categories
        .iter()
        .map(|c| (c.name.clone(), c.entries.len()))
        .collect()
}

#[test]
fn real_dictionaries_read_with_the_counts_provenance_states() {
    // (file, format, category nodes, categories with entries, entries as the file lists them),
    // from the PROVENANCE.md tables.
    let cases: [(&str, Format, usize, usize, usize); 14] = [
        (
            "liwc/moral_foundations_dictionary.dic",
            Format::Liwc,
            11,
            11,
            324,
        ),
        ("liwc/mfd2.0.dic", Format::Liwc, 10, 10, 2103),
        // PROVENANCE counts 19 categories with direct entries; by the tab rule it states, the
        // three depth-1 entries after CULTURE's subcategories (lines 15-17) are CULTURE's own.
        (
            "wordstat/Laver_and_Garry_2000.cat",
            Format::WordStat,
            26,
            20,
            418,
        ),
        (
            "wordstat/Loughran_and_McDonald_2014.cat",
            Format::WordStat,
            9,
            8,
            4232,
        ),
        ("wordstat/RID.CAT", Format::WordStat, 52, 43, 3150),
        (
            "yoshikoder/laver-garry.ykd",
            Format::Yoshikoder,
            27,
            19,
            416,
        ),
        ("yoshikoder/bara-et-al.ykd", Format::Yoshikoder, 7, 6, 817),
        ("lexicoder/LSD2015.lc3", Format::Lexicoder, 2, 2, 4567),
        ("lexicoder/LSD2015_NEG.lc3", Format::Lexicoder, 2, 2, 4581),
        (
            "lexicoder/crlf_variant/LSD2015.lc3",
            Format::Lexicoder,
            2,
            2,
            4567,
        ),
        (
            "lexicoder/policy_agendas_english.lcd",
            Format::Yoshikoder,
            28,
            28,
            1402,
        ),
        ("yaml/english.yml", Format::Yaml, 5 + 22 + 241, 241, 819),
        ("yaml/japanese.yml", Format::Yaml, 5 + 22 + 241, 241, 505),
        (
            "mpqa/subjclueslen1-HLTEMNLP05.tff",
            Format::Mpqa,
            4,
            4,
            8222,
        ),
    ];
    for (rel, format, nodes, categories, entries) in cases {
        let Some(path) = real(rel) else { return };
        let d = read(&path).dictionary;
        assert_eq!(d.format, format, "{rel}");
        assert_eq!(d.nodes, nodes, "{rel}: category nodes");
        assert_eq!(
            d.categories.len(),
            categories,
            "{rel}: categories with entries"
        );
        assert_eq!(d.source_entries, entries, "{rel}: entries");
    }
    let lists: [(&str, Format, usize); 4] = [
        ("afinn/AFINN-en-165.txt", Format::Weights, 3382),
        ("afinn/AFINN-111.txt", Format::Weights, 2477),
        ("huliu/positive-words.txt", Format::WordList, 2006),
        ("huliu/negative-words.txt", Format::WordList, 4783),
    ];
    for (rel, format, entries) in lists {
        let Some(path) = real(rel) else { return };
        // Hu & Liu's negative list is Latin-1 (PROVENANCE.md); the others are UTF-8/ASCII.
        let options = ReadOptions {
            encoding: Encoding::Latin1,
            ..ReadOptions::default()
        };
        let d = if rel.contains("negative") {
            read_with(&path, options).dictionary
        } else {
            read(&path).dictionary
        };
        assert_eq!(d.format, format, "{rel}");
        assert_eq!(d.source_entries, entries, "{rel}");
        assert_eq!(
            d.categories[0].entries.len(),
            entries,
            "{rel}: no term lost"
        );
    }
    // Categories by name where PROVENANCE.md gives their sizes.
    let Some(lsd) = real("lexicoder/LSD2015.lc3") else {
        return;
    };
    let lsd = read(&lsd).dictionary;
    assert_eq!(
        sizes(&lsd),
        [
            ("negative".to_string(), 2858),
            ("positive".to_string(), 1709)
        ]
    );
    assert_eq!(
        lsd.categories[0]
            .entries
            .iter()
            .filter(|e| e.pattern.has_wildcard())
            .count()
            + lsd.categories[1]
                .entries
                .iter()
                .filter(|e| e.pattern.has_wildcard())
                .count(),
        3100
    );
    let Some(neg) = real("lexicoder/LSD2015_NEG.lc3") else {
        return;
    };
    assert_eq!(
        sizes(&read(&neg).dictionary),
        [
            ("neg_positive".to_string(), 1721),
            ("neg_negative".to_string(), 2860)
        ]
    );
    let Some(crlf) = real("lexicoder/crlf_variant/LSD2015.lc3") else {
        return;
    };
    assert_eq!(
        render(&read(&crlf).dictionary),
        render(&lsd),
        "same entries, other layout"
    );
    let Some(lm) = real("wordstat/Loughran_and_McDonald_2014.cat") else {
        return;
    };
    let lm = read(&lm);
    assert!(lm
        .warnings
        .iter()
        .any(|w| w.reason.contains("MODAL WORDS WEAK has no entries")));
    let Some(mfd) = real("liwc/moral_foundations_dictionary.dic") else {
        return;
    };
    let mfd = read(&mfd).dictionary;
    let wildcard_lines: usize = mfd
        .categories
        .iter()
        .flat_map(|c| &c.entries)
        .filter(|e| e.pattern.has_wildcard())
        .map(|e| e.line)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    assert_eq!(wildcard_lines, 166, "MFD entries with `*`");
}

#[test]
fn quanteda_fixtures_read_or_refused_as_quanteda_does() {
    // (file, categories, entries) for the fixtures quanteda reads with its defaults.
    let read_ok: [(&str, usize, usize); 14] = [
        ("mary.dic", 2, 5),
        ("mary_doubleterm.dic", 2, 6),
        ("mary_missingcat.dic", 2, 6),
        ("mary_multipletabs.dic", 2, 5),
        ("mary_zeropadding.dic", 2, 6),
        ("mary.cat", 2, 5),
        ("issue-459.cat", 5, 20),
        ("iso-8859-1.cat", 2, 6),
        ("actually_ykd.cat", 2, 5),
        ("mary.ykd", 2, 5),
        ("mary.lcd", 2, 5),
        ("yoshi.ykd", 3, 5),
        ("issue-819.ykd", 2, 2),
        ("mary.lc3", 2, 5),
    ];
    for (name, categories, entries) in read_ok {
        let Some(path) = real(&format!("quanteda_test_fixtures/{name}")) else {
            return;
        };
        let d = read(&path).dictionary;
        assert_eq!(d.categories.len(), categories, "{name}");
        assert_eq!(d.source_entries, entries, "{name}");
    }
    let Some(yml) = real("quanteda_test_fixtures/mary.yml") else {
        return;
    };
    assert_eq!(
        render(&read(&yml).dictionary),
        "A CATEGORY: more, lamb, little\nANOTHER CATEGORY: had, mary\n"
    );
    // The LIWC2007 extras: read, with each conditional code and undefined id noted.
    for name in ["liwc_extracodes.dic", "liwc_hierarchical.dic"] {
        let Some(path) = real(&format!("quanteda_test_fixtures/{name}")) else {
            return;
        };
        let loaded = read(&path);
        assert!(
            loaded
                .warnings
                .iter()
                .any(|w| w.reason.contains("conditional code")),
            "{name}"
        );
        let kin = loaded
            .dictionary
            .categories
            .iter()
            .filter(|c| c.entries.iter().any(|e| e.pattern.to_string() == "kin"))
            .count();
        assert_eq!(kin, 2, "{name}: `kin` is in 121 and 122");
    }
    let Some(h) = real("quanteda_test_fixtures/liwc_hierarchical.dic") else {
        return;
    };
    let h = read(&h);
    assert!(
        h.dictionary.category("misc.family").is_some(),
        "nested header names"
    );
    assert!(h.warnings.iter().any(|w| w.reason.contains("category 721")));
    // Legacy encodings: refused by default with the line and the way out, as quanteda needs
    // `encoding =`; the single-byte ones read with --encoding.
    for name in [
        "windows-1252.cat",
        "iso-8859-2.cat",
        "iso-8859-14.cat",
        "shift-jis.cat",
        "euc-jp.cat",
    ] {
        let Some(path) = real(&format!("quanteda_test_fixtures/{name}")) else {
            return;
        };
        let e = dictionary::read_file(&path, ReadOptions::default()).unwrap_err();
        assert_eq!(e.len(), 1, "{name}");
        assert_eq!(e[0].line, 6, "{name}");
        assert!(e[0].reason.contains("not valid UTF-8"), "{name}: {}", e[0]);
    }
    let Some(w) = real("quanteda_test_fixtures/windows-1252.cat") else {
        return;
    };
    let w = read_with(
        &w,
        ReadOptions {
            encoding: Encoding::Windows1252,
            ..ReadOptions::default()
        },
    );
    assert_eq!(
        render(&w.dictionary),
        "LATIN: s (1), z (1), y (1)\nNON-LATIN: š (1), ž (1), ÿ (1)\n"
    );
}

/// quanteda `dfm_lookup` parity: per-document category counts written by hand, following its
/// rules (tokens folded to lower case, glob `*`, multi-word entries on consecutive tokens,
/// a match nested in a longer one of the same key counted once, keys counted independently).
#[test]
fn category_counts_follow_dfm_lookup() {
    let d = read(&own("parity.yml")).dictionary;
    let names: Vec<&str> = d.categories.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["war", "peace", "states", "people"]);
    let counter = Counter::new(&d);
    // [war, peace, states, people]
    let cases: [(&str, [usize; 4]); 13] = [
        ("War is war.", [2, 0, 0, 0]),
        ("The WAR in Libya and the Libyans.", [1, 0, 0, 2]),
        ("Peace talks began; peace is near.", [0, 2, 0, 0]),
        ("An air strike and two air strikes hit Tripoli.", [2, 0, 0, 0]),
        ("The United States of America and the states.", [0, 0, 2, 0]),
        ("United States officials met Haftar.", [0, 0, 1, 1]),
        (
            "Shelling resumed after the truce; the ceasefire collapsed and the shelled city burned.",
            [2, 2, 0, 0],
        ),
        ("A fragile TRUCE held; no air strike.", [1, 1, 0, 0]),
        ("Nothing here matches at all.", [0, 0, 0, 0]),
        ("States, states and more states.", [0, 0, 3, 0]),
        ("Air. Strike.", [0, 0, 0, 0]),
        ("Peacekeepers and a peace deal: the warlords' war.", [1, 1, 0, 0]),
        ("Tripoli's Haftar, HAFTAR and haftar; no Libyan truces.", [0, 1, 0, 4]),
    ];
    for (text, expected) in cases {
        assert_eq!(counter.count(text), expected, "{text}");
    }
}

#[test]
fn lexicon_check_passes_on_every_real_file_and_show_lists_categories() {
    let files = [
        "liwc/moral_foundations_dictionary.dic",
        "liwc/mfd2.0.dic",
        "wordstat/Laver_and_Garry_2000.cat",
        "wordstat/Loughran_and_McDonald_2014.cat",
        "wordstat/RID.CAT",
        "yoshikoder/laver-garry.ykd",
        "yoshikoder/bara-et-al.ykd",
        "lexicoder/LSD2015.lc3",
        "lexicoder/LSD2015_NEG.lc3",
        "lexicoder/crlf_variant/LSD2015.lc3",
        "lexicoder/policy_agendas_english.lcd",
        "yaml/english.yml",
        "yaml/japanese.yml",
        "afinn/AFINN-en-165.txt",
        "afinn/AFINN-111.txt",
        "huliu/positive-words.txt",
        "mpqa/subjclueslen1-HLTEMNLP05.tff",
    ];
    let mut paths = Vec::new();
    for rel in files {
        let Some(p) = real(rel) else { return };
        paths.push(p.to_string_lossy().into_owned());
    }
    let mut args = vec!["lexicon", "check"];
    args.extend(paths.iter().map(String::as_str));
    let o = stance(&args, None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stderr(&o).matches(": ok (").count(),
        files.len(),
        "{}",
        stderr(&o)
    );
    let Some(neg) = real("huliu/negative-words.txt") else {
        return;
    };
    let neg = neg.to_string_lossy().into_owned();
    let o = stance(&["lexicon", "check", &neg], None);
    assert_eq!(o.status.code(), Some(1), "not UTF-8 without --encoding");
    assert!(stderr(&o).contains("--encoding latin1"), "{}", stderr(&o));
    let o = stance(&["lexicon", "check", "--encoding", "latin1", &neg], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let Some(lsd) = real("lexicoder/LSD2015.lc3") else {
        return;
    };
    let o = stance(
        &["lexicon", "show", lsd.to_str().unwrap(), "--entries", "2"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("lexicoder dictionary `LSD2015`, 2 categories, 4567 entries"),
        "{out}"
    );
    assert!(out.contains("\n  negative\t2858\t"), "{out}");
    assert!(out.contains("\n  positive\t1709\t"), "{out}");
}

#[test]
fn lexicon_show_and_check_on_our_own_files() {
    let dic = own("moral.dic");
    let o = stance(&["lexicon", "show", dic.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).ends_with(
        "  care\t3\tprotect*, safe, just*\n  harm\t2\thurt*, kill\n  fairness\t3\tkill, fair play, just*\n"
    ), "{}", stdout(&o));
    // A forced format against the content is refused by place, never read as nothing.
    let o = stance(
        &[
            "lexicon",
            "check",
            "--format",
            "liwc",
            own("regions.yml").to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("regions.yml:1: expected `%`"),
        "{}",
        stderr(&o)
    );
    // The engine's own lexicons are still checked as before.
    let o = stance(&["lexicon", "check"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("bundled lexicons: ok"),
        "{}",
        stderr(&o)
    );
}

/// The bundled AFINN-165 is the PyPI `afinn==0.1` file byte for byte (the ../shared copy came
/// from the same sdist, PROVENANCE.md), and reads as it does.
#[test]
fn bundled_afinn_is_the_published_file() {
    let d = dictionary::bundled("afinn")
        .expect("afinn is bundled")
        .expect("and reads")
        .dictionary;
    assert_eq!(d.source_entries, 3382);
    assert_eq!(d.categories[0].entries.len(), 3382);
    let bundled = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons/dictionaries/afinn/AFINN-en-165.txt"),
    )
    .unwrap();
    let Some(shared) = real("afinn/AFINN-en-165.txt") else {
        return;
    };
    assert!(
        std::fs::read(shared).unwrap() == bundled,
        "byte-identical to the sdist's file"
    );
}
