//! `valence` must reproduce vaderSentiment 3.3.2 on every reference row.

use crate::shared::shared_path;
use stance::vader::{PyFloat, Vader, VaderScratch};

const FILES: [&str; 4] = [
    "tweets.tsv",
    "movieReviewSnippets.tsv",
    "amazonReviewSnippets.tsv",
    "edge_cases.tsv",
];

/// One reference row: `id neg neu pos compound compound_raw text`, unquoted.
struct Row<'a> {
    id: &'a str,
    rounded: [&'a str; 4],
    raw: f64,
    text: &'a str,
}

fn parse_row(line: &str) -> Row<'_> {
    let f: Vec<&str> = line.splitn(7, '\t').collect();
    assert_eq!(f.len(), 7, "reference row has 7 fields: {line:?}");
    Row {
        id: f[0],
        rounded: [f[1], f[2], f[3], f[4]],
        raw: f[5].parse().expect("compound_raw is a float"),
        text: f[6],
    }
}

#[test]
fn every_reference_row_matches() {
    let vader = Vader::bundled();
    let mut scratch = VaderScratch::default();
    let mut checked = 0;
    let mut failures = Vec::new();
    for file in FILES {
        let Some(path) = shared_path(&format!("data/vader_reference/{file}")) else {
            return;
        };
        let content = std::fs::read_to_string(&path).unwrap();
        for line in content.lines().skip(1) {
            let row = parse_row(line);
            let p = vader.polarity_scores(row.text, &mut scratch);
            let r = p.rounded();
            let ours = [r.neg, r.neu, r.pos, r.compound].map(|x| PyFloat(x).to_string());
            if ours != row.rounded || (p.compound - row.raw).abs() > 1e-12 {
                failures.push(format!(
                    "{file} {}: ours {:?} raw {} vs reference {:?} raw {} for {:?}",
                    row.id, ours, p.compound, row.rounded, row.raw, row.text
                ));
            }
            checked += 1;
        }
    }
    assert!(checked > 18_500, "only {checked} rows read");
    assert!(
        failures.is_empty(),
        "{} of {checked} rows differ:\n{}",
        failures.len(),
        failures[..failures.len().min(20)].join("\n")
    );
}

/// The command line must print the same rows: `stance valence` is a drop-in VADER.
#[test]
fn the_valence_command_prints_every_reference_row() {
    for file in FILES {
        let Some(path) = shared_path(&format!("data/vader_reference/{file}")) else {
            return;
        };
        let content = std::fs::read_to_string(&path).unwrap();
        let rows: Vec<Row> = content.lines().skip(1).map(parse_row).collect();
        let input: String = rows.iter().map(|r| format!("{}\n", r.text)).collect();
        let o = crate::cli::stance(&["valence"], Some(input.as_bytes()));
        assert_eq!(o.status.code(), Some(0), "{}", crate::cli::stderr(&o));
        let out = crate::cli::stdout(&o);
        let mut lines = out.lines();
        assert_eq!(lines.next(), Some("neg\tneu\tpos\tcompound"));
        let mut differ = 0;
        for row in &rows {
            let expected = row.rounded.join("\t");
            if lines.next() != Some(expected.as_str()) {
                differ += 1;
            }
        }
        assert_eq!(lines.next(), None, "{file}: extra output rows");
        assert_eq!(differ, 0, "{file}: {differ} of {} rows differ", rows.len());
    }
}

/// The layered reading shares the exact one's tokens and skips its second pass when no word
/// reads differently: on every reference text the exact half must equal `polarity_scores`, and
/// (for texts without curly quotes, which the layer also looks through) the layered half must
/// equal a VADER whose lexicon was extended with the layer's entries.
#[test]
fn the_news_layer_reads_like_an_extended_lexicon() {
    use stance::scorers::news::{news_layer, parse_news_layer, BUNDLED_NEWS};
    let vader = Vader::bundled();
    let layer = news_layer();
    let mut extended = Vader::bundled();
    extended.extend(parse_news_layer("news", BUNDLED_NEWS).unwrap());
    let mut scratch = VaderScratch::default();
    let (mut checked, mut layered_differs) = (0, 0);
    for file in FILES {
        let Some(path) = shared_path(&format!("data/vader_reference/{file}")) else {
            return;
        };
        let content = std::fs::read_to_string(&path).unwrap();
        for line in content.lines().skip(1) {
            let text = parse_row(line).text;
            let (exact, news) = vader.polarity_scores_layered(text, &layer, &mut scratch);
            assert_eq!(exact, vader.polarity_scores(text, &mut scratch), "{text:?}");
            if !text.contains(['“', '”', '‘', '’']) {
                assert_eq!(
                    news,
                    extended.polarity_scores(text, &mut scratch),
                    "{text:?}"
                );
            }
            layered_differs += usize::from(news != exact);
            checked += 1;
        }
    }
    assert!(checked > 18_500);
    assert!(
        layered_differs > 100,
        "the layer changed only {layered_differs} texts"
    );
}

/// The lexicons compiled in (lexicons/vader/, whose sha256 build.rs checks) are byte for byte
/// the reference package's, as ../shared holds them.
#[test]
fn the_embedded_lexicons_are_the_reference_files() {
    for (name, embedded) in [
        ("vader_lexicon.txt", stance::vader::BUNDLED_LEXICON),
        ("emoji_utf8_lexicon.txt", stance::vader::BUNDLED_EMOJI),
    ] {
        let Some(path) = shared_path(&format!(
            "data/vader_groundtruth/lexicon_vaderSentiment_3.3.2/{name}"
        )) else {
            return;
        };
        let reference = std::fs::read_to_string(&path).unwrap();
        assert!(
            embedded == reference,
            "{name} differs from {}",
            path.display()
        );
    }
}
