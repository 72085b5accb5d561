//! Actors: the lexicon files, the compiled set, and the mention matcher.

pub mod agents;
mod build;
pub mod bundled;
pub mod fold;
pub mod lexicon;
mod matcher;
pub mod phoenix;
mod scan;
mod word_prefixes;

use rustc_hash::FxHashMap;
use std::path::Path;

use crate::time::Date;

pub use build::BuildNotes;
pub use bundled::{bundled_list, BundledList, BUNDLED};
pub use lexicon::{ActorKind, ActorRecord, LexiconError, Origin};
pub use matcher::{ActorMatcher, MatchScratch, Mention};

use crate::text::Span;
use build::Parsed;

/// The bundled Libya 2011-2020 actor lexicon.
pub const BUNDLED_LIBYA: &str = BUNDLED[0].files[0].1;
/// How the bundled lexicon is named in messages.
pub const BUNDLED_LIBYA_PATH: &str = BUNDLED[0].files[0].0;

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

/// A loaded set with its warnings, or every error of its files.
pub type Loaded = Result<(ActorSet, Vec<LexiconError>), Vec<LexiconError>>;

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
    /// For each actor, its country at `--level country` (itself when it has none).
    country: Vec<ActorId>,
    /// Agents and seats of government, when an agents dictionary was loaded.
    agents: Option<Box<AgentTable>>,
}

/// What an entry is besides an actor's alias, in sets with an agents dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Special {
    /// An actor's alias.
    None,
    /// A role noun ("government", "troops") with the index of its code.
    Agent(u16),
    /// A capital read as its government, except after a preposition of place.
    Seat,
}

/// The agents of a set: what each entry is, the agent codes, and the actor a country becomes
/// with each code.
#[derive(Debug, Clone)]
struct AgentTable {
    specials: Vec<Special>,
    codes: Vec<String>,
    composite: FxHashMap<(u32, u16), ActorId>,
    /// The index of the elites code `~ELI`, which "former" gives a composed mention ("former
    /// Libyan officials": LBYELI), when the agents dictionary has it.
    elites: Option<u16>,
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
    /// by two actors, unknown groups. Every problem is returned, each naming `path:line`. An
    /// actor may list its own name among its aliases, or an alias twice.
    pub fn build(records: Vec<ActorRecord>) -> Result<ActorSet, Vec<LexiconError>> {
        build::build(vec![(0, Parsed::Tsv(records))], &[], false).map(|(set, _)| set)
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
        let mut set = ActorSet {
            matcher: ActorMatcher::build(Vec::new(), &[]),
            entries: (0..list.len() as u32)
                .map(|i| Entry::fixed(ActorId(i)))
                .collect(),
            ancestors: vec![Vec::new(); list.len()],
            actors: list,
            by_id,
            country: Vec::new(),
            agents: None,
        };
        set.country = countries(&set);
        Ok(set)
    }

    /// The bundled Libya lexicon.
    pub fn bundled() -> ActorSet {
        let (records, errors) = lexicon::parse_actor_tsv(BUNDLED_LIBYA_PATH, BUNDLED_LIBYA);
        assert!(errors.is_empty(), "bundled lexicon: {errors:?}");
        ActorSet::build(records).expect("the bundled lexicon is consistent")
    }

    /// A bundled list by name (`libya`, `world`, see [`BUNDLED`]), with its warnings.
    pub fn bundled_named(name: &str) -> Option<Loaded> {
        bundled_list(name)?;
        Some(ActorSet::from_files(&[name], LexiconFormat::Auto))
    }

