//! Writing values into HTML, in one place: text and attribute values escaped, and JSON made
//! safe inside a `<script>` data element. Everything Shelfwise writes into a page that is
//! not the shop's own markup goes through here.

/// The entity for a byte that must not appear as itself in text or an attribute value.
fn entity(byte: u8) -> Option<&'static str> {
    match byte {
        b'"' => Some("&quot;"),
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        _ => None,
    }
}

/// Appends `value` as HTML text or a double-quoted attribute value.
pub fn push_escaped(out: &mut String, value: &str) {
    let mut rest = value;
    while let Some(at) = rest.bytes().position(|byte| entity(byte).is_some()) {
        out.push_str(&rest[..at]);
        out.push_str(entity(rest.as_bytes()[at]).unwrap_or_default());
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// [`push_escaped`] into a byte buffer (the streaming rewriter's output).
pub fn push_escaped_bytes(out: &mut Vec<u8>, value: &str) {
    for byte in value.bytes() {
        match entity(byte) {
            Some(entity) => out.extend_from_slice(entity.as_bytes()),
            None => out.push(byte),
        }
    }
}

/// Appends JSON for a `<script type="application/json">` element: `<`, `>` and `&` only
/// ever appear inside JSON strings, where `\u003c` and friends mean the same, so no text can
/// close the element or open a comment (and U+2028/U+2029 are written escaped too).
pub fn push_json_for_script(out: &mut String, json: &str) {
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped_alike_in_both_buffers() {
        let hostile = r#"a"b&c<d>e — ü"#;
        let mut text = String::new();
        push_escaped(&mut text, hostile);
        assert_eq!(text, "a&quot;b&amp;c&lt;d&gt;e — ü");
        let mut bytes = Vec::new();
        push_escaped_bytes(&mut bytes, hostile);
        assert_eq!(bytes, text.as_bytes());
    }

    #[test]
    fn json_in_a_script_cannot_close_it_and_stays_json() {
        let mut out = String::new();
        push_json_for_script(&mut out, r#"{"x":"</script><!--&\u2028"}"#);
        assert!(!out.contains('<') && !out.contains('>') && !out.contains('&'));
        let value: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        assert_eq!(value["x"], "</script><!--&\u{2028}");
    }
}
