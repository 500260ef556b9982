//! SEARCH / UID SEARCH with the RFC 3501 keys a CRM uses, CHARSET, and
//! Gmail's X-GM-RAW, over real TLS. The messages are APPENDed with known
//! INTERNALDATEs, flags and encodings.

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
        ("SEARCH ALL", "1 2 3"),
        ("SEARCH SEEN", "1"),
        ("SEARCH UNSEEN", "2 3"),
        ("SEARCH FLAGGED", "2"),
        ("SEARCH UNFLAGGED ANSWERED", ""),
        ("SEARCH ANSWERED", "2"),
        ("SEARCH DELETED", ""),
        ("SEARCH RECENT", ""),
        ("SEARCH NEW", ""),
        ("SEARCH OLD", "1 2 3"),
        ("SEARCH FROM jan", "1"),
        ("SEARCH FROM \"KLIENT.example\"", "2"),
        ("SEARCH TO anna.nowak", "1 2 3"),
        ("SEARCH CC biuro", "1"),
        ("SEARCH BCC szef", "2"),
        ("SEARCH SUBJECT oferta", "1 2"),
        ("SEARCH SUBJECT \"życia\"", "3"),
        ("SEARCH HEADER Message-ID \"<m2@\"", "2"),
        ("SEARCH HEADER Cc \"\"", "1"),
        ("SEARCH BODY \"zamówienie\"", "2"),
        ("SEARCH BODY Kowalski", ""),
        ("SEARCH TEXT Kowalski", "1"),
        ("SEARCH TEXT \"promocja życia\"", "3"),
        ("SEARCH SINCE 3-Jun-2020", "2 3"),
        ("SEARCH BEFORE 3-Jun-2020", "1"),
        ("SEARCH ON 3-Jun-2020", "2"),
        ("SEARCH SENTON 2-Jun-2020", "2"),
        ("SEARCH SENTSINCE 2-Jun-2020", "2 3"),
        ("SEARCH SENTBEFORE \"2-Jun-2020\"", "1"),
        ("SEARCH LARGER 1500", "3"),
        ("SEARCH SMALLER 1500", "1 2"),
        ("SEARCH 2:*", "2 3"),
        ("UID SEARCH UID 2:*", "2 3"),
        ("UID SEARCH UID 9:*", "3"),
        ("SEARCH NOT FROM jan", "2 3"),
        ("SEARCH OR FROM jan FROM ewa", "1 2"),
        ("SEARCH (SEEN FLAGGED)", ""),
        ("SEARCH OR (SEEN FROM jan) (UNSEEN LARGER 1500)", "1 3"),
        ("SEARCH CHARSET UTF-8 SUBJECT \"życia\"", "3"),
        ("SEARCH CHARSET us-ascii FROM ewa", "2"),
    ] {
        assert_eq!(search(&mut w, keys).await, want, "{keys}");
    }
    assert_eq!(
        w.cmd("a1", "SEARCH CHARSET ISO-8859-2 ALL").await,
        ["a1 NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset (Failure)"]
    );
    w.cmd("d", "STORE 3 +FLAGS.SILENT (\\Deleted)").await;
    assert_eq!(search(&mut w, "SEARCH DELETED").await, "3");
    mock.shutdown().await;
}

#[tokio::test]
async fn x_gm_raw() {
    let (mock, mut w) = setup().await;
    for (query, want) in [
        ("from:jan", "1"),
        ("from:jan.kowalski@firma.example", "1"),
        ("to:anna.nowak", "1 2 3"),
        ("subject:oferta -from:ewa", "1"),
        ("is:unread", "2 3"),
        ("is:read", "1"),
        ("is:starred", "2"),
        ("has:attachment", "2"),
        ("in:inbox", "1 2 3"),
        ("label:inbox is:starred", "2"),
        ("cenowa", "1"),
        ("cen", ""),
        ("\\\"oferta cenowa\\\"", "1"),
        ("zamówienie", "2"),
        ("from:jan OR from:newsletter", "1 3"),
        ("{from:ewa from:newsletter} -has:attachment", "3"),
        ("older_than:1y", "1 2 3"),
        ("newer_than:7d", ""),
        ("after:2020/06/02 before:2020/06/05", "2"),
        ("larger:1k", "3"),
    ] {
        assert_eq!(
            search(&mut w, &format!("SEARCH X-GM-RAW \"{query}\"")).await,
            want,
            "{query}"
        );
    }
    assert_eq!(
        search(&mut w, "UID SEARCH X-GM-RAW \"is:unread\" FROM ewa").await,
        "2"
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
    assert_eq!(search(&mut w, "UID SEARCH UID 4:* FROM jan").await, "4");
    assert_eq!(search(&mut w, "SEARCH FROM jan").await, "1 4");
    mock.shutdown().await;
}