    /// Reads and builds the set from lexicon files, reporting every problem of every file. A
    /// path that is the name of a bundled list (`world`, `libya`: no `/` and no `.`) stands for
    /// that list. The format of each file is recognised by its content unless `format` says
    /// otherwise; an agents dictionary (`Phoenix.agents.txt`) is recognised by its `[~CODE]`
    /// entries. Lists are layered in order: a later one may redefine an id or alias of an
    /// earlier one. Besides the set, returns warnings: problems that were skipped (malformed
    /// date restrictions and agent lines, names repeated across entries of Phoenix dictionaries)
    /// and how many ids and aliases later lists redefined.
    pub fn from_files<P: AsRef<Path>>(
        paths: &[P],
        format: LexiconFormat,
    ) -> Result<(ActorSet, Vec<LexiconError>), Vec<LexiconError>> {
        let mut lists = Vec::new();
        let mut grouped = Vec::new();
        let mut quiet = Vec::new();
        let mut seats = false;
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        let mut shown_paths = Vec::new();
        for (group, path) in paths.iter().enumerate() {
            let shown = path.as_ref().display().to_string();
            let bundled = path
                .as_ref()
                .to_str()
                .filter(|s| !s.contains(['/', '\\', '.']))
                .and_then(bundled_list);
            let texts: Vec<(String, String, bool)> = match bundled {
                Some(list) => list
                    .files
                    .iter()
                    .map(|(shown, text)| (shown.to_string(), text.to_string(), true))
                    .collect(),
                None => {
                    let text = std::fs::read(path.as_ref())
                        .map_err(|e| LexiconError {
                            path: shown.clone(),
                            line: 0,
                            reason: if path.as_ref().exists() {
                                format!("cannot read: {e}")
                            } else {
                                format!(
                                    "cannot read: {e}; bundled lists are {}",
                                    BUNDLED
                                        .iter()
                                        .map(|l| l.name)
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                )
                            },
                        })
                        .and_then(|bytes| lexicon::decode(&shown, &bytes));
                    match text {
                        Ok(text) => vec![(shown, text, false)],
                        Err(e) => {
                            errors.push(e);
                            continue;
                        }
                    }
                }
            };
            let first_list = lists.len();
            let first_warning = warnings.len();
            for (shown, text, is_bundled) in texts {
                shown_paths.push(shown.clone());
                // A bundled list's files are read by their content whatever --actors-format says.
                let format = if is_bundled {
                    LexiconFormat::Auto
                } else {
                    format
                };
                if format != LexiconFormat::Tsv && agents::looks_like_agents(&text) {
                    let (good, bad, skipped) = agents::parse_agents(&shown, &text);
                    if good.is_empty() && bad.is_empty() {
                        errors.push(LexiconError {
                            path: shown,
                            line: 0,
                            reason: "no agent: expected `PHRASE [~CODE]` lines".into(),
                        });
                        continue;
                    }
                    lists.push(Parsed::Agents(good));
                    errors.extend(bad);
                    warnings.extend(skipped);
                    continue;
                }
                read_actor_list(
                    &shown,
                    &text,
                    format,
                    &mut lists,
                    &mut errors,
                    &mut warnings,
                );
            }
            grouped.extend(lists.drain(first_list..).map(|l| (group, l)));
            // A bundled list's known blemishes (a few malformed dates in the Phoenix files) are
            // documented in lexicons/README.md rather than repeated on every run.
            if bundled.is_some() {
                warnings.truncate(first_warning);
                quiet.push(group);
                seats |= bundled.is_some_and(|l| l.seats);
            }
        }
        let lists = grouped;
        if lists.iter().all(|(_, l)| matches!(l, Parsed::Agents(_))) && errors.is_empty() {
            errors.push(LexiconError {
                path: shown_paths.join(", "),
                line: 0,
                reason: "an agents dictionary composes with actors: give an actor list too".into(),
            });
        }
        // The set is built from the good lines even when some lines are bad, so that duplicates,
        // unknown groups and alias clashes are reported in the same pass as malformed lines:
        // a user fixes a file once, not once per kind of error.
        let all = shown_paths.join(", ");
        match build::build(lists, &quiet, seats) {
            Ok((set, notes)) if errors.is_empty() => {
                if notes.repeated > 0 {
                    warnings.push(LexiconError {
                        path: all.clone(),
                        line: 0,
                        reason: format!(
                            "{} name(s) listed by more than one entry; the first entry keeps each",
                            notes.repeated
                        ),
                    });
                }
                if notes.replaced > 0 {
                    warnings.push(LexiconError {
                        path: all,
                        line: 0,
                        reason: format!(
                            "{} id(s) or alias(es) of an earlier list redefined by a later one",
                            notes.replaced
                        ),
                    });
                }
                Ok((set, warnings))
            }
            Ok(_) => Err(sorted_by_place(errors, &shown_paths)),
            Err(more) => {
                errors.extend(more);
                Err(sorted_by_place(errors, &shown_paths))
            }
        }
    }

