//! Not-authenticated state: STARTTLS, LOGIN, AUTHENTICATE (PLAIN, XOAUTH2,
//! OAUTHBEARER; with SASL-IR or a `+` continuation). Every sign-in is decided
//! by `model::authenticate`; this file only renders the decision.

use base64::Engine as _;
use gmail_wire::imap::parse::parse_sasl_line;
use gmail_wire::imap::{CommandBody, Data, Response, Tag};
use gmail_wire::sasl;
use tracing::info;

use crate::imap::session::{Action, Authed, Output, Phase, Sasl, Session};
use crate::model::{Credential, Decision, Denial, Service};
use crate::responses::imap as text;
use crate::wire_style::{Stage, WebLoginStyle};

pub(crate) fn handle(s: &mut Session, tag: Tag, body: CommandBody) -> Output {
    match body {
        CommandBody::StartTls if !s.tls && !s.info.listener.implicit_tls() => Output {
            responses: vec![text::starttls_ok(&tag)],
            action: Action::StartTls,
        },
        CommandBody::Login { username, password } => {
            let (decision, key) = s.shared.authenticate(
                Service::Imap,
                &username,
                Credential::Password(password.expose()),
            );
            finish(s, tag, &username, decision, key)
        }
        CommandBody::Authenticate {
            mechanism,
            initial_response,
        } => authenticate(
            s,
            tag,
            &mechanism,
            initial_response.as_ref().map(|r| r.expose().as_str()),
        ),
        // Anything else before login, including STARTTLS on the TLS port:
        // Gmail answers "Unknown command" (dmarcts-report-parser#45).
        _ => Output::one(text::unknown_command(&tag, &s.id)),
    }
}

fn authenticate(s: &mut Session, tag: Tag, mechanism: &str, ir: Option<&str>) -> Output {
    match (mechanism, ir) {
        ("PLAIN", None) => {
            s.phase = Phase::Authenticating(Sasl::Plain { tag });
            Output::one(text::sasl_continue())
        }
        ("XOAUTH2" | "OAUTHBEARER", None) => {
            s.phase = Phase::Authenticating(Sasl::XOAuth2 { tag });
            Output::one(text::sasl_continue())
        }
        ("PLAIN", Some(b64)) => plain(s, tag, b64),
        ("XOAUTH2" | "OAUTHBEARER", Some(b64)) => oauth(s, tag, b64),
        _ => Output::one(text::unsupported_mechanism(&tag)),
    }
}

fn plain(s: &mut Session, tag: Tag, b64: &str) -> Output {
    match sasl::decode_plain(b64) {
        Ok(c) => {
            let (decision, key) = s.shared.authenticate(
                Service::Imap,
                &c.username,
                Credential::Password(c.password.expose()),
            );
            finish(s, tag, &c.username, decision, key)
        }
        Err(_) => Output::one(text::bad_sasl(&tag)),
    }
}

fn oauth(s: &mut Session, tag: Tag, b64: &str) -> Output {
    // XOAUTH2 or OAUTHBEARER (RFC 7628), whichever shape the client sent.
    let Ok(x) = sasl::decode_oauth(b64) else {
        return Output::one(text::bad_sasl(&tag));
    };
    let (user, token) = (x.username, x.token.into_inner());
    let (decision, key) =
        s.shared
            .authenticate(Service::Imap, &user, Credential::OAuthToken(&token));
    if decision.outcome == Err(Denial::InvalidToken) {
        log(&user, &decision);
        // Gmail first sends the JSON error as a challenge; the client must
        // answer (with an empty line) before it gets the final NO.
        let json = base64::engine::general_purpose::STANDARD.encode(text::XOAUTH2_ERROR_JSON);
        s.phase = Phase::Authenticating(Sasl::XOAuth2Failed { tag });
        return Output::one(Response::Continue(json));
    }
    finish(s, tag, &user, decision, key)
}

/// A client line during a SASL exchange.
pub(crate) fn sasl_line(s: &mut Session, sasl: Sasl, line: &[u8]) -> Output {
    s.rec.client_secret();
    s.phase = Phase::NotAuthenticated;
    let parsed = parse_sasl_line(line);
    match sasl {
        Sasl::XOAuth2Failed { tag } => {
            Output::many(denial_responses(s, &tag, Denial::InvalidToken))
        }
        Sasl::Plain { tag } | Sasl::XOAuth2 { tag } if matches!(parsed, Some(None)) => {
            Output::one(text::sasl_cancelled(&tag))
        }
        Sasl::Plain { tag } => match parsed {
            Some(Some(b64)) => plain(s, tag, b64),
            _ => Output::one(text::bad_sasl(&tag)),
        },
        Sasl::XOAuth2 { tag } => match parsed {
            Some(Some(b64)) => oauth(s, tag, b64),
            _ => Output::one(text::bad_sasl(&tag)),
        },
    }
}

fn log(user: &str, d: &Decision) {
    info!(service = "imap", user, rule = d.rule, outcome = %d.outcome_text(), "auth decision");
}

/// Renders a decision: success moves to Authenticated; a denial stays.
fn finish(
    s: &mut Session,
    tag: Tag,
    user: &str,
    decision: Decision,
    key: Option<String>,
) -> Output {
    log(user, &decision);
    match (decision.outcome, key) {
        (Ok(grant), Some(key)) => {
            let lease = s.shared.lease(&key);
            let Some(watch) = s.shared.watch(&key) else {
                return Output::many(denial_responses(s, &tag, Denial::InvalidCredentials));
            };
            s.rec.set_account(&grant.email);
            let responses = {
                let w = s.shared.world();
                w.wire
                    .overrides
                    .imap(Stage::ImapLoginOk, &tag, &s.vars(&grant.email, ""))
                    .unwrap_or_else(|| {
                        let caps = text::CAPABILITIES_POST_AUTH
                            .iter()
                            .map(|c| (*c).to_owned())
                            .collect();
                        vec![
                            Response::Data(Data::Capability(caps)),
                            text::authenticated(&tag, &grant.email),
                        ]
                    })
            };
            s.phase = Phase::Authenticated(Authed {
                email: grant.email,
                lease,
                watch,
            });
            Output::many(responses)
        }
        (Ok(_), None) => Output::many(denial_responses(s, &tag, Denial::InvalidCredentials)),
        (Err(denial), _) => {
            let responses = denial_responses(s, &tag, denial);
            if denial == Denial::Throttled {
                s.phase = Phase::Logout;
                return Output::close(responses);
            }
            Output::many(responses)
        }
    }
}

/// Gmail's reply to a refused sign-in, honouring era style and overrides.
pub(crate) fn denial_responses(s: &Session, tag: &Tag, denial: Denial) -> Vec<Response> {
    let url = s.shared.webalert_url();
    let w = s.shared.world();
    let vars = s.vars("", &url);
    if let Some(r) = w.wire.overrides.imap(Stage::ImapDenial(denial), tag, &vars) {
        return r;
    }
    let (denial, webalert) = match (denial, w.wire.web_login) {
        (Denial::WebLoginRequired, WebLoginStyle::InvalidCredentials) => {
            (Denial::InvalidCredentials, None)
        }
        (Denial::WebLoginRequired, WebLoginStyle::Webalert) => (denial, Some(url.as_str())),
        _ => (denial, None),
    };
    text::denial(tag, denial, webalert)
}
