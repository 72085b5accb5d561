//! Building one [`ActorSet`] from several parsed lists: TSV lexicons, Phoenix dictionaries and
//! agents dictionaries, in the order given.
//!
//! Lists are layered: a later list may redefine an id or take over an alias of an earlier one
//! (users extend a bundled list this way), and the set counts what it replaced. Only a clash
//! inside one TSV list is an error: two actors of one file claiming one alias, or one id defined
//! twice. Inside a Phoenix dictionary a repeated name is common and the first entry keeps it.

use rustc_hash::FxHashMap;

use super::agents::AgentEntry;
use super::lexicon::{self, ActorKind, ActorRecord, LexiconError, Origin};
use super::phoenix::PhoenixEntry;
use super::{
    ancestors, country_sector_name, error_at, fold, matcher, phoenix_names_and_kinds, Actor,
    ActorId, ActorMatcher, ActorSet, AgentTable, Entry, Special,
};

/// One list as parsed, in the order it is layered.
pub enum Parsed {
    /// A TSV lexicon.
    Tsv(Vec<ActorRecord>),
    /// A Phoenix actor dictionary.
    Phoenix(Vec<PhoenixEntry>),
    /// A PETRARCH agents dictionary.
    Agents(Vec<AgentEntry>),
}

/// What building reports besides the set.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BuildNotes {
    /// Names repeated inside Phoenix dictionaries, left to their first entry.
    pub repeated: usize,
    /// Aliases and ids of an earlier list that a later one redefined.
    pub replaced: usize,
}

/// Where a pattern came from, to tell a clash inside one list from an override.
struct Claim {
    pattern: usize,
    list: usize,
    /// The `--actors` argument the list came from: a bundled list's files layer without notice.
    group: usize,
    /// The TSV actor, or `None` for a Phoenix entry.
    actor: Option<ActorId>,
    /// The line of the list that claimed it.
    line: usize,
}

/// Capitals read as their country's government where they act or speak ("Moscow said"), and
/// not at all after a preposition of place ("in Moscow"): see [`ActorSet::find_mentions`].
/// Only bundled lists that ask for it (`world`) read them so, since it needs its agents.
const SEATS: &[(&str, &str)] = &[
    ("Washington", "USA"),
    ("Moscow", "RUS"),
    ("Beijing", "CHN"),
    ("London", "GBR"),
    ("Paris", "FRA"),
    ("Berlin", "DEU"),
    ("Tokyo", "JPN"),
    ("Kremlin", "RUS"),
    ("White House", "USA"),
    ("Downing Street", "GBR"),
    ("Elysee", "FRA"),
    ("Tehran", "IRN"),
    ("Damascus", "SYR"),
    ("Tripoli", "LBY"),
    ("Baghdad", "IRQ"),
    ("Kabul", "AFG"),
    ("Islamabad", "PAK"),
    ("New Delhi", "IND"),
    ("Ankara", "TUR"),
    ("Riyadh", "SAU"),
    ("Cairo", "EGY"),
    ("Kiev", "UKR"),
    ("Kyiv", "UKR"),
    ("Pyongyang", "PRK"),
    ("Seoul", "KOR"),
    ("Taipei", "TWN"),
    ("Khartoum", "SDN"),
    ("Sanaa", "YEM"),
    ("Brasilia", "BRA"),
    ("Ottawa", "CAN"),
    ("Canberra", "AUS"),
    ("Rome", "ITA"),
    ("Madrid", "ESP"),
    ("Pretoria", "ZAF"),
    ("Jakarta", "IDN"),
    ("Buenos Aires", "ARG"),
    ("Mexico City", "MEX"),
    ("Caracas", "VEN"),
    ("Havana", "CUB"),
    ("Minsk", "BLR"),
    ("Tbilisi", "GEO"),
    ("Amman", "JOR"),
    ("Beirut", "LBN"),
    ("Doha", "QAT"),
    ("Abu Dhabi", "ARE"),
    ("Addis Ababa", "ETH"),
    ("Nairobi", "KEN"),
    ("Abuja", "NGA"),
    ("Algiers", "DZA"),
    ("Rabat", "MAR"),
    ("Tunis", "TUN"),
    ("Warsaw", "POL"),
    ("Budapest", "HUN"),
    ("Athens", "GRC"),
];