    /// Builds the set from Phoenix dictionary entries: every distinct code is an actor, every
    /// entry resolves to a code by date. Returns the set and how many repeated names were left
    /// to their first entry.
    pub fn build_phoenix(
        entries: Vec<phoenix::PhoenixEntry>,
    ) -> Result<(ActorSet, usize), Vec<LexiconError>> {
        build::build(vec![(0, Parsed::Phoenix(entries))], &[], false)
            .map(|(set, notes)| (set, notes.repeated))
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
        let start = out.len();
        self.matcher
            .find(text, |e| self.resolve(e, date), scratch, out);
        if let Some(agents) = &self.agents {
            agents.compose(self, text, start, out);
        }
    }

    /// The spans of every alias found in `text` for a document of `date`, in text order: the
    /// mentions before agents compose, agents and capitals included (`stance actors suggest`
    /// reads these as the names the lexicons know). Clears `out` first.
    pub fn find_known(
        &self,
        text: &str,
        date: Option<Date>,
        scratch: &mut MatchScratch,
        out: &mut Vec<Span>,
    ) {
        out.clear();
        let mut mentions = std::mem::take(&mut scratch.known);
        mentions.clear();
        self.matcher
            .find(text, |e| self.resolve(e, date), scratch, &mut mentions);
        out.extend(mentions.iter().map(|m| m.span));
        scratch.known = mentions;
    }

    /// The country an actor rolls up to at `--level country` (LBYGOV into LBY; itself when it
    /// has none).
    pub fn country_of(&self, id: ActorId) -> ActorId {
        self.country[id.index()]
    }

