//! SEARCH / UID SEARCH with the RFC 3501 keys a CRM uses, CHARSET, and
//! Gmail's X-GM-RAW, over real TLS. The messages are APPENDed with known
//! INTERNALDATEs, flags and encodings.
//!
//! INBOX starts with the healthy preset's sample mailbox, so every search
//! runs over it too: numbers 1–5 are the sample's INBOX
//! (`mock_gmail::seed::sample`, checked in `setup`), 6–8 are M1–M3.
//! 1 `01-powitanie` (read; Zespół IT, 1285 bytes), 2 `02-zapytanie` (Ewa
//! Wiśniewska @klient.example), 3 `04-umowa` (starred; Ewa, Cc biuro@klient,
//! a PDF attachment, 1172 bytes), 4 `06-newsletter` (newsletter@sklep, an
//! inline image with a file name, 1118 bytes), 5 `07-spotkanie` (Jan
//! Kowalski @gmail.com); all dated May 2020, all to anna.nowak.

use mock_gmail::{MockGmail, MockHandle};

use crate::support::{wire_login, Wire};

const M1: &str = "From: Jan Kowalski <jan.kowalski@firma.example>\r\n\
To: anna.nowak@firma.example\r\n\
Cc: biuro@firma.example\r\n\
Subject: Oferta na 2020\r\n\
Date: Mon, 1 Jun 2020 10:00:00 +0200\r\n\
Message-ID: <m1@firma.example>\r\n\
\r\n\
Dzien dobry, w zalaczniku oferta cenowa.\r\n";

const M2: &str = "From: Ewa <ewa@klient.example>\r\n\
To: anna.nowak@firma.example\r\n\
Bcc: szef@firma.example\r\n\
Subject: Re: Oferta na 2020\r\n\
Date: Tue, 2 Jun 2020 23:30:00 -0700\r\n\
Message-ID: <m2@klient.example>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b1\"\r\n\
\r\n\
--b1\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
Zam=C3=B3wienie w za=C5=82=C4=85czniku.\r\n\
--b1\r\n\
Content-Type: application/pdf; name=\"zamowienie.pdf\"\r\n\
Content-Disposition: attachment; filename=\"zamowienie.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
JVBERi0xLjQK\r\n\
--b1--\r\n";

fn m3() -> String {
    format!(
        "From: newsletter@sklep.example\r\n\
To: anna.nowak@firma.example\r\n\
Subject: =?UTF-8?Q?Promocja_=C5=BCycia?=\r\n\
Date: Wed, 10 Jun 2020 12:00:00 +0000\r\n\
\r\n\
{}\r\n",
        "Kup teraz. ".repeat(200)
    )
}

/// APPENDs with a non-synchronising literal.
async fn append(w: &mut Wire, tag: &str, flags: &str, date: &str, msg: &str) {
    w.send(&format!(
        "{tag} APPEND INBOX ({flags}) \"{date}\" {{{}+}}\r\n{msg}\r\n",
        msg.len()
    ))
    .await;
    let r = w.until_tagged(tag).await;
    assert!(
        r.last()
            .unwrap()
            .starts_with(&format!("{tag} OK [APPENDUID")),
        "{r:?}"
    );
}

async fn setup() -> (MockHandle, Wire) {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = wire_login(&mock).await;
    append(&mut w, "p1", "\\Seen", "01-Jun-2020 10:00:05 +0200", M1).await;
    append(
        &mut w,
        "p2",
        "\\Flagged \\Answered",
        "03-Jun-2020 08:30:00 +0200",
        M2,
    )
    .await;
    append(&mut w, "p3", "", "10-Jun-2020 12:00:00 +0000", &m3()).await;
    let files: Vec<&str> = mock_gmail::seed::sample::in_folder("INBOX")
        .iter()
        .map(|m| &m.file[..2])
        .collect();
    assert_eq!(
        files,
        ["01", "02", "04", "06", "07"],
        "the sample the tables assume"
    );
    w.cmd("s", "SELECT INBOX").await;
    (mock, w)
}

/// The numbers of `SEARCH <keys>` (or UIDs with `UID SEARCH`).
async fn search(w: &mut Wire, keys: &str) -> String {
    let r = w.cmd("q", keys).await;
    assert_eq!(
        r.last().unwrap(),
        "q OK SEARCH completed (Success)",
        "{keys}: {r:?}"
    );
    assert_eq!(r.len(), 2, "{keys}: {r:?}");
    r[0].trim_start_matches("* SEARCH").trim().to_owned()
}

