//! The console's front page: where to connect, the Workspace policy as
//! the Admin console shows it, and each account's own settings — every
//! switch a form that changes the mock live.
//!
//! Setting names and menu paths are the support article's (and Google's)
//! own, with the product name of the mock's date ("G Suite" before
//! 2020-10, "Google Workspace" after), so what a developer flips here is
//! what the doctor's report told the customer to flip.

use gmail_wire::google::era;
use maud::{html, Markup};
use mock_gmail::model::{AccountKind, LessSecureApps};

use super::layout::{page, Counts, Frame, Tab};
use super::seg;
use super::sending_cards;
use crate::schema::{AccountView, PolicyView, PropagationJson, ServerView, Verdict};

/// Everything the front page shows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Overview<'a> {
    pub counts: Counts,
    pub server: &'a ServerView,
    pub policy: &'a PolicyView,
    pub accounts: &'a [AccountView],
}

/// The admin console's three "Less secure apps" options, in its order.
pub(crate) const LESS_SECURE_OPTIONS: [(LessSecureApps, &str, &str); 3] = [
    (
        LessSecureApps::Disabled,
        "disabled",
        "Disable access to less secure apps for all users",
    ),
    (
        LessSecureApps::UserManaged,
        "user-managed",
        "Allow users to manage their access to less secure apps",
    ),
    (
        LessSecureApps::Enforced,
        "enforced",
        "Enforce access to less secure apps for all users",
    ),
];

/// The article's name of the IMAP setting.
pub(crate) const IMAP_SETTING: &str = "Disable POP and IMAP access for all users";
/// Today's Admin console name of the article's external SMTP setting.
pub(crate) const GATEWAY_SETTING: &str = "Allow per-user outbound gateways";
/// Its explanation under the name (the article's own name of it).
pub(crate) const GATEWAY_EXPLAINED: &str = "Allow users to send mail through an external SMTP server when configuring a 'from' address hosted outside your email domains";

/// The page.
pub(crate) fn page_html(o: &Overview<'_>) -> Markup {
    let frame = Frame {
        title: "Accounts & policy",
        tab: Tab::Overview,
        counts: o.counts,
        refresh: None,
    };
    page(
        &frame,
        html! {
            (servers(o.server, o.policy))
            h2 #policy { "Google Admin console " span.muted { "(admin.google.com)" } }
            (policy(o.policy, o.server))
            h2 #accounts { "Accounts" }
            @for a in o.accounts {
                (account(a, o.policy))
            }
            (new_account())
        },
    )
}

fn servers(s: &ServerView, p: &PolicyView) -> Markup {
    html! {
        div.card.servers {
            div.row {
                span { "IMAPS " code { (s.imaps) } }
                span { "IMAP + STARTTLS " code { (s.imap) } }
                span { "SMTPS " code { (s.smtps) } }
                span { "Submission + STARTTLS " code { (s.submission) } }
                span { "SMTP relay + STARTTLS " code #smtp-relay-addr { (s.smtp_relay) } }
                a href="/api/ca.pem" { "CA certificate" }
            }
            div.row style="margin-top:8px" {
                span { "Google as of " b #as-of { (p.as_of) } " (" (era::admin_product_name(p.as_of)) " era)" }
                form.inline method="post" action="/console/clock" {
                    "Advance the mock's clock by "
                    input type="number" name="hours" value="24" min="1" style="width:5em";
                    " hours "
                    button type="submit" { "Advance" }
                }
                form.inline method="post" action="/console/reset" {
                    button.danger #reset type="submit" title="Back to how the mock started: policy, accounts, mailboxes; forget messages and transcripts" { "Reset everything" }
                }
            }
        }
    }
}

fn policy(p: &PolicyView, s: &ServerView) -> Markup {
    let product = era::admin_product_name(p.as_of);
    let lsa_gone = p.as_of >= era::WORKSPACE_SETTINGS_REMOVED;
    html! {
        div.grid {
            div.card #gmail-settings {
                p.path { "Apps › " (product) " › Gmail › " b { "Advanced settings" } }
                form method="post" action="/console/policy/gmail" {
                    label.opt {
                        input #imap-pop-disabled type="checkbox" name="imap_pop_disabled_for_all" value="on" checked[p.imap_pop_disabled_for_all];
                        span { b { (IMAP_SETTING) } br;
                            span.hint { "POP and IMAP access · when checked, IMAP sign-ins get " code { "[ALERT] IMAP access is disabled for your domain." } } }
                    }
                    label.opt {
                        input #external-smtp type="checkbox" name="external_smtp_allowed" value="on" checked[p.external_smtp_allowed];
                        span { b { (GATEWAY_SETTING) } br;
                            span.hint { (GATEWAY_EXPLAINED) } br;
                            span.hint { "End User Access · only for a \"Send mail as\" address sent through its own SMTP server: when unchecked, it gets "
                                code { "550 5.7.1" } " at MAIL FROM. The account's own address and the domains' addresses always send." } }
                    }
                    button.primary #save-gmail type="submit" { "Save" }
                }
            }
            div.card #less-secure-apps {
                p.path { "Security › Basic settings › " b { "Less secure apps" } }
                form method="post" action="/console/policy/less-secure-apps" {
                    @for (value, id, label) in LESS_SECURE_OPTIONS {
                        label.opt {
                            input id={ "lsa-" (id) } type="radio" name="less_secure_apps" value=(id) checked[p.less_secure_apps == value];
                            span { (label) }
                        }
                    }
                    button.primary #save-less-secure-apps type="submit" { "Save" }
                }
                @if lsa_gone {
                    p.note { "As of " (p.as_of) " Google no longer offers this setting for new use, and from "
                        (era::WORKSPACE_LESS_SECURE_END) " password sign-in is off for every Workspace account whatever it says: only app passwords and OAuth work." }
                }
            }
        }
        div.grid {
            (sending_cards::domains(p))
            (sending_cards::smtp_relay(p, product, &s.smtp_relay))
        }
        div.card {
            (propagation(p))
        }
    }
}

