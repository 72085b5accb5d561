//! Regular verb forms and noun plurals, spelled as PETRARCH-2 spells them.
//!
//! PETRARCH generates the `-S`, `-ED` and `-ING` forms of a verb that has no `{...}` list of
//! irregular forms, and the plural of every single-word synset member. Its rules are simple
//! and sometimes wrong ("HURRY" gives "HURRYED"): the dictionary's authors wrote `{...}` lists
//! where the rules fail, so following the rules exactly is what reads the dictionary as meant.

/// The generated forms of a regular verb (uppercase as in the dictionary): third person, past,
/// gerund. PETRARCH's rules: `-ES` after S, X, Z; `-IES` for a final Y; `-D` after a final E;
/// a final E dropped before `-ING` unless a vowel precedes it ("AGREEING", "MAKING").
pub fn regular_forms(stem: &str) -> [String; 3] {
    let third = if stem.ends_with(['S', 'X', 'Z']) {
        format!("{stem}ES")
    } else if let Some(root) = stem.strip_suffix('Y') {
        format!("{root}IES")
    } else {
        format!("{stem}S")
    };
    let past = if stem.ends_with('E') {
        format!("{stem}D")
    } else {
        format!("{stem}ED")
    };
    let before_e = stem.strip_suffix('E').and_then(|root| root.chars().last());
    let gerund = match before_e {
        Some(c) if !"AEIOU".contains(c) => format!("{}ING", &stem[..stem.len() - 1]),
        _ => format!("{stem}ING"),
    };
    [third, past, gerund]
}

/// The plural PETRARCH gives a synset noun: `-IES` for a final Y, `-ES` after a final S,
/// otherwise `-S`. (PETRARCH-2's own code drops the S before `-ES`, turning "BUS" into "BUES";
/// we keep the S, which is what its documentation describes.)
pub fn plural(noun: &str) -> String {
    if let Some(root) = noun.strip_suffix('Y') {
        format!("{root}IES")
    } else if noun.ends_with('S') {
        format!("{noun}ES")
    } else {
        format!("{noun}S")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_forms_follow_petrarchs_spelling_rules() {
        assert_eq!(regular_forms("ACCUSE"), ["ACCUSES", "ACCUSED", "ACCUSING"]);
        assert_eq!(regular_forms("AGREE"), ["AGREES", "AGREED", "AGREEING"]);
        assert_eq!(
            regular_forms("ATTACK"),
            ["ATTACKS", "ATTACKED", "ATTACKING"]
        );
        assert_eq!(regular_forms("FIX"), ["FIXES", "FIXED", "FIXING"]);
        assert_eq!(regular_forms("PRESS"), ["PRESSES", "PRESSED", "PRESSING"]);
        // PETRARCH's rule, wrong for English: the dictionary lists HURRY's forms itself.
        assert_eq!(regular_forms("HURRY"), ["HURRIES", "HURRYED", "HURRYING"]);
        assert_eq!(regular_forms("E"), ["ES", "ED", "EING"]);
    }

    #[test]
    fn plurals() {
        assert_eq!(plural("MILITARY"), "MILITARIES");
        assert_eq!(plural("MISSILE"), "MISSILES");
        assert_eq!(plural("GAS"), "GASES");
    }
}
