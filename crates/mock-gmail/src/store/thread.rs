//! X-GM-THRID: Gmail's conversations.
//!
//! Gmail's exact threading rules are not public. What is documented and
//! widely observed: a reply joins the conversation of the message it
//! answers, and a changed subject starts a new conversation. So a message
//! joins a thread when its `In-Reply-To` or `References` names a message of
//! that thread *and* its normalised subject (without `Re:`/`Fwd:`
//! prefixes, case and spacing) equals the thread's. Otherwise it starts a
//! thread whose id is its own X-GM-MSGID (as on Gmail, where the first
//! message's id is the thread id).

use std::collections::HashMap;

use super::header;

/// Message-ID → thread, and thread → normalised subject.
#[derive(Debug, Clone, Default)]
pub(super) struct Threads {
    by_message_id: HashMap<String, u64>,
    subjects: HashMap<u64, String>,
}

impl Threads {
    /// The X-GM-THRID for a new message `msgid` with bytes `raw`.
    pub fn assign(&mut self, msgid: u64, raw: &[u8]) -> u64 {
        let mut subject = String::new();
        let mut own_id = None;
        let mut parents: Vec<String> = Vec::new();
        let mut references: Vec<String> = Vec::new();
        for (name, value) in header::fields(raw) {
            match name.to_ascii_lowercase().as_str() {
                "subject" => subject = normalize_subject(&value),
                "message-id" => own_id = header::message_ids(&value).into_iter().next(),
                "in-reply-to" => parents = header::message_ids(&value),
                "references" => references = header::message_ids(&value),
                _ => {}
            }
        }
        // The direct parent first, then the references nearest first.
        parents.extend(references.into_iter().rev());
        let thrid = parents
            .iter()
            .filter_map(|id| self.by_message_id.get(id).copied())
            .find(|t| self.subjects.get(t) == Some(&subject))
            .unwrap_or_else(|| {
                self.subjects.insert(msgid, subject);
                msgid
            });
        if let Some(id) = own_id {
            self.by_message_id.entry(id).or_insert(thrid);
        }
        thrid
    }
}

/// A subject without reply/forward prefixes (English, German, Polish,
/// Nordic), `[list]` tags in front of them, case and repeated spaces.
pub fn normalize_subject(subject: &str) -> String {
    const PREFIXES: &[&str] = &["re", "fw", "fwd", "aw", "wg", "odp", "pd", "sv", "vs"];
    let mut s = subject.trim();
    loop {
        let before = s;
        if s.starts_with('[') {
            if let Some(end) = s.find(']') {
                s = s[end + 1..].trim_start();
            }
        }
        if let Some(colon) = s.find(':') {
            let head = s[..colon].trim();
            // `Re[2]:` counts as well.
            let word = head.split('[').next().unwrap_or(head);
            if PREFIXES.iter().any(|p| word.eq_ignore_ascii_case(p)) {
                s = s[colon + 1..].trim_start();
            }
        }
        if s == before {
            break;
        }
    }
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects() {
        assert_eq!(
            normalize_subject("Re: RE: Fwd:  Oferta  2020"),
            "oferta 2020"
        );
        assert_eq!(normalize_subject("Odp: [crm] Re[2]: Oferta"), "oferta");
        assert_eq!(normalize_subject("Review: plan"), "review: plan");
    }

    #[test]
    fn replies_join_and_new_subjects_split() {
        let mut t = Threads::default();
        let a = t.assign(1, b"Subject: Oferta\r\nMessage-ID: <a@x>\r\n\r\n");
        let b = t.assign(
            2,
            b"Subject: Re: Oferta\r\nMessage-ID: <b@x>\r\nIn-Reply-To: <a@x>\r\n\r\n",
        );
        let c = t.assign(
            3,
            b"Subject: RE: oferta\r\nMessage-ID: <c@x>\r\nReferences: <a@x> <b@x>\r\n\r\n",
        );
        let d = t.assign(4, b"Subject: Something else\r\nIn-Reply-To: <c@x>\r\n\r\n");
        let e = t.assign(5, b"Subject: Oferta\r\n\r\n");
        assert_eq!((a, b, c), (1, 1, 1));
        assert_eq!(d, 4, "a changed subject starts a conversation");
        assert_eq!(e, 5, "the same subject alone does not join");
    }
}
