//! Actors: the lexicon files, the compiled set, and the mention matcher.

pub mod fold;
pub mod lexicon;
mod matcher;

use rustc_hash::FxHashMap;
use std::path::Path;

pub use lexicon::{ActorKind, ActorRecord, LexiconError, Origin};
pub use matcher::{ActorMatcher, MatchScratch, Mention};

/// The bundled Libya 2011-2020 actor lexicon.
pub const BUNDLED_LIBYA: &str = include_str!("../../lexicons/actors/libya.tsv");
/// How the bundled lexicon is named in messages.
pub const BUNDLED_LIBYA_PATH: &str = "lexicons/actors/libya.tsv (bundled)";

/// Index of an actor in an [`ActorSet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActorId(pub u32);

impl ActorId {
    /// The index as `usize`.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One compiled actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Unique id.
    pub id: String,
    /// Kind.
    pub kind: ActorKind,
    /// Display name.
    pub name: String,
    /// The actors it belongs to.
    pub groups: Vec<ActorId>,
}

/// All actors of a run and the matcher over their aliases. Immutable once built.
#[derive(Debug, Clone)]
pub struct ActorSet {
    actors: Vec<Actor>,
    /// For each actor, every group it belongs to directly or through other groups, sorted.
    ancestors: Vec<Vec<ActorId>>,
    by_id: FxHashMap<String, ActorId>,
    matcher: ActorMatcher,
}