/// Builds the set from lists layered in order; every problem of every list is returned.
/// Each list comes with its group: the `--actors` argument it was read from. Only what a later
/// group redefines is counted as replaced; the files of one bundled list layer silently.
/// Groups in `quiet` are bundled lists, whose repeated names are not counted.
/// With `seats`, capitals read as their government ([`SEATS`]).
pub fn build(
    lists: Vec<(usize, Parsed)>,
    quiet: &[usize],
    seats: bool,
) -> Result<(ActorSet, BuildNotes), Vec<LexiconError>> {
    let mut b = Builder::default();
    let mut phoenix_entries: Vec<PhoenixEntry> = Vec::new();
    let mut phoenix_resolved: Vec<Entry> = Vec::new();
    let mut agent_lists: Vec<AgentEntry> = Vec::new();
    for (list, (group, parsed)) in lists.into_iter().enumerate() {
        b.group = group;
        b.quiet = quiet.contains(&group);
        match parsed {
            Parsed::Tsv(records) => b.add_tsv(list, records),
            Parsed::Phoenix(entries) => {
                for e in entries {
                    let resolved = b.add_phoenix(list, &e);
                    phoenix_entries.push(e);
                    phoenix_resolved.push(resolved);
                }
            }
            Parsed::Agents(entries) => agent_lists.extend(entries),
        }
    }
    // Names and kinds of the codes that no TSV list defines.
    let defined: Vec<Option<(ActorKind, String)>> = b
        .tsv_defined
        .iter()
        .zip(&b.actors)
        .map(|(&d, a)| d.then(|| (a.kind, a.name.clone())))
        .collect();
    phoenix_names_and_kinds(&mut b.actors, &phoenix_entries, &phoenix_resolved);
    for (actor, d) in b.actors.iter_mut().zip(defined) {
        if let Some((kind, name)) = d {
            actor.kind = kind;
            actor.name = name;
        }
    }
    b.resolve_groups();
    if !b.errors.is_empty() {
        // In file order (as the files came), then line order, whichever check found them.
        let mut paths: Vec<String> = Vec::new();
        for e in &b.errors {
            if !paths.contains(&e.path) {
                paths.push(e.path.clone());
            }
        }
        b.errors
            .sort_by_key(|e| (paths.iter().position(|p| *p == e.path), e.line));
        return Err(b.errors);
    }
    let agents = (!agent_lists.is_empty()).then(|| b.add_agents(agent_lists, seats));
    let mut set = ActorSet {
        matcher: ActorMatcher::build(Vec::new(), &[]),
        ancestors: ancestors(&b.actors),
        country: Vec::new(),
        actors: b.actors,
        entries: b.entries,
        by_id: b.by_id,
        agents,
    };
    set.country = super::countries(&set);
    set.matcher = ActorMatcher::build(b.patterns, &b.folded);
    Ok((
        set,
        BuildNotes {
            repeated: b.repeated,
            replaced: b.replaced,
        },
    ))
}

#[derive(Default)]
struct Builder {
    actors: Vec<Actor>,
    tsv_defined: Vec<bool>,
    by_id: FxHashMap<String, ActorId>,
    entries: Vec<Entry>,
    patterns: Vec<matcher::Pattern>,
    folded: Vec<String>,
    claims: FxHashMap<String, Claim>,
    /// The groups of each TSV-defined actor, as its last definition lists them.
    groups: FxHashMap<ActorId, (Vec<String>, Origin)>,
    errors: Vec<LexiconError>,
    repeated: usize,
    replaced: usize,
    /// The group of the list being added.
    group: usize,
    /// Whether the list being added is bundled: its repeated names are not reported.
    quiet: bool,
}

