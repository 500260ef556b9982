//! English report texts.
//!
//! Our own words over the facts of the support article (menu paths, setting
//! names, URLs, the order of the ladder) and Google's later changes
//! (DESIGN.md "Time"). One function per remediation id.
//!
//! What the facts *mean* — which settings to quote, which TLS problem it
//! was, which rung comes next, why an app password is needed — is decided
//! once in `super::shared`, which `pl.rs` uses too, so both languages always
//! give the same advice and differ only in wording.

use gmail_wire::google::AccountKind;

use super::shared::{
    app_password_why, domain, less_secure_hidden, net_trouble, oauth_refused_as_credentials,
    other_wrong, password_trouble, right_endpoint, standard_security, subject, tls_trouble,
    AppPasswordWhy, NetTrouble, PasswordTrouble, TlsTrouble, IMAP_SWITCH_REMOVED,
};
use super::{Advice, Labels, TextCtx};
use crate::classify::{Facts, Note, RuledOut, RuledOutReason, SettingsIssue, Temporary};
use crate::config::{Endpoint, Security};
use crate::probe::StepKind;
use crate::remedy::{Actor, RemediationId as R};
use crate::Protocol;

pub(super) const LABELS: Labels = Labels {
    heading: "mail-doctor report",
    account: "Account",
    as_of: "Date assumed",
    result: "Result",
    who: "Who must act",
    steps: "What to do",
    caveats: "Good to know",
    ruled_out: "Ruled out",
    evidence: "Evidence",
    probes: "Probes",
    notes: "Notes",
    transcript: "Transcript",
    not_recognised: "not recognised",
    ok: "ok",
    failed: "FAILED",
    skipped: "skipped",
};

pub(super) fn advice(ctx: &TextCtx<'_>) -> Advice {
    let mut a = match ctx.diagnosis.remediation {
        R::None => none(ctx),
        R::FixConnectionSettings => fix_connection_settings(ctx),
        R::CheckNetwork => check_network(ctx),
        R::CheckTlsInterception => check_tls_interception(ctx),
        R::CheckPassword => check_password(ctx),
        R::EnableImap => enable_imap(ctx),
        R::EnableImapUser => enable_imap_user(ctx),
        R::AllowLessSecureApps => allow_less_secure_apps(ctx),
        R::UseAppPassword => use_app_password(ctx),
        R::AllowExternalSmtp => allow_external_smtp(ctx),
        R::RetryLater => retry_later(ctx),
        R::AccountSuspended => account_suspended(ctx),
        R::ReauthorizeOauth => reauthorize_oauth(ctx),
    };
    if let Some(url) = &ctx.diagnosis.facts.web_login_url {
        a.caveats.push(format!(
            "Google also sent a sign-in link with its refusal: {url} — open it and sign in \
             once as {} in a browser on the same network as the CRM (on the CRM's server, if \
             it runs there). Confirming the sign-in that way can lift the block by itself.",
            ctx.email
        ));
    }
    a
}

fn adv(title: String, summary: String, steps: Vec<String>, caveats: Vec<String>) -> Advice {
    Advice {
        title,
        summary,
        steps,
        caveats,
    }
}

/// "server imap.gmail.com, port 993, security SSL".
fn fields(ep: &Endpoint) -> String {
    format!(
        "server {}, port {}, security {}",
        ep.host, ep.port, ep.security
    )
}

fn proto(p: Protocol) -> &'static str {
    match p {
        Protocol::Imap => "IMAP",
        Protocol::Smtp => "SMTP",
    }
}

/// "personal (@gmail.com)" / "G Suite" / "Google Workspace", for "…
/// accounts" (the product name of the era assumed).
fn kind_name(f: &Facts) -> &'static str {
    match f.account_kind {
        AccountKind::Consumer => "personal (@gmail.com)",
        AccountKind::Workspace => f.admin_product,
    }
}

/// The article's warning, in our words: the sign-in page is the same for
/// company and private accounts, so people change the wrong one.
fn company_not_private(email: &str, kind: AccountKind) -> String {
    let other = match kind {
        AccountKind::Workspace => "— the company account — and not as a private Google account",
        AccountKind::Consumer => {
            "and not as another of your Google accounts (a company or another private one)"
        }
    };
    format!(
        "Make sure you are signed in as {email} {other}: the sign-in page is the same for all of \
         them. The avatar in the top-right corner shows which account is active."
    )
}

/// Why the account password cannot be used any more (after the cut-off).
fn password_sign_in_ended(f: &Facts) -> String {
    let end = f.less_secure_end;
    format!(
        "Since {end} Google no longer lets apps sign in to {} accounts with the account password \
         at all; the old \"less secure apps\" option is gone, and only an app password or \
         \"Sign in with Google\" (OAuth) works.",
        kind_name(f)
    )
}

/// The cut-off caveat: until when this rung exists, or that it is gone.
fn less_secure_cutoff(f: &Facts) -> String {
    let (kind, end) = (kind_name(f), f.less_secure_end);
    if f.less_secure_possible {
        format!(
            "Google keeps this option for {kind} accounts only until {end}. From that day apps \
             can sign in only with an app password or with \"Sign in with Google\" (OAuth), so \
             plan the switch early."
        )
    } else {
        format!(
            "For {kind} accounts Google removed this option on {end}, before the date assumed; \
             an app password or \"Sign in with Google\" (OAuth) is needed instead."
        )
    }
}

// ---------------------------------------------------------------------------
// One function per remediation id.
// ---------------------------------------------------------------------------

fn none(ctx: &TextCtx<'_>) -> Advice {
    adv(
        "Everything works — nothing to change".into(),
        format!(
            "The doctor signed in to {email} over IMAP and opened INBOX, then signed in over \
             SMTP and Gmail accepted a test envelope (sender and recipient; nothing was sent). \
             Settings used: IMAP {imap}, SMTP {smtp}. The mailbox is ready for the CRM.",
            email = ctx.email,
            imap = ctx.imap,
            smtp = ctx.smtp
        ),
        Vec::new(),
        vec![format!(
            "If the CRM still reports an error, compare its settings with the ones above and its \
             login with {}: a difference there is the likely cause.",
            ctx.email
        )],
    )
}

