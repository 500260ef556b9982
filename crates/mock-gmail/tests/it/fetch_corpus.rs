//! The message corpus (`tests/corpus/*.eml`, real-world shapes) over real
//! TLS: ENVELOPE and BODYSTRUCTURE wire text is snapshot-tested per
//! message; the `imap` crate must parse every structure, and every part
//! it lists must come back from `BODY.PEEK[part]` with exactly the size
//! the structure states, as a slice of the stored message.

use std::collections::BTreeMap;
use std::path::PathBuf;

use imap_proto::types::{BodyStructure, SectionPath};
use mock_gmail::model::preset::{WORKSPACE_EMAIL, WORKSPACE_PASSWORD};
use mock_gmail::{MockGmail, MockHandle};

use crate::support::{imap_client, Wire};

/// The corpus files in name order: (file stem, bytes).
fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, std::fs::read(&p).unwrap())
        })
        .collect()
}

/// A healthy mock with the corpus delivered to INBOX, and each file's UID
/// there (found through X-GM-MSGID, so a pre-seeded INBOX is no problem).
async fn corpus_mock() -> (MockHandle, Wire, Vec<(String, u32, Vec<u8>)>) {
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    let files = corpus();
    assert!(files.len() >= 20, "the corpus has {} messages", files.len());
    let mut by_msgid = BTreeMap::new();
    for (name, raw) in &files {
        let id = mock.deliver(WORKSPACE_EMAIL, raw.clone()).unwrap();
        by_msgid.insert(id, name.clone());
    }
    let mut w = Wire::tls(mock.imaps_addr(), mock.ca_pem()).await;
    w.line().await;
    let login = w.login_workspace("L").await;
    assert!(login.last().unwrap().starts_with("L OK"), "{login:?}");
    let sel = w.cmd("S", "SELECT INBOX").await;
    assert!(sel.last().unwrap().starts_with("S OK"), "{sel:?}");
    let mut uids = BTreeMap::new();
    for line in w.cmd("U", "UID FETCH 1:* (X-GM-MSGID)").await {
        // `* n FETCH (UID u X-GM-MSGID m)`
        let words: Vec<&str> = line.split([' ', '(', ')']).collect();
        let num = |key: &str| {
            let i = words.iter().position(|w| *w == key)?;
            words.get(i + 1)?.parse::<u64>().ok()
        };
        if let (Some(uid), Some(msgid)) = (num("UID"), num("X-GM-MSGID")) {
            if let Some(name) = by_msgid.get(&msgid) {
                uids.insert(name.clone(), uid as u32);
            }
        }
    }
    let out = files
        .into_iter()
        .map(|(name, raw)| {
            let uid = uids[&name];
            (name, uid, raw)
        })
        .collect();
    (mock, w, out)
}

/// `UID FETCH uid (ENVELOPE BODYSTRUCTURE)` as the exact wire bytes of
/// the data items (text between `FETCH (UID u ` and the closing `)`), one
/// item per line.
async fn envelope_and_structure(w: &mut Wire, uid: u32) -> String {
    let raw = w
        .cmd_raw("F", &format!("UID FETCH {uid} (ENVELOPE BODYSTRUCTURE)"))
        .await;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (data, done) = text.rsplit_once("\r\nF ").unwrap();
    assert_eq!(done, "OK Success\r\n");
    let prefix = format!("UID {uid} ENVELOPE ");
    let start = data.find(&prefix).unwrap() + format!("UID {uid} ").len();
    let items = data[start..].strip_suffix(')').unwrap();
    items.replacen(" BODYSTRUCTURE (", "\nBODYSTRUCTURE (", 1)
}

#[tokio::test]
async fn corpus_envelope_and_bodystructure_snapshots() {
    let (mock, mut w, corpus) = corpus_mock().await;
    for (name, uid, _) in &corpus {
        let text = envelope_and_structure(&mut w, *uid).await;
        insta::assert_snapshot!(format!("corpus@{name}"), text);
    }
    mock.shutdown().await;
}

/// Part paths and sizes of every non-multipart part, numbered as RFC 3501
/// §6.4.5 does, read from the structure the `imap` crate parsed.
fn parts(bs: &BodyStructure<'_>, path: &[u32], in_message: bool, out: &mut Vec<(Vec<u32>, u32)>) {
    let child = |i: usize| [path, &[i as u32 + 1]].concat();
    match bs {
        BodyStructure::Multipart { bodies, .. } => {
            for (i, b) in bodies.iter().enumerate() {
                parts(b, &child(i), false, out);
            }
        }
        _ if in_message => parts(bs, &child(0), false, out),
        BodyStructure::Message { other, body, .. } => {
            out.push((path.to_vec(), other.octets));
            parts(body, path, true, out);
        }
        BodyStructure::Basic { other, .. } | BodyStructure::Text { other, .. } => {
            out.push((path.to_vec(), other.octets));
        }
    }
}