impl Builder {
    /// The actor of a code, created (named by its code for now) when first seen.
    fn code_id(&mut self, code: &str, origin: &Origin) -> Option<ActorId> {
        if let Some(&id) = self.by_id.get(code) {
            return Some(id);
        }
        if !lexicon::is_valid_id(code) {
            self.errors.push(error_at(
                origin,
                format!("code {code:?} must use only letters, digits, `_`, `-`, `.` or `+`"),
            ));
            return None;
        }
        Some(self.new_actor(code, ActorKind::Other, code))
    }

    fn new_actor(&mut self, id: &str, kind: ActorKind, name: &str) -> ActorId {
        let actor = ActorId(self.actors.len() as u32);
        self.by_id.insert(id.to_string(), actor);
        self.actors.push(Actor {
            id: id.to_string(),
            kind,
            name: name.to_string(),
            groups: Vec::new(),
        });
        self.tsv_defined.push(false);
        actor
    }

    fn resolve_roles(
        &mut self,
        default: Option<ActorId>,
        roles: &[(String, Option<super::Date>, Option<super::Date>)],
        origin: &Origin,
    ) -> Entry {
        let mut entry = Entry {
            default,
            dated: Vec::new(),
        };
        for (code, from, to) in roles {
            if let Some(id) = self.code_id(code, origin) {
                match (from, to) {
                    (None, None) => entry.default = Some(id),
                    _ => entry.dated.push((
                        id,
                        from.map_or(i64::MIN, |d| d.days()),
                        to.map_or(i64::MAX, |d| d.days()),
                    )),
                }
            }
        }
        entry
    }

    fn add_tsv(&mut self, list: usize, records: Vec<ActorRecord>) {
        let mut ids_here: FxHashMap<String, Origin> = FxHashMap::default();
        for record in records {
            if let Some(first) = ids_here.get(&record.id) {
                self.errors.push(error_at(
                    &record.origin,
                    format!("duplicate id {}: already defined at {first}", record.id),
                ));
                continue;
            }
            ids_here.insert(record.id.clone(), record.origin.clone());
            let id = match self.by_id.get(&record.id) {
                Some(&id) => {
                    // An earlier list's actor, redefined.
                    self.replaced += 1;
                    let actor = &mut self.actors[id.index()];
                    actor.kind = record.kind;
                    actor.name = record.name.clone();
                    id
                }
                None => self.new_actor(&record.id, record.kind, &record.name),
            };
            self.tsv_defined[id.index()] = true;
            self.groups
                .insert(id, (record.groups.clone(), record.origin.clone()));
            let entry = self.resolve_roles(Some(id), &record.roles, &record.origin);
            let entry_index = self.entries.len() as u32;
            self.entries.push(entry);
            for written in std::iter::once(&record.name).chain(&record.aliases) {
                let (alias, case_sensitive) = matcher::capitals_only(written);
                let folded = fold::fold_str(alias);
                if !folded.chars().any(char::is_alphanumeric) {
                    self.errors.push(error_at(
                        &record.origin,
                        format!("alias {alias:?} has no letter or digit"),
                    ));
                    continue;
                }
                let key = pattern_key(&folded, case_sensitive);
                if let Some(claim) = self.claims.get(&key) {
                    if claim.list == list {
                        if claim.actor != Some(id) {
                            let owner = claim.actor.map_or("?", |a| &self.actors[a.index()].id);
                            self.errors.push(error_at(
                                &record.origin,
                                format!(
                                    "alias {alias:?} of {} is already claimed by {owner} ({}:{})",
                                    record.id, record.origin.path, claim.line
                                ),
                            ));
                        }
                        // The actor's own name among its aliases, or an alias listed twice.
                        continue;
                    }
                }
                self.claim(
                    key,
                    list,
                    Some(id),
                    &record.origin,
                    entry_index,
                    alias,
                    case_sensitive,
                    folded,
                );
            }
        }
    }