fn fix_connection_settings(ctx: &TextCtx<'_>) -> Advice {
    let (protocol, typed) = subject(ctx);
    let p = proto(protocol);
    let right = right_endpoint(protocol, typed);
    let (host, port, sec) = (&typed.host, typed.port, typed.security);
    let problem = match &ctx.diagnosis.facts.settings {
        Some(SettingsIssue::NoSuchHost) => format!(
            "The server name {host} does not exist: DNS has no address for it. That is usually \
             a typo or a guessed name; Gmail's {p} server is {}.",
            right.host
        ),
        Some(SettingsIssue::Refused) => format!(
            "The host {host} answered, but nothing accepts connections on port {port}, so this \
             port is wrong for {p}."
        ),
        Some(SettingsIssue::NoAnswer) => format!(
            "Nothing answered at {host} on port {port} — not Gmail's {p} settings. Either the \
             server or the port is wrong, or something silently drops the connection."
        ),
        Some(SettingsIssue::PlaintextPort) => match standard_security(port) {
            Some(Security::Starttls) => format!(
                "SSL was chosen, but port {port} begins unencrypted and switches to encryption \
                 only later, with STARTTLS, so the encrypted handshake failed at once."
            ),
            _ => format!(
                "SSL was chosen, but port {port} does not begin encrypted (like 143 for IMAP and \
                 587 for SMTP, which switch to encryption later with STARTTLS), so the encrypted \
                 handshake failed at once."
            ),
        },
        Some(SettingsIssue::TlsPort) => {
            let example = match standard_security(port) {
                Some(Security::Ssl) => "",
                _ => ", like 993 for IMAP and 465 for SMTP",
            };
            format!(
                "{sec} was chosen, but port {port} expects encryption from the very first byte \
                 (SSL{example}). The server silently waits for the encrypted handshake while the \
                 CRM waits for a greeting, until one of them gives up."
            )
        }
        Some(SettingsIssue::OtherProtocol) => {
            let (other, example) = match protocol {
                Protocol::Imap => ("SMTP", "smtp.gmail.com, or port 465 or 587"),
                Protocol::Smtp => ("IMAP", "imap.gmail.com, or port 993"),
            };
            format!(
                "The server at that address speaks {other}, not {p}: the sending and receiving \
                 settings are mixed up (for example {example} in the {p} fields)."
            )
        }
        Some(SettingsIssue::NoStarttls) => format!(
            "STARTTLS was chosen, but the server at {host}:{port} does not offer it, so the \
             connection cannot be encrypted and Gmail would never accept a password over it."
        ),
        Some(SettingsIssue::MustStarttls) => format!(
            "The CRM sent the login before switching on encryption, and the server refused \
             (\"Must issue a STARTTLS command first\"). With port {port} the security setting \
             must be STARTTLS — or use port 465 with SSL."
        ),
        Some(SettingsIssue::Unencrypted) => "No encryption was chosen. Gmail never accepts a \
             password over an unencrypted connection, so signing in cannot even be attempted."
            .into(),
        Some(SettingsIssue::WrongHostCertificate) => format!(
            "The server at {host} presented a certificate for a different name, so {host} is \
             not the name to use (an IP address, an alias or another provider's server). \
             Gmail's {p} server is {}.",
            right.host
        ),
        None => format!("These settings do not work with Gmail's {p} server."),
    };
    let value_step = match protocol {
        Protocol::Imap => format!("For IMAP (incoming mail) enter {}.", fields(&right)),
        Protocol::Smtp => format!(
            "For SMTP (outgoing mail) enter {} — Gmail accepts port 465 with SSL or port 587 \
             with STARTTLS; keep each port with its own security setting.",
            fields(&right)
        ),
    };
    let mut caveats = Vec::new();
    if typed.is_gmail_setting(protocol) {
        caveats.push(format!(
            "These are Gmail's own settings, so whatever answered did not behave like Gmail: \
             check that nothing (a hosts-file entry, a proxy, a test server) stands in for \
             {host}."
        ));
    }
    if let Some((other, ep)) = other_wrong(ctx, protocol) {
        caveats.push(format!(
            "The {} settings ({ep}) are not Gmail's either: use {}.",
            proto(other),
            fields(&right_endpoint(other, ep))
        ));
    }
    caveats.push(
        "Gmail's settings for reference: IMAP imap.gmail.com, port 993, SSL; SMTP \
         smtp.gmail.com, port 465 with SSL or 587 with STARTTLS; the login is always the full \
         email address."
            .into(),
    );
    adv(
        format!("Correct the {p} server settings in the CRM"),
        format!("For {p} the CRM was given {typed}. {problem}"),
        vec![
            "Open the mailbox (account) settings in the CRM.".into(),
            value_step,
            format!(
                "Use the full email address, {}, as the login (user name); the password stays \
                 as it was.",
                ctx.email
            ),
            "Save and connect again.".into(),
        ],
        caveats,
    )
}

fn check_network(ctx: &TextCtx<'_>) -> Advice {
    let (_, typed) = subject(ctx);
    let (host, port) = (&typed.host, typed.port);
    let (title, summary) = match net_trouble(ctx.diagnosis.rule) {
        NetTrouble::Dns => (
            "This network cannot look up Gmail's servers",
            format!(
                "{host} could not be resolved, although it is Gmail's correct server name. The \
                 DNS used by the computer running the CRM is not working, or it blocks \
                 Google's mail servers."
            ),
        ),
        NetTrouble::Impostor => (
            "Something on the network answers instead of Gmail",
            format!(
                "The settings are right ({typed}), but what answered on {host}:{port} spoke \
                 plaintext instead of TLS. Gmail never does that on this port: a proxy, a captive \
                 portal (hotel or guest Wi-Fi login page) or a firewall is intercepting mail \
                 connections."
            ),
        ),
        NetTrouble::Blocked => (
            "The network blocks the connection to Gmail",
            format!(
                "The settings are right ({typed}), but the connection to {host} on port {port} \
                 was refused or timed out. A firewall, a proxy or the hosting provider is \
                 blocking outgoing mail connections."
            ),
        ),
    };
    adv(
        title.into(),
        summary,
        vec![
            format!(
                "On the computer or server where the CRM runs, check that {host} resolves and \
                 that port {port} is reachable, e.g. `nslookup {host}`, then `openssl s_client \
                 -connect {host}:{port}` (on Windows: `Test-NetConnection {host} -Port {port}`)."
            ),
            "Ask whoever runs the network to allow outgoing connections to imap.gmail.com on \
             port 993 and to smtp.gmail.com on ports 465 and 587."
                .into(),
            "If all traffic has to go through a web proxy, ask for an exception for these hosts: \
             IMAP and SMTP do not pass through an ordinary HTTP proxy."
                .into(),
            "Run the diagnosis again.".into(),
        ],
        vec![
            "The doctor tests from the machine it runs on. If the CRM runs in the cloud, what \
             matters is its provider's network, not your office's."
                .into(),
            "Guest Wi-Fi, hotels and some hosting providers block outgoing mail ports on \
             purpose."
                .into(),
        ],
    )
}

