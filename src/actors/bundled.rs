//! The actor lists compiled into the binary, chosen by name with `--actors NAME`.

/// One bundled actor list: its name, what it holds, and its files in loading order.
#[derive(Debug, Clone, Copy)]
pub struct BundledList {
    /// The name given to `--actors`.
    pub name: &'static str,
    /// One line on what it holds.
    pub about: &'static str,
    /// `(path shown in messages, text)`, layered in this order.
    pub files: &'static [(&'static str, &'static str)],
    /// Whether capitals read as their government where they act or speak ("Moscow said":
    /// RUSGOV) and not at all after a preposition of place ("in Moscow").
    pub seats: bool,
}

/// The bundled lists; the first is the default.
pub const BUNDLED: &[BundledList] = &[
    BundledList {
        name: "libya",
        about: "actors of Libya 2011-2020: people, governments, armed groups, foreign states",
        files: &[(
            "lexicons/actors/libya.tsv (bundled)",
            include_str!("../../lexicons/actors/libya.tsv"),
        )],
        seats: false,
    },
    BundledList {
        name: "world",
        about: "countries, IGOs, NGOs, armed groups and office holders (PETRARCH-2 / Phoenix \
                dictionaries with their agents, updated to 2026)",
        files: &[
            (
                "lexicons/actors/world/Phoenix.Countries.actors.txt (bundled)",
                include_str!("../../lexicons/actors/world/Phoenix.Countries.actors.txt"),
            ),
            (
                "lexicons/actors/world/Phoenix.International.actors.txt (bundled)",
                include_str!("../../lexicons/actors/world/Phoenix.International.actors.txt"),
            ),
            (
                "lexicons/actors/world/Phoenix.MilNonState.actors.txt (bundled)",
                include_str!("../../lexicons/actors/world/Phoenix.MilNonState.actors.txt"),
            ),
            (
                "lexicons/actors/world/updates.txt (bundled)",
                include_str!("../../lexicons/actors/world/updates.txt"),
            ),
            (
                "lexicons/actors/world/Phoenix.agents.txt (bundled)",
                include_str!("../../lexicons/actors/world/Phoenix.agents.txt"),
            ),
        ],
        seats: true,
    },
];

/// The bundled list of that name.
pub fn bundled_list(name: &str) -> Option<&'static BundledList> {
    BUNDLED.iter().find(|l| l.name == name)
}
