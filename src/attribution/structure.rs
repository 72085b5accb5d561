//! Structure: whether a sentence's dependency tree links a source to a target.
//!
//! Co-occurrence is no stance. An actor holds a stance toward another in a sentence only when
//! the tree shows a relation between them, as PETRARCH codes events from a parse:
//! - the source is the subject of a predicate and the target stands in that predicate's
//!   object side (object, oblique, complement clause, adverbial clause), not in its subject;
//! - the source is the agent of a passive (`by X`) and the target its patient (the passive
//!   subject) or in its object side;
//! - the source is the possessor of a noun ("Russia's support for Haftar") and the target in
//!   that noun's modifiers.
//!
//! A clause of its own under the predicate (a complement or adverbial clause with a subject of
//! its own) belongs to that subject: "The US said Russia sent jets to the LNA" links US to
//! Russia (the content's subject) and Russia to the LNA, not the US to the LNA.
//!
//! A source that only modifies another noun ("Trump transition spokesman Jason Miller", the
//! "Russian-backed" of "Russian-backed forces") is no agent: the noun it modifies is. A noun that
//! acts carries the actor that qualifies, owns or names it ("Russian forces shelled",
//! "Haftar's forces shelled"). An
//! adjective or possessor of the noun that acts ("Russian forces shelled", "Haftar's forces
//! shelled") acts through it.

use std::ops::Range;

use super::reference::Ref;
use super::{Attribution, Rule, Source};
use crate::syntax::select::DocParses;
use crate::syntax::Syntax;
use crate::text::Span;

/// How far up a tree the rules climb. Real sentences are far shallower; a deeper path (a list
/// without punctuation parsed as one long chain) is no evidence of a relation, and the bound
/// keeps every question linear in the sentence.
const MAX_DEPTH: usize = 64;

/// How a source and a target are linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// The source is the subject of the predicate at this word, the target on its object side.
    Argument(usize),
    /// The source is the agent of the passive predicate at this word.
    Agent(usize),
    /// The source possesses the noun at this word, the target modifies it.
    Possessor(usize),
}

/// The relations of a tree, resolved once to the few classes the rules read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `nsubj`, `csubj` (and their subtypes but the passive ones).
    Subject,
    /// `nsubj:pass`, `csubj:pass`.
    PassiveSubject,
    /// `obl`, `obl:agent` and the like.
    Oblique,
    /// `nmod:poss`.
    Possessor,
    /// `conj`.
    Conjunct,
    /// `appos`, `flat`: the same referent under another name.
    SameReferent,
    /// `amod`: an adjective of a noun ("Russian forces").
    Attribute,
    /// `compound`, `nmod` and other modifiers of a noun.
    Modifier,
    /// `ccomp`, `xcomp`, `advcl`, `parataxis`, `acl`: a clause.
    Clause,
    /// `case`: a preposition.
    Case,
    /// Anything else (objects among them).
    Other,
}

impl Role {
    /// The class of a UD relation name.
    pub fn of(label: &str) -> Role {
        match label {
            "nsubj:pass" | "csubj:pass" => Role::PassiveSubject,
            l if l.starts_with("nsubj") || l.starts_with("csubj") => Role::Subject,
            l if l.starts_with("obl") => Role::Oblique,
            "nmod:poss" => Role::Possessor,
            "conj" => Role::Conjunct,
            "appos" | "flat" | "flat:name" => Role::SameReferent,
            l if l.starts_with("amod") => Role::Attribute,
            l if l.starts_with("compound") || l.starts_with("nmod") => Role::Modifier,
            l if l.starts_with("ccomp")
                || l.starts_with("xcomp")
                || l.starts_with("advcl")
                || l.starts_with("parataxis")
                || l.starts_with("acl") =>
            {
                Role::Clause
            }
            "case" => Role::Case,
            _ => Role::Other,
        }
    }
}

/// A parsed sentence as the link rules read it: 0-based heads (`None` for the root), roles, and
/// which words are "by". Buffers are reused from sentence to sentence.
#[derive(Debug, Default)]
pub struct Tree {
    head: Vec<Option<usize>>,
    role: Vec<Role>,
    is_by: Vec<bool>,
    spans: Vec<Span>,
    /// Children of each word: `children[child_at[w]..child_at[w + 1]]`.
    children: Vec<usize>,
    child_at: Vec<usize>,
    /// The role of each relation of the model, computed once.
    roles: Vec<Role>,
}