fn check_tls_interception(ctx: &TextCtx<'_>) -> Advice {
    let (_, typed) = subject(ctx);
    let (host, port) = (&typed.host, typed.port);
    let trouble = tls_trouble(ctx.diagnosis.rule);
    let (title, summary) = match trouble {
        TlsTrouble::Untrusted => (
            "Something intercepts the encrypted connection to Gmail",
            format!(
                "The certificate presented for {host} is not signed by an authority this \
                 computer trusts, so it did not come from Google. Usually antivirus software \
                 that scans mail or HTTPS traffic, or a company proxy or firewall with TLS \
                 inspection, sits in between."
            ),
        ),
        TlsTrouble::Expired => (
            "The server certificate looks expired — check the computer's clock",
            format!(
                "The certificate presented for {host} is outside its validity dates. Google \
                 renews its certificates long before they expire, so most likely the date or \
                 time of the computer is wrong (or an intercepting program shows an old \
                 certificate)."
            ),
        ),
        TlsTrouble::OtherName => (
            "The certificate does not belong to Gmail's server",
            format!(
                "{host} is Gmail's correct server name, yet the certificate is for another name, \
                 so a different machine answered: an intercepting proxy or antivirus, or a DNS \
                 or hosts-file entry that points {host} elsewhere."
            ),
        ),
        TlsTrouble::CaAsServer => (
            "The server presents a CA certificate as its own",
            format!(
                "{host}:{port} speaks TLS, but the certificate it presents is a certificate \
                 authority's (CA:TRUE), not a server certificate, so it is refused even when \
                 that CA is trusted. Self-signed test certificates made as a CA (Dovecot's \
                 default one, for example) do this."
            ),
        ),
        TlsTrouble::Revoked => (
            "The server certificate has been revoked",
            format!(
                "The certificate presented for {host} has been revoked by its issuer and must \
                 not be trusted. Google's servers never present a revoked certificate: \
                 something in between does."
            ),
        ),
        TlsTrouble::Unusable => (
            "The server certificate cannot be used",
            format!(
                "{host}:{port} speaks TLS, but its certificate is unusable: malformed, not \
                 meant for servers, missing, or signed in a way this computer cannot check."
            ),
        ),
        TlsTrouble::Handshake => (
            "The encrypted connection to Gmail cannot be set up",
            format!(
                "The TLS handshake with {host}:{port} failed although these are Gmail's \
                 settings. A program or device in between (antivirus, proxy, firewall) is \
                 probably interfering with the connection."
            ),
        ),
    };
    let mut steps = Vec::new();
    if trouble == TlsTrouble::Expired {
        steps.push(
            "Check the date, time and time zone on the computer (or server) running the CRM, \
             and turn on automatic time synchronisation."
                .into(),
        );
    }
    if trouble == TlsTrouble::OtherName {
        steps.push(format!(
            "Check the hosts file and DNS settings: {host} must resolve to Google's addresses."
        ));
    }
    if trouble == TlsTrouble::CaAsServer {
        steps.push(format!(
            "Whoever runs {host} must give it a server certificate signed by that CA (with \
             CA:FALSE and the server's name), not the CA certificate itself; the CA stays the \
             one given with `--ca-file`."
        ));
    }
    // A CA certificate used as the server's is the server's own set-up,
    // not interception: the antivirus and proxy steps do not apply.
    if trouble != TlsTrouble::CaAsServer {
        steps.push(
            "In the antivirus, turn off scanning of encrypted connections and email (often called \
             \"HTTPS scanning\", \"SSL scanning\" or \"mail protection\"), or add imap.gmail.com and \
             smtp.gmail.com as exceptions."
                .into(),
        );
        steps.push(
            "If the company network inspects TLS traffic, ask IT to exempt imap.gmail.com and \
             smtp.gmail.com (ports 993, 465 and 587)."
                .into(),
        );
    }
    steps.push("Run the diagnosis again.".into());
    let mut caveats = vec!["Do not work around this by telling the CRM to accept any \
                            certificate: whoever intercepts the connection could then read the \
                            password."
        .into()];
    if trouble != TlsTrouble::Expired {
        caveats.push(
            "Testing against a mock or test server? Give the doctor its CA certificate with \
             `--ca-file`; without it the test certificate is untrusted by design."
                .into(),
        );
    }
    adv(title.into(), summary, steps, caveats)
}

fn check_password(ctx: &TextCtx<'_>) -> Advice {
    let d = ctx.diagnosis;
    let f = &d.facts;
    let email = ctx.email;
    let trouble = password_trouble(d);
    let retype = vec![
        format!(
            "Sign in at mail.google.com as {email} in a private browser window, to confirm the \
             password (and that this is the right address)."
        ),
        "In the CRM, type the password again by hand: watch Caps Lock, the keyboard layout and \
         spaces copied before or after it."
            .into(),
        format!("Use the full address, {email}, as the login — not just the part before @."),
        "Save and connect again.".into(),
    ];
    match trouble {
        PasswordTrouble::AppPassword => adv(
            "Gmail does not accept this app password".into(),
            format!(
                "Gmail refused the sign-in for {email} with the app password that was used. It \
                 was mistyped or is no longer valid: deleting it, or changing the account \
                 password, revokes app passwords."
            ),
            vec![
                format!(
                    "Open myaccount.google.com/apppasswords, signed in as {email}, and delete \
                     the old app password of the CRM."
                ),
                "Generate a new one (name it e.g. \"CRM\") and copy its 16 letters; whether \
                 you keep the spaces does not matter."
                    .into(),
                format!(
                    "Type it into the CRM's password field — not the account password — with the \
                     login {email}, save and connect again."
                ),
            ],
            vec![
                "App passwords need 2-Step Verification; if it has been turned off, they no \
                  longer work."
                    .into(),
            ],
        ),
        PasswordTrouble::SmtpOnly => {
            let mut steps = vec![
                "IMAP accepted the same address and password, so look at the \
                                  CRM's separate SMTP (outgoing mail) login and password \
                                  fields: they probably hold something else."
                    .into(),
            ];
            steps.extend(retype.into_iter().skip(1));
            adv(
                "Gmail does not accept the SMTP password — type it again".into(),
                format!(
                    "Gmail refused the SMTP sign-in for {email} (\"Username and Password not \
                     accepted\"), although the IMAP sign-in succeeded."
                ),
                steps,
                Vec::new(),
            )
        }
        PasswordTrouble::Exhausted => adv(
            "The password is still refused — check it and the address".into(),
            format!(
                "Gmail still refuses the sign-in for {email} (\"Invalid credentials\"), and the \
                 other steps of the ladder have already been tried. What remains is the password \
                 or the address itself."
            ),
            retype,
            vec![
                "If the browser sign-in works but the CRM's does not, the password may have \
                  changed since it was saved in the CRM, or the CRM keeps an old one: remove \
                  the mailbox from the CRM and add it again."
                    .into(),
            ],
        ),
        PasswordTrouble::Plain { ambiguous, next } => {
            let mut caveats = Vec::new();
            if ambiguous {
                caveats.push(
                    "Gmail says \"Invalid credentials\" both for a wrong password and — for \
                     years — for a correct password whose sign-in was blocked as a \"less \
                     secure app\"; the reply alone cannot tell them apart."
                        .into(),
                );
            }
            let then = "Run the doctor again with `--tried check-password` to get those steps.";
            match next {
                Some(R::AllowLessSecureApps) => caveats.push(format!(
                    "If you are certain the password is right, the next step is to allow less \
                     secure apps ({who}); for this kind of account that is possible until \
                     {end}. {then}",
                    who = match f.account_kind {
                        AccountKind::Workspace => "the Workspace administrator, then you",
                        AccountKind::Consumer => "you do it yourself",
                    },
                    end = f.less_secure_end
                )),
                Some(_) if !f.less_secure_possible => caveats.push(format!(
                    "If you are certain the password is right, the next step is an app \
                     password. {} {then}",
                    password_sign_in_ended(f)
                )),
                Some(_) => caveats.push(format!(
                    "If you are certain the password is right, the next step is an app \
                     password. {then}"
                )),
                None => {}
            }
            adv(
                "Gmail does not accept the password — type it again".into(),
                format!(
                    "Gmail refused the sign-in for {email} (\"Invalid credentials\"). The most \
                     common reason is simply a wrong or mistyped password."
                ),
                retype,
                caveats,
            )
        }
    }
}

