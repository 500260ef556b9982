//! The console's sending settings (DESIGN.md "Sending"), as Google's
//! consoles show them: the organisation's domains and the SMTP relay
//! service on the admin side; an account's "Send mail as" addresses, its
//! daily sending limit and what it sent in the last 24 hours on the user
//! side. Each is a form posting to `sending_forms`.

use maud::{html, Markup};
use mock_gmail::model::AccountKind;
use mock_gmail::{RelaySenders, SendVia};

use super::seg;
use crate::schema::{AccountView, PolicyView};

/// The relay's "Allowed senders" options, in the Admin console's order
/// and words.
pub(crate) const RELAY_SENDERS: [(RelaySenders, &str, &str); 3] = [
    (
        RelaySenders::RegisteredUsers,
        "registered-users",
        "Only registered Apps users in my domains",
    ),
    (
        RelaySenders::DomainAddresses,
        "domain-addresses",
        "Only addresses in my domains",
    ),
    (RelaySenders::Any, "any", "Any addresses (not recommended)"),
];

/// Account › Domains › Manage domains: secondary and alias domains.
pub(crate) fn domains(p: &PolicyView) -> Markup {
    html! {
        div.card #domains {
            p.path { "Account › Domains › " b { "Manage domains" } }
            p.hint { "Secondary and alias domains. Each Workspace account's own domain is its primary domain. "
                "Addresses in these domains always send through smtp.gmail.com, and are the relay's \"my domains\"." }
            form.row method="post" action="/console/policy/domains" {
                input #domains-input type="text" name="domains" value=(p.domains.join(", "))
                    placeholder="firma-handel.example, firma.example.com" style="flex:1";
                button.primary #save-domains type="submit" { "Save" }
            }
        }
    }
}

/// Apps › Gmail › Routing › SMTP relay service.
pub(crate) fn smtp_relay(p: &PolicyView, product: &str, relay_addr: &str) -> Markup {
    let r = &p.smtp_relay;
    html! {
        div.card #smtp-relay {
            p.path { "Apps › " (product) " › Gmail › Routing › " b { "SMTP relay service" } }
            p.hint { "smtp-relay.gmail.com, here " code { (relay_addr) } " (STARTTLS). Without a setting every message gets "
                code { "550 5.7.0 Mail relay denied" } "." }
            form method="post" action="/console/policy/smtp-relay" {
                label.opt {
                    input #relay-enabled type="checkbox" name="enabled" value="on" checked[r.enabled];
                    span { b { "A relay setting exists" } br; span.hint { "Add setting (off: none, as before an admin adds one)" } }
                }
                p style="margin:10px 0 4px" { b { "1. Allowed senders" } }
                @for (value, id, label) in RELAY_SENDERS {
                    label.opt {
                        input id={ "relay-senders-" (id) } type="radio" name="allowed_senders" value=(id) checked[r.allowed_senders == value];
                        span { (label) }
                    }
                }
                p style="margin:10px 0 4px" { b { "2. Authentication" } }
                label.opt {
                    input #relay-only-ips type="checkbox" name="only_allowlisted_ips" value="on" checked[r.only_allowlisted_ips];
                    span { "Only accept mail from the specified IP addresses" }
                }
                label.opt {
                    span { "IP addresses / ranges" br;
                        textarea #relay-ips name="allowed_ips" rows="3" cols="36" placeholder="203.0.113.7\n203.0.113.0/24" {
                            (r.allowed_ips.join("\n"))
                        }
                    }
                }
                label.opt {
                    input #relay-require-auth type="checkbox" name="require_auth" value="on" checked[r.require_auth];
                    span { "Require SMTP Authentication" }
                }
                p style="margin:10px 0 4px" { b { "3. Encryption" } }
                label.opt {
                    input #relay-require-tls type="checkbox" name="require_tls" value="on" checked[r.require_tls];
                    span { "Require TLS encryption" }
                }
                button.primary #save-smtp-relay type="submit" { "Save" }
            }
        }
    }
}

/// The account's sending rows: daily limit and sent count (as settings of
/// the account form at `action`), then its "Send mail as" addresses.
pub(crate) fn account_limits(a: &AccountView, action: &str) -> Markup {
    let default = match a.kind {
        AccountKind::Workspace => "2000 (Google Workspace)",
        AccountKind::Consumer => "500 (personal account)",
    };
    let limit = a
        .daily_sending_limit
        .map(|n| n.to_string())
        .unwrap_or_default();
    let reached = a.sent_last_24h >= a.daily_sending_limit_effective;
    html! {
        tr {
            td { "Daily sending limit" br; span.hint { "Empty: Google's default, " (default) } }
            td { span.chip { (a.daily_sending_limit_effective) } }
            td.act {
                form.inline method="post" action=(action) {
                    input type="hidden" name="setting" value="daily_sending_limit";
                    input type="number" name="value" min="1" value=(limit) placeholder="default" style="width:6em";
                    " " button type="submit" { "Set" }
                }
            }
        }
        tr {
            td { "Messages sent in the last 24 hours" br;
                span.hint { "On the mock's clock. At the limit, smtp.gmail.com answers " code { "550-5.4.5" } " after the message." } }
            td { @if reached { span.chip.bad { (a.sent_last_24h) " (limit reached)" } } @else { span.chip { (a.sent_last_24h) } } }
            td.act {
                form.inline method="post" action=(action) {
                    input type="hidden" name="setting" value="sent_last_24h";
                    input type="number" name="value" min="0" value=(a.sent_last_24h) style="width:6em";
                    " " button type="submit" { "Set" }
                }
            }
        }
    }
}

/// Gmail › Settings › Accounts › "Send mail as".
pub(crate) fn send_as(a: &AccountView) -> Markup {
    let base = format!("/console/accounts/{}/send-as", seg(&a.email));
    html! {
        div.send-as style="margin-top:12px" {
            p.path { "Gmail › Settings › Accounts › " b { "Send mail as" } }
            table {
                tr { td { (a.email) span.muted { " (the account's own address)" } } td {} td {} }
                @for s in &a.send_as {
                    tr {
                        td { (s.address) }
                        td { @match s.via {
                            SendVia::Gmail => { "Send through Gmail" }
                            SendVia::OwnServer => { "Send through its own SMTP server" br;
                                span.hint { "A per-user outbound gateway: needs \"Allow per-user outbound gateways\"" } }
                        } }
                        td.act {
                            form.inline method="post" action={ (base) "/remove" } {
                                input type="hidden" name="address" value=(s.address);
                                button.danger type="submit" { "Delete" }
                            }
                        }
                    }
                }
            }
            form.row method="post" action=(base) style="margin-top:8px" {
                span { "Add another email address" }
                input type="email" name="address" placeholder="oferty@partner.example" required;
                select name="via" {
                    option value="gmail" selected { "Send through Gmail" }
                    option value="own-server" { "Send through its own SMTP server" }
                }
                button type="submit" { "Add" }
            }
        }
    }
}
