//! The message's `From:` header as Gmail's sending rules see it: which
//! address it names, and the same message with that address replaced by
//! the account's own (DESIGN.md "Sending": Gmail rewrites an unverified
//! sender rather than refusing it).
//!
//! Only the top-level header is read and only its first `From:` field is
//! replaced; the rest of the message is kept byte for byte, so a CRM's
//! regression test can compare everything else with what it sent.

use bytes::Bytes;

use super::address::{parse_list, MISSING_HOST};
use super::scan::{fields, split_header};

/// The first mailbox of the top-level `From:` field (`local@domain`), or
/// `None` when there is no such field or it names no address.
pub(crate) fn address(raw: &[u8]) -> Option<String> {
    let (header, _) = split_header(raw, 0, raw.len());
    let fs = fields(raw, header);
    let f = fs
        .iter()
        .find(|f| raw[f.name.clone()].eq_ignore_ascii_case(b"From"))?;
    let list = parse_list(&raw[f.value.clone()]);
    let a = list.iter().find(|a| has_domain(a))?;
    let mailbox = String::from_utf8_lossy(a.mailbox.as_deref()?).into_owned();
    let host = String::from_utf8_lossy(a.host.as_deref()?).into_owned();
    Some(format!("{mailbox}@{host}"))
}

/// A mailbox with a real domain (not a group marker, not c-client's
/// stand-in for a missing one).
fn has_domain(a: &gmail_wire::imap::body::Address) -> bool {
    a.host.as_deref().is_some_and(|h| h != MISSING_HOST)
}

/// The message with its `From:` field saying `to` instead, keeping the
/// display name (raw, as the sender encoded it) and the line ending the
/// message uses. A message without a `From:` field gets one at the top,
/// as Gmail adds one.
pub(crate) fn rewrite(raw: &Bytes, to: &str) -> Bytes {
    let (header, _) = split_header(raw, 0, raw.len());
    let fs = fields(raw, header);
    let crlf = !raw.contains(&b'\n') || raw.windows(2).any(|w| w == b"\r\n");
    let eol: &[u8] = if crlf { b"\r\n" } else { b"\n" };
    let found = fs
        .iter()
        .find(|f| raw[f.name.clone()].eq_ignore_ascii_case(b"From"));
    let name = found.and_then(|f| {
        parse_list(&raw[f.value.clone()])
            .into_iter()
            .find(has_domain)
            .and_then(|a| a.name)
    });
    let mut field = b"From: ".to_vec();
    if let Some(n) = name.filter(|n| !n.is_empty()) {
        if n.iter()
            .all(|b| b.is_ascii_alphanumeric() || b" !#$%&'*+-/=?^_`{|}~".contains(b))
            || n.starts_with(b"=?")
        {
            field.extend_from_slice(&n);
        } else {
            field.push(b'"');
            for &b in &n {
                if b == b'"' || b == b'\\' {
                    field.push(b'\\');
                }
                field.push(b);
            }
            field.push(b'"');
        }
        field.push(b' ');
    }
    field.push(b'<');
    field.extend_from_slice(to.as_bytes());
    field.push(b'>');
    field.extend_from_slice(eol);
    let mut out = Vec::with_capacity(raw.len() + field.len());
    match found {
        Some(f) => {
            out.extend_from_slice(&raw[..f.whole.start]);
            out.extend_from_slice(&field);
            out.extend_from_slice(&raw[f.whole.end..]);
        }
        None => {
            out.extend_from_slice(&field);
            out.extend_from_slice(raw);
        }
    }
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_first_address() {
        let m = b"Subject: x\r\nFrom: \"Biuro, Firma\" <Biuro@Inna.PL>\r\n\r\nFrom: body@x.pl\r\n";
        assert_eq!(address(m).as_deref(), Some("Biuro@Inna.PL"));
        assert_eq!(
            address(b"From: a@b.pl (Anna)\n\nx").as_deref(),
            Some("a@b.pl")
        );
        assert_eq!(address(b"Subject: none\r\n\r\nbody"), None);
        assert_eq!(address(b"From: undisclosed\r\n\r\n"), None);
    }

    #[test]
    fn rewrites_keeping_the_rest() {
        let m = Bytes::from_static(
            b"Subject: Oferta\r\nFrom: \"Biuro, Firma\"\r\n <biuro@inna.pl>\r\nTo: k@x.pl\r\n\r\nFrom: body stays\r\n",
        );
        let r = rewrite(&m, "anna@firma.pl");
        assert_eq!(
            &r[..],
            &b"Subject: Oferta\r\nFrom: \"Biuro, Firma\" <anna@firma.pl>\r\nTo: k@x.pl\r\n\r\nFrom: body stays\r\n"[..]
        );
        assert_eq!(address(&r).as_deref(), Some("anna@firma.pl"));
        let plain = rewrite(&Bytes::from_static(b"From: a@b.pl\n\nx\n"), "c@d.pl");
        assert_eq!(&plain[..], b"From: <c@d.pl>\n\nx\n");
        let encoded = rewrite(
            &Bytes::from_static(b"From: =?UTF-8?Q?Bo=C5=BCena?= <b@x.pl>\r\n\r\n"),
            "c@d.pl",
        );
        assert_eq!(
            &encoded[..],
            b"From: =?UTF-8?Q?Bo=C5=BCena?= <c@d.pl>\r\n\r\n"
        );
        let added = rewrite(&Bytes::from_static(b"Subject: s\r\n\r\nb"), "c@d.pl");
        assert_eq!(&added[..], b"From: <c@d.pl>\r\nSubject: s\r\n\r\nb");
    }
}