fn enable_imap(ctx: &TextCtx<'_>) -> Advice {
    let f = &ctx.diagnosis.facts;
    let product = f.admin_product;
    let mut caveats = vec![
        "The change can take some time to reach Gmail's servers (Google allows up to 24 hours); \
         if the same reply comes back at once, wait and try again."
            .into(),
        "Once IMAP is on, the sign-in may stop at the next step of the ladder; run the doctor \
         again to see it."
            .into(),
    ];
    if f.account_kind == AccountKind::Consumer {
        caveats.push(format!(
            "{} is a personal address without an administrator, so this reply is unexpected: \
             check that the address typed into the CRM is the right one.",
            ctx.email
        ));
    }
    adv(
        "Workspace admin: turn on IMAP for the domain".into(),
        format!(
            "Gmail says IMAP is disabled for the users of {} by the {product} administrator, \
             so no password will work until the administrator allows it.",
            domain(ctx.email)
        ),
        vec![
            "Sign in at admin.google.com with an administrator account.".into(),
            format!(
                "Go to Apps > {product} > Gmail > Advanced settings (newer consoles: Apps > \
                 {product} > Gmail > End user access, section \"POP and IMAP access\")."
            ),
            "Untick \"Disable POP and IMAP access for all users\" (newer consoles: make sure \
             IMAP access is enabled) — also for the organisational unit the user belongs to."
                .into(),
            "Save.".into(),
            "Connect the mailbox in the CRM again.".into(),
        ],
        caveats,
    )
}

fn enable_imap_user(ctx: &TextCtx<'_>) -> Advice {
    let f = &ctx.diagnosis.facts;
    let email = ctx.email;
    if !f.user_imap_switch_exists {
        let (title, steps) = match f.account_kind {
            AccountKind::Workspace => (
                "Only the Workspace administrator can block IMAP now",
                vec![
                    format!(
                        "Ask the Workspace administrator to check admin.google.com → Apps > {0} > \
                         Gmail > End user access > \"POP and IMAP access\" and to allow IMAP for \
                         your organisational unit (older consoles: Apps > {0} > Gmail > \
                         Advanced settings, untick \"Disable POP and IMAP access for all \
                         users\").",
                        f.admin_product
                    ),
                    "Connect the CRM again.".into(),
                ],
            ),
            AccountKind::Consumer => (
                "Gmail reports IMAP as off, but the switch no longer exists",
                vec![
                    "There is nothing to switch on: connect the CRM again in a few minutes.".into(),
                ],
            ),
        };
        return adv(
            title.into(),
            format!(
                "Gmail says IMAP is off for {email}, but Google removed the users' own IMAP \
                 switch on {IMAP_SWITCH_REMOVED}: since then IMAP is always on for users, and \
                 only a Workspace administrator can block it."
            ),
            steps,
            vec![format!(
                "If the reply comes from a transcript recorded before {IMAP_SWITCH_REMOVED}, \
                 run the doctor with that date (`--as-of`) to get the advice of that time."
            )],
        );
    }
    adv(
        "Turn on IMAP in your Gmail settings".into(),
        format!(
            "Gmail says IMAP is switched off for {email}. Each user can switch it on in Gmail's \
             own settings; no administrator is needed."
        ),
        vec![
            format!("Open Gmail (mail.google.com), signed in as {email}."),
            "Click the gear icon at the top right (Settings), then \"See all settings\".".into(),
            "Open the \"Forwarding and POP/IMAP\" tab.".into(),
            "Under \"IMAP access\", select \"Enable IMAP\".".into(),
            "Click \"Save changes\" at the bottom of the page, then connect the CRM again.".into(),
        ],
        vec![
            company_not_private(email, f.account_kind),
            format!(
                "Google removes this switch on {IMAP_SWITCH_REMOVED}; from then on IMAP is \
                 always on for users and only a Workspace administrator can block it."
            ),
        ],
    )
}

fn allow_less_secure_apps(ctx: &TextCtx<'_>) -> Advice {
    let f = &ctx.diagnosis.facts;
    let email = ctx.email;
    let mut caveats = vec![
        "Changes to this setting can take up to 24 hours to reach Gmail; until then the same \
         refusal may come back."
            .into(),
        company_not_private(email, f.account_kind),
    ];
    let advice = match f.account_kind {
        AccountKind::Workspace => {
            caveats.push(
                "Choose (a) when only some people use the CRM: everyone else keeps password \
                 sign-in from apps blocked. Choose (b) when everybody needs it; then nobody has \
                 to do anything more."
                    .into(),
            );
            if less_secure_hidden(f) {
                caveats.push(format!(
                    "Since {IMAP_SWITCH_REMOVED} the Admin console no longer offers this setting \
                     to domains that were not already using it. If you cannot find it, go \
                     straight to an app password."
                ));
            }
            adv(
                "Allow less secure apps: administrator first, then the user".into(),
                format!(
                    "Gmail will not let the CRM sign in with the password of {email}: Google \
                     treats password sign-in from apps as \"less secure\", and the {} domain \
                     blocks it. The administrator must allow it in the Admin console; \
                     depending on the option chosen, each user then switches it on as well.",
                    f.admin_product
                ),
                vec![
                    "Administrator: sign in at admin.google.com.".into(),
                    "Go to Security > Basic settings — you may first have to click \"More \
                     controls\" at the bottom of the page (newer consoles: Security > Access \
                     and data control > Less secure apps)."
                        .into(),
                    "Open \"Less secure apps\" and change \"Disable access to less secure apps \
                     for all users\" to either (a) \"Allow users to manage their access to less \
                     secure apps\" or (b) \"Enforce access to less secure apps for all users\"."
                        .into(),
                    "Save.".into(),
                    "With (a) only: EACH user who connects the CRM signs in at \
                     myaccount.google.com, opens Security, finds \"Less secure app access\" \
                     near the bottom of the page and clicks \"Turn on access (not \
                     recommended)\"."
                        .into(),
                    "Connect the mailbox in the CRM again.".into(),
                ],
                caveats,
            )
        }
        AccountKind::Consumer => {
            caveats.push(
                "If 2-Step Verification is on, Google does not offer this switch at all: use an \
                 app password instead."
                    .into(),
            );
            adv(
                "Turn on \"Less secure app access\" for your Google account".into(),
                format!(
                    "Gmail will not let the CRM sign in with the password of {email}: Google \
                     blocks password sign-in from apps (\"less secure apps\") unless you allow \
                     it. A personal account has no administrator, so you switch it on \
                     yourself."
                ),
                vec![
                    format!(
                        "Sign in at myaccount.google.com as {email} (direct link: \
                         myaccount.google.com/lesssecureapps)."
                    ),
                    "Open Security and find \"Less secure app access\" near the bottom of the \
                     page."
                        .into(),
                    "Click \"Turn on access (not recommended)\" and switch it on.".into(),
                    "Connect the mailbox in the CRM again.".into(),
                ],
                caveats,
            )
        }
    };
    // Past the cut-off the steps describe a setting that is gone: say so first.
    let mut advice = advice;
    let cutoff = less_secure_cutoff(f);
    if f.less_secure_possible {
        advice.caveats.push(cutoff);
    } else {
        advice.caveats.insert(0, cutoff);
    }
    advice
}

