//! The 17 universal parts of speech of Universal Dependencies.

/// A universal part of speech (UD v2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[repr(u8)]
#[allow(missing_docs)] // the names are UD's
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    #[default]
    X,
}

/// How many parts of speech there are.
pub const N_UPOS: usize = 17;

const NAMES: [&str; N_UPOS] = [
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN",
    "PUNCT", "SCONJ", "SYM", "VERB", "X",
];

const ALL: [Upos; N_UPOS] = [
    Upos::Adj,
    Upos::Adp,
    Upos::Adv,
    Upos::Aux,
    Upos::Cconj,
    Upos::Det,
    Upos::Intj,
    Upos::Noun,
    Upos::Num,
    Upos::Part,
    Upos::Pron,
    Upos::Propn,
    Upos::Punct,
    Upos::Sconj,
    Upos::Sym,
    Upos::Verb,
    Upos::X,
];

impl Upos {
    /// The tag as UD writes it (`NOUN`).
    pub fn name(self) -> &'static str {
        NAMES[self as usize]
    }

    /// The tag named `name` (`NOUN`), if it is one of the 17.
    pub fn from_name(name: &str) -> Option<Upos> {
        NAMES.iter().position(|&n| n == name).map(|k| ALL[k])
    }

    /// The tag with index `k` (0..17), as the models number them.
    pub fn from_index(k: usize) -> Upos {
        ALL[k]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for k in 0..N_UPOS {
            let t = Upos::from_index(k);
            assert_eq!(t as usize, k);
            assert_eq!(Upos::from_name(t.name()), Some(t));
        }
        assert_eq!(Upos::from_name("NN"), None);
    }
}
