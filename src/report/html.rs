//! Writing the page: one HTML file with its style, script and data inline, safe to open whatever
//! the corpus holds.
//!
//! Corpus text, ids, titles and actor names reach the page only as JSON inside a
//! `<script type="application/json">` island, with `<`, `>` and `&` written as `\u003c`, `\u003e`
//! and `\u0026`, so no `</script>` or `<!--` in the data can end or alter the island. The script
//! puts text into the page with `textContent` only. A Content-Security-Policy meta tag allows the
//! page's own style and script by their SHA-256 and nothing else: no other script runs, and no
//! request leaves the page.

use sha2::{Digest, Sha256};
use std::io::{self, Write};

use super::model::Model;

/// The page's script, written for this report (no library).
const SCRIPT: &str = include_str!("report.js");
/// The page's style.
const STYLE: &str = include_str!("report.css");

/// Writes the page of `model`.
pub fn write_html<W: Write + ?Sized>(out: &mut W, model: &Model) -> io::Result<()> {
    let data = json_island(model)?;
    let csp = content_security_policy(SCRIPT, STYLE);
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <noscript><p>This report draws its tables and pictures with its own inline script; \
         allow scripts for this file to see them.</p></noscript>\n\
         <script type=\"application/json\" id=\"stance-data\">{data}</script>\n\
         <script>{SCRIPT}</script>\n</body>\n</html>\n",
        title = html_text(&model.title),
    )
}

/// The policy: nothing by default; the page's own script and style by hash; pictures only as
/// inline SVG (no `img-src`), no form targets, no base URL, no frames.
pub fn content_security_policy(script: &str, style: &str) -> String {
    format!(
        "default-src 'none'; script-src 'sha256-{}'; style-src 'sha256-{}'; \
         base-uri 'none'; form-action 'none'",
        sha256_base64(script),
        sha256_base64(style)
    )
}

/// The model as JSON that cannot leave a `<script>` element: `<`, `>` and `&` escaped as JSON
/// unicode escapes (which `JSON.parse` reads back as the same characters).
pub fn json_island(model: &Model) -> io::Result<String> {
    let json = serde_json::to_string(model)?;
    Ok(escape_json_for_script(&json))
}

/// Escapes `<`, `>` and `&` in JSON text; every other byte passes. Inside a JSON string these
/// become `\u003c` and the like; they cannot occur outside strings in JSON.
pub fn escape_json_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for ch in json.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            // Legal in JSON, line breaks in old JavaScript: escaped for any reader.
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Text for an HTML element (the title): the five special characters escaped.
fn html_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The base64 of the SHA-256 of `text`, as a CSP hash source names it.
fn sha256_base64(text: &str) -> String {
    base64(&Sha256::digest(text.as_bytes()))
}

/// Standard base64 with padding (RFC 4648 section 4).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
        // The SHA-256 of the empty string, as CSP tools print it.
        assert_eq!(
            sha256_base64(""),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
    }

    #[test]
    fn the_island_cannot_be_closed_or_commented_by_data() {
        let json = serde_json::to_string(&serde_json::json!({
            "t": "</script><script>alert(1)</script><!-- & -->",
        }))
        .unwrap();
        let island = escape_json_for_script(&json);
        assert!(!island.contains('<') && !island.contains('>') && !island.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&island).unwrap();
        assert_eq!(
            back["t"], "</script><script>alert(1)</script><!-- & -->",
            "JSON reads the escapes back as the same text"
        );
    }

    #[test]
    fn the_page_script_and_style_never_write_markup() {
        // Data reaches the page through textContent only: the script has no sink that parses
        // HTML, so no corpus text can become an element or a handler.
        for sink in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
            "setAttribute('on",
            "setAttribute(\"on",
            "href",
            "srcdoc",
        ] {
            assert!(!SCRIPT.contains(sink), "report.js uses {sink}");
        }
        assert!(!STYLE.contains("url("), "report.css loads nothing");
    }

    #[test]
    fn title_is_escaped() {
        assert_eq!(
            html_text("<a href='x'>&\""),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;"
        );
    }
}