fn use_app_password(ctx: &TextCtx<'_>) -> Advice {
    let d = ctx.diagnosis;
    let f = &d.facts;
    let email = ctx.email;
    let kind = kind_name(f);
    let why = app_password_why(d);
    let summary = match why {
        AppPasswordWhy::Required => format!(
            "Gmail says {email} needs an application-specific password: 2-Step Verification is \
             on, so apps cannot sign in with the account password. An app password is a \
             separate 16-letter password just for the CRM."
        ),
        AppPasswordWhy::PasswordSignInEnded => format!(
            "Google ended password sign-in for apps (\"less secure apps\") for {kind} accounts \
             on {end}, so the CRM can no longer use the account password of {email}, and step 2 of \
             the old support article — allowing less secure apps — no longer exists. A 16-letter \
             app password, made just for the CRM, still works.",
            end = f.less_secure_end
        ),
        AppPasswordWhy::LessSecureNotEnough => format!(
            "Allowing less secure apps has not let the CRM sign in as {email}. A 16-letter app \
             password, made just for the CRM, does not depend on that setting."
        ),
    };
    let mut caveats = vec![
        "Google shows an app password only once. If it gets lost, delete it \
                            and generate a new one; changing the account password revokes all \
                            app passwords."
            .into(),
    ];
    if why == AppPasswordWhy::PasswordSignInEnded {
        caveats.push(
            "For the long run, \"Sign in with Google\" (OAuth) is the better fix if the CRM \
             offers it: the CRM then stores no password at all, and Google's cut-off does not \
             apply."
                .into(),
        );
    } else {
        if !f.less_secure_possible {
            caveats.push(password_sign_in_ended(f));
        }
        caveats.push(
            "If the CRM offers \"Sign in with Google\" (OAuth), that is the long-term \
             alternative: no password is stored in the CRM."
                .into(),
        );
    }
    if f.account_kind == AccountKind::Workspace {
        caveats.push(format!(
            "In a {} domain the administrator may not allow users to turn on 2-Step \
             Verification, or may have disabled app passwords; if the option is missing even \
             with 2-Step Verification on, ask the administrator.",
            f.admin_product
        ));
    }
    adv(
        "Create an app password for the CRM".into(),
        summary,
        vec![
            format!("Sign in at myaccount.google.com as {email} and open Security."),
            "Under \"Signing in to Google\" (newer pages: \"How you sign in to Google\") click \
             \"App passwords\", or go straight to myaccount.google.com/apppasswords."
                .into(),
            "If \"App passwords\" is missing, turn on \"2-Step Verification\" in the same section \
             first, then come back."
                .into(),
            "Choose \"Other (custom name)\" as the app, give it a name you will recognise, e.g. \
             \"CRM\" or the CRM's name, and click \"Generate\"."
                .into(),
            format!(
                "Type the 16-character password into the CRM's password field instead of your \
                 mail password (with or without the spaces); the login stays {email}."
            ),
            "Save and connect again.".into(),
        ],
        caveats,
    )
}

fn allow_external_smtp(ctx: &TextCtx<'_>) -> Advice {
    let f = &ctx.diagnosis.facts;
    let product = f.admin_product;
    let summary = format!(
        "Receiving works, but Gmail refused to send from {} at the envelope (sender and \
         recipient). The CRM does not send like an ordinary mail client: it sends through its \
         own tooling so it can track opens and link clicks, and the {product} policy does not \
         allow that yet.",
        ctx.email
    );
    match f.account_kind {
        AccountKind::Workspace => adv(
            "Workspace admin: allow sending through an external SMTP server".into(),
            summary,
            vec![
                "Sign in at admin.google.com with an administrator account.".into(),
                format!(
                    "Go to Apps > {product} > Gmail > Advanced settings (newer consoles: Apps > \
                     {product} > Gmail > End user access)."
                ),
                "Tick \"Allow users to send mail through an external SMTP server when \
                 configuring a 'from' address hosted outside your email domains\"."
                    .into(),
                "Save, then send a test message from the CRM.".into(),
            ],
            vec![
                "The setting can differ per organisational unit: change it for the unit the \
                 user belongs to."
                    .into(),
                "The change can take some time to take effect.".into(),
            ],
        ),
        AccountKind::Consumer => adv(
            "Gmail refuses this sender address".into(),
            format!(
                "Receiving works, but Gmail refused to send from {} at the envelope (sender and \
                 recipient). A personal account has no Admin console; Gmail only sends from \
                 the account's own address and from addresses confirmed in its settings.",
                ctx.email
            ),
            vec![
                "In the CRM, send from the account's own address — or, to use another address, \
                 open Gmail → Settings → See all settings → \"Accounts and Import\" → \"Send \
                 mail as\", add it and confirm it."
                    .into(),
                "Send a test message from the CRM again.".into(),
            ],
            vec![
                "The admin setting \"Allow users to send mail through an external SMTP server \
                  …\" exists only in Google Workspace."
                    .into(),
            ],
        ),
    }
}

fn retry_later(ctx: &TextCtx<'_>) -> Advice {
    let f = &ctx.diagnosis.facts;
    let email = ctx.email;
    let (protocol, typed) = subject(ctx);
    let p = proto(protocol);
    match f.temporary {
        Some(Temporary::TooManyConnections) => adv(
            "Too many open IMAP connections — close some and retry".into(),
            format!(
                "Gmail refused another IMAP connection for {email} (\"Too many simultaneous \
                 connections\"). Gmail allows about 15 at a time per account, and other \
                 programs already hold them."
            ),
            vec![
                "Close mail programs you do not need on computers and phones (Outlook, \
                 Thunderbird, Apple Mail, mail apps) and stop sync or backup tools that read the \
                 mailbox over IMAP."
                    .into(),
                "If the CRM has a setting for the number of parallel connections, lower it.".into(),
                "Wait a few minutes for idle connections to close, then connect again.".into(),
            ],
            vec![
                "Every device, and in some programs every open folder, keeps its own \
                  connection, so the limit is reached sooner than it seems."
                    .into(),
            ],
        ),
        Some(Temporary::RateLimited) => adv(
            "Google is throttling this account — wait and retry".into(),
            format!(
                "Gmail is temporarily limiting sign-ins or traffic for {email} (too many login \
                 attempts, or command and bandwidth limits). It is not a settings problem."
            ),
            vec![
                "Stop repeated attempts: pause the mailbox in the CRM and in any other program \
                 that keeps failing to sign in."
                    .into(),
                "Wait — an hour, for example — then connect once.".into(),
            ],
            vec![
                "Each failed login extends the block, so avoid trying again and again; \
                  bandwidth limits can last up to a day."
                    .into(),
            ],
        ),
        Some(Temporary::Propagation) => {
            let mut steps = vec!["Wait (up to 24 hours) and connect again.".into()];
            if f.account_kind == AccountKind::Workspace {
                steps.push(
                    "If the administrator chose \"Allow users to manage their access to less \
                     secure apps\", check that the user has also turned on \"Less secure app \
                     access\" at myaccount.google.com → Security."
                        .into(),
                );
            }
            steps.push(company_not_private(email, f.account_kind));
            adv(
                "A setting was changed recently — give it time".into(),
                format!(
                    "Gmail still refuses the sign-in for {email}, although the setting it points \
                     to has already been changed. Google says such changes can take up to 24 \
                     hours to reach Gmail's IMAP and SMTP servers."
                ),
                steps,
                vec![
                    "If you cannot wait, an app password (it needs 2-Step Verification) works \
                      at once."
                        .into(),
                ],
            )
        }
        Some(Temporary::Slow) => adv(
            "Gmail did not answer in time — retry".into(),
            format!(
                "The {p} server ({typed}) accepted the connection but did not answer within the \
                 time limit. With Gmail's own settings this is usually a slow or congested \
                 network, and it passes."
            ),
            vec![
                "Connect again in a few minutes.".into(),
                "If it keeps happening, check the network between the CRM and Google (VPN, \
                 proxy, a saturated link), or give the doctor more time with `--timeout`."
                    .into(),
            ],
            Vec::new(),
        ),
        Some(Temporary::ServerError) | None => adv(
            "Gmail reported a temporary problem — retry".into(),
            format!(
                "Gmail ended the {p} session with a temporary error or dropped the connection. \
                 That is on Google's side or on the way to it, not in your settings."
            ),
            vec![
                "Wait a few minutes and connect again.".into(),
                "If it persists, look for a Gmail outage on the Google Workspace Status \
                 Dashboard (www.google.com/appsstatus)."
                    .into(),
            ],
            Vec::new(),
        ),
    }
}

