//! The file onto the mock builder and the `serve` flags.
//!
//! Precedence is "flags win": the file's state goes into the builder first
//! and `serve` then applies its flags on top (a later `mode`, `as_of`,
//! `web_login_style` or `tls_files` replaces the file's); flags that are
//! not builder calls (ports, bind, CA path, transcript directory, HTTP
//! port and credentials) are filled from the file only where the command
//! line left them unset; allowed HTTP host names from both count.

use mock_gmail::MockGmailBuilder;

use super::HarnessConfig;
use crate::args::ServeArgs;

/// Fills the flags the command line left unset from the file, and refuses
/// a file that describes Google's state next to `--scenario` (which does
/// too: one of them would silently lose).
pub fn fill_flags(file: &HarnessConfig, args: &mut ServeArgs) -> anyhow::Result<()> {
    if args.scenario.is_some() && file.has_state() {
        anyhow::bail!(
            "{}: this file sets Google's state (mode, as_of, policy, accounts, wire or faults), and so does --scenario; \
             keep only [listen], [tls], [[mailboxes]], sample_mailbox, transcript_dir, max_messages and max_transcripts in a file used with --scenario",
            file.path.display()
        );
    }
    let l = &file.listen;
    args.bind = args.bind.or(l.bind);
    args.gmail_ports |= l.gmail_ports;
    args.imaps_port = args.imaps_port.or(l.imaps);
    args.imap_port = args.imap_port.or(l.imap);
    args.smtps_port = args.smtps_port.or(l.smtps);
    args.submission_port = args.submission_port.or(l.submission);
    args.smtp_relay_port = args.smtp_relay_port.or(l.smtp_relay);
    args.http_port = args.http_port.or(l.http);
    // Credentials: a flag replaces the file's (either form); names add up.
    if args.http_auth.is_none() && args.http_auth_file.is_none() {
        args.http_auth = l.http_auth.clone();
        args.http_auth_file = l.http_auth_file.clone();
    }
    args.http_allowed_host
        .extend(l.http_allowed_hosts.iter().cloned());
    if args.ca_out.is_none() {
        args.ca_out = file.tls.ca_out.clone();
    }
    if args.transcript_dir.is_none() {
        args.transcript_dir = file.transcript_dir.clone();
    }
    args.max_messages = args.max_messages.or(file.max_messages);
    args.max_transcripts = args.max_transcripts.or(file.max_transcripts);
    Ok(())
}

/// The file's state and mail onto the builder (before the flags' calls).
pub fn onto_builder(file: &HarnessConfig, mut b: MockGmailBuilder) -> MockGmailBuilder {
    if let Some(m) = &file.mode {
        b = b.mode(m.clone());
    }
    if let Some(p) = &file.policy {
        b = b.policy(p.clone());
    }
    if let Some(d) = file.as_of {
        b = b.as_of(d);
    }
    for a in &file.accounts {
        b = b.account(a.clone());
    }
    if let Some(style) = file.wire.web_login {
        b = b.web_login_style(style);
    }
    for (stage, lines) in &file.wire.overrides {
        b = b.override_reply(stage.clone(), lines.clone());
    }
    if !file.faults.is_empty() {
        b = b.faults(file.faults.clone());
    }
    for m in &file.mailboxes {
        for path in &m.paths {
            b = match &m.account {
                Some(email) => b.seed_mailbox(email.clone(), path),
                None => b.seed_primary(path),
            };
        }
    }
    if let Some(on) = file.sample_mailbox {
        b = b.sample_mailbox(on);
    }
    if let (Some(cert), Some(key)) = (&file.tls.cert, &file.tls.key) {
        b = b.tls_files(cert, key, file.tls.ca.clone());
    }
    b
}
