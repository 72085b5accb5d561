//! Word lists: `term<TAB>weight` (AFINN, the VADER lexicon), CSV with a header, and one term per
//! line (the Hu & Liu opinion lexicon). A list without categories is one category named after
//! the dictionary.

use super::source::lines;
use super::Builder;

/// `term<TAB>weight[<TAB>...]`: later columns (VADER's standard deviation and ratings) ignored.
pub(super) fn read_tabbed(text: &str, name: &str, b: &mut Builder) {
    let node = b.category(name, 0);
    for (n, line) in lines(text) {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let mut fields = line.split('\t');
        let term = fields.next().unwrap_or("");
        let Some(weight) = fields.next() else {
            b.error(
                n,
                format!("expected `term<TAB>weight`, found `{}`", line.trim()),
            );
            continue;
        };
        match weight.trim().parse::<f64>() {
            Ok(w) => {
                b.entry(node, term, Some(w), n);
            }
            Err(_) => b.error(
                n,
                format!("the weight `{}` of `{term}` is not a number", weight.trim()),
            ),
        }
    }
}

/// One term per line; `;` and `#` lines are comments (Hu & Liu's header is `;` lines).
pub(super) fn read_word_list(text: &str, name: &str, b: &mut Builder) {
    let node = b.category(name, 0);
    for (n, line) in lines(text) {
        let t = line.trim();
        if t.is_empty() || t.starts_with(';') || t.starts_with('#') {
            continue;
        }
        b.entry(node, t, None, n);
    }
}

const TERM_COLUMNS: [&str; 7] = [
    "word", "term", "pattern", "token", "entry", "lemma", "ngram",
];
const WEIGHT_COLUMNS: [&str; 4] = ["weight", "score", "value", "valence"];
const CATEGORY_COLUMNS: [&str; 7] = [
    "category",
    "key",
    "class",
    "label",
    "sentiment",
    "polarity",
    "dimension",
];

/// CSV with a header: a term column, and a weight column, a category column or both.
pub(super) fn read_csv(text: &str, name: &str, b: &mut Builder) {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return b.error(1, format!("cannot read the CSV header: {e}")),
    };
    let find = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.contains(&h.trim().to_ascii_lowercase().as_str()))
    };
    let Some(term_col) = find(&TERM_COLUMNS) else {
        return b.error(
            1,
            format!(
                "expected a header naming the term column ({}), found `{}`",
                TERM_COLUMNS.join(", "),
                header.iter().collect::<Vec<_>>().join(",")
            ),
        );
    };
    let weight_col = find(&WEIGHT_COLUMNS);
    let category_col = find(&CATEGORY_COLUMNS);
    if weight_col.is_none() && category_col.is_none() {
        b.warn(
            1,
            "no weight or category column: every term counts in one category named after the file",
        );
    }
    let plain = category_col.is_none().then(|| b.category(name, 0));
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                b.error(line, format!("malformed CSV: {e}"));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let Some(term) = record.get(term_col) else {
            b.error(line, "the line has no term column");
            continue;
        };
        let weight = match weight_col.map(|c| record.get(c).unwrap_or("").trim()) {
            None => None,
            Some(w) => match w.parse::<f64>() {
                Ok(w) => Some(w),
                Err(_) => {
                    b.error(
                        line,
                        format!("the weight `{w}` of `{term}` is not a number"),
                    );
                    continue;
                }
            },
        };
        let node = match (plain, category_col) {
            (Some(node), _) => node,
            (None, Some(c)) => {
                let category = record.get(c).unwrap_or("").trim();
                if category.is_empty() {
                    b.error(line, format!("`{term}` has no category"));
                    continue;
                }
                b.category(category, line)
            }
            (None, None) => unreachable!("plain is set when there is no category column"),
        };
        b.entry(node, term, weight, line);
    }
}