fn account_suspended(ctx: &TextCtx<'_>) -> Advice {
    let f = &ctx.diagnosis.facts;
    let email = ctx.email;
    match f.account_kind {
        AccountKind::Workspace => adv(
            "The account is suspended — the Workspace administrator must restore it".into(),
            format!(
                "Google reports that {email} is suspended, so no sign-in can work until the {} \
                 administrator restores it.",
                f.admin_product
            ),
            vec![
                "Administrator: sign in at admin.google.com and open Directory > Users (older \
                 consoles: Users)."
                    .into(),
                format!(
                    "Find {email}: a suspended user is marked as such, together with the reason \
                     (suspended by an administrator, or automatically by Google)."
                ),
                "Reactivate the user; if Google suspended it, follow the instructions shown \
                 (for example, set a new password)."
                    .into(),
                "Connect the mailbox in the CRM again.".into(),
            ],
            vec!["If every account of the domain is affected, check the subscription and \
                  billing in the Admin console."
                .into()],
        ),
        AccountKind::Consumer => adv(
            "The Google account is disabled — sign in to see why".into(),
            format!(
                "Google reports that {email} is disabled or suspended, so no app can sign in \
                 to it."
            ),
            vec![
                format!("Sign in at accounts.google.com as {email}: Google shows why the account is disabled."),
                "Follow the recovery steps offered there, or request a review.".into(),
                "When the account works in the browser again, connect the CRM again.".into(),
            ],
            Vec::new(),
        ),
    }
}

fn reauthorize_oauth(ctx: &TextCtx<'_>) -> Advice {
    let f = &ctx.diagnosis.facts;
    let email = ctx.email;
    let refusal = if oauth_refused_as_credentials(ctx.diagnosis) {
        format!("Gmail answered the CRM's token sign-in for {email} with \"Invalid credentials\"")
    } else {
        format!(
            "Google refused the CRM's access token for {email} (its JSON error reply carries \
             status 400)"
        )
    };
    let mut caveats = vec![
        "Access tokens last about an hour; the CRM renews them itself with \
                            its refresh token. Changing the account password, or removing the \
                            CRM at myaccount.google.com → Security → \"Third-party apps with \
                            account access\", cancels that, and the mailbox must be connected \
                            again."
            .into(),
    ];
    if f.account_kind == AccountKind::Workspace {
        caveats.push(format!(
            "In a {} domain the administrator may restrict third-party apps (admin.google.com \
             → Security > API controls); then the administrator has to trust the CRM's app \
             first.",
            f.admin_product
        ));
    }
    adv(
        "Reconnect the mailbox with \"Sign in with Google\"".into(),
        format!(
            "{refusal}: the token is invalid or has expired, or access was revoked. The CRM \
             needs a fresh token."
        ),
        vec![
            "In the CRM, disconnect the mailbox and connect it again with \"Sign in with \
             Google\"."
                .into(),
            format!(
                "Sign in as {email} and allow everything asked for, including full Gmail access \
                 — the https://mail.google.com/ scope, shown as \"Read, compose, send and \
                 permanently delete all your email from Gmail\"; IMAP and SMTP need exactly \
                 that scope."
            ),
            "Run the diagnosis again with the new token.".into(),
        ],
        caveats,
    )
}

// ---------------------------------------------------------------------------
// Notes, ruled-out rungs, actors, probe steps.
// ---------------------------------------------------------------------------

/// A short name of a remediation, for notes and the ruled-out list.
fn name(id: R) -> &'static str {
    match id {
        R::None => "Nothing to do",
        R::FixConnectionSettings => "Correct the server settings",
        R::CheckNetwork => "Check the network",
        R::CheckTlsInterception => "Check for TLS interception",
        R::CheckPassword => "Check the password",
        R::EnableImap => "Turn on IMAP for the domain (administrator)",
        R::EnableImapUser => "Turn on IMAP in Gmail settings",
        R::AllowLessSecureApps => "Allow less secure apps",
        R::UseAppPassword => "Use an app password",
        R::AllowExternalSmtp => "Allow sending through an external SMTP server",
        R::RetryLater => "Retry later",
        R::AccountSuspended => "Restore the suspended account",
        R::ReauthorizeOauth => "Sign in with Google again",
    }
}

/// What a CRM's client library is called in the library check.
fn library(p: Protocol) -> &'static str {
    match p {
        Protocol::Imap => "the `imap` crate",
        Protocol::Smtp => "lettre",
    }
}

pub(super) fn note(n: &Note) -> String {
    match n {
        Note::DisambiguatedBy { protocol } => format!(
            "The first refusal (\"Invalid credentials\") was ambiguous; the {} probe got a \
             specific reply, and that reply decided.",
            proto(*protocol)
        ),
        Note::NotRecognised => "The server's reply was not recognised; the doctor followed the \
                                article's ladder to choose the most likely next step."
            .into(),
        Note::AlreadyTried { id } => format!(
            "You have already tried \"{}\", yet the evidence still points to it: check that it \
             was saved, on the right account, and give it time to take effect.",
            name(*id)
        ),
        Note::AlsoFailing { protocol, step: s } => format!(
            "{} fails too, at the \"{}\" step; it may have another cause — run the doctor again \
             after this fix.",
            proto(*protocol),
            step(*s)
        ),
        Note::LibraryDisagrees {
            protocol,
            library: said,
            probe_ok: true,
        } => format!(
            "The doctor's own {} probe signed in, but {} (what a CRM's client library sees) \
             failed: {said}. A CRM built on it may fail where the probe succeeds.",
            proto(*protocol),
            library(*protocol)
        ),
        Note::LibraryDisagrees {
            protocol,
            library: said,
            probe_ok: false,
        } => format!(
            "The doctor's own {} probe failed, but {} (as a CRM would use it) reported: {said}. \
             The two disagree, so look at the transcript.",
            proto(*protocol),
            library(*protocol)
        ),
        Note::SwitchGoneButReported => format!(
            "Gmail reported the user's IMAP switch as off, although Google removed that switch \
             on {IMAP_SWITCH_REMOVED}, before the date assumed: the reply may come from an \
             older transcript, or a Workspace administrator blocks IMAP."
        ),
    }
}