fn propagation(p: &PolicyView) -> Markup {
    html! {
        p.path style="margin:0" {
            "Changes take effect "
            @match p.propagation {
                PropagationJson::Immediate => { b { "immediately" } }
                PropagationJson::Attempts { count } => { b { "after " (count) " more sign-in attempts" } }
                PropagationJson::After { seconds } => { b { "after " (hours(seconds)) " on the mock's clock" } " (Google: \"may take up to 24 hours\")" }
            }
            "."
        }
        @if p.propagating {
            p.note #propagating {
                "Saved changes are still propagating. The servers enforce now: "
                (IMAP_SETTING) " " (checked(p.effective.imap_pop_disabled_for_all)) "; Less secure apps: "
                (lsa_label(p.effective.less_secure_apps)) "; " (GATEWAY_SETTING) " " (checked(p.effective.external_smtp_allowed))
                "; SMTP relay service " (if p.effective.smtp_relay.enabled { "set up" } else { "not set up" }) "."
            }
        }
    }
}

fn hours(seconds: u64) -> String {
    let (h, rest) = (seconds / 3600, seconds % 3600);
    if rest == 0 {
        format!("{h} h")
    } else {
        format!("{seconds} s")
    }
}

fn checked(on: bool) -> &'static str {
    if on {
        "checked"
    } else {
        "unchecked"
    }
}

fn lsa_label(v: LessSecureApps) -> &'static str {
    LESS_SECURE_OPTIONS
        .iter()
        .find(|(x, _, _)| *x == v)
        .map(|(_, _, l)| *l)
        .unwrap_or("?")
}

fn account(a: &AccountView, p: &PolicyView) -> Markup {
    let action = format!("/console/accounts/{}/settings", seg(&a.email));
    let workspace = a.kind == AccountKind::Workspace;
    html! {
        div.card.account id={ "acct-" (a.email) } {
            div.row {
                h3 style="margin:0" { (a.email) }
                span.chip { @if workspace { (era::admin_product_name(p.as_of)) } @else { "Personal (gmail.com)" } }
                span.muted { "password " code.fixture-password { (a.password) } }
                span.muted { (a.live_imap_sessions) " IMAP session(s) open" }
            }
            div style="margin:8px 0" {
                (verdict("IMAP LOGIN", &a.password_sign_in.imap))
                (verdict("SMTP AUTH", &a.password_sign_in.smtp))
            }
            table {
                tr { th { "Setting" } th { "Now" } th {} }
                (switch(&action, "two_step_verification", "Google Account › Security › 2-Step Verification", a.two_step_verification, "Turn on", "Turn off", None))
                (switch(&action, "less_secure_toggle", "Google Account › Security › Less secure app access", a.less_secure_toggle,
                    "Turn on access (not recommended)", "Turn off", lsa_hint(a, p).as_deref()))
                (switch(&action, "imap_enabled", "Gmail › Settings › Forwarding and POP/IMAP › IMAP access", a.imap_enabled,
                    "Enable IMAP", "Disable IMAP",
                    (!era::user_imap_switch_exists(p.as_of)).then_some("Gone since 2024-06-15: Gmail ignores this switch at the mock's date.")))
                (switch(&action, "suspended", "Account suspended (by Google or the admin)", a.suspended, "Suspend", "Restore", None))
                (switch(&action, "throttled", "Google rate-limits this account", a.throttled, "Throttle", "Stop throttling", None))
                tr {
                    td { "Other mail clients holding IMAP connections" br; span.hint { "Gmail allows about " (a.max_connections) " at once" } }
                    td { span.chip { (a.other_clients_connected) " of " (a.max_connections) } }
                    td.act {
                        form.inline method="post" action=(action) {
                            input type="hidden" name="setting" value="other_clients_connected";
                            input type="number" name="value" min="0" value=(a.other_clients_connected) style="width:5em";
                            " " button type="submit" { "Set" }
                        }
                    }
                }
                (sending_cards::account_limits(a, &action))
            }
            (sending_cards::send_as(a))
            (app_passwords(a))
        }
    }
}