    /// The agent codes read from an agents dictionary (empty without one).
    pub fn agent_codes(&self) -> &[String] {
        self.agents.as_ref().map_or(&[], |a| &a.codes)
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

/// Reads one actor list (TSV or Phoenix) into `lists`; a file that gives no actor is an error,
/// never an empty matrix: most often it is a format forced against the content.
fn read_actor_list(
    shown: &str,
    text: &str,
    format: LexiconFormat,
    lists: &mut Vec<Parsed>,
    errors: &mut Vec<LexiconError>,
    warnings: &mut Vec<LexiconError>,
) {
    let phoenix_format = match format {
        LexiconFormat::Auto => phoenix::looks_like_phoenix(text),
        LexiconFormat::Tsv => false,
        LexiconFormat::Phoenix => true,
    };
    if phoenix_format {
        if let Some(line) = phoenix::tsv_header_line(text) {
            errors.push(LexiconError {
                path: shown.into(),
                line,
                reason: "this is a TSV actor lexicon (header `id kind name aliases \
                         groups`), read as a PETRARCH/Phoenix dictionary: expected \
                         `NAME_ [CODE]` entries; drop --actors-format phoenix"
                    .into(),
            });
            return;
        }
        let (good, bad, skipped) = phoenix::parse_phoenix(shown, text);
        if bad.is_empty()
            && !good
                .iter()
                .any(|e| e.default.is_some() || !e.dated.is_empty())
        {
            errors.push(LexiconError {
                line: good.first().map_or(0, |e| e.origin.line),
                path: shown.into(),
                reason: format!(
                    "no actor: {} entr{} without a code; expected PETRARCH/Phoenix \
                     entries `NAME_ [CODE]` (a code in brackets on the name's line or an \
                     indented line after it)",
                    good.len(),
                    if good.len() == 1 { "y" } else { "ies" }
                ),
            });
            return;
        }
        lists.push(Parsed::Phoenix(good));
        errors.extend(bad);
        warnings.extend(skipped);
    } else {
        let (good, bad) = lexicon::parse_actor_tsv(shown, text);
        if good.is_empty() && bad.is_empty() {
            errors.push(LexiconError {
                path: shown.into(),
                line: 0,
                reason: "no actor: expected one line `id kind name aliases groups` per \
                         actor after the header"
                    .into(),
            });
            return;
        }
        if !bad.is_empty() && phoenix::looks_like_phoenix(text) && format == LexiconFormat::Tsv {
            errors.push(LexiconError {
                path: shown.into(),
                line: 0,
                reason: "this looks like a PETRARCH/Phoenix dictionary, read as TSV \
                         (--actors-format tsv): drop the flag or use --actors-format phoenix"
                    .into(),
            });
        }
        lists.push(Parsed::Tsv(good));
        errors.extend(bad);
    }
}

/// For each actor, its country at `--level country`: a country is its own; a code that starts
/// with a country's code belongs to it (LBYGOV, LBYMIL to LBY); else the first country among
/// its groups, direct or not; else the actor itself.
fn countries(set: &ActorSet) -> Vec<ActorId> {
    let is_country = |id: ActorId| set.actors[id.index()].kind == ActorKind::Country;
    set.actors
        .iter()
        .enumerate()
        .map(|(i, actor)| {
            let me = ActorId(i as u32);
            if is_country(me) {
                return me;
            }
            if let Some(prefix) = actor.id.get(..3).filter(|_| actor.id.len() > 3) {
                if let Some(&c) = set.by_id.get(prefix).filter(|&&c| is_country(c)) {
                    return c;
                }
            }
            set.ancestors[i]
                .iter()
                .copied()
                .find(|&g| is_country(g))
                .unwrap_or(me)
        })
        .collect()
}

/// Words after which a capital names a place, not its government ("in Moscow", "to Kyiv").
const PLACE_WORDS: &[&str] = &[
    "in",
    "at",
    "from",
    "to",
    "into",
    "near",
    "outside",
    "inside",
    "across",
    "around",
    "toward",
    "towards",
    "via",
    "through",
    "within",
    "throughout",
    "of",
    "visit",
    "visited",
    "visiting",
    "visits",
    "left",
    "leaving",
    "reached",
    "arrived",
    "over",
    "on",
    "off",
    "beyond",
    "back",
];

/// Whether the word just before `start` is one of [`PLACE_WORDS`].
fn after_place_word(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end();
    let word_start = before.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let word = &before[word_start..];
    PLACE_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Whether the text between an actor and an agent joins them: spaces, a possessive.
fn joins(gap: &str) -> bool {
    let gap = gap.trim();
    gap.is_empty() || gap == "'s" || gap == "\u{2019}s"
}

/// Whether a word means the office is no longer held ("former", "ex-"): the mention it opens or
/// the gap it fills makes the person one of the country's elites (ELI), as CAMEO codes former
/// office holders.
fn is_former(word: &str) -> bool {
    let word = word.trim().trim_end_matches('-');
    word.eq_ignore_ascii_case("former") || word.eq_ignore_ascii_case("ex")
}

/// A gap without the possessive it may open with ("'s former" -> "former").
fn possessive_dropped(gap: &str) -> &str {
    let gap = gap.trim_start();
    gap.strip_prefix("'s")
        .or_else(|| gap.strip_prefix("\u{2019}s"))
        .unwrap_or(gap)
}

/// Whether the word just before `start` says "former" ("former Libyan officials", "ex-rebels").
fn after_former(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end();
    let word_start = before
        .rfind(|c: char| c.is_whitespace())
        .map_or(0, |i| i + 1);
    is_former(&before[word_start..])
}

/// Whether the text between an agent and an actor is "of", "in", "of the" or "in the" ("the
/// government of Libya", "police in Iraq"): the actor is the agent's, as PETRARCH reads an
/// agent before a prepositional phrase.
fn of_the(gap: &str) -> bool {
    let of = |w: &str| w.eq_ignore_ascii_case("of") || w.eq_ignore_ascii_case("in");
    let mut words = gap.split_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some(w), None, None) => of(w),
        (Some(w), Some(the), None) => of(w) && the.eq_ignore_ascii_case("the"),
        _ => false,
    }
}

impl AgentTable {
    /// Composes the mentions found from `start` on, in place: an agent after a country ("Libyan
    /// government") or before "of (the)" or "in (the)" and a country ("the government of
    /// Libya", "police in Iraq") makes one mention of the country's sector actor (LBYGOV); an
    /// agent alone is dropped; a capital after a preposition of place is dropped.
    ///
    /// "Former" before the agent or between country and agent makes it the country's elites
    /// ("former Libyan ministers", "Libya's former ministers": LBYELI). An agent alone is
    /// dropped where PETRARCH writes `---GOV`: coded so, the lone agents of the Reuters
    /// world-politics file were 93,000 mentions in 7,213 of 7,298 documents, half again as
    /// many scored pairs, a run 1.25x as long (0.084x `wc -w`, not 0.105x), 25 of 40 right
    /// (the rest a noun's modifier, "police cars", a country two words back, "Cyprus's
    /// finance minister", a company's "chief executives" as GOV). The sentence's one country
    /// is often the speaker's rather than theirs ("Moscow said the rebels attacked").
    fn compose(&self, set: &ActorSet, text: &str, start: usize, out: &mut Vec<Mention>) {
        let special = |m: &Mention| self.specials[set.matcher.entry_of(m.pattern) as usize];
        let with = |actor: ActorId, code: u16| self.composite.get(&(actor.0, code)).copied();
        let mut write = start;
        let mut read = start;
        while read < out.len() {
            let m = out[read];
            read += 1;
            match special(&m) {
                Special::None => {}
                Special::Seat => {
                    if after_place_word(text, m.span.start) {
                        continue;
                    }
                }
                Special::Agent(code) => {
                    if write > start {
                        let prev = out[write - 1];
                        let gap = &text[prev.span.end..m.span.start];
                        let code = match self.elites {
                            Some(eli) if is_former(possessive_dropped(gap)) => Some(eli),
                            Some(eli) if joins(gap) && after_former(text, prev.span.start) => {
                                Some(eli)
                            }
                            _ => joins(gap).then_some(code),
                        };
                        if let Some(c) = code.and_then(|code| with(prev.actor, code)) {
                            out[write - 1].actor = c;
                            out[write - 1].span = Span::new(prev.span.start, m.span.end);
                            continue;
                        }
                    }
                    let code = match self.elites {
                        Some(eli) if after_former(text, m.span.start) => eli,
                        _ => code,
                    };
                    if let Some(&next) = out.get(read) {
                        if special(&next) == Special::None
                            && next.span.start >= m.span.end
                            && of_the(&text[m.span.end..next.span.start])
                        {
                            if let Some(c) = with(next.actor, code) {
                                out[write] = Mention {
                                    actor: c,
                                    span: Span::new(m.span.start, next.span.end),
                                    pattern: next.pattern,
                                };
                                write += 1;
                                read += 1;
                            }
                            continue;
                        }
                    }
                    continue;
                }
            }
            out[write] = m;
            write += 1;
        }
        out.truncate(write);
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

    /// The first dated role that covers `date`, else the undated role; for an undated
    /// document with no undated role, the latest role (Barack Obama: USAGOV from 2009).
    fn resolve(&self, date: Option<Date>) -> Option<ActorId> {
        let Some(day) = date.map(|d| d.days()) else {
            return self.default.or_else(|| {
                self.dated
                    .iter()
                    .max_by_key(|(_, from, to)| (*to, *from))
                    .map(|&(actor, _, _)| actor)
            });
        };
        self.dated
            .iter()
            .find(|(_, from, to)| *from <= day && day <= *to)
            .map(|&(actor, _, _)| actor)
            .or(self.default)
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
        assert!(shown[0].starts_with("t.tsv:2: unknown group \"NOPE\""));
        assert!(shown[1].starts_with("t.tsv:3: duplicate id A: already defined at t.tsv:2"));
        assert!(shown[2].starts_with("t.tsv:4: alias \"ann\" of B is already claimed by A"));
    }

    /// Issue 20, item 3: a later list takes over an alias or redefines an id of an earlier one
    /// (counted), an actor may repeat its name or an alias, and only a clash inside one file is
    /// an error.
    #[test]
    fn later_lists_override_earlier_ones_and_only_clashes_in_one_file_fail() {
        let parse = |path: &str, text: &str| {
            let (records, errors) = lexicon::parse_actor_tsv(path, text);
            assert!(errors.is_empty(), "{errors:?}");
            Parsed::Tsv(records)
        };
        let first = parse(
            "a.tsv",
            &format!("{HEADER}ANN\tperson\tAnn\tAnn|Annie|Annie\t\nBOB\tperson\tBob\tBobby\t\n"),
        );
        let second = parse("b.tsv", &format!("{HEADER}BOB\tperson\tRobert\tAnnie\t\n"));
        let (s, notes) = build::build(vec![(0, first), (1, second)], &[], false).unwrap();
        assert_eq!(notes.replaced, 2, "the id BOB and the alias Annie");
        assert_eq!(
            mentions(&s, "Annie met Ann and Bobby."),
            [
                ("BOB".into(), "Annie".into()),
                ("ANN".into(), "Ann".into()),
                ("BOB".into(), "Bobby".into()),
            ]
        );
        assert_eq!(s.get(s.by_id("BOB").unwrap()).name, "Robert");
        let clash = parse(
            "c.tsv",
            &format!("{HEADER}ANN\tperson\tAnn\t\t\nBOB\tperson\tBob\tAnn\t\n"),
        );
        let errors = build::build(vec![(0, clash)], &[], false).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[0]
            .to_string()
            .starts_with("c.tsv:3: alias \"Ann\" of BOB"));
    }

