//! Lists and sentences in plain words, for what the shopper is told: the privacy centre's
//! facts and the explanations of decisions.

/// "a", "a and b", "a, b and c"; "nothing" for none.
pub fn join_words(words: &[&str]) -> String {
    match words {
        [] => "nothing".to_owned(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "Because A", "Because A, and because B": each sentence once, the first as it is.
pub fn join_sentences(sentences: impl Iterator<Item = String>) -> String {
    let mut said: Vec<String> = Vec::new();
    for sentence in sentences {
        if !said.contains(&sentence) {
            said.push(sentence);
        }
    }
    let mut text = String::new();
    for (i, sentence) in said.iter().enumerate() {
        if i == 0 {
            text.push_str(sentence);
            continue;
        }
        text.push_str(", and ");
        // "Because …" goes on as "because …". Only an ASCII capital is lowered: Unicode
        // case tables would cost the worker kilobytes for no sentence it writes.
        let mut chars = sentence.chars();
        if let Some(first) = chars.next() {
            text.push(first.to_ascii_lowercase());
            text.push_str(chars.as_str());
        }
    }
    text
}
