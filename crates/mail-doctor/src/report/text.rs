//! The human-readable report, in the language asked for.
//!
//! Every word the doctor itself writes — labels, probe step names, outcomes,
//! probe details, its own findings, the advice — comes from the catalogue;
//! what the servers said (their lines in the evidence and the probe
//! details, the transcripts) is quoted as received.
//!
//! # Layout
//!
//! ```text
//! mail-doctor report
//! ==================
//! Account: anna@firma.pl   IMAP imap.gmail.com:993 (SSL)   SMTP smtp.gmail.com:465 (SSL)
//! Date assumed: 2026-01-15
//!
//! Result: <title> [<remediation id>]
//! Who must act: <actor>
//!
//! <summary>
//!
//! What to do:          (numbered steps)
//! Good to know:        (caveats)
//! Evidence:            (> server lines, or the doctor's finding)
//! Notes:               (remarks that did not decide)
//! Ruled out:           ([id] why not)
//!
//! Probes:              (one row per step: protocol, step, outcome, ms, detail)
//! ```
//!
//! The remediation id stays in brackets in every language: support staff
//! search for it, and it is the same word in an English and a Polish ticket.

use std::fmt::Write as _;

use super::{evidence_line, step_detail, Report};
use crate::advice;
use crate::i18n::{Catalogue, Lang, MsgId as M};

/// Renders the report as text in `lang`. `verbose` adds the full
/// transcripts.
///
/// Section order follows what a reader needs first: the result and who
/// acts, the summary, the steps, the caveats; then the proof (the server's
/// decisive lines, notes, ruled-out rungs, every probe step). Empty
/// sections are left out. The probe table pads with `{:<14}` on the
/// translated step names, so the Polish table lines up like the English.
pub fn render(r: &Report, lang: Lang, verbose: bool) -> String {
    let c = Catalogue::new(lang);
    let label = |id: M| c.word(id);
    let a = &r.plan.advice;
    let mut s = String::new();
    let heading = label(M::LabelHeading);
    let _ = writeln!(s, "{heading}");
    let _ = writeln!(s, "{}", "=".repeat(heading.chars().count()));
    let _ = writeln!(
        s,
        "{}: {}   IMAP {}   SMTP {}",
        label(M::LabelAccount),
        r.settings.email,
        r.settings.imap,
        r.settings.smtp
    );
    let _ = writeln!(s, "{}: {}", label(M::LabelAsOf), r.as_of);
    let _ = writeln!(s);
    let marker = if r.recognised {
        String::new()
    } else {
        format!(" ({})", label(M::LabelNotRecognised))
    };
    let _ = writeln!(
        s,
        "{}: {} [{}]{}",
        label(M::LabelResult),
        c.say(&a.title),
        r.remediation,
        marker
    );
    let _ = writeln!(s, "{}: {}", label(M::LabelWho), c.say(&r.plan.who));
    let _ = writeln!(s);
    let _ = writeln!(s, "{}", c.say(&a.summary));
    section(&mut s, &label(M::LabelSteps), &a.steps, |i, m| {
        format!("  {}. {}", i + 1, c.say(m))
    });
    section(&mut s, &label(M::LabelCaveats), &a.caveats, |_, m| {
        format!("  - {}", c.say(m))
    });
    section(&mut s, &label(M::LabelEvidence), &r.evidence, |_, e| {
        format!("  > {}", evidence_line(&c, e))
    });
    section(&mut s, &label(M::LabelNotes), &r.plan.notes, |_, m| {
        format!("  - {}", c.say(m))
    });
    let ruled: Vec<_> = r.ruled_out.iter().zip(&r.plan.ruled_out).collect();
    section(&mut s, &label(M::LabelRuledOut), &ruled, |_, (ro, m)| {
        format!("  - [{}] {}", ro.id, c.say(m))
    });
    let _ = writeln!(s);
    let _ = writeln!(s, "{}:", label(M::LabelProbes));
    for p in &r.probes {
        let proto = match p.protocol {
            crate::probe::Channel::Dns => "DNS ",
            crate::probe::Channel::Imap => "IMAP",
            crate::probe::Channel::Smtp => "SMTP",
        };
        let time = if p.outcome == crate::probe::Outcome::Skipped {
            String::new()
        } else {
            format!("{} ms", p.elapsed_ms)
        };
        let line = format!(
            "  {proto} {:<14} {:<9} {:>8}  {}",
            c.word(advice::step(p.step)),
            c.word(advice::outcome(p.outcome)),
            time,
            step_detail(&c, &p.detail)
        );
        let _ = writeln!(s, "{}", line.trim_end());
    }
    if verbose {
        let transcript = label(M::LabelTranscript);
        for (name, lines) in [("IMAP", &r.transcripts.imap), ("SMTP", &r.transcripts.smtp)] {
            let _ = writeln!(s);
            let _ = writeln!(s, "{transcript} {name}:");
            for line in lines {
                let _ = writeln!(s, "  {line}");
            }
        }
    }
    s
}

/// A titled list after a blank line; nothing when the list is empty.
///
/// Empty sections are left out so that a healthy report is short; the
/// order of the sections does not depend on which are present.
fn section<T>(s: &mut String, title: &str, items: &[T], line: impl Fn(usize, &T) -> String) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "{title}:");
    for (i, item) in items.iter().enumerate() {
        let _ = writeln!(s, "{}", line(i, item));
    }
}