/// Why the user's own less-secure switch may not matter.
fn lsa_hint(a: &AccountView, p: &PolicyView) -> Option<String> {
    let end = era::less_secure_end(a.kind);
    if p.as_of >= end {
        return Some(format!(
            "Gone since {end}: Google refuses the account password for apps at the mock's date."
        ));
    }
    if a.kind == AccountKind::Workspace {
        return match p.effective.less_secure_apps {
            LessSecureApps::UserManaged => {
                Some("The admin lets users manage it: this switch decides.".into())
            }
            other => Some(format!(
                "Managed by the admin (\"{}\"): this switch has no effect.",
                lsa_label(other)
            )),
        };
    }
    None
}

#[allow(clippy::too_many_arguments)]
fn switch(
    action: &str,
    setting: &str,
    label: &str,
    on: bool,
    turn_on: &str,
    turn_off: &str,
    hint: Option<&str>,
) -> Markup {
    html! {
        tr {
            td { (label) @if let Some(h) = hint { br; span.hint { (h) } } }
            td { @if on { span.chip.on { "On" } } @else { span.chip.off { "Off" } } }
            td.act {
                form.inline method="post" action=(action) {
                    input type="hidden" name="setting" value=(setting);
                    input type="hidden" name="value" value=(if on { "off" } else { "on" });
                    button data-action={ (setting) "-" (if on { "off" } else { "on" }) } type="submit" { (if on { turn_off } else { turn_on }) }
                }
            }
        }
    }
}

fn verdict(what: &str, v: &Verdict) -> Markup {
    html! {
        div.verdict {
            (what) " with the account password now: "
            @if v.allowed {
                span.ok { "signs in" }
            } @else {
                span.no { "refused: " (v.denial.unwrap_or("?")) }
            }
            span.muted { " — " (v.rule) }
        }
    }
}

fn app_passwords(a: &AccountView) -> Markup {
    let base = format!("/console/accounts/{}/app-passwords", seg(&a.email));
    html! {
        div style="margin-top:12px" {
            p.path { "Google Account › Security › Signing in to Google › " b { "App passwords" } }
            @if a.app_passwords.is_empty() {
                p.muted { "No app passwords." }
            } @else {
                table {
                    @for p in &a.app_passwords {
                        tr {
                            td { (p.name) }
                            td.act {
                                form.inline method="post" action={ (base) "/revoke" } {
                                    input type="hidden" name="name" value=(p.name);
                                    button.danger type="submit" { "Revoke" }
                                }
                            }
                        }
                    }
                }
            }
            @if a.two_step_verification {
                form.row method="post" action=(base) style="margin-top:8px" {
                    span { "Select app: Other (custom name)" }
                    input type="text" name="name" placeholder="Livespace CRM" required;
                    button type="submit" { "Generate" }
                }
            } @else {
                p.hint { "App passwords appear once 2-Step Verification is on (the article: turn it on first)." }
            }
        }
    }
}

fn new_account() -> Markup {
    html! {
        div.card {
            h3 { "Add an account" }
            form.row method="post" action="/console/accounts" {
                input type="email" name="email" placeholder="user@firma.example" required;
                input type="text" name="password" placeholder="password" required;
                button type="submit" { "Add" }
                span.hint { "A Workspace account unless the domain is gmail.com; it starts with an empty mailbox." }
            }
        }
    }
}
