//! Property tests: random MIME trees are rendered to bytes while the
//! expected range of every section is recorded; `BODY[section]`,
//! `.MIME`, `.HEADER` and `.TEXT` must return exactly those bytes. And no
//! input, however broken, makes the parser or its users panic.

use std::ops::Range;

use bytes::Bytes;
use gmail_wire::imap::{Section, SectionText};
use proptest::prelude::*;

use super::{envelope, parse, section_bytes, structure, text_for_search};

/// xorshift64*: the tree shape comes from one proptest-chosen seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }
}

/// What was rendered: ranges of one entity and its contents.
struct Info {
    header: Range<usize>,
    body: Range<usize>,
    kind: GenKind,
}

enum GenKind {
    Leaf,
    Multi(Vec<Info>),
    Message(Box<Info>),
}

struct Gen {
    rng: Rng,
    eol: &'static [u8],
    out: Vec<u8>,
    boundaries: u32,
}

const LEAF_TYPES: &[&str] = &[
    "text/plain; charset=utf-8",
    "text/html; charset=\"iso-8859-2\"",
    "application/pdf; name=\"a b.pdf\"",
    "image/png",
    "text/calendar; method=REQUEST",
    "application/octet-stream",
];
const MULTI_SUBTYPES: &[&str] = &["mixed", "alternative", "related", "signed", "report"];
const ENCODINGS: &[&str] = &["7bit", "8bit", "base64", "quoted-printable", "BINARY"];
const WORDS: &[&str] = &[
    "lorem",
    "ipsum=",
    "zażółć",
    "x",
    "",
    "  indented",
    "QUJD",
    "a--b",
];

impl Gen {
    fn line(&mut self, s: &str) {
        self.out.extend_from_slice(s.as_bytes());
        self.out.extend_from_slice(self.eol);
    }

    fn text_lines(&mut self, max: u64) {
        let n = self.rng.below(max + 1);
        for i in 0..n {
            let w = self.rng.pick(WORDS);
            self.out.extend_from_slice(w.as_bytes());
            if i + 1 < n || self.rng.chance(50) {
                self.out.extend_from_slice(self.eol);
            }
        }
    }

    fn entity(&mut self, depth: u32, message: bool) -> Info {
        let hstart = self.out.len();
        if message {
            self.line("From: \"A, B\" <a@example.com>");
            if self.rng.chance(30) {
                self.line("Subject: folded");
                self.line("\tcontinuation");
            } else {
                self.line("Subject: s");
            }
        }
        let roll = self.rng.below(100);
        let kind = if depth < 4 && roll < 35 {
            1
        } else if depth < 4 && roll < 50 {
            2
        } else {
            0
        };
        match kind {
            1 => {
                self.boundaries += 1;
                let b = format!("b{}_{}", self.boundaries, self.rng.below(1000));
                let sub = self.rng.pick(MULTI_SUBTYPES);
                if self.rng.chance(50) {
                    self.line(&format!("Content-Type: multipart/{sub};"));
                    self.line(&format!(" boundary=\"{b}\""));
                } else {
                    self.line(&format!("Content-Type: Multipart/{sub}; boundary={b}"));
                }
                self.out.extend_from_slice(self.eol);
                let header = hstart..self.out.len();
                let bstart = self.out.len();
                if self.rng.chance(40) {
                    self.text_lines(2);
                    self.out.extend_from_slice(self.eol);
                }
                let close = self.rng.chance(80);
                let n = 1 + self.rng.below(3);
                let mut children = Vec::new();
                for i in 0..n {
                    let pad = if self.rng.chance(20) { " \t" } else { "" };
                    self.line(&format!("--{b}{pad}"));
                    children.push(self.entity(depth + 1, false));
                    if close || i + 1 < n {
                        self.out.extend_from_slice(self.eol);
                    }
                }
                if close {
                    self.out.extend_from_slice(format!("--{b}--").as_bytes());
                    if self.rng.chance(50) {
                        self.out.extend_from_slice(self.eol);
                        self.text_lines(2);
                    }
                }
                Info {
                    header,
                    body: bstart..self.out.len(),
                    kind: GenKind::Multi(children),
                }
            }
            2 => {
                self.line("Content-Type: message/rfc822");
                if self.rng.chance(50) {
                    self.line("Content-Disposition: attachment; filename=fwd.eml");
                }
                self.out.extend_from_slice(self.eol);
                let header = hstart..self.out.len();
                let inner = self.entity(depth + 1, true);
                Info {
                    header,
                    body: inner.header.start..inner.body.end,
                    kind: GenKind::Message(Box::new(inner)),
                }
            }
            _ => {
                if self.rng.chance(80) {
                    let t = self.rng.pick(LEAF_TYPES);
                    self.line(&format!("Content-Type: {t}"));
                }
                if self.rng.chance(50) {
                    let e = self.rng.pick(ENCODINGS);
                    self.line(&format!("Content-Transfer-Encoding: {e}"));
                }
                self.out.extend_from_slice(self.eol);
                let header = hstart..self.out.len();
                let bstart = self.out.len();
                self.text_lines(4);
                Info {
                    header,
                    body: bstart..self.out.len(),
                    kind: GenKind::Leaf,
                }
            }
        }
    }
}

