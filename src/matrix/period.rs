//! Time slices: documents dated to a day, ISO week, month or year.

/// How documents are grouped in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    /// `YYYY-MM-DD`.
    Day,
    /// ISO week, `YYYY-Www`.
    Week,
    /// `YYYY-MM`.
    Month,
    /// `YYYY`.
    Year,
}

/// A period packed in an integer that sorts in time order; [`UNDATED`] for documents without a
/// usable date (and for every document when no granularity is asked for).
pub type Period = u32;

/// The period of documents without a date.
pub const UNDATED: Period = 0;

/// The key that sorts periods in time order with [`UNDATED`] after every dated period: a table
/// reads from the first date on, and the documents without one come as a remainder.
pub fn time_order(p: Period) -> (bool, Period) {
    (p == UNDATED, p)
}

pub use crate::time::Date;

impl Granularity {
    /// Parses `day`, `week`, `month` or `year`.
    pub fn parse(s: &str) -> Option<Granularity> {
        Some(match s {
            "day" => Granularity::Day,
            "week" => Granularity::Week,
            "month" => Granularity::Month,
            "year" => Granularity::Year,
            _ => return None,
        })
    }

    /// The name, as `--by` takes it.
    pub fn name(&self) -> &'static str {
        match self {
            Granularity::Day => "day",
            Granularity::Week => "week",
            Granularity::Month => "month",
            Granularity::Year => "year",
        }
    }

    /// The period of a date.
    pub fn period(&self, d: Date) -> Period {
        let y = d.year.clamp(1, 9999) as u32;
        match self {
            Granularity::Day => y * 10_000 + d.month * 100 + d.day,
            Granularity::Week => {
                let (wy, w) = d.iso_week();
                wy.clamp(1, 9999) as u32 * 100 + w
            }
            Granularity::Month => y * 100 + d.month,
            Granularity::Year => y,
        }
    }

    /// The label of a period: `2011-03-05`, `2011-W09`, `2011-03`, `2011`, or `undated`.
    pub fn label(&self, p: Period) -> String {
        if p == UNDATED {
            return "undated".into();
        }
        match self {
            Granularity::Day => format!("{:04}-{:02}-{:02}", p / 10_000, p / 100 % 100, p % 100),
            Granularity::Week => format!("{:04}-W{:02}", p / 100, p % 100),
            Granularity::Month => format!("{:04}-{:02}", p / 100, p % 100),
            Granularity::Year => format!("{p:04}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_periods() {
        let d = Date::parse("2011-03-19T14:05 EDT").unwrap();
        assert_eq!(
            Granularity::Month.label(Granularity::Month.period(d)),
            "2011-03"
        );
        assert_eq!(
            Granularity::Day.label(Granularity::Day.period(d)),
            "2011-03-19"
        );
        assert_eq!(Granularity::Year.label(Granularity::Year.period(d)), "2011");
        assert_eq!(Date::parse("20110319"), Some(d));
        assert_eq!(Date::parse("2011-02-30"), None);
        assert_eq!(Date::parse("soon"), None);
        // ISO weeks at year edges.
        let w =
            |s: &str| Granularity::Week.label(Granularity::Week.period(Date::parse(s).unwrap()));
        assert_eq!(w("2011-03-19"), "2011-W11");
        assert_eq!(w("2010-01-03"), "2009-W53");
        assert_eq!(w("2008-12-29"), "2009-W01");
        assert_eq!(w("2020-12-31"), "2020-W53");
    }
}
