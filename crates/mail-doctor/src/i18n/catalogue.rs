//! One language's catalogue: the `.ftl` file, loaded into a Fluent bundle,
//! turning [`Msg`] values into words.
//!
//! Why Fluent: Polish needs CLDR plural rules (1 połączenie, 2 połączenia,
//! 15 połączeń) and a translator needs to read and change whole sentences
//! without reading Rust. The catalogues are compiled into the binary
//! (`include_str!`), so a release needs no files beside it.
//!
//! A [`Catalogue`] is built per render and passed by reference; nothing is
//! cached in a global, so many reports in many languages can be rendered side
//! by side. Rendering never panics: a message missing from a catalogue renders
//! as its id and is reported by [`Catalogue::try_say`], which the tests use to
//! prove that no message is ever missing.
//!
//! # Fluent details that matter here
//!
//! - **Isolation marks.** By default Fluent wraps every placeable in U+2068
//!   and U+2069 so right-to-left text cannot reorder its surroundings. In a
//!   terminal report they are invisible noise and break `grep` and the
//!   snapshots, so they are switched off; both languages are left-to-right.
//! - **Whitespace at the ends.** Fluent trims a pattern's leading and
//!   trailing blanks in the *source*, but a placeable that renders empty
//!   leaves its surrounding spaces in the *output*. A message whose last
//!   argument may be empty therefore has a second form without it (see
//!   `probe-oauth-refused-alone`) rather than a trailing space.
//! - **Numbers.** A [`Arg::Count`] becomes a Fluent number so that plural
//!   selectors work; it is printed without digit grouping, so a count
//!   renders as the same digits in both languages. Values that are not
//!   counted (ports, years) are passed as text and can never be reformatted.
//! - **Braces.** A literal `{` or `}` in a message must be written as
//!   `{"{"}`; the catalogues avoid them, and the exhaustive render test fails
//!   on any brace left in a rendered text.
//! - **Wrapped lines.** A message continued on indented lines is one
//!   paragraph: Fluent keeps the line breaks, and [`Catalogue::say`] joins
//!   them with spaces, so a translator can wrap freely.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

use super::{Arg, Lang, Msg, MsgId};

/// The English catalogue.
pub const EN_FTL: &str = include_str!("en.ftl");
/// The Polish catalogue.
pub const PL_FTL: &str = include_str!("pl.ftl");

/// The catalogue source of a language.
pub fn source(lang: Lang) -> &'static str {
    match lang {
        Lang::En => EN_FTL,
        Lang::Pl => PL_FTL,
    }
}

/// A language's messages, ready to format.
pub struct Catalogue {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
}

impl fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalogue")
            .field("lang", &self.lang)
            .finish_non_exhaustive()
    }
}

/// Building a catalogue parses its `.ftl` file; a renderer builds one per
/// call, which costs far less than the network probes and keeps no global
/// state.
impl Catalogue {
    /// Loads the language's catalogue.
    pub fn new(lang: Lang) -> Catalogue {
        let langid = match lang {
            Lang::En => unic_langid::langid!("en"),
            Lang::Pl => unic_langid::langid!("pl"),
        };
        let mut bundle = FluentBundle::new(vec![langid]);
        // Terminal text: without this every placeable is wrapped in
        // U+2068/U+2069 isolation marks, which show up in snapshots.
        bundle.set_use_isolating(false);
        // A syntax error keeps the rest of the file (Fluent recovers per
        // entry); the parity test fails on it, so it never ships.
        let resource = FluentResource::try_new(source(lang).to_owned()).unwrap_or_else(|(r, _)| r);
        // Duplicate ids are likewise caught by the parity test; the first
        // definition wins.
        let _ = bundle.add_resource(resource);
        Catalogue { lang, bundle }
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The message in words. Wrapped catalogue lines are joined with single
    /// spaces: every message is one line or paragraph of the report.
    pub fn say(&self, msg: &Msg) -> String {
        let mut errors = Vec::new();
        self.format(msg, &mut errors)
    }

    /// A message without arguments, in words.
    pub fn word(&self, id: MsgId) -> String {
        self.say(&Msg::new(id))
    }

    /// Like [`Catalogue::say`], but a missing message, a missing argument
    /// or any other Fluent error is returned as an error (for tests).
    pub fn try_say(&self, msg: &Msg) -> Result<String, Vec<String>> {
        let mut errors = Vec::new();
        let out = self.format(msg, &mut errors);
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    fn format(&self, msg: &Msg, errors: &mut Vec<String>) -> String {
        let id = msg.id.as_str();
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            errors.push(format!("{:?}: no message {id}", self.lang));
            return id.to_owned();
        };
        let mut args = FluentArgs::new();
        for (name, arg) in &msg.args {
            let value = match arg {
                Arg::Text(s) => FluentValue::from(s.clone()),
                Arg::Count(n) => FluentValue::from(*n),
                Arg::Date(d) => FluentValue::from(self.format(&date(*d), errors)),
                Arg::Message(m) => FluentValue::from(self.format(m, errors)),
            };
            args.set(*name, value);
        }
        let mut fluent_errors = Vec::new();
        let out = self
            .bundle
            .format_pattern(pattern, Some(&args), &mut fluent_errors);
        errors.extend(
            fluent_errors
                .iter()
                .map(|e| format!("{:?}: {id}: {e}", self.lang)),
        );
        out.replace('\n', " ")
    }
}

/// A date in prose: the catalogue's `date` pattern with the month's name
/// (`month-1` … `month-12`), so each language orders and inflects it.
///
/// The day and the year are passed as text, not numbers, so no language's
/// number formatting can touch a year.
fn date(d: NaiveDate) -> Msg {
    Msg::new(MsgId::Date)
        .text("day", d.day())
        .msg("month", month(d.month()))
        .text("year", d.year())
}

/// The message naming a month (1-based, as chrono counts).
///
/// Out-of-range input cannot occur (chrono counts 1 to 12), but the
/// function still answers rather than panicking, as library code must.
fn month(m: u32) -> MsgId {
    const MONTHS: [MsgId; 12] = [
        MsgId::Month1,
        MsgId::Month2,
        MsgId::Month3,
        MsgId::Month4,
        MsgId::Month5,
        MsgId::Month6,
        MsgId::Month7,
        MsgId::Month8,
        MsgId::Month9,
        MsgId::Month10,
        MsgId::Month11,
        MsgId::Month12,
    ];
    let i = usize::try_from(m.saturating_sub(1)).unwrap_or(0);
    MONTHS.get(i).copied().unwrap_or(MsgId::Month12)
}
