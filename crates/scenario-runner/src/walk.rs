//! Applying a remediation as the admin or user would: flip the policy,
//! generate and use an app password (turning on 2-Step Verification first
//! when needed), wait out propagation. The walk then diagnoses again.

use std::time::Duration;

use gmail_wire::Secret;
use mail_doctor::{Credential, Endpoint, RemediationId as R};
use mock_gmail::model::faults::FaultKind;
use mock_gmail::model::AppPassword;
use mock_gmail::{LessSecureApps, MockHandle};
use serde::Serialize;

use crate::scenario::{ApplySpec, SecretChoice};
use crate::world::CustomerState;

/// Longest walk (each step is a full diagnosis).
pub const MAX_STEPS: usize = 6;

/// What applying a remediation did, in words (for snapshots and reports).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Applied {
    /// The remediation.
    pub id: R,
    /// What changed, step by step.
    pub actions: Vec<String>,
}

/// Why a remediation cannot be applied to a mock.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} cannot be applied automatically: {1}")]
pub struct NotApplicable(pub R, pub &'static str);

/// Whether `sender` is in the organisation's domains: the login's domain
/// or one of the policy's (secondary and alias) domains, compared
/// case-insensitively.
fn in_organisation(sender: &str, login: &str, domains: &[String]) -> bool {
    let domain = |a: &str| a.rsplit_once('@').map(|(_, d)| d.to_ascii_lowercase());
    match domain(sender) {
        Some(d) => {
            domain(login).as_deref() == Some(d.as_str())
                || domains.iter().any(|o| o.eq_ignore_ascii_case(&d))
        }
        None => false,
    }
}

/// The private account whose "Less secure app access" switch the user
/// flips instead of the company one, the first time they allow less secure
/// apps, when the scenario asks for it (`[apply]
/// less_secure_on_wrong_account_first`): another personal account on the
/// mock (the scenario's validation guarantees one). `None` otherwise, and
/// from the second time on — the report then told them to check which
/// account is signed in.
fn wrong_account_first(
    id: R,
    mock: &MockHandle,
    state: &CustomerState,
    choices: &ApplySpec,
) -> Option<String> {
    if !choices.less_secure_on_wrong_account_first || state.tried.contains(&id) {
        return None;
    }
    mock.accounts()
        .into_iter()
        .find(|a| {
            a.kind() == mock_gmail::AccountKind::Consumer
                && !a.email.eq_ignore_ascii_case(&state.email)
        })
        .map(|a| a.email)
}

/// Applies `id` to the mock and the customer's settings.
pub fn apply(
    id: R,
    mock: &MockHandle,
    state: &mut CustomerState,
    choices: &ApplySpec,
    rng: &mut fastrand::Rng,
) -> Result<Applied, NotApplicable> {
    let email = state.email.clone();
    let mut actions = Vec::new();
    let account = |f: &mut dyn FnMut(&mut mock_gmail::Account)| {
        // An account that does not exist cannot be changed; the doctor will
        // keep saying so and the walk ends without `none`.
        let _ = mock.update_account(&email, |a| f(a));
    };
    match id {
        R::None => {}
        R::FixConnectionSettings => {
            let imap = Endpoint::gmail_imap();
            let smtp = if state.smtp.port == gmail_wire::google::SMTP_PORT_STARTTLS
                && state.smtp.security == mail_doctor::Security::Starttls
            {
                state.smtp.clone()
            } else {
                Endpoint::gmail_smtp()
            };
            if state.imap != imap {
                actions.push(format!(
                    "customer changed IMAP from {} to {}",
                    state.imap, imap
                ));
                state.imap = imap;
            }
            if state.smtp != smtp {
                actions.push(format!(
                    "customer changed SMTP from {} to {}",
                    state.smtp, smtp
                ));
                state.smtp = smtp;
            }
        }
        R::CheckTlsInterception => {
            let (tls, rest): (Vec<_>, Vec<_>) = mock
                .faults()
                .into_iter()
                .partition(|f| matches!(f.kind, FaultKind::Tls { .. }));
            if !tls.is_empty() {
                mock.set_faults(rest);
                actions.push("the intercepting certificate was removed (antivirus/proxy TLS inspection turned off)".into());
            }
            if !state.trusts_certificate {
                state.trusts_certificate = true;
                actions.push(
                    "customer's machine now trusts the server's certificate (interception removed)"
                        .into(),
                );
            }
        }
        R::CheckNetwork => {
            let (net, rest): (Vec<_>, Vec<_>) = mock
                .faults()
                .into_iter()
                .partition(|f| f.kind == FaultKind::PlaintextOnTls);
            if net.is_empty() && !state.network.is_faulty() {
                return Err(NotApplicable(id, "the network is outside the mock"));
            }
            if !net.is_empty() {
                mock.set_faults(rest);
                actions.push(
                    "the network admin removed the middlebox answering on Gmail's ports".into(),
                );
            }
            actions.extend(network_fixes(&state.network));
            state.network = crate::net_faults::NetworkSpec::default();
        }
        R::CheckPassword => match state.secret {
            SecretChoice::WrongPassword => {
                let pw = mock.account(&email).map(|a| a.password).unwrap_or_default();
                state.credential = Credential::Password(pw);
                state.secret = SecretChoice::AccountPassword;
                actions.push("customer re-typed the account password".into());
            }
            SecretChoice::RevokedAppPassword => {
                let app = AppPassword::generate("CRM", rng);
                let secret = app.secret.clone();
                account(&mut |a| a.app_passwords.push(app.clone()));
                state.credential = Credential::Password(secret);
                state.secret = SecretChoice::AppPassword;
                actions.push("user generated a new app password and typed it into the CRM".into());
            }
            _ => actions.push("customer confirmed the password is right (nothing changed)".into()),
        },
        R::EnableImap => {
            mock.update_policy(|p| p.imap_pop_disabled_for_all = false);
            actions.push("admin unticked \"Disable POP and IMAP access for all users\"".into());
        }
        R::EnableImapUser => {
            account(&mut |a| a.imap_enabled = true);
            actions.push("user turned IMAP on in Gmail settings".into());
        }
        R::AllowLessSecureApps => {
            let kind = mock
                .account(&email)
                .map(|a| a.kind())
                .unwrap_or(mock_gmail::AccountKind::Workspace);
            // The article's warning acted out: the first time, the user's
            // own switch is flipped in their private account.
            let wrong = wrong_account_first(id, mock, state, choices);
            let toggle = |actions: &mut Vec<String>| match &wrong {
                Some(private) => {
                    let _ = mock.update_account(private, |a| a.less_secure_toggle = true);
                    actions.push(format!(
                        "user turned on \"Less secure app access\" while signed in as the private account {private}, not {email}"
                    ));
                }
                None => {
                    account(&mut |a| a.less_secure_toggle = true);
                    actions.push(if choices.less_secure_on_wrong_account_first {
                        format!("user signed in as {email} and turned on \"Less secure app access\" there")
                    } else {
                        "user turned on \"Less secure app access\" in their Google Account".into()
                    });
                }
            };
            if kind == mock_gmail::AccountKind::Workspace {
                let current = mock.policy().less_secure_apps;
                if current == LessSecureApps::Disabled {
                    let choice = choices.less_secure_apps;
                    // The console of the mock's date decides (from
                    // 2024-06-15 it no longer offers the setting to a
                    // domain that had it disabled).
                    if mock
                        .try_update_policy(|p| p.less_secure_apps = choice)
                        .is_err()
                    {
                        return Err(NotApplicable(
                            id,
                            "the Admin console no longer offers \"Less secure apps\" to this domain (2024-06-15 … 2024-09-29, not used before)",
                        ));
                    }
                    actions.push(match choice {
                        LessSecureApps::Enforced => {
                            "admin chose \"Enforce access to less secure apps for all users\""
                                .into()
                        }
                        _ => {
                            "admin chose \"Allow users to manage their access to less secure apps\""
                                .into()
                        }
                    });
                }
                if mock.policy().less_secure_apps == LessSecureApps::UserManaged {
                    toggle(&mut actions);
                }
            } else {
                toggle(&mut actions);
            }
        }
        R::UseAppPassword => {
            let has_2sv = mock
                .account(&email)
                .is_some_and(|a| a.two_step_verification);
            if !has_2sv {
                actions.push("user turned on 2-Step Verification first".into());
            }
            let app = AppPassword::generate("CRM", rng);
            let secret = app.secret.clone();
            account(&mut |a| {
                a.two_step_verification = true;
                a.app_passwords.push(app.clone());
            });
            // The page's UI by era (`era::APP_PASSWORD_NAME_ONLY`).
            actions.push(
                if mock_gmail::model::era::app_password_name_only(mock.policy().as_of) {
                    "user created an app password named \"CRM\" and typed it into the CRM"
                } else {
                    "user generated an app password (Other: \"CRM\") and typed it into the CRM"
                }
                .into(),
            );
            state.credential = Credential::Password(secret);
            state.secret = SecretChoice::AppPassword;
        }
        R::AllowExternalSmtp => {
            mock.update_policy(|p| p.external_smtp_allowed = true);
            actions.push(
                "admin ticked \"Allow users to send mail through an external SMTP server…\"".into(),
            );
        }
        R::RetryLater => {
            account(&mut |a| {
                a.other_clients_connected = 0;
                a.throttled = false;
            });
            mock.advance(Duration::from_secs(24 * 3600));
            // Temporary server trouble passes with time, too.
            let faults = mock.faults();
            let lasting: Vec<_> = faults
                .iter()
                .copied()
                .filter(|f| !f.kind.is_transient())
                .collect();
            if lasting.len() != faults.len() {
                mock.set_faults(lasting);
            }
            actions.push("customer closed other mail clients and waited 24 hours".into());
        }
        R::AccountSuspended => {
            account(&mut |a| a.suspended = false);
            actions.push("the account was restored".into());
        }
        R::ReauthorizeOauth => {
            let token = format!("ya29.reauthorized-{}", rng.u32(..));
            account(&mut |a| a.oauth_tokens.push(Secret::new(token.clone())));
            state.credential = Credential::OAuthToken(Secret::new(token));
            state.secret = SecretChoice::OauthToken;
            actions.push("customer reconnected the mailbox with \"Sign in with Google\"".into());
        }
        R::AddSendAsAddress => {
            let Some(from) = state.from.clone() else {
                return Err(NotApplicable(
                    id,
                    "the CRM sends as the login, which needs no \"Send mail as\" entry",
                ));
            };
            account(&mut |a| {
                a.send_as.retain(|s| !s.address.eq_ignore_ascii_case(&from));
                a.send_as.push(mock_gmail::SendAs {
                    address: from.clone(),
                    via: mock_gmail::SendVia::Gmail,
                });
            });
            actions.push(format!(
                "user added and confirmed {from} under \"Send mail as\" (sent through Gmail)"
            ));
        }
        R::ConfigureSmtpRelay => {
            // The doctor connects from 127.0.0.1; the admin lists that as
            // the CRM's sending IP. "Require SMTP Authentication" stays as it
            // was: the doctor authenticates when the relay offers AUTH. A
            // sender outside the organisation's domains can only be allowed
            // with "Any addresses"; otherwise "Only addresses in my domains".
            let sender = state.from.clone().unwrap_or_else(|| email.clone());
            let outside = !in_organisation(&sender, &email, &mock.policy().domains);
            let senders = if outside {
                mock_gmail::RelaySenders::Any
            } else {
                mock_gmail::RelaySenders::DomainAddresses
            };
            mock.update_policy(|p| {
                let relay = &mut p.smtp_relay;
                relay.enabled = true;
                if !relay
                    .allowed_ips
                    .iter()
                    .any(|ip| ip.starts_with("127.0.0.1"))
                {
                    relay.allowed_ips.push("127.0.0.1/32".into());
                }
                relay.allowed_senders = senders;
            });
            actions.push(format!(
                "admin configured the SMTP relay service: enabled, the CRM's IP 127.0.0.1 allowed, allowed senders: {}",
                if outside {
                    "any addresses (the CRM sends as an outside address)"
                } else {
                    "only addresses in the organisation's domains"
                }
            ));
        }
        // The mailbox is hosted by another provider: nothing at Google
        // changes that, so a diagnosis that says so ends the scenario
        // (`expect.remediation`, never a walk step).
        R::NotAGoogleMailbox => {
            return Err(NotApplicable(
                id,
                "the mailbox is hosted by another provider; the scenario ends with this diagnosis",
            ))
        }
        R::SendingLimitReached => {
            mock.advance(Duration::from_secs(24 * 3600));
            actions.push("24 hours passed (the daily sending window rolled over)".into());
        }
    }
    if id != R::None {
        state.tried.push(id);
    }
    Ok(Applied { id, actions })
}

/// What IT did about each network fault (`[network]`), in the walk's words.
fn network_fixes(n: &crate::net_faults::NetworkSpec) -> Vec<String> {
    use crate::net_faults::{GmailDns, PortFault};
    let mut out = Vec::new();
    for (host, ports, fault) in [
        ("imap.gmail.com", "993", n.imap),
        ("smtp.gmail.com", "465 and 587", n.smtp),
    ] {
        match fault {
            PortFault::Open => {}
            PortFault::Drop => out.push(format!(
                "IT allowed outgoing connections to {host}:{ports} (the firewall had dropped them)"
            )),
            PortFault::Refuse => out.push(format!(
                "IT allowed outgoing connections to {host}:{ports} (the firewall had refused them)"
            )),
        }
    }
    match n.dns {
        GmailDns::Works => {}
        GmailDns::Fail | GmailDns::Nxdomain => out
            .push("IT fixed the machine's DNS settings (Gmail's host names resolve again)".into()),
    }
    out
}