pub(super) fn ruled_out(r: &RuledOut) -> String {
    let n = name(r.id);
    match r.reason {
        RuledOutReason::Works => {
            let why = match r.id {
                R::FixConnectionSettings | R::CheckNetwork | R::CheckTlsInterception => {
                    "both IMAP and SMTP reached Google's servers with a valid certificate"
                }
                R::CheckPassword
                | R::EnableImap
                | R::EnableImapUser
                | R::AllowLessSecureApps
                | R::UseAppPassword => "the IMAP sign-in succeeded",
                R::AllowExternalSmtp => "Gmail accepted the test envelope",
                _ => "the probes show that this works",
            };
            format!("{n}: not needed — {why}.")
        }
        RuledOutReason::Tried => format!("{n}: you have already done this."),
        RuledOutReason::NoLongerExists => match r.id {
            R::EnableImapUser => format!(
                "{n}: Google removed this switch on {IMAP_SWITCH_REMOVED}, before the date \
                 assumed."
            ),
            _ => format!(
                "{n}: Google removed this option for this kind of account before the date \
                 assumed."
            ),
        },
    }
}

pub(super) fn actor(a: Actor) -> &'static str {
    match a {
        Actor::Nobody => "nobody — it works",
        Actor::User => "you (the mailbox owner)",
        Actor::WorkspaceAdmin => "your Google Workspace administrator",
        Actor::AdminAndUser => "the Workspace administrator first, then each user",
        Actor::NetworkAdmin => "whoever runs the network (IT, or the CRM server's administrator)",
    }
}