impl Tree {
    /// Loads the tree of the document's sentence `sentence` from `parses`; `false` when that
    /// sentence was not parsed.
    pub fn load(
        &mut self,
        syntax: &Syntax,
        parses: &DocParses,
        text: &str,
        sentence: usize,
    ) -> bool {
        if self.roles.len() != syntax.labels().len() {
            self.roles.clear();
            self.roles
                .extend(syntax.labels().iter().map(|l| Role::of(l)));
        }
        self.head.clear();
        self.role.clear();
        self.is_by.clear();
        self.spans.clear();
        let Ok(k) = parses
            .sentences
            .binary_search_by_key(&(sentence as u32), |(index, _)| *index)
        else {
            return false;
        };
        let range = parses.sentences[k].1.clone();
        let (from, to) = (range.start as usize, range.end as usize);
        for w in from..to {
            self.head
                .push((parses.parse.head[w] as usize).checked_sub(1));
            self.role
                .push(self.roles[usize::from(parses.parse.deprel[w])]);
            let span = parses.words[w].span;
            self.is_by.push(span.slice(text).eq_ignore_ascii_case("by"));
            self.spans.push(span);
        }
        // Children lists, so that every question below costs the size of a neighbourhood, not
        // of the sentence.
        let n = self.head.len();
        self.child_at.clear();
        self.child_at.resize(n + 1, 0);
        for h in self.head.iter().flatten() {
            self.child_at[h + 1] += 1;
        }
        for w in 0..n {
            self.child_at[w + 1] += self.child_at[w];
        }
        self.children.clear();
        self.children.resize(n, 0);
        let mut next = self.child_at.clone();
        for (w, h) in self.head.iter().enumerate() {
            if let Some(h) = *h {
                self.children[next[h]] = w;
                next[h] += 1;
            }
        }
        true
    }

    fn children_of(&self, w: usize) -> &[usize] {
        &self.children[self.child_at[w]..self.child_at[w + 1]]
    }

    /// The words of the tree that `span` covers; none when it covers part of a word only (the
    /// "US" of "US-backed", the "Russian" of "Russian-Turkish"): such a name qualifies another
    /// word and is neither agent nor object.
    pub fn words_of(&self, span: Span) -> Range<usize> {
        let from = self.spans.partition_point(|w| w.end <= span.start);
        let to = from + self.spans[from..].partition_point(|w| w.start < span.end);
        let whole =
            from < to && self.spans[from].start == span.start && self.spans[to - 1].end == span.end;
        if whole {
            from..to
        } else {
            from..from
        }
    }

    fn len(&self) -> usize {
        self.head.len()
    }

    /// Where word `w` of the loaded sentence is in the text.
    pub fn word(&self, w: usize) -> Span {
        self.spans[w]
    }

    /// The word of `range` whose head lies outside it: the phrase's head.
    fn phrase_head(&self, range: &Range<usize>) -> Option<usize> {
        range
            .clone()
            .find(|&w| self.head[w].is_none_or(|h| !range.contains(&h)))
    }

    /// Climbs from a phrase's head through conjuncts and other names of the same referent to
    /// the word whose relation says what the referent does in the clause.
    fn referent_top(&self, mut w: usize) -> usize {
        for _ in 0..MAX_DEPTH {
            match (self.role[w], self.head[w]) {
                (Role::Conjunct | Role::SameReferent, Some(h)) => w = h,
                _ => break,
            }
        }
        w
    }

    /// Whether `ancestor` is `w` or above it.
    fn dominates(&self, ancestor: usize, mut w: usize) -> bool {
        for _ in 0..MAX_DEPTH {
            if w == ancestor {
                return true;
            }
            match self.head[w] {
                Some(h) => w = h,
                None => return false,
            }
        }
        false
    }

    /// The first child of `w` with role `role`.
    fn has_child(&self, w: usize, role: Role) -> Option<usize> {
        self.children_of(w)
            .iter()
            .copied()
            .find(|&c| self.role[c] == role)
    }

    /// Whether a predicate's object side reaches `target` without entering a clause that has a
    /// subject of its own (that clause's relations are its subject's), but for the subject of a
    /// complement clause itself: "said Russia had sent" reaches Russia.
    fn object_side_reaches(&self, predicate: usize, target: usize, subject: usize) -> bool {
        if !self.dominates(predicate, target) || target == predicate {
            return false;
        }
        if self.dominates(subject, target) {
            return false;
        }
        // Walk from the target up to the predicate; a clause head with its own subject on the
        // way blocks, unless the target is that subject (or within it).
        let mut w = target;
        for _ in 0..MAX_DEPTH {
            let Some(h) = self.head[w] else { return false };
            if h == predicate {
                return true;
            }
            if let Some(s) = self
                .has_child(h, Role::Subject)
                .or_else(|| self.has_child(h, Role::PassiveSubject))
            {
                if !self.dominates(s, target) {
                    return false;
                }
            }
            w = h;
        }
        false
    }