/// Expected ranges per part path: (MIME, body, HEADER and TEXT of an
/// encapsulated message).
type Expect = (
    Range<usize>,
    Range<usize>,
    Option<(Range<usize>, Range<usize>)>,
);

fn visit_message(msg: &Info, path: &[u32], out: &mut Vec<(Vec<u32>, Expect)>) {
    match &msg.kind {
        GenKind::Multi(children) => {
            for (i, c) in children.iter().enumerate() {
                visit_part(c, &[path, &[i as u32 + 1]].concat(), out);
            }
        }
        _ => visit_part(msg, &[path, &[1]].concat(), out),
    }
}

fn visit_part(part: &Info, path: &[u32], out: &mut Vec<(Vec<u32>, Expect)>) {
    let inner = match &part.kind {
        GenKind::Message(m) => Some((m.header.clone(), m.body.clone())),
        _ => None,
    };
    out.push((
        path.to_vec(),
        (part.header.clone(), part.body.clone(), inner),
    ));
    match &part.kind {
        GenKind::Multi(children) => {
            for (i, c) in children.iter().enumerate() {
                visit_part(c, &[path, &[i as u32 + 1]].concat(), out);
            }
        }
        GenKind::Message(m) => visit_message(m, path, out),
        GenKind::Leaf => {}
    }
}

fn sec(part: &[u32], text: Option<SectionText>) -> Section {
    Section {
        part: part.to_vec(),
        text,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn sections_are_exact_slices(seed in 1u64.., crlf: bool) {
        let mut g = Gen {
            rng: Rng(seed),
            eol: if crlf { b"\r\n" } else { b"\n" },
            out: Vec::new(),
            boundaries: 0,
        };
        let top = g.entity(0, true);
        let raw = Bytes::from(g.out);
        let tree = parse(&raw);
        let at = |r: &Range<usize>| raw.slice(r.clone());
        let get = |s: Section| section_bytes(&raw, &tree, &s);
        prop_assert_eq!(get(sec(&[], None)), Some(raw.clone()));
        prop_assert_eq!(get(sec(&[], Some(SectionText::Header))), Some(at(&top.header)));
        prop_assert_eq!(get(sec(&[], Some(SectionText::Text))), Some(at(&top.body)));
        let mut expected = Vec::new();
        visit_message(&top, &[], &mut expected);
        for (path, (mime, body, inner)) in &expected {
            prop_assert_eq!(get(sec(path, None)), Some(at(body)), "BODY[{:?}]", path);
            prop_assert_eq!(get(sec(path, Some(SectionText::Mime))), Some(at(mime)), "{:?}.MIME", path);
            let (h, t) = match inner {
                Some((h, t)) => (Some(at(h)), Some(at(t))),
                None => (None, None),
            };
            prop_assert_eq!(get(sec(path, Some(SectionText::Header))), h, "{:?}.HEADER", path);
            prop_assert_eq!(get(sec(path, Some(SectionText::Text))), t, "{:?}.TEXT", path);
        }
        // One past the last child of the top level does not exist.
        let n = tree.children().len().max(1) as u32;
        prop_assert_eq!(get(sec(&[n + 1], None)), None);
        // The structure's sizes are the body lengths it reports.
        let mut wire = Vec::new();
        structure(&raw, &tree).encode(&mut wire, true);
        prop_assert!(wire.starts_with(b"("));
    }

    #[test]
    fn arbitrary_bytes_never_panic(raw in proptest::collection::vec(any::<u8>(), 0..1500)) {
        exercise(&raw);
    }

    #[test]
    fn damaged_messages_never_panic(seed in 1u64.., cut in any::<prop::sample::Index>(),
                                    flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8)) {
        let mut g = Gen { rng: Rng(seed), eol: b"\r\n", out: Vec::new(), boundaries: 0 };
        g.entity(0, true);
        let mut raw = g.out;
        for (i, b) in flips {
            let i = i.index(raw.len().max(1));
            if i < raw.len() {
                raw[i] = b;
            }
        }
        raw.truncate(cut.index(raw.len() + 1));
        exercise(&raw);
    }
}

/// Everything FETCH and SEARCH do with a message.
fn exercise(raw: &[u8]) {
    let raw = Bytes::copy_from_slice(raw);
    let tree = parse(&raw);
    let mut out = Vec::new();
    structure(&raw, &tree).encode(&mut out, true);
    envelope(&raw, &tree).encode(&mut out);
    for path in [&[][..], &[1], &[2], &[1, 1], &[2, 1, 2], &[3, 1]] {
        for text in [
            None,
            Some(SectionText::Mime),
            Some(SectionText::Header),
            Some(SectionText::Text),
            Some(SectionText::HeaderFields(vec!["subject".into()])),
        ] {
            if path.is_empty() && text == Some(SectionText::Mime) {
                continue;
            }
            let _ = section_bytes(&raw, &tree, &sec(path, text));
        }
    }
    let _ = text_for_search(&raw);
}