fn is_slice_of(needle: &[u8], hay: &[u8]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn imap_crate_parses_every_structure_and_part_sizes_match() {
    let (mock, _w, corpus) = corpus_mock().await;
    let (addr, ca) = (mock.imaps_addr(), mock.ca_pem().to_owned());
    tokio::task::spawn_blocking(move || {
        let mut s = imap_client(addr, &ca)
            .login(WORKSPACE_EMAIL, WORKSPACE_PASSWORD)
            .map_err(|(e, _)| e)
            .unwrap();
        s.select("INBOX").unwrap();
        let mut checked = 0;
        for (name, uid, raw) in &corpus {
            let f = s
                .uid_fetch(uid.to_string(), "(ENVELOPE BODYSTRUCTURE RFC822.SIZE)")
                .unwrap_or_else(|e| panic!("{name}: the imap crate failed: {e:?}"));
            let f = f.iter().next().unwrap();
            assert_eq!(f.size, Some(raw.len() as u32), "{name}");
            assert!(f.envelope().is_some(), "{name}: no ENVELOPE");
            let bs = f
                .bodystructure()
                .unwrap_or_else(|| panic!("{name}: no BODYSTRUCTURE"));
            let mut list = Vec::new();
            parts(bs, &[], true, &mut list);
            for (path, octets) in list {
                let spec = path
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(".");
                let got = s
                    .uid_fetch(uid.to_string(), format!("BODY.PEEK[{spec}]"))
                    .unwrap();
                let got = got.iter().next().unwrap();
                let data = got
                    .section(&SectionPath::Part(path.clone(), None))
                    .unwrap_or_else(|| panic!("{name} [{spec}] missing"));
                assert_eq!(data.len() as u32, octets, "{name} [{spec}] size");
                assert!(
                    is_slice_of(data, raw),
                    "{name} [{spec}] not from the message"
                );
                checked += 1;
            }
        }
        assert!(checked >= 50, "only {checked} parts checked");
        s.logout().unwrap();
    })
    .await
    .unwrap();
    mock.shutdown().await;
}

/// Sections a CRM fetches, on corpus messages, byte for byte.
#[tokio::test]
async fn sections_over_the_wire() {
    let (mock, mut w, corpus) = corpus_mock().await;
    let uid_of = |stem: &str| corpus.iter().find(|c| c.0 == stem).unwrap().1;
    let fwd = uid_of("05-forwarded-rfc822");
    // Header fields of the forwarded message, then its attachment's MIME header.
    let r = w
        .cmd_raw(
            "a",
            &format!("UID FETCH {fwd} BODY.PEEK[2.HEADER.FIELDS (SUBJECT FROM)]"),
        )
        .await;
    let want =
        "From: Klient <klient@firma.example>\r\nSubject: =?UTF-8?Q?Zam=C3=B3wienie_nr_17?=\r\n\r\n";
    assert_eq!(
        String::from_utf8_lossy(&r),
        format!(
            "* {n} FETCH (UID {fwd} BODY[2.HEADER.FIELDS (SUBJECT FROM)] {{{}}}\r\n{want})\r\na OK Success\r\n",
            want.len(),
            n = seq(&mut w, fwd).await
        )
    );
    let r = w
        .cmd_raw("b", &format!("UID FETCH {fwd} BODY.PEEK[2.2.MIME]"))
        .await;
    let mime = "Content-Type: application/pdf; name=\"zamowienie.pdf\"\r\n\
Content-Disposition: attachment; filename=\"zamowienie.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    assert!(String::from_utf8_lossy(&r)
        .contains(&format!("BODY[2.2.MIME] {{{}}}\r\n{mime})", mime.len())));
    // Partial fetch: the origin is echoed, the count is not.
    let plain = uid_of("01-plain-text");
    let r = w
        .cmd_raw("c", &format!("UID FETCH {plain} BODY.PEEK[]<0.12>"))
        .await;
    assert!(String::from_utf8_lossy(&r).contains("BODY[]<0> {12}\r\nDelivered-To)"));
    // A non-multipart message: part 1 is its body; part 2 does not exist.
    let r = w
        .cmd_raw(
            "d",
            &format!("UID FETCH {plain} (BODY.PEEK[1] BODY.PEEK[2])"),
        )
        .await;
    let text = String::from_utf8_lossy(&r);
    let body = "Hi Anna,\r\n\r\nThursday at 10:00 works for me.\r\n\r\nJan\r\n";
    assert!(
        text.contains(&format!("BODY[1] {{{}}}\r\n{body} ", body.len())),
        "{text}"
    );
    assert!(text.contains(" BODY[2] {0}\r\n)"), "{text}");
    // A header-only message has an empty text.
    let hdr = uid_of("24-header-only");
    let r = w
        .cmd_raw(
            "e",
            &format!("UID FETCH {hdr} (RFC822.TEXT BODY.PEEK[TEXT])"),
        )
        .await;
    assert!(String::from_utf8_lossy(&r).contains("RFC822.TEXT {0}\r\n BODY[TEXT] {0}\r\n"));
    mock.shutdown().await;
}

/// The sequence number of `uid` in the selected folder.
async fn seq(w: &mut Wire, uid: u32) -> u32 {
    let lines = w.cmd("q", &format!("UID FETCH {uid} (UID)")).await;
    lines[0]
        .strip_prefix("* ")
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap()
}
