//! Actors: the lexicon files, the compiled set, and the mention matcher.

pub mod fold;
pub mod lexicon;
mod matcher;
pub mod phoenix;
mod scan;
mod word_prefixes;

use rustc_hash::FxHashMap;
use std::path::Path;

use crate::time::Date;

pub use lexicon::{ActorKind, ActorRecord, LexiconError, Origin};
pub use matcher::{ActorMatcher, MatchScratch, Mention};

/// The bundled Libya 2011-2020 actor lexicon.
pub const BUNDLED_LIBYA: &str = include_str!("../../lexicons/actors/libya.tsv");
/// How the bundled lexicon is named in messages.
pub const BUNDLED_LIBYA_PATH: &str = "lexicons/actors/libya.tsv (bundled)";

/// How to read an actor lexicon file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LexiconFormat {
    /// Recognised by content: a TSV header `id kind name aliases groups`, or else Phoenix.
    #[default]
    Auto,
    /// The TSV lexicon of this project.
    Tsv,
    /// The PETRARCH / Phoenix actor dictionary format.
    Phoenix,
}

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
    /// What each lexicon entry stands for: itself in TSV lexicons; a code by date in Phoenix
    /// dictionaries.
    entries: Vec<Entry>,
    /// For each actor, every group it belongs to directly or through other groups, sorted.
    ancestors: Vec<Vec<ActorId>>,
    by_id: FxHashMap<String, ActorId>,
    matcher: ActorMatcher,
}

