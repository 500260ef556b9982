//! Reading the sender address of a delivered message's `From:` header.
//!
//! Why the doctor reads it: Gmail does not refuse an outside From address
//! that is not set up under "Send mail as"; it delivers the message with
//! the From header rewritten to the account's own address (display name
//! kept). The only evidence is the delivered copy, so after `--send-test`
//! the IMAP side fetches `BODY.PEEK[HEADER.FIELDS (FROM)]` and compares
//! the address with the one the message was sent as.
//!
//! Only the address matters, not the display name (Gmail keeps that), so
//! this reads `Name <addr>` and a bare `addr`, unfolds continuation lines
//! (RFC 5322 §2.2.3) and ignores a quoted display name that itself holds
//! angle brackets.

/// The address of the first `From:` field in `header` (raw header bytes,
/// as `HEADER.FIELDS (FROM)` returns them); `None` when there is no From
/// field or it holds no address.
pub(crate) fn from_header_address(header: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(header);
    let unfolded = unfold(&text);
    let value = unfolded.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim().eq_ignore_ascii_case("from").then_some(value)
    })?;
    address(value)
}

/// Joins continuation lines (those starting with white space) to the line
/// before them.
fn unfold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split("\r\n").flat_map(|l| l.split('\n')) {
        if line.starts_with([' ', '\t']) {
            out.push(' ');
            out.push_str(line.trim_start());
        } else {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(line);
        }
    }
    out
}

/// The address of one From value: the `<…>` part outside quotes, else the
/// bare value without comments; `None` when nothing with an `@` is there.
fn address(value: &str) -> Option<String> {
    let mut in_quotes = false;
    let mut angle: Option<String> = None;
    let mut current: Option<String> = None;
    let mut escaped = false;
    for c in value.chars() {
        match (c, in_quotes, &mut current) {
            (_, true, _) if escaped => escaped = false,
            ('\\', true, _) => escaped = true,
            ('"', _, None) => in_quotes = !in_quotes,
            ('<', false, None) => current = Some(String::new()),
            ('>', false, Some(_)) => angle = current.take(),
            (c, false, Some(buf)) => buf.push(c),
            _ => {}
        }
    }
    let found = match angle {
        Some(a) => a,
        None => strip_comments(value),
    };
    let found = found.trim().to_owned();
    found.contains('@').then_some(found)
}

/// Removes `(comments)` from a bare address (`a@b.pl (Anna)`).
fn strip_comments(value: &str) -> String {
    let mut depth = 0usize;
    value
        .chars()
        .filter(|c| match c {
            '(' => {
                depth += 1;
                false
            }
            ')' => {
                depth = depth.saturating_sub(1);
                false
            }
            _ => depth == 0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::from_header_address as from;

    #[test]
    fn reads_the_address_in_every_usual_form() {
        assert_eq!(
            from(b"From: Anna Nowak <anna@firma.pl>\r\n\r\n").as_deref(),
            Some("anna@firma.pl")
        );
        assert_eq!(
            from(b"FROM: <sales@partner.example>\r\n\r\n").as_deref(),
            Some("sales@partner.example")
        );
        assert_eq!(
            from(b"from: anna@firma.pl (Anna)\r\n").as_deref(),
            Some("anna@firma.pl")
        );
        assert_eq!(
            from(b"From: \"Nowak, Anna <boss>\"\r\n <anna@firma.pl>\r\n\r\n").as_deref(),
            Some("anna@firma.pl")
        );
    }

    #[test]
    fn no_from_or_no_address_is_none() {
        assert_eq!(from(b"\r\n"), None);
        assert_eq!(from(b"Subject: x\r\n\r\n"), None);
        assert_eq!(from(b"From: undisclosed\r\n\r\n"), None);
    }
}
