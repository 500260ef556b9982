//! The text SEARCH and X-GM-RAW look in: header fields, the body as text,
//! whole-word matching, attachments. Decoding (transfer encodings,
//! charsets, RFC 2047 words) is the MIME module's.

use crate::store::header;

/// The decoded text parts of a message (RFC 3501 BODY).
pub(crate) fn body_text(raw: &[u8]) -> String {
    crate::mime::body_for_search(raw)
}

/// The decoded header fields and text parts (RFC 3501 TEXT).
pub(crate) fn full_text(raw: &[u8]) -> String {
    crate::mime::text_for_search(raw)
}

/// Case-insensitive substring match (RFC 3501 SEARCH strings).
pub(crate) fn contains(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(&needle.to_lowercase())
}

/// Case-insensitive match of a word or phrase on word boundaries (Gmail's
/// full-text search matches words: `ofer` does not find `oferta`).
/// Punctuation and whitespace between the words are not compared.
pub(crate) fn has_words(haystack: &str, phrase: &str) -> bool {
    let words = tokens(phrase);
    if words.is_empty() {
        return true;
    }
    let hay = tokens(haystack);
    hay.windows(words.len()).any(|w| w == words.as_slice())
}

/// Lower-cased word tokens (runs of letters and digits).
fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Whether the message has an attachment (Gmail's `has:attachment`).
pub(crate) fn has_attachment(raw: &[u8]) -> bool {
    crate::mime::has_attachment(raw)
}

/// Whether any `name` header field contains `needle` (RFC 3501 HEADER,
/// FROM, TO, …); an empty needle matches any message with the field.
pub(crate) fn header_contains(raw: &[u8], name: &str, needle: &str) -> bool {
    header::fields(raw)
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case(name) && contains(v, needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_phrases() {
        assert!(has_words("Dzień dobry, oferta w załączniku.", "OFERTA"));
        assert!(!has_words("oferta", "ofer"));
        assert!(has_words("w  załączniku\r\n oferta", "załączniku oferta"));
        assert!(contains("Jan Kowalski <jan@x>", "KOWAL"));
    }

    #[test]
    fn decoded_headers() {
        let raw =
            b"Subject: =?ISO-8859-2?Q?Zg=B3oszenie?=\r\nFrom: =?UTF-8?B?UGF3ZcWC?= <p@x>\r\n\r\nb";
        assert!(header_contains(raw, "subject", "ZGŁOSZENIE"));
        assert!(header_contains(raw, "From", "paweł"));
        assert!(!header_contains(raw, "To", ""));
    }
}