impl ActorSet {
    /// Builds the set from parsed records, checking it as a whole: duplicate ids, aliases claimed
    /// twice, unknown groups. Every problem is returned, each naming `path:line`.
    pub fn build(records: Vec<ActorRecord>) -> Result<ActorSet, Vec<LexiconError>> {
        let mut errors = Vec::new();
        let mut by_id: FxHashMap<String, ActorId> = FxHashMap::default();
        let mut kept: Vec<ActorRecord> = Vec::with_capacity(records.len());
        for record in records {
            if let Some(&first) = by_id.get(&record.id) {
                errors.push(error_at(
                    &record.origin,
                    format!(
                        "duplicate id {}: already defined at {}",
                        record.id,
                        kept[first.index()].origin
                    ),
                ));
                continue;
            }
            by_id.insert(record.id.clone(), ActorId(kept.len() as u32));
            kept.push(record);
        }

        let mut alias_owner: FxHashMap<String, (ActorId, usize)> = FxHashMap::default();
        let mut patterns = Vec::new();
        let mut folded_aliases = Vec::new();
        let mut actors = Vec::with_capacity(kept.len());
        for (index, record) in kept.iter().enumerate() {
            let id = ActorId(index as u32);
            let mut groups = Vec::new();
            for group in &record.groups {
                match by_id.get(group) {
                    Some(&g) if g == id => errors.push(error_at(
                        &record.origin,
                        format!("actor {} lists itself as its group", record.id),
                    )),
                    Some(&g) => groups.push(g),
                    None => errors.push(error_at(
                        &record.origin,
                        format!("unknown group {group:?}: no actor has that id"),
                    )),
                }
            }
            for alias in std::iter::once(&record.name).chain(&record.aliases) {
                let folded = fold::fold_str(alias);
                if !folded.chars().any(char::is_alphanumeric) {
                    errors.push(error_at(
                        &record.origin,
                        format!("alias {alias:?} has no letter or digit"),
                    ));
                    continue;
                }
                let case_sensitive = matcher::is_all_caps(alias);
                // An all-caps acronym and a word of the same letters ("US" and "us") are
                // different patterns; they only collide when both are case-folded alike.
                let key = if case_sensitive {
                    format!("\u{0}{folded}")
                } else {
                    folded.clone()
                };
                if let Some(&(owner, line)) = alias_owner.get(&key) {
                    if owner == id {
                        errors.push(error_at(
                            &record.origin,
                            format!("alias {alias:?} is listed twice for {}", record.id),
                        ));
                    } else {
                        errors.push(error_at(
                            &record.origin,
                            format!(
                                "alias {alias:?} of {} is already claimed by {} ({}:{line})",
                                record.id,
                                kept[owner.index()].id,
                                kept[owner.index()].origin.path
                            ),
                        ));
                    }
                    continue;
                }
                alias_owner.insert(key, (id, record.origin.line));
                patterns.push(matcher::Pattern {
                    actor: id,
                    alias: alias.clone(),
                    case_sensitive,
                });
                folded_aliases.push(folded);
            }
            actors.push(Actor {
                id: record.id.clone(),
                kind: record.kind,
                name: record.name.clone(),
                groups,
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ActorSet {
            matcher: ActorMatcher::build(patterns, &folded_aliases),
            ancestors: ancestors(&actors),
            actors,
            by_id,
        })
    }

    /// The bundled Libya lexicon.
    pub fn bundled() -> ActorSet {
        let (records, errors) = lexicon::parse_actor_tsv(BUNDLED_LIBYA_PATH, BUNDLED_LIBYA);
        assert!(errors.is_empty(), "bundled lexicon: {errors:?}");
        ActorSet::build(records).expect("the bundled lexicon is consistent")
    }

    /// Reads and builds the set from lexicon files, reporting every problem of every file.
    pub fn from_files<P: AsRef<Path>>(paths: &[P]) -> Result<ActorSet, Vec<LexiconError>> {
        let mut records = Vec::new();
        let mut errors = Vec::new();
        for path in paths {
            let shown = path.as_ref().display().to_string();
            let text = std::fs::read(path.as_ref())
                .map_err(|e| LexiconError {
                    path: shown.clone(),
                    line: 0,
                    reason: format!("cannot read: {e}"),
                })
                .and_then(|bytes| lexicon::decode(&shown, &bytes));
            match text {
                Ok(text) => {
                    let (good, bad) = lexicon::parse_actor_tsv(&shown, &text);
                    records.extend(good);
                    errors.extend(bad);
                }
                Err(e) => errors.push(e),
            }
        }
        match ActorSet::build(records) {
            Ok(set) if errors.is_empty() => Ok(set),
            Ok(_) => Err(errors),
            Err(more) => {
                errors.extend(more);
                Err(errors)
            }
        }
    }

    /// Number of actors.
    pub fn len(&self) -> usize {
        self.actors.len()
    }

    /// Whether there are no actors.
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
    }

    /// The actor at `id`.
    pub fn get(&self, id: ActorId) -> &Actor {
        &self.actors[id.index()]
    }

    /// Looks an actor up by its id string.
    pub fn by_id(&self, id: &str) -> Option<ActorId> {
        self.by_id.get(id).copied()
    }

    /// All actors, in lexicon order.
    pub fn iter(&self) -> impl Iterator<Item = (ActorId, &Actor)> {
        self.actors
            .iter()
            .enumerate()
            .map(|(i, a)| (ActorId(i as u32), a))
    }

    /// The mention matcher.
    pub fn matcher(&self) -> &ActorMatcher {
        &self.matcher
    }

    /// The actor a person rolls up to at `--level group`: the first group it lists. Everyone else
    /// (organisations, countries, persons without a group) stands for itself.
    pub fn rolled_up(&self, id: ActorId) -> ActorId {
        let actor = &self.actors[id.index()];
        match (actor.kind, actor.groups.first()) {
            (ActorKind::Person, Some(&group)) => group,
            _ => id,
        }
    }

    /// Whether `member` belongs to `group`, directly or through its groups' groups.
    pub fn belongs_to(&self, member: ActorId, group: ActorId) -> bool {
        self.ancestors[member.index()].binary_search(&group).is_ok()
    }
}

/// The transitive groups of every actor, computed once so that the per-pair check on the hot path
/// is a binary search. Cycles of groups are tolerated: each actor is visited once per walk.
fn ancestors(actors: &[Actor]) -> Vec<Vec<ActorId>> {
    let mut seen = vec![usize::MAX; actors.len()];
    actors
        .iter()
        .enumerate()
        .map(|(start, actor)| {
            let mut found = Vec::new();
            let mut stack: Vec<ActorId> = actor.groups.clone();
            while let Some(g) = stack.pop() {
                if seen[g.index()] == start || g.index() == start {
                    continue;
                }
                seen[g.index()] = start;
                found.push(g);
                stack.extend(&actors[g.index()].groups);
            }
            found.sort_unstable();
            found
        })
        .collect()
}

fn error_at(origin: &Origin, reason: String) -> LexiconError {
    LexiconError {
        path: origin.path.clone(),
        line: origin.line,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str) -> Result<ActorSet, Vec<LexiconError>> {
        let (records, errors) = lexicon::parse_actor_tsv("t.tsv", text);
        assert!(errors.is_empty(), "{errors:?}");
        ActorSet::build(records)
    }

    fn mentions(set: &ActorSet, text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        set.matcher()
            .find(text, &mut MatchScratch::default(), &mut out);
        out.iter()
            .map(|m| (set.get(m.actor).id.clone(), m.span.slice(text).to_string()))
            .collect()
    }

    const HEADER: &str = "id\tkind\tname\taliases\tgroups\n";

    #[test]
    fn acronyms_match_capitals_only_and_names_any_case() {
        let s = set(&format!(
            "{HEADER}UN\torganisation\tUnited Nations\tUN\t\nUSA\tcountry\tUnited States\tUS|U.S.\t\nHAFTAR\tperson\tKhalifa Haftar\tHaftar|Hifter\t\n"
        ))
        .unwrap();
        assert_eq!(
            mentions(
                &s,
                "The UN told us that un-named HAFTAR aides and Hifter’s men met U.S. envoys"
            ),
            [
                ("UN".into(), "UN".into()),
                ("HAFTAR".into(), "HAFTAR".into()),
                ("HAFTAR".into(), "Hifter".into()),
                ("USA".into(), "U.S.".into()),
            ]
        );
    }

    #[test]
    fn longest_alias_wins_and_words_must_be_whole() {
        let s = set(&format!(
            "{HEADER}GNA\torganisation\tGovernment of National Accord\tGNA\t\nSERRAJ\tperson\tFayez al-Serraj\tSerraj|Sarrāj|GNA leader\tGNA\n"
        ))
        .unwrap();
        assert_eq!(
            mentions(&s, "GNA leader Sarraj, not Serrajists, met the GNA."),
            [
                ("SERRAJ".into(), "GNA leader".into()),
                ("SERRAJ".into(), "Sarraj".into()),
                ("GNA".into(), "GNA".into()),
            ]
        );
        let serraj = s.by_id("SERRAJ").unwrap();
        assert!(s.belongs_to(serraj, s.by_id("GNA").unwrap()));
    }

    #[test]
    fn set_level_errors_name_their_lines() {
        let errors = set(&format!(
            "{HEADER}A\tperson\tAnn\t\tNOPE\nA\tperson\tAnn again\t\t\nB\tperson\tBob\tann\t\n"
        ))
        .unwrap_err();
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 3, "{shown:?}");
        assert!(shown[0].starts_with("t.tsv:3: duplicate id A: already defined at t.tsv:2"));
        assert!(shown[1].starts_with("t.tsv:2: unknown group \"NOPE\""));
        assert!(shown[2].starts_with("t.tsv:4: alias \"ann\" of B is already claimed by A"));
    }
}
