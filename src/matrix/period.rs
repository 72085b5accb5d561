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

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1-12.
    pub month: u32,
    /// Day, 1-31.
    pub day: u32,
}

impl Date {
    /// Parses the date at the start of `s`: `YYYY-MM-DD` (ISO 8601, with anything after it, such
    /// as a time) or `YYYYMMDD`.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (year, month, day) = if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
            (digits(0..4)?, digits(5..7)?, digits(8..10)?)
        } else if b.len() >= 8 && b[..8].iter().all(u8::is_ascii_digit) {
            (digits(0..4)?, digits(4..6)?, digits(6..8)?)
        } else {
            return None;
        };
        let date = Date {
            year: year as i32,
            month,
            day,
        };
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(date.year, month);
        valid.then_some(date)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// ISO 8601 week-numbering year and week.
    pub fn iso_week(&self) -> (i32, u32) {
        let weekday = (self.days() + 3).rem_euclid(7) + 1; // Monday = 1
        let jan1 = Date {
            year: self.year,
            month: 1,
            day: 1,
        }
        .days();
        let ordinal = self.days() - jan1 + 1;
        let week = (ordinal - weekday + 10) / 7;
        if week < 1 {
            let prev = Date {
                year: self.year - 1,
                month: 12,
                day: 31,
            };
            return prev.iso_week();
        }
        let weeks_in_year = |y: i32| {
            let p = |y: i32| {
                (y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400)).rem_euclid(7)
            };
            if p(y) == 4 || p(y - 1) == 3 {
                53
            } else {
                52
            }
        };
        if week > weeks_in_year(self.year) {
            (self.year + 1, 1)
        } else {
            (self.year, week as u32)
        }
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

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
