//! The Goldstein conflict-cooperation scale (-10..+10) of CAMEO event codes.
//!
//! The table (GDELT's `CAMEO.goldsteinscale.txt`) is not bundled: its mirror states no
//! license and GDELT's terms were not verified, so it is read at run time from a file the
//! user names, with errors naming the file and line.

use rustc_hash::FxHashMap;

use crate::actors::LexiconError;

/// CAMEO code -> Goldstein weight.
#[derive(Debug, Clone, Default)]
pub struct GoldsteinScale {
    weights: FxHashMap<Box<str>, f64>,
}

impl GoldsteinScale {
    /// Reads the TSV `CAMEOEVENTCODE<TAB>GOLDSTEINSCALE` (a header line, then one code a line).
    pub fn parse(path: &str, content: &str) -> Result<GoldsteinScale, Vec<LexiconError>> {
        let mut weights = FxHashMap::default();
        let mut errors = Vec::new();
        let error = |line: usize, reason: String| LexiconError {
            path: path.to_owned(),
            line,
            reason,
        };
        let mut header_seen = false;
        for (index, line) in content.lines().enumerate() {
            let no = index + 1;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t');
            let (Some(code), Some(weight), None) = (fields.next(), fields.next(), fields.next())
            else {
                errors.push(error(no, "expected `code<TAB>weight`".into()));
                continue;
            };
            if !header_seen {
                header_seen = true;
                if code == "CAMEOEVENTCODE" {
                    continue;
                }
            }
            let code = code.trim();
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
                errors.push(error(
                    no,
                    format!("expected a CAMEO code of digits, found `{code}`"),
                ));
                continue;
            }
            match weight.trim().parse::<f64>() {
                Ok(w) if (-10.0..=10.0).contains(&w) => {
                    if weights.insert(code.into(), w).is_some() {
                        errors.push(error(no, format!("code {code} is listed twice")));
                    }
                }
                _ => errors.push(error(
                    no,
                    format!(
                        "expected a weight between -10 and 10, found `{}`",
                        weight.trim()
                    ),
                )),
            }
        }
        if weights.is_empty() && errors.is_empty() {
            errors.push(error(
                0,
                "no codes: expected `CAMEOEVENTCODE<TAB>GOLDSTEINSCALE` rows".into(),
            ));
        }
        if errors.is_empty() {
            Ok(GoldsteinScale { weights })
        } else {
            Err(errors)
        }
    }

    /// The weight of a code; a code missing from the table takes its parent's (0862 -> 086
    /// -> 08), as CAMEO's hierarchy means. `None` for a code with no ancestor in the table.
    pub fn weight(&self, code: &str) -> Option<f64> {
        let mut code = code;
        while code.len() >= 2 {
            if let Some(&w) = self.weights.get(code) {
                return Some(w);
            }
            code = &code[..code.len() - 1];
        }
        None
    }

    /// How many codes the table holds.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_codes_and_falls_back_to_the_parent_code() {
        let scale = GoldsteinScale::parse(
            "g.tsv",
            "CAMEOEVENTCODE\tGOLDSTEINSCALE\n08\t5.0\n112\t-2.0\n",
        )
        .unwrap();
        assert_eq!(scale.weight("112"), Some(-2.0));
        assert_eq!(scale.weight("0862"), Some(5.0));
        assert_eq!(scale.weight("19"), None);
    }

    #[test]
    fn bad_rows_are_named_by_line() {
        let errors =
            GoldsteinScale::parse("g.tsv", "CAMEOEVENTCODE\tGOLDSTEINSCALE\n08\tfive\nx\t1\n")
                .unwrap_err();
        let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(shown.len(), 2);
        assert!(shown[0].starts_with("g.tsv:2:"), "{shown:?}");
        assert!(shown[1].starts_with("g.tsv:3:"), "{shown:?}");
    }
}
