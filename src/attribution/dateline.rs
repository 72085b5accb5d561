//! Stage: the dateline. A wire story opens with where it was filed and by whom ("MILAN/LONDON
//! (Reuters) -", "TRIPOLI, March 3 (Reuters) -"): the places named there are no actors of the
//! story, and the cities in it (matched as their countries) must not become the subject of its
//! first sentence.

/// News agencies whose name in parentheses, then a dash, ends a dateline.
const AGENCIES: &[&str] = &[
    "Reuters",
    "AP",
    "AFP",
    "UPI",
    "Xinhua",
    "dpa",
    "DPA",
    "ANSA",
    "IANS",
    "Bloomberg",
];
/// How far into the text a dateline may end, in bytes.
const DATELINE_REACH: usize = 120;
/// How many words may stand before the agency ("WASHINGTON/NEW YORK, Jan 5").
const DATELINE_WORDS: usize = 8;

/// Where the text's dateline ends (after its dash), or 0 when the text opens with none: at most
/// [`DATELINE_WORDS`] words without a sentence end, then `(AGENCY)` and a dash.
pub(super) fn dateline_end(text: &str) -> usize {
    let head_len = text.len().min(DATELINE_REACH);
    let head_len = (0..=head_len)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let head = &text[..head_len];
    let Some(open) = head.find('(') else {
        return 0;
    };
    let before = &head[..open];
    let words = before.split_whitespace().count();
    if words == 0
        || words > DATELINE_WORDS
        || before.contains(['\n', '"', '“', '”'])
        || before.contains(". ")
    {
        return 0;
    }
    let rest = &head[open + 1..];
    let Some(close) = rest.find(')') else {
        return 0;
    };
    if !AGENCIES.contains(&rest[..close].trim()) {
        return 0;
    }
    let after = &rest[close + 1..];
    let dash = after.trim_start();
    let Some(dash_char) = dash.chars().next().filter(|c| matches!(c, '-' | '–' | '—')) else {
        return 0;
    };
    let dash_at = head.len() - dash.len();
    dash_at + dash_char.len_utf8()
}

#[cfg(test)]
mod tests {
    use super::dateline_end;

    #[test]
    fn a_dateline_ends_after_the_agency_and_its_dash() {
        for (text, dateline) in [
            (
                "MILAN/LONDON (Reuters) - Serraj spoke.",
                "MILAN/LONDON (Reuters) -",
            ),
            (
                "TRIPOLI, March 3 (Reuters) - Turkey spoke.",
                "TRIPOLI, March 3 (Reuters) -",
            ),
            ("WASHINGTON (AP) — Trump spoke.", "WASHINGTON (AP) —"),
            (
                "TOKYO  (Reuters) -Saudi Arabia spoke.",
                "TOKYO  (Reuters) -",
            ),
        ] {
            assert_eq!(&text[..dateline_end(text)], dateline, "{text}");
        }
    }

    #[test]
    fn other_openings_are_no_datelines() {
        for text in [
            "Egypt (the host) praised Haftar - and Serraj.",
            "(Reuters) - no place given.",
            "Serraj spoke. Then Haftar (Reuters) - odd.",
            "“We will win (Reuters) - he said.",
            "Egypt, Turkey, Qatar, Italy, France, Russia, the UAE and the UN met (Reuters) - late.",
            "LONDON (Reuters) Serraj spoke.",
            "",
            "é",
        ] {
            assert_eq!(dateline_end(text), 0, "{text}");
        }
    }
}
