//! The built-in sample mailbox: what the `healthy` preset's Workspace user
//! (`anna.nowak@firma.example`) finds on first sign-in, so a CRM's sync
//! has realistic mail to read without any setup.
//!
//! Seven messages from the week before the article's era (May 2020), in
//! Polish, each a shape a CRM must handle: `multipart/alternative`
//! (QP UTF-8), a thread of three (`In-Reply-To`/`References`, the reply
//! in Sent Mail, the last with a PDF named by RFC 2231), an invoice with
//! ISO-8859-2 text and a PDF under the user label `Faktury` (archived, as
//! a filter would), a newsletter with `multipart/related` and an inline
//! image, and a plain US-ASCII note. RFC 2047 words (Q and B) carry the
//! Polish names and subjects. One is read, one starred.
//!
//! The files are in `sample/` with CRLF line ends, as Gmail serves them;
//! they are compiled in (`include_bytes!`) and served from static memory.
//! Tests compare against [`MESSAGES`] rather than hard-coding counts.

use bytes::Bytes;
use chrono::{DateTime, FixedOffset};

use super::placement::{file_one, Placement};
use super::{Origin, SeedMessage};
use crate::store::{names, Store};

/// One sample message and where it lives.
#[derive(Debug, Clone, Copy)]
pub struct SampleMessage {
    /// File name under `src/seed/sample/`.
    pub file: &'static str,
    /// The exact bytes served.
    pub raw: &'static [u8],
    /// Folders besides All Mail.
    pub folders: &'static [&'static str],
    /// IMAP flags.
    pub flags: &'static [&'static str],
}

macro_rules! sample {
    ($file:literal, $folders:expr, $flags:expr) => {
        SampleMessage {
            file: $file,
            raw: include_bytes!(concat!("sample/", $file)),
            folders: $folders,
            flags: $flags,
        }
    };
}

/// The user label holding the invoice.
pub const LABEL: &str = "Faktury";

/// The sample, in filing (UID) order.
pub const MESSAGES: &[SampleMessage] = &[
    sample!("01-powitanie.eml", &[names::INBOX], &["\\Seen"]),
    sample!("02-zapytanie-ofertowe.eml", &[names::INBOX], &[]),
    sample!("03-odpowiedz.eml", &[names::SENT], &["\\Seen"]),
    sample!("04-umowa.eml", &[names::INBOX], &["\\Flagged"]),
    sample!("05-faktura.eml", &[LABEL], &["\\Seen"]),
    sample!("06-newsletter.eml", &[names::INBOX], &[]),
    sample!("07-spotkanie.eml", &[names::INBOX], &[]),
];

/// The sample messages in `folder` (by its exact name) once filed, in UID
/// order: All Mail holds all, Starred the `\Flagged` ones.
pub fn in_folder(folder: &str) -> Vec<&'static SampleMessage> {
    MESSAGES
        .iter()
        .filter(|m| match folder {
            names::ALL_MAIL => true,
            names::STARRED => m.flags.contains(&"\\Flagged"),
            f => m.folders.contains(&f),
        })
        .collect()
}

/// Files the sample into a store (creating the `Faktury` label).
/// INTERNALDATE is each message's `Date`.
pub fn file_sample(store: &mut Store, now: DateTime<FixedOffset>) {
    for m in MESSAGES {
        let seed = SeedMessage {
            raw: Bytes::from_static(m.raw),
            origin: Origin::file(m.file),
            envelope_date: None,
        };
        let place = Placement {
            folders: m.folders.iter().map(|f| (*f).to_owned()).collect(),
            flags: m.flags.iter().map(|f| (*f).to_owned()).collect(),
        };
        file_one(store, &seed, &place, now);
    }
}
