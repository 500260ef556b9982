//! The human-readable report.

use std::fmt::Write as _;

use super::Report;
use crate::i18n;

/// Renders the report as text. `verbose` adds the full transcripts.
pub fn render(r: &Report, verbose: bool) -> String {
    let l = i18n::labels(r.lang);
    let mut s = String::new();
    let _ = writeln!(s, "{}", l.heading);
    let _ = writeln!(s, "{}", "=".repeat(l.heading.chars().count()));
    let _ = writeln!(
        s,
        "{}: {}   IMAP {}   SMTP {}",
        l.account, r.settings.email, r.settings.imap, r.settings.smtp
    );
    let _ = writeln!(s, "{}: {}", l.as_of, r.as_of);
    let _ = writeln!(s);
    let marker = if r.recognised {
        String::new()
    } else {
        format!(" ({})", l.not_recognised)
    };
    let _ = writeln!(
        s,
        "{}: {} [{}]{}",
        l.result, r.advice.title, r.remediation, marker
    );
    let _ = writeln!(s, "{}: {}", l.who, r.who_text);
    if !r.advice.summary.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "{}", r.advice.summary);
    }
    if !r.advice.steps.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "{}:", l.steps);
        for (i, step) in r.advice.steps.iter().enumerate() {
            let _ = writeln!(s, "  {}. {}", i + 1, step);
        }
    }
    if !r.advice.caveats.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "{}:", l.caveats);
        for c in &r.advice.caveats {
            let _ = writeln!(s, "  - {c}");
        }
    }
    if !r.evidence.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "{}:", l.evidence);
        for e in &r.evidence {
            let _ = writeln!(s, "  > {e}");
        }
    }
    if !r.notes.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "{}:", l.notes);
        for n in &r.notes {
            let _ = writeln!(s, "  - {n}");
        }
    }
    if !r.ruled_out.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "{}:", l.ruled_out);
        for ro in &r.ruled_out {
            let _ = writeln!(s, "  - [{}] {}", ro.id, ro.text);
        }
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "{}:", l.probes);
    for p in &r.probes {
        let proto = match p.protocol {
            crate::Protocol::Imap => "IMAP",
            crate::Protocol::Smtp => "SMTP",
        };
        let time = if p.outcome == crate::probe::Outcome::Skipped {
            String::new()
        } else {
            format!("{} ms", p.elapsed_ms)
        };
        let line = format!(
            "  {proto} {:<14} {:<9} {:>8}  {}",
            i18n::step(r.lang, p.step),
            i18n::outcome(r.lang, p.outcome),
            time,
            p.detail
        );
        let _ = writeln!(s, "{}", line.trim_end());
    }
    if verbose {
        for (name, lines) in [("IMAP", &r.transcripts.imap), ("SMTP", &r.transcripts.smtp)] {
            let _ = writeln!(s);
            let _ = writeln!(s, "{} {name}:", l.transcript);
            for line in lines {
                let _ = writeln!(s, "  {line}");
            }
        }
    }
    s
}