#[tokio::test]
async fn rfc3501_keys() {
    let (mock, mut w) = setup().await;
    for (keys, want) in [
        ("SEARCH ALL", "1 2 3 4 5 6 7 8"),
        ("SEARCH SEEN", "1 6"),
        ("SEARCH UNSEEN", "2 3 4 5 7 8"),
        ("SEARCH FLAGGED", "3 7"),
        ("SEARCH UNFLAGGED ANSWERED", ""),
        ("SEARCH ANSWERED", "7"),
        ("SEARCH DELETED", ""),
        ("SEARCH RECENT", ""),
        ("SEARCH NEW", ""),
        ("SEARCH OLD", "1 2 3 4 5 6 7 8"),
        ("SEARCH FROM jan", "5 6"),
        ("SEARCH FROM \"KLIENT.example\"", "2 3 7"),
        ("SEARCH TO anna.nowak", "1 2 3 4 5 6 7 8"),
        ("SEARCH CC biuro", "3 6"),
        ("SEARCH BCC szef", "7"),
        ("SEARCH SUBJECT oferta", "6 7"),
        ("SEARCH SUBJECT \"życia\"", "8"),
        ("SEARCH HEADER Message-ID \"<m2@\"", "7"),
        ("SEARCH HEADER Cc \"\"", "3 6"),
        ("SEARCH BODY \"zamówienie\"", "7"),
        ("SEARCH BODY Kowalski", ""),
        ("SEARCH TEXT Kowalski", "5 6"),
        ("SEARCH TEXT \"promocja życia\"", "8"),
        ("SEARCH SINCE 3-Jun-2020", "7 8"),
        ("SEARCH BEFORE 3-Jun-2020", "1 2 3 4 5 6"),
        ("SEARCH ON 3-Jun-2020", "7"),
        ("SEARCH SENTON 2-Jun-2020", "7"),
        ("SEARCH SENTSINCE 2-Jun-2020", "7 8"),
        ("SEARCH SENTBEFORE \"2-Jun-2020\"", "1 2 3 4 5 6"),
        ("SEARCH LARGER 1500", "8"),
        ("SEARCH SMALLER 1500", "1 2 3 4 5 6 7"),
        ("SEARCH 7:*", "7 8"),
        ("UID SEARCH UID 7:*", "7 8"),
        ("UID SEARCH UID 99:*", "8"),
        ("SEARCH NOT FROM jan", "1 2 3 4 7 8"),
        ("SEARCH OR FROM jan FROM ewa", "2 3 5 6 7"),
        ("SEARCH (SEEN FLAGGED)", ""),
        ("SEARCH OR (SEEN FROM jan) (UNSEEN LARGER 1500)", "6 8"),
        ("SEARCH CHARSET UTF-8 SUBJECT \"życia\"", "8"),
        ("SEARCH CHARSET us-ascii FROM ewa", "2 3 7"),
        // The sample's own Polish text, decoded (RFC 2047, QP UTF-8).
        ("SEARCH CHARSET UTF-8 SUBJECT \"wdrożenie\"", "2 3"),
        ("SEARCH CHARSET UTF-8 BODY \"płatności\"", ""),
    ] {
        assert_eq!(search(&mut w, keys).await, want, "{keys}");
    }
    assert_eq!(
        w.cmd("a1", "SEARCH CHARSET ISO-8859-2 ALL").await,
        ["a1 NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset (Failure)"]
    );
    w.cmd("d", "STORE 8 +FLAGS.SILENT (\\Deleted)").await;
    assert_eq!(search(&mut w, "SEARCH DELETED").await, "8");
    mock.shutdown().await;
}

#[tokio::test]
async fn x_gm_raw() {
    let (mock, mut w) = setup().await;
    for (query, want) in [
        ("from:jan", "5 6"),
        ("from:jan.kowalski@firma.example", "6"),
        ("to:anna.nowak", "1 2 3 4 5 6 7 8"),
        ("subject:oferta -from:ewa", "6"),
        ("is:unread", "2 3 4 5 7 8"),
        ("is:read", "1 6"),
        ("is:starred", "3 7"),
        ("has:attachment", "3 4 7"),
        ("in:inbox", "1 2 3 4 5 6 7 8"),
        ("label:inbox is:starred", "3 7"),
        ("cenowa", "6"),
        ("cen", ""),
        ("\\\"oferta cenowa\\\"", "6"),
        ("zamówienie", "7"),
        ("from:jan OR from:newsletter", "4 5 6 8"),
        ("{from:ewa from:newsletter} -has:attachment", "2 8"),
        ("older_than:1y", "1 2 3 4 5 6 7 8"),
        ("newer_than:7d", ""),
        ("after:2020/06/02 before:2020/06/05", "7"),
        ("larger:1k", "1 3 4 8"),
        // The sample's own mail: a Polish subject word, a thread's sender.
        ("subject:wdrożenie", "2 3"),
        ("from:ewa.wisniewska@klient.example is:unread", "2 3"),
    ] {
        assert_eq!(
            search(&mut w, &format!("SEARCH X-GM-RAW \"{query}\"")).await,
            want,
            "{query}"
        );
    }
    assert_eq!(
        search(&mut w, "UID SEARCH X-GM-RAW \"is:unread\" FROM ewa").await,
        "2 3 7"
    );
    assert_eq!(
        w.cmd("a1", "SEARCH X-GM-RAW \"(from:jan\"").await,
        ["a1 BAD Could not parse search query (Failure)"]
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn new_mail_is_searchable_by_uid() {
    let (mock, mut w) = setup().await;
    append(
        &mut w,
        "p4",
        "",
        "11-Jun-2020 09:00:00 +0200",
        "From: jan.kowalski@firma.example\r\nSubject: Jeszcze jedno\r\n\r\nx\r\n",
    )
    .await;
    // The APPEND reported the EXISTS; the new UID is searchable.
    assert_eq!(search(&mut w, "UID SEARCH UID 9:* FROM jan").await, "9");
    assert_eq!(search(&mut w, "SEARCH FROM jan").await, "5 6 9");
    mock.shutdown().await;
}
