//! The fixed word lists of vaderSentiment 3.3.2 (MIT, C.J. Hutto), as data of the reference.
//!
//! They are matched with `match` on `&str` rather than hash maps: the lists are short and fixed,
//! and the compiler turns them into length-then-byte comparisons that need no hashing.

/// Booster increment (`B_INCR`).
pub const B_INCR: f64 = 0.293;
/// Booster decrement (`B_DECR`).
pub const B_DECR: f64 = -0.293;
/// ALL-CAPS emphasis (`C_INCR`).
pub const C_INCR: f64 = 0.733;
/// Negation scalar (`N_SCALAR`).
pub const N_SCALAR: f64 = -0.74;

/// `BOOSTER_DICT[word]` for a lowercased single token; `None` when it is not a booster.
pub fn booster(word: &str) -> Option<f64> {
    Some(match word {
        "absolutely" | "amazingly" | "awfully" | "completely" | "considerable" | "considerably"
        | "decidedly" | "deeply" | "effing" | "enormous" | "enormously" | "entirely"
        | "especially" | "exceptional" | "exceptionally" | "extreme" | "extremely"
        | "fabulously" | "flipping" | "flippin" | "frackin" | "fracking" | "fricking"
        | "frickin" | "frigging" | "friggin" | "fully" | "fuckin" | "fucking" | "fuggin"
        | "fugging" | "greatly" | "hella" | "highly" | "hugely" | "incredible" | "incredibly"
        | "intensely" | "major" | "majorly" | "more" | "most" | "particularly" | "purely"
        | "quite" | "really" | "remarkably" | "so" | "substantially" | "thoroughly" | "total"
        | "totally" | "tremendous" | "tremendously" | "uber" | "unbelievably" | "unusually"
        | "utter" | "utterly" | "very" => B_INCR,
        "almost" | "barely" | "hardly" | "kinda" | "kindof" | "kind-of" | "less" | "little"
        | "marginal" | "marginally" | "occasional" | "occasionally" | "partly" | "scarce"
        | "scarcely" | "slight" | "slightly" | "somewhat" | "sorta" | "sortof" | "sort-of" => {
            B_DECR
        }
        _ => return None,
    })
}

/// `BOOSTER_DICT` lookup of a two-word n-gram ("kind of", "sort of", "just enough").
///
/// The reference joins tokens with a space and looks the string up; tokens never contain
/// whitespace, so only the three two-word keys can ever match.
pub fn booster_bigram(first: &str, second: &str) -> Option<f64> {
    match (first, second) {
        ("kind", "of") | ("sort", "of") | ("just", "enough") => Some(B_DECR),
        _ => None,
    }
}

/// `SPECIAL_CASES` lookup of a space-joined n-gram, given as its words.
///
/// Single-word keys ("badass") can never equal a joined n-gram, so they are not listed.
pub fn special_case(words: &[&str]) -> Option<f64> {
    Some(match words {
        ["the", "shit"] | ["the", "bomb"] => 3.0,
        ["bad", "ass"] => 1.5,
        ["bus", "stop"] => 0.0,
        ["yeah", "right"] => -2.0,
        ["kiss", "of", "death"] => -1.5,
        ["to", "die", "for"] => 3.0,
        ["beating", "heart"] => 3.5,
        _ => return None,
    })
}

/// `negated([word])` of the reference: a NEGATE word, or any token containing "n't".
pub fn negated(word: &str) -> bool {
    matches!(
        word,
        "aint"
            | "arent"
            | "cannot"
            | "cant"
            | "couldnt"
            | "darent"
            | "didnt"
            | "doesnt"
            | "ain't"
            | "aren't"
            | "can't"
            | "couldn't"
            | "daren't"
            | "didn't"
            | "doesn't"
            | "dont"
            | "hadnt"
            | "hasnt"
            | "havent"
            | "isnt"
            | "mightnt"
            | "mustnt"
            | "neither"
            | "don't"
            | "hadn't"
            | "hasn't"
            | "haven't"
            | "isn't"
            | "mightn't"
            | "mustn't"
            | "neednt"
            | "needn't"
            | "never"
            | "none"
            | "nope"
            | "nor"
            | "not"
            | "nothing"
            | "nowhere"
            | "oughtnt"
            | "shant"
            | "shouldnt"
            | "uhuh"
            | "wasnt"
            | "werent"
            | "oughtn't"
            | "shan't"
            | "shouldn't"
            | "uh-uh"
            | "wasn't"
            | "weren't"
            | "without"
            | "wont"
            | "wouldnt"
            | "won't"
            | "wouldn't"
            | "rarely"
            | "seldom"
            | "despite"
    ) || word.contains("n't")
}

/// Python's `str.isspace()` for one character.
///
/// Rust's `char::is_whitespace` is the Unicode White_Space property; Python also counts the
/// four information separators U+001C..U+001F, which `str.split()` therefore splits on.
pub fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.isupper()`: at least one uppercase character and no lowercase or titlecase one.
pub fn py_isupper(s: &str) -> bool {
    if s.is_ascii() {
        let b = s.as_bytes();
        return b.iter().any(u8::is_ascii_uppercase) && !b.iter().any(u8::is_ascii_lowercase);
    }
    let mut cased = false;
    for c in s.chars() {
        if c.is_lowercase() || is_titlecase(c) {
            return false;
        }
        cased |= c.is_uppercase();
    }
    cased
}

/// The Unicode titlecase letters (general category Lt), which Rust's std does not expose.
fn is_titlecase(c: char) -> bool {
    matches!(c as u32,
        0x01C5 | 0x01C8 | 0x01CB | 0x01F2
        | 0x1F88..=0x1F8F | 0x1F98..=0x1F9F | 0x1FA8..=0x1FAF
        | 0x1FBC | 0x1FCC | 0x1FFC)
}

/// Python's `string.punctuation`.
pub fn is_py_punct(c: char) -> bool {
    c.is_ascii_punctuation()
}
