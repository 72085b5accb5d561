//! Unescaping a JSON string where it lies, so that a record's text can become the document's
//! text without being copied.
//!
//! Why: serde_json unescapes a string into a scratch buffer and the text is then copied out of
//! it, so a record costs three buffers of its size (the line, the scratch, the text). On a long
//! document these are megabytes of fresh memory, and their page faults were most of what made
//! one 1M-word document cost more per word than many short ones. Unescaped text is never longer
//! than its escaped form, so it can be written over the line from the front.

/// Unescapes the JSON string body (without its quotes) at the front of `bytes`, in place, and
/// returns its unescaped length. `bytes` must be a string body that serde_json has already
/// accepted as valid JSON; errors are still reported rather than trusted away, in the words
/// serde_json uses.
pub(super) fn unescape_in_place(bytes: &mut [u8]) -> Result<usize, BadEscape> {
    let (mut read, mut write) = (0, 0);
    while let Some(at) = memchr::memchr(b'\\', &bytes[read..]).map(|k| read + k) {
        let bad = |reason: String| BadEscape { at, reason };
        bytes.copy_within(read..at, write);
        write += at - read;
        let escape = *bytes
            .get(at + 1)
            .ok_or_else(|| bad("EOF while parsing a string".into()))?;
        read = at + 2;
        let simple = match escape {
            b'"' => Some(b'"'),
            b'\\' => Some(b'\\'),
            b'/' => Some(b'/'),
            b'b' => Some(0x08),
            b'f' => Some(0x0c),
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'u' => None,
            _ => return Err(bad("invalid escape".into())),
        };
        if let Some(byte) = simple {
            bytes[write] = byte;
            write += 1;
            continue;
        }
        let (c, used) = unicode_escape(&bytes[read..]).map_err(bad)?;
        read += used;
        write += c.encode_utf8(&mut bytes[write..write + 4]).len();
    }
    bytes.copy_within(read.., write);
    Ok(write + bytes.len() - read)
}

/// An escape that is not valid JSON: where it starts in the string body, and why.
#[derive(Debug)]
pub(super) struct BadEscape {
    pub at: usize,
    pub reason: String,
}

/// The character of a `\u` escape whose four hex digits start `rest` (and of the low surrogate
/// escape after it, for a high surrogate), and how many bytes of `rest` it used.
fn unicode_escape(rest: &[u8]) -> Result<(char, usize), String> {
    let unit = hex4(rest)?;
    if !(0xD800..0xE000).contains(&unit) {
        return Ok((char::from_u32(unit).expect("not a surrogate"), 4));
    }
    if unit >= 0xDC00 {
        return Err("lone leading surrogate in hex escape".into());
    }
    if rest.get(4..6) != Some(b"\\u") {
        return Err("unexpected end of hex escape".into());
    }
    let low = hex4(&rest[6..])?;
    if !(0xDC00..0xE000).contains(&low) {
        return Err("lone leading surrogate in hex escape".into());
    }
    let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
    Ok((char::from_u32(c).expect("a valid surrogate pair"), 10))
}

fn hex4(bytes: &[u8]) -> Result<u32, String> {
    let digits = bytes.get(..4).ok_or("EOF while parsing a string")?;
    let digits = std::str::from_utf8(digits).map_err(|_| "invalid escape")?;
    u32::from_str_radix(digits, 16).map_err(|_| "invalid escape".into())
}

#[cfg(test)]
mod tests {
    use super::unescape_in_place;
    use proptest::prelude::*;

    /// What serde_json makes of the JSON string `json` (with its quotes), and what the
    /// in-place unescaper makes of its body.
    fn both(json: &str) -> (Result<String, ()>, Result<String, ()>) {
        let reference = serde_json::from_str::<String>(json).map_err(|_| ());
        let mut body = json.as_bytes()[1..json.len() - 1].to_vec();
        let ours = unescape_in_place(&mut body).map_err(|_| ()).map(|len| {
            body.truncate(len);
            String::from_utf8(body).expect("UTF-8")
        });
        (reference, ours)
    }

    #[test]
    fn escapes_of_every_kind() {
        for json in [
            r#""""#,
            r#""plain""#,
            r#""a\"b\\c\/d\be\ff\ng\rh\ti""#,
            r#""caf\u00e9 \u2019quoted\u2019 \ud83d\ude00 end""#,
            r#""\u0041\u00e9\u4e2d""#,
            r#""tail\\""#,
        ] {
            let (reference, ours) = both(json);
            assert_eq!(ours, reference, "{json}");
            assert!(ours.is_ok(), "{json}");
        }
    }

    #[test]
    fn broken_escapes_are_errors() {
        for json in [
            r#""\ud83d""#,
            r#""\ude00x""#,
            r#""\ud83d\u0041""#,
            r#""\x""#,
            r#""\u12""#,
        ] {
            let (_, ours) = both(json);
            assert!(ours.is_err(), "{json}");
        }
    }

    proptest! {
        // Any text as serde_json escapes it, and with some characters written as \u escapes
        // (surrogate pairs above the BMP), as other writers do.
        #[test]
        fn unescaping_in_place_agrees_with_serde_json(text in "\\PC{0,60}", as_u in proptest::collection::vec(any::<bool>(), 60)) {
            let mut json = String::from("\"");
            for (c, u) in text.chars().zip(as_u.iter().cycle()) {
                if *u {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        json.push_str(&format!("\\u{unit:04x}"));
                    }
                } else {
                    let one = serde_json::to_string(&c.to_string()).unwrap();
                    json.push_str(&one[1..one.len() - 1]);
                }
            }
            json.push('"');
            let (reference, ours) = both(&json);
            prop_assert_eq!(ours, reference);
        }
    }
}