/// Why a list of actors read back from disk ([`ActorSet::from_actors`]) is not a set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ActorListError {
    /// An id that a lexicon could not hold.
    #[error("invalid actor id {0:?}")]
    InvalidId(String),
    /// The same id twice.
    #[error("actor {0} is listed twice")]
    Repeated(String),
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
            for written in std::iter::once(&record.name).chain(&record.aliases) {
                let (alias, case_sensitive) = matcher::capitals_only(written);
                let alias = &alias.to_string();
                let folded = fold::fold_str(alias);
                if !folded.chars().any(char::is_alphanumeric) {
                    errors.push(error_at(
                        &record.origin,
                        format!("alias {alias:?} has no letter or digit"),
                    ));
                    continue;
                }
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
                    entry: id.0,
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
            entries: (0..actors.len() as u32)
                .map(|i| Entry::fixed(ActorId(i)))
                .collect(),
            ancestors: ancestors(&actors),
            actors,
            by_id,
        })
    }

    /// A set of actors without aliases (nothing to match), for results read back from disk.
    /// Fails on a repeated or invalid id.
    pub fn from_actors(
        actors: Vec<(String, String, ActorKind)>,
    ) -> Result<ActorSet, ActorListError> {
        let mut by_id = FxHashMap::default();
        let mut list = Vec::with_capacity(actors.len());
        for (id, name, kind) in actors {
            if !lexicon::is_valid_id(&id) {
                return Err(ActorListError::InvalidId(id));
            }
            if by_id
                .insert(id.clone(), ActorId(list.len() as u32))
                .is_some()
            {
                return Err(ActorListError::Repeated(id));
            }
            list.push(Actor {
                id,
                kind,
                name,
                groups: Vec::new(),
            });
        }
        Ok(ActorSet {
            matcher: ActorMatcher::build(Vec::new(), &[]),
            entries: (0..list.len() as u32)
                .map(|i| Entry::fixed(ActorId(i)))
                .collect(),
            ancestors: vec![Vec::new(); list.len()],
            actors: list,
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
    /// The format of each file is recognised by its content unless `format` says otherwise.
    /// Besides the set, returns warnings: problems that were skipped (malformed date restrictions
    /// and names repeated across entries of Phoenix dictionaries).
    pub fn from_files<P: AsRef<Path>>(
        paths: &[P],
        format: LexiconFormat,
    ) -> Result<(ActorSet, Vec<LexiconError>), Vec<LexiconError>> {
        let mut records = Vec::new();
        let mut entries = Vec::new();
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        for path in paths {
            let shown = path.as_ref().display().to_string();
            let text = std::fs::read(path.as_ref())
                .map_err(|e| LexiconError {
                    path: shown.clone(),
                    line: 0,
                    reason: format!("cannot read: {e}"),
                })
                .and_then(|bytes| lexicon::decode(&shown, &bytes));
            let text = match text {
                Ok(text) => text,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let phoenix_format = match format {
                LexiconFormat::Auto => phoenix::looks_like_phoenix(&text),
                LexiconFormat::Tsv => false,
                LexiconFormat::Phoenix => true,
            };
            // A file that gives no actor is an error, never an empty matrix: most often it is
            // a format forced against the content (`--actors-format phoenix` on a TSV file).
            if phoenix_format {
                if let Some(line) = phoenix::tsv_header_line(&text) {
                    errors.push(LexiconError {
                        path: shown,
                        line,
                        reason: "this is a TSV actor lexicon (header `id kind name aliases \
                                 groups`), read as a PETRARCH/Phoenix dictionary: expected \
                                 `NAME_ [CODE]` entries; drop --actors-format phoenix"
                            .into(),
                    });
                    continue;
                }
                let (good, bad, skipped) = phoenix::parse_phoenix(&shown, &text);
                if bad.is_empty()
                    && !good
                        .iter()
                        .any(|e| e.default.is_some() || !e.dated.is_empty())
                {
                    errors.push(LexiconError {
                        line: good.first().map_or(0, |e| e.origin.line),
                        path: shown,
                        reason: format!(
                            "no actor: {} entr{} without a code; expected PETRARCH/Phoenix \
                             entries `NAME_ [CODE]` (a code in brackets on the name's line or an \
                             indented line after it)",
                            good.len(),
                            if good.len() == 1 { "y" } else { "ies" }
                        ),
                    });
                    continue;
                }
                entries.extend(good);
                errors.extend(bad);
                warnings.extend(skipped);
            } else {
                let (good, bad) = lexicon::parse_actor_tsv(&shown, &text);
                if good.is_empty() && bad.is_empty() {
                    errors.push(LexiconError {
                        path: shown,
                        line: 0,
                        reason: "no actor: expected one line `id kind name aliases groups` per \
                                 actor after the header"
                            .into(),
                    });
                    continue;
                }
                if !bad.is_empty()
                    && phoenix::looks_like_phoenix(&text)
                    && format == LexiconFormat::Tsv
                {
                    errors.push(LexiconError {
                        path: shown.clone(),
                        line: 0,
                        reason: "this looks like a PETRARCH/Phoenix dictionary, read as TSV \
                                 (--actors-format tsv): drop the flag or use --actors-format phoenix"
                            .into(),
                    });
                }
                records.extend(good);
                errors.extend(bad);
            }
        }
        if !records.is_empty() && !entries.is_empty() {
            errors.push(LexiconError {
                path: paths
                    .iter()
                    .map(|p| p.as_ref().display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                line: 0,
                reason: "TSV lexicons and Phoenix dictionaries cannot be mixed in one run".into(),
            });
        }
        // The set is built from the good lines even when some lines are bad, so that duplicates,
        // unknown groups and alias clashes are reported in the same pass as malformed lines:
        // a user fixes a file once, not once per kind of error.
        let built = if !entries.is_empty() {
            ActorSet::build_phoenix(entries).map(|(set, repeated)| {
                if repeated > 0 {
                    warnings.push(LexiconError {
                        path: paths.iter().map(|p| p.as_ref().display().to_string()).collect::<Vec<_>>().join(", "),
                        line: 0,
                        reason: format!("{repeated} name(s) listed by more than one entry; the first entry keeps each"),
                    });
                }
                set
            })
        } else {
            ActorSet::build(records)
        };
        match built {
            Ok(set) if errors.is_empty() => Ok((set, warnings)),
            Ok(_) => Err(sorted_by_place(errors, paths)),
            Err(more) => {
                errors.extend(more);
                Err(sorted_by_place(errors, paths))
            }
        }
    }

    /// Builds the set from Phoenix dictionary entries: every distinct code is an actor, every
    /// entry resolves to a code by date. Returns the set and how many repeated names were left
    /// to their first entry.
    pub fn build_phoenix(
        entries: Vec<phoenix::PhoenixEntry>,
    ) -> Result<(ActorSet, usize), Vec<LexiconError>> {
        let mut errors = Vec::new();
        let mut by_id: FxHashMap<String, ActorId> = FxHashMap::default();
        let mut actors: Vec<Actor> = Vec::new();
        let mut code_id = |code: &str,
                           origin: &Origin,
                           errors: &mut Vec<LexiconError>|
         -> Option<ActorId> {
            if let Some(&id) = by_id.get(code) {
                return Some(id);
            }
            if !lexicon::is_valid_id(code) {
                errors.push(error_at(
                    origin,
                    format!("code {code:?} must use only letters, digits, `_`, `-`, `.` or `+`"),
                ));
                return None;
            }
            let id = ActorId(actors.len() as u32);
            by_id.insert(code.to_string(), id);
            // Named and typed below, once every entry that uses the code is known.
            actors.push(Actor {
                id: code.to_string(),
                kind: ActorKind::Other,
                name: code.to_string(),
                groups: Vec::new(),
            });
            Some(id)
        };
        let mut resolved = Vec::with_capacity(entries.len());
        for e in &entries {
            let default = e
                .default
                .as_deref()
                .and_then(|c| code_id(c, &e.origin, &mut errors));
            let dated = e
                .dated
                .iter()
                .filter_map(|(code, from, to)| {
                    let id = code_id(code, &e.origin, &mut errors)?;
                    Some((
                        id,
                        from.map_or(i64::MIN, |d| d.days()),
                        to.map_or(i64::MAX, |d| d.days()),
                    ))
                })
                .collect();
            resolved.push(Entry { default, dated });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        phoenix_names_and_kinds(&mut actors, &entries, &resolved);
        let mut seen: FxHashMap<String, ()> = FxHashMap::default();
        let mut repeated = 0;
        let mut patterns = Vec::new();
        let mut folded_aliases = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            for name in &e.names {
                let folded = fold::fold_str(name);
                if !folded.chars().any(char::is_alphanumeric) {
                    continue;
                }
                // Phoenix writes every name in capitals; only single words of up to three
                // letters are taken as acronyms (UN, AU, USA), so that BREE or IRAN match "Iran".
                let case_sensitive =
                    !name.contains(' ') && name.chars().filter(|c| c.is_alphabetic()).count() <= 3;
                let key = if case_sensitive {
                    format!("\u{0}{folded}")
                } else {
                    folded.clone()
                };
                if seen.insert(key, ()).is_some() {
                    repeated += 1;
                    continue;
                }
                patterns.push(matcher::Pattern {
                    entry: i as u32,
                    alias: name.clone(),
                    case_sensitive,
                });
                folded_aliases.push(folded);
            }
        }
        let set = ActorSet {
            matcher: ActorMatcher::build(patterns, &folded_aliases),
            entries: resolved,
            ancestors: vec![Vec::new(); actors.len()],
            actors,
            by_id,
        };
        Ok((set, repeated))
    }

    /// Number of lexicon entries (actors in a TSV lexicon; dictionary entries in Phoenix).
    pub fn entry_count(&self) -> usize {
        self.entries.len()
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

    /// The actor an entry stands for at `date` (the undated role when no dated role covers it,
    /// or when the date is unknown).
    pub fn resolve(&self, entry: u32, date: Option<Date>) -> Option<ActorId> {
        self.entries[entry as usize].resolve(date)
    }

    /// The mentions in `text`, for a document of `date`, appended to `out` in text order.
    pub fn find_mentions(
        &self,
        text: &str,
        date: Option<Date>,
        scratch: &mut MatchScratch,
        out: &mut Vec<Mention>,
    ) {
        self.matcher
            .find(text, |e| self.resolve(e, date), scratch, out);
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

/// Names and kinds for the codes of a Phoenix dictionary, which has no column for either.
///
/// The kind follows CAMEO: a three-letter code that is not a sector, religion or region is a
/// country; a longer code (a country or IGO with sectors: AFGGOV, IGOUNO) an organisation; a lone
/// sector code (ELI, REB) or a region `other`. An entry with dated roles is a person holding
/// offices (HAMID_KARZAI_ as AFGGOV, then AFGELI) unless one of its codes is a country
/// (UKRAINE_ was USRUKR until 1991, then UKR), and a code that only such an entry uses, and
/// that is neither a country nor a sector, is that person.
///
/// Names: a country's sector is named by the country and the sector's words (KENGOV: "Kenya
/// government") and a lone sector by its words (MED: "Media"), rather than by one of their
/// members; any other code by the first entry that is no person's and carries it undated, or
/// for a country at some date (AFGHANISTAN_ [AFG]: "Afghanistan"), written as the heading comment above that entry
/// writes it when the heading is one of the entry's names (`######   The United Nations  ####`
/// over THE_UNITED_NATIONS_ [IGOUNO]). A code nothing names keeps its code as its name.
fn phoenix_names_and_kinds(
    actors: &mut [Actor],
    entries: &[phoenix::PhoenixEntry],
    resolved: &[Entry],
) {
    let mut users = vec![0usize; actors.len()];
    let mut sole_user: Vec<Option<usize>> = vec![None; actors.len()];
    for (i, r) in resolved.iter().enumerate() {
        let mut codes: Vec<ActorId> = r.default.iter().copied().collect();
        codes.extend(r.dated.iter().map(|&(id, _, _)| id));
        codes.sort_unstable();
        codes.dedup();
        for id in codes {
            users[id.index()] += 1;
            sole_user[id.index()] = Some(i);
        }
    }
    let kinds: Vec<ActorKind> = actors.iter().map(|a| cameo_kind(&a.id)).collect();
    // A person's entry has dated roles and no country among its codes: UKRAINE_ with
    // [USRUKR <910824] and [UKR >911221] is a country that was part of another one.
    let is_country = |id: &ActorId| kinds[id.index()] == ActorKind::Country;
    let is_person = |i: usize| {
        let r = &resolved[i];
        !r.dated.is_empty()
            && !r.default.iter().any(is_country)
            && !r.dated.iter().any(|(id, _, _)| is_country(id))
    };
    let mut named = vec![false; actors.len()];
    for (i, (entry, r)) in entries.iter().zip(resolved).enumerate() {
        if is_person(i) {
            continue;
        }
        // The undated code, and a country the entry becomes at some date.
        let countries = r.dated.iter().map(|&(id, _, _)| id).filter(is_country);
        for id in r.default.into_iter().chain(countries) {
            let k = id.index();
            // A lone sector (MED, IMG) is named by its words below, not by its first member.
            if named[k] || sector_words(&actors[k].id).is_some() {
                continue;
            }
            named[k] = true;
            // A heading is a section title ("World Bank and IMF" over the World Bank's
            // entry); it names the code only when it is one of the entry's names.
            actors[k].name = match &entry.heading {
                Some(h) if entry.names.iter().any(|n| n.eq_ignore_ascii_case(h)) => h.clone(),
                _ => phoenix::display_name(&entry.names[0]),
            };
        }
    }
    let country_names: FxHashMap<String, String> = actors
        .iter()
        .zip(&kinds)
        .filter(|(a, &k)| k == ActorKind::Country && a.name != a.id)
        .map(|(a, _)| (a.id.clone(), a.name.clone()))
        .collect();
    for (index, actor) in actors.iter_mut().enumerate() {
        actor.kind = kinds[index];
        let sectors = country_sector_name(&actor.id, &country_names);
        if let Some(name) = &sectors {
            actor.name = name.clone();
        } else if let Some(words) = sector_words(&actor.id) {
            actor.name = words;
        }
        let ends_in_sector =
            actor.id.len() > 3 && NOT_COUNTRIES.contains(&&actor.id[actor.id.len() - 3..]);
        if let (1, Some(i)) = (users[index], sole_user[index]) {
            if is_person(i)
                && kinds[index] != ActorKind::Country
                && sectors.is_none()
                && !ends_in_sector
            {
                actor.kind = ActorKind::Person;
                actor.name = phoenix::display_name(&entries[i].names[0]);
            }
        }
    }
}

/// The words of CAMEO's sector and religion codes, for names such as "Kenya government".
const SECTOR_WORDS: &[(&str, &str)] = &[
    ("GOV", "government"),
    ("MIL", "military"),
    ("REB", "rebels"),
    ("OPP", "opposition"),
    ("PTY", "party"),
    ("COP", "police"),
    ("JUD", "judiciary"),
    ("SPY", "intelligence"),
    ("ELI", "elites"),
    ("BUS", "business"),
    ("CRM", "criminals"),
    ("CVL", "civilians"),
    ("EDU", "education"),
    ("HLH", "health"),
    ("HRI", "human rights"),
    ("LAB", "labour"),
    ("LEG", "legislature"),
    ("MED", "media"),
    ("REF", "refugees"),
    ("AGR", "agriculture"),
    ("ENV", "environment"),
    ("UAF", "armed forces"),
    ("INS", "insurgents"),
    ("RAD", "radicals"),
    ("MOD", "moderates"),
    ("SET", "settlers"),
    ("IMG", "militants"),
    ("IGO", "intergovernmental organisations"),
    ("NGO", "NGOs"),
    ("MNC", "companies"),
    ("CHR", "Christian"),
    ("MUS", "Muslim"),
    ("JEW", "Jewish"),
    ("BUD", "Buddhist"),
    ("HIN", "Hindu"),
    ("SHI", "Shia"),
    ("SUN", "Sunni"),
    ("CTH", "Catholic"),
    ("PRO", "Protestant"),
    ("ORT", "Orthodox"),
];

/// The words of a lone sector code ("Media" for MED), `None` for any other code.
fn sector_words(code: &str) -> Option<String> {
    let (_, words) = SECTOR_WORDS.iter().find(|(c, _)| *c == code)?;
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
}

/// "Kenya government" for KENGOV, "Russia military intelligence" for RUSMILSPY: a named
/// country's code followed by sector codes only; `None` for any other code.
fn country_sector_name(code: &str, countries: &FxHashMap<String, String>) -> Option<String> {
    if code.len() < 6 || code.len() % 3 != 0 || !code.is_ascii() {
        return None;
    }
    let country = countries.get(&code[..3])?;
    let words: Option<Vec<&str>> = (3..code.len())
        .step_by(3)
        .map(|i| {
            SECTOR_WORDS
                .iter()
                .find(|(c, _)| *c == &code[i..i + 3])
                .map(|(_, w)| *w)
        })
        .collect();
    Some(format!("{country} {}", words?.join(" ")))
}

/// Three-letter CAMEO codes that are not countries: sectors, religions, regions.
const NOT_COUNTRIES: &[&str] = &[
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "IGO", "NGO", "NGM", "MNC", "IMG",
    "ELI", "BUS", "CRM", "CVL", "EDU", "HLH", "HRI", "LAB", "LEG", "MED", "REF", "SET", "AGR",
    "ENV", "RAD", "UAF", "INS", "MOD", "CHR", "MUS", "JEW", "BUD", "HIN", "SHI", "CTH", "PRO",
    "ORT", "ALE", "DRZ", "SIK", "TAO", "ZRO", "BAH", "CON", "ITR", "AFR", "ASA", "BLK", "CRB",
    "CAU", "CFR", "CAS", "CEU", "EIN", "EAF", "EEU", "EUR", "LAM", "MEA", "MDT", "NAF", "NMR",
    "PGS", "SCN", "SAM", "SAS", "SEA", "SAF", "WAF", "WST", "---",
];

/// The kind a CAMEO actor code stands for (see [`phoenix_names_and_kinds`]).
fn cameo_kind(code: &str) -> ActorKind {
    let letters = code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase());
    if letters && !NOT_COUNTRIES.contains(&code) {
        ActorKind::Country
    } else if code.len() > 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        ActorKind::Organisation
    } else {
        ActorKind::Other
    }
}

/// What a lexicon entry stands for: an undated role and roles bounded by dates, tried in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The role when no dated role applies.
    pub default: Option<ActorId>,
    /// `(actor, first day, last day)`, days since 1970-01-01, inclusive; the first that covers
    /// the date wins (later lines of a Phoenix entry are overridden by earlier ones).
    pub dated: Vec<(ActorId, i64, i64)>,
}

impl Entry {
    /// An entry that always stands for `actor`.
    pub fn fixed(actor: ActorId) -> Entry {
        Entry {
            default: Some(actor),
            dated: Vec::new(),
        }
    }

    fn resolve(&self, date: Option<Date>) -> Option<ActorId> {
        if let Some(day) = date.map(|d| d.days()) {
            if let Some(&(actor, _, _)) = self
                .dated
                .iter()
                .find(|(_, from, to)| *from <= day && day <= *to)
            {
                return Some(actor);
            }
        }
        self.default
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

/// Errors in file order (as the files were given), then line order, whatever check found them;
/// errors about several files at once come last. The sort is stable: one line's errors keep the
/// order they were found in.
fn sorted_by_place<P: AsRef<Path>>(
    mut errors: Vec<LexiconError>,
    paths: &[P],
) -> Vec<LexiconError> {
    let rank = |e: &LexiconError| {
        paths
            .iter()
            .position(|p| p.as_ref().display().to_string() == e.path)
            .unwrap_or(paths.len())
    };
    errors.sort_by_key(|e| (rank(e), e.line));
    errors
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
        set.find_mentions(text, None, &mut MatchScratch::default(), &mut out);
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

    /// Issue 24, item 9: Phoenix codes came out as `kind: other`, named by their code.
    #[test]
    fn phoenix_codes_are_named_and_typed_from_the_dictionary() {
        let dict = "# test\n\
            ######   The Hobbit League  ######\n\
            THE_HOBBIT_LEAGUE_ [IGOHOB]\n\
            SAM_GAMGEE_  # a person holding an office\n\
            \t[SHRGOV 20000101-20101231]\n\
            \t[SHRELI]\n\
            ######   Countries  ######\n\
            THE_SHIRE_ [SHR]\n\
            +SHIRE_\n\
            FRODO_BAGGINS_ [SHRFRO 19900101-20201231]\n\
            ELITES_ [ELI]\n\
            SOUTH_SHIRE_ [SSH]\n\
            \t[SHR <19991231]\n";
        let (entries, errors, _) = phoenix::parse_phoenix("d.txt", dict);
        assert!(errors.is_empty(), "{errors:?}");
        let (set, _) = ActorSet::build_phoenix(entries).unwrap();
        let shown: Vec<(String, String, &str)> = set
            .iter()
            .map(|(_, a)| (a.id.clone(), a.name.clone(), a.kind.as_str()))
            .collect();
        let row =
            |id: &str, name: &str, kind: &'static str| (id.to_string(), name.to_string(), kind);
        assert_eq!(
            shown,
            [
                row("IGOHOB", "The Hobbit League", "organisation"),
                // A country's sectors, named by the country once it is known.
                row("SHRELI", "The Shire elites", "organisation"),
                row("SHRGOV", "The Shire government", "organisation"),
                // The heading above is a section title, not one of the entry's names.
                row("SHR", "The Shire", "country"),
                row("SHRFRO", "Frodo Baggins", "person"),
                row("ELI", "Elites", "other"),
                // A country that was part of another one has dated roles, and is no person.
                row("SSH", "South Shire", "country"),
            ]
        );
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
