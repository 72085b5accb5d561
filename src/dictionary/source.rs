//! Bytes to text: the encodings dictionary files come in, and their three kinds of line end.

use super::{Problem, Severity};

/// A text encoding a dictionary file may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 (a byte-order mark is skipped). Anything else is refused with the line.
    #[default]
    Utf8,
    /// ISO-8859-1: every byte is the character of the same number.
    Latin1,
    /// Windows-1252: Latin-1 with printable characters at 0x80-0x9F.
    Windows1252,
}

impl Encoding {
    /// The encoding named on the command line (`utf-8`, `latin1`, `windows-1252` and spellings).
    pub fn parse(name: &str) -> Option<Encoding> {
        match name.to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "latin1" | "latin-1" | "iso-8859-1" | "iso8859-1" => Some(Encoding::Latin1),
            "windows-1252" | "cp1252" | "win1252" => Some(Encoding::Windows1252),
            _ => None,
        }
    }
}

/// Windows-1252 at 0x80-0x9F (0 where the code page leaves a hole).
const CP1252_HIGH: [u16; 32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
    0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
];

/// Decodes `bytes` in `encoding`. Invalid UTF-8 is an error naming the line and what to do.
pub fn decode(path: &str, bytes: &[u8], encoding: Encoding) -> Result<String, Problem> {
    let error = |line: usize, reason: String| Problem {
        path: path.to_owned(),
        line,
        severity: Severity::Error,
        reason,
    };
    match encoding {
        Encoding::Utf8 => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            std::str::from_utf8(bytes).map(str::to_owned).map_err(|e| {
                let at = e.valid_up_to();
                error(
                    line_of(bytes, at),
                    format!(
                        "not valid UTF-8 (byte 0x{:02X}); if the file is Latin-1 or Windows-1252 \
                         give --encoding latin1 or --encoding windows-1252, otherwise convert it to \
                         UTF-8 (iconv -f ENCODING -t UTF-8)",
                        bytes[at]
                    ),
                )
            })
        }
        Encoding::Latin1 => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
        Encoding::Windows1252 => {
            let mut out = String::with_capacity(bytes.len());
            for (i, &b) in bytes.iter().enumerate() {
                if (0x80..0xA0).contains(&b) {
                    let code = CP1252_HIGH[usize::from(b - 0x80)];
                    match char::from_u32(u32::from(code)).filter(|_| code != 0) {
                        Some(c) => out.push(c),
                        None => {
                            return Err(error(
                                line_of(bytes, i),
                                format!("byte 0x{b:02X} is not a Windows-1252 character"),
                            ))
                        }
                    }
                } else {
                    out.push(char::from(b));
                }
            }
            Ok(out)
        }
    }
}

fn line_of(bytes: &[u8], at: usize) -> usize {
    bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1
}

/// `(1-based line number, line)` for every line, whatever ends it: `\n`, `\r\n` or a lone `\r`
/// (the Moral Foundations Dictionary 2.0 is saved with old Mac line ends).
pub fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text;
    let mut number = 0;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        number += 1;
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let line = &rest[..end];
        let bytes = rest.as_bytes();
        let skip = if bytes.get(end) == Some(&b'\r') && bytes.get(end + 1) == Some(&b'\n') {
            2
        } else if end < rest.len() {
            1
        } else {
            0
        };
        rest = &rest[end + skip..];
        Some((number, line))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_end() {
        let got: Vec<_> = lines("a\r\nb\rc\nd").collect();
        assert_eq!(got, vec![(1, "a"), (2, "b"), (3, "c"), (4, "d")]);
    }

    #[test]
    fn invalid_utf8_names_the_line_and_the_way_out() {
        let e = decode("x.txt", b"ok\nna\xEFve\n", Encoding::Utf8).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.reason.contains("--encoding latin1"), "{}", e.reason);
        assert_eq!(
            decode("x.txt", b"na\xEFve", Encoding::Latin1).unwrap(),
            "naïve"
        );
        assert_eq!(
            decode("x.txt", b"\x8A\x9F", Encoding::Windows1252).unwrap(),
            "ŠŸ"
        );
    }
}