    /// The predicates a subject's relation reaches: its head and the conjoined predicates that
    /// have no subject of their own ("met Conte and accused Haftar").
    fn predicates_of(&self, head: usize, out: &mut Vec<usize>) {
        out.clear();
        out.push(head);
        let mut k = 0;
        while k < out.len() {
            let p = out[k];
            if out.len() >= MAX_DEPTH {
                break;
            }
            for &c in self.children_of(p) {
                if self.role[c] == Role::Conjunct
                    && self.has_child(c, Role::Subject).is_none()
                    && self.has_child(c, Role::PassiveSubject).is_none()
                {
                    out.push(c);
                }
            }
            k += 1;
        }
    }

    /// How the tree links the source words to the target words, if it does.
    pub fn link(
        &self,
        source: Range<usize>,
        target: Range<usize>,
        scratch: &mut Vec<usize>,
    ) -> Option<Link> {
        if source.is_empty()
            || target.is_empty()
            || source.end > self.len()
            || target.end > self.len()
        {
            return None;
        }
        let mut s = self.referent_top(self.phrase_head(&source)?);
        let t = self.phrase_head(&target)?;
        // "Russia's support for Haftar": the possessor of a noun toward what modifies it.
        if let (Role::Possessor, Some(noun)) = (self.role[s], self.head[s]) {
            if t != noun && self.dominates(noun, t) && !self.dominates(s, t) {
                return Some(Link::Possessor(noun));
            }
        }
        // "Russian forces shelled ...", "Haftar's forces shelled ...", "the US move isolates
        // Tehran": the actor acts through the noun it qualifies, owns or names, when that noun is
        // the one acting. One level only: in "Trump transition spokesman Jason Miller praised
        // Zinke", Trump qualifies "spokesman", which does not act (Miller does).
        if let (Role::Attribute | Role::Possessor | Role::Modifier, Some(noun)) =
            (self.role[s], self.head[s])
        {
            let noun = self.referent_top(noun);
            if matches!(self.role[noun], Role::Subject | Role::Oblique) {
                s = noun;
            }
        }
        let head = self.head[s]?;
        match self.role[s] {
            Role::Subject => {
                self.predicates_of(head, scratch);
                scratch
                    .iter()
                    .copied()
                    .find(|&p| self.object_side_reaches(p, t, s))
                    .map(Link::Argument)
            }
            // "China was accused of blocking Google": the passive subject is the subject of the
            // clause under its verb that has none of its own; never of the agent ("Haftar was
            // praised by Egypt" says nothing of Haftar toward Egypt).
            Role::PassiveSubject => self
                .children_of(head)
                .iter()
                .copied()
                .filter(|&c| {
                    self.role[c] == Role::Clause
                        && self.has_child(c, Role::Subject).is_none()
                        && self.has_child(c, Role::PassiveSubject).is_none()
                })
                .find(|&c| self.object_side_reaches(c, t, s))
                .map(Link::Argument),
            Role::Oblique if self.has_child(s, Role::Case).is_some_and(|c| self.is_by[c]) => {
                let patient = self.has_child(head, Role::PassiveSubject)?;
                (self.dominates(patient, t) || self.object_side_reaches(head, t, s))
                    .then_some(Link::Agent(head))
            }
            _ => None,
        }
    }
}

/// How many references on each side of a dyad's scope are searched for its source and target
/// when a sentence has more than twice as many. Ordinary sentences name far fewer; a sentence
/// without end naming thousands (a scraped list) would otherwise cost refs x refs per dyad and
/// grow with the cube of its length (#17).
const LINK_WINDOW: usize = 32;

/// The references among which a dyad with this scope is looked for: all of them in an ordinary
/// sentence, else the [`LINK_WINDOW`] on each side of the scope's start (`refs` is in text
/// order).
fn near_scope(refs: &[Ref], scope: Span) -> &[Ref] {
    if refs.len() <= 2 * LINK_WINDOW {
        return refs;
    }
    let at = refs.partition_point(|r| r.span.start < scope.start);
    &refs[at.saturating_sub(LINK_WINDOW)..(at + LINK_WINDOW).min(refs.len())]
}