pub(super) fn step(s: StepKind) -> &'static str {
    match s {
        StepKind::Resolve => "DNS lookup",
        StepKind::Connect => "TCP connect",
        StepKind::TlsHandshake => "TLS handshake",
        StepKind::Greeting => "greeting",
        StepKind::Capability => "capabilities",
        StepKind::Starttls => "STARTTLS",
        StepKind::Authenticate => "login",
        StepKind::SelectInbox => "open INBOX",
        StepKind::Ehlo => "EHLO",
        StepKind::Auth => "AUTH",
        StepKind::Envelope => "envelope",
        StepKind::SendTest => "test message",
        StepKind::Delivery => "delivery",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use crate::classify::Rule;

    use super::super::fixtures::{self, all_text, of, Case};
    use super::*;

    fn render(c: &Case) -> (Advice, String) {
        let a = advice(&c.ctx());
        let t = all_text(&a);
        (a, t)
    }

    #[test]
    fn every_case_has_title_summary_and_steps() {
        let cases = fixtures::cases();
        let ids: HashSet<R> = cases.iter().map(|c| c.diagnosis.remediation).collect();
        assert_eq!(
            ids.len(),
            R::ALL.len(),
            "fixtures cover every remediation id"
        );
        for c in &cases {
            let (a, t) = render(c);
            assert!(!a.title.trim().is_empty(), "{}: title", c.label);
            assert!(!a.summary.trim().is_empty(), "{}: summary", c.label);
            if c.diagnosis.remediation != R::None {
                assert!(!a.steps.is_empty(), "{}: steps", c.label);
            }
            assert!(
                a.steps
                    .iter()
                    .chain(&a.caveats)
                    .all(|s| !s.trim().is_empty()),
                "{}: empty line",
                c.label
            );
            // Formatting slips: Debug output or unfilled placeholders.
            for bad in ["Some(", "None)", "{", "}", "  "] {
                assert!(!t.contains(bad), "{}: contains {bad:?}:\n{t}", c.label);
            }
        }
    }

    #[test]
    fn none_says_what_was_checked() {
        for c in of(R::None) {
            let (a, t) = render(&c);
            assert!(a.steps.is_empty());
            for word in ["IMAP", "INBOX", "SMTP", "envelope"] {
                assert!(t.contains(word), "{}: {word}", c.label);
            }
        }
    }

    #[test]
    fn settings_quote_the_typed_values_and_give_the_right_ones() {
        let cases = of(R::FixConnectionSettings);
        let mut summaries = HashSet::new();
        for c in &cases {
            let (a, t) = render(c);
            let dec = c.diagnosis.decided_by.as_ref().unwrap();
            assert!(
                a.summary.contains(&dec.endpoint.to_string()),
                "{}: quotes {}",
                c.label,
                dec.endpoint
            );
            match dec.protocol {
                Protocol::Imap => assert!(
                    t.contains("server imap.gmail.com, port 993, security SSL"),
                    "{}",
                    c.label
                ),
                Protocol::Smtp => assert!(
                    t.contains("smtp.gmail.com") && t.contains("465") && t.contains("587"),
                    "{}",
                    c.label
                ),
            }
            assert!(
                t.contains(c.email),
                "{}: login is the full address",
                c.label
            );
            summaries.insert(a.summary.clone());
        }
        // Each (issue, typed settings) says something different.
        assert_eq!(summaries.len(), fixtures::settings_cases().len());
        // 587 with SSL: keep 587, switch to STARTTLS.
        let c = cases
            .iter()
            .find(|c| {
                c.smtp.port == 587
                    && c.diagnosis.facts.settings == Some(SettingsIssue::PlaintextPort)
            })
            .unwrap();
        assert!(render(c)
            .1
            .contains("server smtp.gmail.com, port 587, security STARTTLS"));
        // The other protocol's wrong settings are mentioned too.
        let c = cases
            .iter()
            .find(|c| c.diagnosis.facts.settings == Some(SettingsIssue::MustStarttls))
            .unwrap();
        assert!(render(c)
            .1
            .contains("The IMAP settings (imap.gmail.com:143 (none)) are not Gmail's either"));
    }

    #[test]
    fn network_and_tls_texts_differ_by_rule() {
        let titles: HashSet<String> = of(R::CheckNetwork)
            .iter()
            .map(|c| render(c).0.title)
            .collect();
        // DNS, blocked, and an impostor answering in plaintext.
        assert_eq!(titles.len(), 3);
        let tls = of(R::CheckTlsInterception);
        let titles: HashSet<String> = tls.iter().map(|c| render(c).0.title).collect();
        // Untrusted, expired (or not yet valid), other name, CA as the
        // server's, revoked, unusable, and a failed handshake.
        assert_eq!(titles.len(), 7);
        for c in &tls {
            let t = render(c).1;
            // A CA certificate as the server's is the server's set-up,
            // not interception; every other case names the antivirus.
            let ca_as_server = c.diagnosis.rule == Rule::TlsCaUsedAsEndEntity;
            assert_eq!(t.contains("antivirus"), !ca_as_server, "{}", c.label);
            match c.diagnosis.rule {
                Rule::TlsExpired | Rule::TlsNotYetValid => {
                    assert!(t.contains("clock") && t.contains("time zone"))
                }
                _ => assert!(t.contains("--ca-file"), "{}", c.label),
            }
        }
    }

    #[test]
    fn check_password_names_the_next_rung() {
        for c in of(R::CheckPassword) {
            let (a, t) = render(&c);
            let f = &c.diagnosis.facts;
            if f.secret_is_app_password {
                assert!(
                    t.contains("myaccount.google.com/apppasswords") && t.contains("spaces"),
                    "{}",
                    c.label
                );
            } else if c.diagnosis.rule == Rule::AuthLadderExhausted {
                assert!(!t.contains("--tried"), "{}", c.label);
            } else if c.diagnosis.decided_by.as_ref().unwrap().protocol == Protocol::Smtp {
                assert!(a.steps[0].contains("SMTP"), "{}", c.label);
            } else {
                assert!(t.contains("for years"), "{}", c.label);
                if f.less_secure_possible {
                    assert!(
                        t.contains("allow less secure apps")
                            && t.contains(&f.less_secure_end.to_string()),
                        "{}",
                        c.label
                    );
                } else {
                    assert!(t.contains("next step is an app password"), "{}", c.label);
                }
            }
        }
    }

    #[test]
    fn admin_menu_paths_follow_the_era() {
        for c in of(R::EnableImap).iter().chain(&of(R::AllowExternalSmtp)) {
            let t = render(c).1;
            if c.diagnosis.facts.account_kind == AccountKind::Consumer
                && c.diagnosis.remediation == R::AllowExternalSmtp
            {
                assert!(t.contains("Send mail as"), "{}", c.label);
                continue;
            }
            let product = if c.diagnosis.facts.as_of < fixtures::date("2020-10-06") {
                "Apps > G Suite > Gmail"
            } else {
                "Apps > Google Workspace > Gmail"
            };
            assert!(t.contains(product), "{}", c.label);
            assert!(t.contains("admin.google.com"), "{}", c.label);
        }
        for c in of(R::EnableImap) {
            assert!(render(&c)
                .1
                .contains("\"Disable POP and IMAP access for all users\""));
        }
    }

    #[test]
    fn imap_user_switch_depends_on_the_date() {
        for c in of(R::EnableImapUser) {
            let t = render(&c).1;
            if c.diagnosis.facts.user_imap_switch_exists {
                assert!(
                    t.contains("\"Forwarding and POP/IMAP\"") && t.contains("\"Enable IMAP\""),
                    "{}",
                    c.label
                );
            } else {
                assert!(
                    t.contains("2024-06-15") && !t.contains("\"Enable IMAP\""),
                    "{}",
                    c.label
                );
            }
        }
    }

    #[test]
    fn less_secure_apps_mentions_24_hours_account_check_and_cutoff() {
        for c in of(R::AllowLessSecureApps) {
            let (a, t) = render(&c);
            let f = &c.diagnosis.facts;
            assert!(t.contains("24 hours"), "{}", c.label);
            assert!(t.contains("private") && t.contains("avatar"), "{}", c.label);
            assert!(t.contains(&f.less_secure_end.to_string()), "{}", c.label);
            assert!(
                t.contains("\"Turn on access (not recommended)\""),
                "{}",
                c.label
            );
            match f.account_kind {
                AccountKind::Workspace => {
                    assert_eq!(c.diagnosis.actor, Actor::AdminAndUser);
                    assert!(
                        t.contains(&format!("{} accounts", f.admin_product)),
                        "{}",
                        c.label
                    );
                    assert!(
                        t.contains("Security > Basic settings") && t.contains("\"More controls\""),
                        "{}",
                        c.label
                    );
                    assert!(
                        t.contains("\"Allow users to manage their access to less secure apps\"")
                    );
                    assert!(t.contains("\"Enforce access to less secure apps for all users\""));
                    assert!(t.contains("EACH user"));
                }
                AccountKind::Consumer => assert!(!t.contains("admin.google.com"), "{}", c.label),
            }
            if c.diagnosis.facts.web_login_url.is_some() {
                assert!(
                    a.caveats
                        .iter()
                        .any(|l| l.contains("https://accounts.google.com/signin/continue")),
                    "{}",
                    c.label
                );
            }
        }
    }

    #[test]
    fn app_password_mentions_2sv_and_after_cutoff_oauth() {
        for c in of(R::UseAppPassword) {
            let (a, t) = render(&c);
            let f = &c.diagnosis.facts;
            assert!(t.contains("2-Step Verification"), "{}", c.label);
            assert!(
                t.contains("myaccount.google.com/apppasswords")
                    && t.contains("\"Other (custom name)\""),
                "{}",
                c.label
            );
            assert!(t.contains("16-character"), "{}", c.label);
            if !f.less_secure_possible {
                assert!(t.contains("OAuth"), "{}", c.label);
                assert!(t.contains(&f.less_secure_end.to_string()), "{}", c.label);
            }
            if c.diagnosis.rule == Rule::AuthWebLoginAppPassword && !f.less_secure_possible {
                assert!(a.summary.contains("no longer exists"), "{}", c.label);
            }
        }
    }

    #[test]
    fn retry_later_has_specifics() {
        let cases = of(R::RetryLater);
        let titles: HashSet<String> = cases.iter().map(|c| render(c).0.title).collect();
        assert_eq!(titles.len(), 5);
        for c in cases {
            let t = render(&c).1;
            match c.diagnosis.facts.temporary.unwrap() {
                Temporary::TooManyConnections => assert!(t.contains("15")),
                Temporary::RateLimited => assert!(t.contains("an hour")),
                Temporary::Propagation => assert!(t.contains("24 hours") && t.contains("private")),
                Temporary::Slow => assert!(t.contains("time limit")),
                Temporary::ServerError => assert!(t.contains("temporary")),
            }
        }
    }

    #[test]
    fn suspended_and_oauth() {
        for c in of(R::AccountSuspended) {
            let t = render(&c).1;
            match c.diagnosis.facts.account_kind {
                AccountKind::Workspace => assert!(t.contains("Directory > Users")),
                AccountKind::Consumer => assert!(t.contains("accounts.google.com")),
            }
        }
        for c in of(R::ReauthorizeOauth) {
            let t = render(&c).1;
            assert!(
                t.contains("\"Sign in with Google\"") && t.contains("https://mail.google.com/")
            );
        }
    }

    #[test]
    fn notes_ruled_out_actors_and_steps() {
        let notes: Vec<String> = fixtures::notes().iter().map(note).collect();
        assert!(notes.iter().all(|n| !n.is_empty() && !n.contains("Some(")));
        assert_eq!(notes.iter().collect::<HashSet<_>>().len(), notes.len());
        assert!(notes[1].contains("not recognised") && notes[1].contains("ladder"));
        assert!(notes[4].contains("`imap` crate") && notes[5].contains("lettre"));
        let ruled: Vec<String> = fixtures::ruled_outs().iter().map(ruled_out).collect();
        assert_eq!(ruled.iter().collect::<HashSet<_>>().len(), ruled.len());
        assert!(ruled.iter().all(|r| r.ends_with('.')));
        let actors: HashSet<&str> = fixtures::ACTORS.into_iter().map(actor).collect();
        assert_eq!(actors.len(), fixtures::ACTORS.len());
        let steps: HashSet<&str> = fixtures::STEPS.into_iter().map(step).collect();
        assert_eq!(steps.len(), fixtures::STEPS.len());
    }
}