    fn add_phoenix(&mut self, list: usize, e: &PhoenixEntry) -> Entry {
        let default = e
            .default
            .as_deref()
            .and_then(|c| self.code_id(c, &e.origin));
        let entry = self.resolve_roles(default, &e.dated, &e.origin);
        let entry_index = self.entries.len() as u32;
        self.entries.push(entry.clone());
        // A country's demonyms also match in the plural ("Russians", "Iraqis", "Greeks"), which
        // the dictionaries leave out.
        let country = e
            .default
            .iter()
            .chain(e.dated.iter().map(|(code, _, _)| code))
            .any(|code| super::cameo_kind(code) == ActorKind::Country);
        let plurals: Vec<String> = if country {
            e.names
                .iter()
                .filter(|n| {
                    !n.contains(' ')
                        && n.len() > 4
                        && (n.ends_with("AN") || n.ends_with('I') || n.ends_with("EK"))
                })
                .map(|n| format!("{n}S"))
                .collect()
        } else {
            Vec::new()
        };
        for name in &e.names {
            let folded = fold::fold_str(name);
            if !folded.chars().any(char::is_alphanumeric) {
                continue;
            }
            // Phoenix writes every name in capitals; only single words of up to three
            // letters are taken as acronyms (UN, AU, USA), so that BREE or IRAN match "Iran".
            let case_sensitive =
                !name.contains(' ') && name.chars().filter(|c| c.is_alphabetic()).count() <= 3;
            let key = pattern_key(&folded, case_sensitive);
            if let Some(claim) = self.claims.get(&key) {
                if claim.list == list {
                    if !self.quiet {
                        self.repeated += 1;
                    }
                    continue;
                }
            }
            self.claim(
                key,
                list,
                None,
                &e.origin,
                entry_index,
                name,
                case_sensitive,
                folded,
            );
        }
        for plural in &plurals {
            let folded = fold::fold_str(plural);
            let key = pattern_key(&folded, false);
            if !self.claims.contains_key(&key) {
                self.claim(
                    key,
                    list,
                    None,
                    &e.origin,
                    entry_index,
                    plural,
                    false,
                    folded,
                );
            }
        }
        entry
    }

    /// Gives an alias to an entry: a new pattern, or an earlier list's pattern taken over.
    #[allow(clippy::too_many_arguments)]
    fn claim(
        &mut self,
        key: String,
        list: usize,
        actor: Option<ActorId>,
        origin: &Origin,
        entry: u32,
        alias: &str,
        case_sensitive: bool,
        folded: String,
    ) {
        let pattern = matcher::Pattern {
            entry,
            alias: alias.to_string(),
            case_sensitive,
        };
        let index = match self.claims.get(&key) {
            Some(earlier) => {
                if earlier.group != self.group {
                    self.replaced += 1;
                }
                self.patterns[earlier.pattern] = pattern;
                earlier.pattern
            }
            None => {
                self.patterns.push(pattern);
                self.folded.push(folded);
                self.patterns.len() - 1
            }
        };
        self.claims.insert(
            key,
            Claim {
                pattern: index,
                list,
                group: self.group,
                actor,
                line: origin.line,
            },
        );
    }

    fn resolve_groups(&mut self) {
        let mut pending: Vec<(ActorId, (Vec<String>, Origin))> = self.groups.drain().collect();
        pending.sort_by_key(|(id, _)| *id);
        for (id, (groups, origin)) in pending {
            let mut found = Vec::new();
            for group in &groups {
                match self.by_id.get(group) {
                    Some(&g) if g == id => self.errors.push(error_at(
                        &origin,
                        format!(
                            "actor {} lists itself as its group",
                            self.actors[id.index()].id
                        ),
                    )),
                    Some(&g) => found.push(g),
                    None => self.errors.push(error_at(
                        &origin,
                        format!("unknown group {group:?}: no actor has that id"),
                    )),
                }
            }
            self.actors[id.index()].groups = found;
        }
    }