/// Keeps, among `out[from..]` (one sentence's attributions), those the tree supports: the
/// subject rule's actor -> actor ones only where some mention of the source and some mention of
/// the target are linked (see [`Tree::link`]); all others. The author's tone is no relation, a
/// quotation is its speaker's (the actors it names its targets), and the passive rule reads an
/// agent phrase ("backed by X", "Egypt-backed Haftar"), a structure of its own. Returns how many
/// it dropped.
pub(super) fn keep_linked(
    tree: &Tree,
    refs: &[Ref],
    out: &mut Vec<Attribution>,
    from: usize,
    path: &mut Vec<usize>,
) -> u64 {
    let before = out.len();
    let mut k = from;
    let mut kept = from;
    while k < out.len() {
        let a = out[k];
        let keep = match (a.rule, a.source) {
            (Rule::Subject, Source::Actor(source)) => {
                let near = near_scope(refs, a.scope);
                near.iter().filter(|r| r.actor == source).any(|s| {
                    near.iter().filter(|r| r.actor == a.target).any(|t| {
                        tree.link(tree.words_of(s.span), tree.words_of(t.span), path)
                            .is_some()
                    })
                })
            }
            _ => true,
        };
        if keep {
            out[kept] = a;
            kept += 1;
        }
        k += 1;
    }
    out.truncate(kept);
    (before - kept) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::select::DocParses;
    use crate::syntax::words::split_clitics;
    use crate::syntax::{Syntax, SyntaxScratch};
    use crate::text::tokenize;

    /// A dyad's source and target are searched among a bounded number of references however
    /// many the sentence holds, and among all of them in an ordinary sentence.
    #[test]
    fn a_dyad_searches_a_bounded_window_of_references() {
        let refs: Vec<Ref> = (0..10_000)
            .map(|k| Ref {
                actor: crate::actors::ActorId(k % 3),
                span: Span::new(10 * k as usize, 10 * k as usize + 6),
                named: Some(k as usize),
                alternative: None,
            })
            .collect();
        for at in [0, 5_000, 9_999, 20_000] {
            let scope = Span::new(10 * at, 10 * at + 5);
            let near = near_scope(&refs, scope);
            assert!(near.len() <= 2 * LINK_WINDOW, "{} refs", near.len());
            let closest = refs.partition_point(|r| r.span.start < scope.start);
            if closest < refs.len() {
                assert!(near.contains(&refs[closest]));
            }
            assert!(near.contains(&refs[closest.saturating_sub(1)]));
        }
        assert_eq!(near_scope(&refs[..64], Span::new(0, 1)).len(), 64);
    }

    /// The tree of `text` (one sentence) as the bundled model parses it.
    fn tree(text: &str) -> Tree {
        let syntax = Syntax::bundled();
        let mut tokens = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut tokens);
        let mut parses = DocParses::default();
        split_clitics(text, &tokens, &mut parses.words);
        let n = parses.words.len() as u32;
        let mut scratch = SyntaxScratch::default();
        syntax.parse_words(text, &parses.words, &mut parses.parse, &mut scratch);
        parses.sentences.push((0, 0..n));
        let mut tree = Tree::default();
        assert!(tree.load(syntax, &parses, text, 0));
        tree
    }

    /// Whether the tree of `text` links the first occurrence of `source` to that of `target`.
    fn linked(text: &str, source: &str, target: &str) -> bool {
        let t = tree(text);
        let span = |name: &str| {
            let at = text.find(name).expect("the name is in the text");
            Span::new(at, at + name.len())
        };
        let mut path = Vec::new();
        t.link(
            t.words_of(span(source)),
            t.words_of(span(target)),
            &mut path,
        )
        .is_some()
    }

    #[test]
    fn a_subject_is_linked_to_its_object_not_the_other_way() {
        let s = "Serraj accused Haftar of war crimes.";
        assert!(linked(s, "Serraj", "Haftar"));
        assert!(!linked(s, "Haftar", "Serraj"));
    }

    #[test]
    fn reported_speech_links_the_speaker_to_the_content_subject_only() {
        let s = "The United States said Russia had sent jets to the LNA.";
        assert!(linked(s, "United States", "Russia"));
        assert!(linked(s, "Russia", "LNA"));
        assert!(!linked(s, "United States", "LNA"));
    }

    #[test]
    fn a_name_that_only_qualifies_the_subject_is_no_agent() {
        let s = "Trump transition spokesman Jason Miller praised Zinke.";
        assert!(linked(s, "Jason Miller", "Zinke"));
        assert!(!linked(s, "Trump", "Zinke"));
    }

    #[test]
    fn conjoined_predicates_share_their_subject() {
        let s = "Erdogan met Serraj in Ankara and pledged support against Haftar.";
        assert!(linked(s, "Erdogan", "Serraj"));
        assert!(linked(s, "Erdogan", "Haftar"));
        assert!(!linked(s, "Serraj", "Haftar"));
    }

    #[test]
    fn a_passive_agent_is_linked_to_its_patient_and_a_possessor_to_its_noun() {
        assert!(linked("Haftar was praised by Egypt.", "Egypt", "Haftar"));
        assert!(!linked("Haftar was praised by Egypt.", "Haftar", "Egypt"));
        assert!(linked(
            "Russia's support for Haftar angered Serraj.",
            "Russia",
            "Haftar"
        ));
    }

    #[test]
    fn part_of_a_hyphenated_word_is_neither_agent_nor_object() {
        let s = "Turkish-backed fighters attacked Kurdish positions near Afrin.";
        let t = tree(s);
        assert!(t.words_of(Span::new(0, 7)).is_empty()); // "Turkish" of "Turkish-backed"
    }
}