    /// Issue 20, item 4: the TSV `roles` column gives dated codes.
    #[test]
    fn tsv_roles_resolve_by_date() {
        let text = "id\tkind\tname\taliases\tgroups\troles\n\
                    LBY\tcountry\tLibya\t\t\t\n\
                    GADDAFI\tperson\tMuammar Gaddafi\tGaddafi\tLBY\tLBYGOV 19690901-20110823|LBY\n";
        let (records, errors) = lexicon::parse_actor_tsv("r.tsv", text);
        assert!(errors.is_empty(), "{errors:?}");
        let s = ActorSet::build(records).unwrap();
        let at = |date: &str| {
            let mut out = Vec::new();
            s.find_mentions(
                "Gaddafi spoke",
                Date::parse(date),
                &mut MatchScratch::default(),
                &mut out,
            );
            out.iter()
                .map(|m| s.get(m.actor).id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(at("2000-01-01"), ["LBYGOV"]);
        assert_eq!(at("2012-01-01"), ["LBY"]);
        let lbygov = s.by_id("LBYGOV").unwrap();
        assert_eq!(s.get(s.country_of(lbygov)).id, "LBY");
        let (_, errors) = lexicon::parse_actor_tsv(
            "r.tsv",
            "id\tkind\tname\taliases\tgroups\troles\nA\tperson\tAnn\t\t\tX 2010\n",
        );
        assert!(errors[0]
            .to_string()
            .starts_with("r.tsv:2: role \"X 2010\" of A"));
    }

    /// Agents compose with a country before them or after "of (the)" or "in (the)"; alone
    /// they are dropped.
    #[test]
    fn agents_compose_with_countries() {
        let (countries, e, _) = phoenix::parse_phoenix(
            "c.txt",
            "LIBYA_ [LBY]\n+LIBYAN_\nTURKEY_ [TUR]\n+TURKISH_\n",
        );
        assert!(e.is_empty());
        let (agents, e, _) = agents::parse_agents(
            "a.txt",
            "GOVERNMENT [~GOV]\nTROOP [~MIL]\nPOLICE {} [~COP]\n",
        );
        assert!(e.is_empty());
        let (s, _) = build::build(
            vec![(0, Parsed::Phoenix(countries)), (1, Parsed::Agents(agents))],
            &[],
            false,
        )
        .unwrap();
        assert_eq!(
            mentions(
                &s,
                "Libyan government and Turkish troops met the government of the Libya; police left."
            ),
            [
                ("LBYGOV".into(), "Libyan government".into()),
                ("TURMIL".into(), "Turkish troops".into()),
                ("LBYGOV".into(), "government of the Libya".into()),
            ]
        );
        assert_eq!(
            mentions(&s, "Police in Libya and troops in the Turkey left."),
            [
                ("LBYCOP".into(), "Police in Libya".into()),
                ("TURMIL".into(), "troops in the Turkey".into()),
            ]
        );
        let turmil = s.by_id("TURMIL").unwrap();
        assert_eq!(s.get(turmil).name, "Turkey military");
        // An agent alone is dropped, even beside a country.
        assert_eq!(
            mentions(&s, "In Libya, the government met."),
            [("LBY".into(), "Libya".into())]
        );
        assert!(s.belongs_to(turmil, s.by_id("TUR").unwrap()));
    }

    /// "Former" makes a composed mention the country's elites (ELI), as CAMEO codes former
    /// office holders, when the agents dictionary has that code.
    #[test]
    fn former_office_holders_are_elites() {
        let (countries, _, _) = phoenix::parse_phoenix("c.txt", "LIBYA_ [LBY]\n+LIBYAN_\n");
        let (agents, _, _) = agents::parse_agents(
            "a.txt",
            "OFFICIAL [~GOV]\nMINISTER [~GOV]\nFIRST_LADY [~ELI]\n",
        );
        let (s, _) = build::build(
            vec![(0, Parsed::Phoenix(countries)), (1, Parsed::Agents(agents))],
            &[],
            false,
        )
        .unwrap();
        let codes = |text: &str| -> Vec<String> {
            mentions(&s, text).into_iter().map(|(c, _)| c).collect()
        };
        assert_eq!(codes("Former Libyan officials met."), ["LBYELI"]);
        assert_eq!(codes("Libya's former ministers met."), ["LBYELI"]);
        assert_eq!(codes("A former minister of Libya spoke."), ["LBYELI"]);
        assert_eq!(codes("Libyan officials met former allies."), ["LBYGOV"]);
    }

    /// A later agents file redefines an earlier one's phrase, as a later actor list redefines
    /// an alias; inside one file the first line wins, and an actor's alias wins over both.
    #[test]
    fn a_later_agents_file_redefines_a_phrase() {
        let (countries, _, _) = phoenix::parse_phoenix(
            "c.txt",
            "LIBYA_ [LBY]\n+LIBYAN_\nSECURITY_COUNCIL_ [IGOUNO]\n",
        );
        let (first, _, _) = agents::parse_agents(
            "a.txt",
            "SECURITY_OFFICIALS {} [~COP]\nSECURITY_OFFICIALS {} [~MIL]\nCOUNCIL [~GOV]\n",
        );
        let (mine, _, _) = agents::parse_agents(
            "mine.txt",
            "SECURITY_OFFICIALS {} [~GOV]\nSECURITY_COUNCIL [~LEG]\n",
        );
        let build_with = |lists: Vec<(usize, Parsed)>| build::build(lists, &[], false).unwrap().0;
        let codes = |s: &ActorSet, text: &str| -> Vec<String> {
            mentions(s, text).into_iter().map(|(c, _)| c).collect()
        };
        let text = "Libyan security officials met the Security Council.";
        let theirs = build_with(vec![
            (0, Parsed::Phoenix(countries.clone())),
            (1, Parsed::Agents(first.clone())),
        ]);
        assert_eq!(codes(&theirs, text), ["LBYCOP", "IGOUNO"]);
        let ours = build_with(vec![
            (0, Parsed::Phoenix(countries)),
            (1, Parsed::Agents(first)),
            (2, Parsed::Agents(mine)),
        ]);
        assert_eq!(codes(&ours, text), ["LBYGOV", "IGOUNO"]);
    }
}
