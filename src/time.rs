//! Calendar dates as the corpora write them. A module of its own, below every other: actors'
//! dated roles, the engine and the time slices of the matrix all read dates.

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