    /// Agent phrases become patterns of their own entries, and every country gets an actor per
    /// agent code (RUS with ~GOV: RUSGOV), named "Russia government".
    fn add_agents(&mut self, agent_entries: Vec<AgentEntry>, seats: bool) -> Box<AgentTable> {
        let mut codes: Vec<(String, bool)> = Vec::new();
        let mut specials = vec![Special::None; self.entries.len()];
        let sentinel = Entry {
            default: Some(ActorId(u32::MAX)),
            dated: Vec::new(),
        };
        // The file that claimed each agent phrase: a later file's phrase replaces it.
        let mut agent_files: FxHashMap<String, &str> = FxHashMap::default();
        for a in &agent_entries {
            let code = match codes.iter().position(|c| c.0 == a.code && c.1 == a.before) {
                Some(i) => i,
                None => {
                    codes.push((a.code.clone(), a.before));
                    codes.len() - 1
                }
            };
            let entry = self.entries.len() as u32;
            self.entries.push(sentinel.clone());
            specials.push(Special::Agent(code as u16));
            for phrase in &a.phrases {
                let folded = fold::fold_str(phrase);
                let key = pattern_key(&folded, false);
                // An actor's alias wins over a role noun of the same words; a later agents
                // file redefines an earlier one's phrase (a user's own agents after world's),
                // as a later actor list redefines an alias. Inside one file the first wins.
                if let Some(claim) = self.claims.get(&key) {
                    let earlier_file = agent_files.get(&key).copied();
                    let is_agent = claim.list == usize::MAX;
                    if !is_agent || earlier_file.is_none_or(|f| f == a.origin.path) {
                        continue;
                    }
                }
                agent_files.insert(key.clone(), &a.origin.path);
                self.claim(
                    key,
                    usize::MAX,
                    None,
                    &a.origin,
                    entry,
                    phrase,
                    false,
                    folded,
                );
            }
        }
        let countries: Vec<ActorId> = (0..self.actors.len() as u32)
            .map(ActorId)
            .filter(|&a| {
                let actor = &self.actors[a.index()];
                actor.kind == ActorKind::Country && actor.id.len() == 3
            })
            .collect();
        let country_names: FxHashMap<String, String> = countries
            .iter()
            .map(|a| {
                let actor = &self.actors[a.index()];
                (actor.id.clone(), actor.name.clone())
            })
            .collect();
        let mut composite = FxHashMap::default();
        for &country in &countries {
            for (c, (code, before)) in codes.iter().enumerate() {
                let base = &self.actors[country.index()].id;
                let id = if *before {
                    format!("{code}{base}")
                } else {
                    format!("{base}{code}")
                };
                let actor = match self.by_id.get(&id) {
                    Some(&a) => a,
                    None => {
                        let name = country_sector_name(&id, &country_names).unwrap_or_else(|| {
                            format!("{} ({code})", self.actors[country.index()].name)
                        });
                        let a = self.new_actor(&id, ActorKind::Organisation, &name);
                        self.actors[a.index()].groups = vec![country];
                        a
                    }
                };
                composite.insert((country.0, c as u16), actor);
            }
        }
        // Seats of government: an existing alias is re-pointed, a missing one added.
        let gov = codes.iter().position(|c| c.0 == "GOV" && !c.1);
        for &(seat, country) in SEATS.iter().filter(|_| seats) {
            let (Some(gov), Some(&country)) = (gov, self.by_id.get(country)) else {
                continue;
            };
            let Some(&government) = composite.get(&(country.0, gov as u16)) else {
                continue;
            };
            let entry = self.entries.len() as u32;
            self.entries.push(Entry::fixed(government));
            specials.push(Special::Seat);
            let folded = fold::fold_str(seat);
            let key = pattern_key(&folded, false);
            let pattern = matcher::Pattern {
                entry,
                alias: seat.to_string(),
                case_sensitive: false,
            };
            match self.claims.get(&key) {
                Some(claim) => self.patterns[claim.pattern] = pattern,
                None => {
                    self.patterns.push(pattern);
                    self.folded.push(folded);
                }
            }
        }
        specials.resize(self.entries.len(), Special::None);
        let elites = codes
            .iter()
            .position(|c| c.0 == "ELI" && !c.1)
            .map(|i| i as u16);
        Box::new(AgentTable {
            elites,
            specials,
            codes: codes.into_iter().map(|c| c.0).collect(),
            composite,
        })
    }
}

/// The key under which an alias is claimed: an all-caps acronym and a word of the same letters
/// ("US" and "us") are different patterns.
fn pattern_key(folded: &str, case_sensitive: bool) -> String {
    if case_sensitive {
        format!("\u{0}{folded}")
    } else {
        folded.to_string()
    }
}
