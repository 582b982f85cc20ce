//! Reading a request's `Cookie` header: its pairs and one cookie's value. Used for the
//! profile cookie and for the shop's consent cookies alike.

/// The `name=value` pairs of a `Cookie` header, trimmed. A request may carry several
/// `Cookie` headers, which the platform hands over joined by `", "`; so a comma, a space
/// and another `name=` also start a new pair (a comma inside a value is kept).
pub fn cookie_pairs(header: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(header);
    std::iter::from_fn(move || {
        let text = rest?;
        // The pair ends at the next `;`, or before it at a `, ` that another `name=`
        // follows. Each byte is looked at a bounded number of times.
        let semicolon = text.find(';').unwrap_or(text.len());
        let joined = text[..semicolon]
            .match_indices(", ")
            .map(|(comma, _)| comma)
            .find(|&comma| starts_cookie_pair(&text[comma + 2..semicolon]));
        let (end, next) = match joined {
            Some(comma) => (comma, comma + 2),
            None => (semicolon, semicolon + 1),
        };
        rest = (next < text.len()).then(|| &text[next..]);
        Some(text[..end].trim())
    })
    .filter(|pair| !pair.is_empty())
}

/// True when `text` opens with a cookie name (an RFC 6265 token) and `=`. Reads no further
/// than the name.
fn starts_cookie_pair(text: &str) -> bool {
    let text = text.trim_start().as_bytes();
    let name = text
        .iter()
        .take_while(|&&b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b))
        .count();
    name > 0 && text.get(name) == Some(&b'=')
}

/// Finds the value of cookie `name` in a `Cookie` header (or several, joined).
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    cookie_pairs(header).find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key.trim() == name).then(|| value.trim().trim_matches('"'))
    })
}
