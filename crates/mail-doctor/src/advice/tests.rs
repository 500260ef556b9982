//! The plan rendered in every language: the exhaustive test (every
//! remediation × language × era × kind of account), then what the texts
//! must say for each remediation.

use std::collections::HashSet;

use gmail_wire::google::AccountKind;

use super::fixtures::{self, all_text, of, Case};
use super::{advice, note, plan, ruled_out, Advice};
use crate::classify::{AdminSetting, Rule, SettingsIssue, Temporary};
use crate::i18n::{Catalogue, Lang, Msg};
use crate::remedy::{Actor, RemediationId as R};
use crate::Protocol;

/// The English text of a case's advice, with the advice itself for tests
/// that look at one message; the English words are what most assertions
/// match, since the Polish ones are checked by the parity and exhaustive
/// render tests.
fn render(c: &Case) -> (Advice, String) {
    let a = advice(&c.ctx());
    let t = all_text(&a, &Catalogue::new(Lang::En));
    (a, t)
}

/// The Polish text, for the checks that must hold in both languages (no
/// developer flags, prose dates, one wording of the app password length).
fn render_pl(c: &Case) -> String {
    all_text(&advice(&c.ctx()), &Catalogue::new(Lang::Pl))
}

/// Every message of the plan, its nested messages included.
fn messages(plan: &super::Plan) -> Vec<&Msg> {
    let a = &plan.advice;
    let mut out = vec![&plan.who, &a.title, &a.summary];
    out.extend(a.steps.iter().chain(&a.caveats));
    out.extend(plan.ruled_out.iter().chain(&plan.notes));
    out
}

/// The exhaustive render: every remediation id × language × era (a date on
/// each side of every cut-off in DESIGN.md "Time") × kind of account, with
/// every note and every ruled-out reason attached. Each message of the plan
/// must render without a Fluent error (missing message, missing argument),
/// must not be empty and must leave no `{`/`$` placeholder behind.
///
/// Why this and not a look at the snapshots: the scenarios reach perhaps a
/// third of the combinations; a Polish message missing for, say, a
/// personal account in 2023 would otherwise ship unseen.
#[test]
fn every_remediation_renders_in_every_language_era_and_kind() {
    let cases = fixtures::cases();
    // The fixtures cross every id with both kinds and a date on each side
    // of every cut-off (DESIGN.md "Time").
    for id in R::ALL {
        for kind in [AccountKind::Consumer, AccountKind::Workspace] {
            for d in fixtures::DATES {
                let as_of = fixtures::date(d);
                assert!(
                    cases.iter().any(|c| c.diagnosis.remediation == id
                        && c.diagnosis.facts.account_kind == kind
                        && c.diagnosis.facts.as_of == as_of),
                    "no fixture for {id} / {kind:?} / {d}"
                );
            }
        }
    }
    let catalogues = Lang::ALL.map(Catalogue::new);
    for mut c in cases {
        c.diagnosis.notes = fixtures::notes();
        c.diagnosis.ruled_out.extend(fixtures::ruled_outs());
        let p = plan(&c.ctx());
        for cat in &catalogues {
            for m in messages(&p) {
                let text = cat
                    .try_say(m)
                    .unwrap_or_else(|e| panic!("{} / {:?}: {}: {e:?}", c.label, cat.lang(), m.id));
                assert!(!text.trim().is_empty(), "{}: {} empty", c.label, m.id);
                for bad in ["{", "}", "$", "Some(", "None)", "  ", "\n"] {
                    assert!(
                        !text.contains(bad),
                        "{} / {:?}: {} contains {bad:?}: {text}",
                        c.label,
                        cat.lang(),
                        m.id
                    );
                }
            }
        }
    }
}

/// Every advice except `none` tells the customer at least one thing to do.
#[test]
fn every_case_has_title_summary_and_steps() {
    for c in fixtures::cases() {
        let (a, _) = render(&c);
        if c.diagnosis.remediation != R::None {
            assert!(!a.steps.is_empty(), "{}: steps", c.label);
        }
    }
}

/// The advice is read by a CRM's customer, who runs no command line: a
/// developer flag such as `--tried` must not appear in it (point 6 of the
/// issue). The test-only `--ca-file` caveat is addressed to testers.
#[test]
fn no_developer_flags_in_advice_to_customers() {
    for c in fixtures::cases() {
        for t in [render(&c).1, render_pl(&c)] {
            assert!(!t.contains("--tried"), "{}: {t}", c.label);
        }
    }
}

/// Dates read as a person writes them ("30 September 2024", "30 września
/// 2024 r."), never as ISO dates or Polish "dnia 2024-09-30".
#[test]
fn dates_in_advice_are_prose_in_both_languages() {
    for c in of(R::AllowLessSecureApps) {
        let (en, pl) = (render(&c).1, render_pl(&c));
        assert!(
            !en.contains("2024-09-30") && !en.contains("2022-05-30"),
            "{en}"
        );
        assert!(
            !pl.contains("2024-09-30") && !pl.contains("dnia 20"),
            "{pl}"
        );
        match c.diagnosis.facts.account_kind {
            AccountKind::Workspace => {
                assert!(en.contains("30 September 2024"), "{en}");
                assert!(pl.contains("30 września 2024 r."), "{pl}");
            }
            AccountKind::Consumer => {
                assert!(en.contains("30 May 2022"), "{en}");
                assert!(pl.contains("30 maja 2022 r."), "{pl}");
            }
        }
    }
}

/// One wording for the app password's length in each language:
/// "16-character" and "16-znakowe" (the texts used to mix letters,
/// characters and "16 liter").
#[test]
fn the_app_password_length_has_one_wording() {
    for c in of(R::UseAppPassword).iter().chain(&of(R::CheckPassword)) {
        let (en, pl) = (render(c).1, render_pl(c));
        for t in [&en, &pl] {
            assert!(
                !t.contains("16-letter") && !t.contains("16-literowe") && !t.contains("16 liter")
            );
        }
        if c.diagnosis.remediation == R::UseAppPassword {
            assert!(en.contains("16-character"), "{en}");
            assert!(pl.contains("16-znakowe"), "{pl}");
        }
    }
}

/// The less-secure-apps summary names the customer's domain where it used
/// to say "the G Suite domain" (as if "G Suite" were the domain's name).
#[test]
fn the_customer_domain_is_named_not_the_product() {
    for c in of(R::AllowLessSecureApps) {
        if c.diagnosis.facts.account_kind != AccountKind::Workspace {
            continue;
        }
        let product = c.diagnosis.facts.admin_product;
        let (en, pl) = (render(&c).1, render_pl(&c));
        assert!(!en.contains(&format!("the {product} domain")), "{en}");
        assert!(!pl.contains(&format!("domena {product}")), "{pl}");
        assert!(
            en.contains("firma.pl") && pl.contains("domeny firma.pl w "),
            "{pl}"
        );
    }
}

/// `none` says what was checked, so a customer can compare it with the
/// CRM's settings; it has no steps.
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

/// `fix-connection-settings` quotes what was typed, gives Gmail's values
/// nearest to it (587 stays 587, with STARTTLS), says something different
/// for every kind of settings problem, and mentions the other protocol's
/// settings when they are wrong too.
#[test]
fn settings_quote_the_typed_values_and_give_the_right_ones() {
    let cases = of(R::FixConnectionSettings);
    let en = Catalogue::new(Lang::En);
    let mut summaries = HashSet::new();
    for c in &cases {
        let (a, t) = render(c);
        let dec = c.diagnosis.decided_by.as_ref().unwrap();
        let summary = en.say(&a.summary);
        assert!(
            summary.contains(&dec.endpoint.to_string()),
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
        summaries.insert(summary);
    }
    // Each (issue, typed settings) says something different.
    assert_eq!(summaries.len(), fixtures::settings_cases().len());
    // 587 with SSL: keep 587, switch to STARTTLS.
    let c = cases
        .iter()
        .find(|c| {
            c.smtp.port == 587 && c.diagnosis.facts.settings == Some(SettingsIssue::PlaintextPort)
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

/// Network and TLS troubles each get their own title, and only the
/// certificate-date case talks about the clock instead of a test CA.
#[test]
fn network_and_tls_texts_differ_by_rule() {
    let en = Catalogue::new(Lang::En);
    let titles: HashSet<String> = of(R::CheckNetwork)
        .iter()
        .map(|c| en.say(&render(c).0.title))
        .collect();
    // DNS, refused, dropped (no answer), and an impostor answering in
    // plaintext.
    assert_eq!(titles.len(), 4);
    for c in of(R::CheckNetwork) {
        let t = render(&c).1;
        match super::decide::rule(&c.diagnosis) {
            // A name that does not resolve: the machine's DNS settings,
            // not a port to open.
            Rule::DnsFailed => assert!(
                t.contains("cannot resolve imap.gmail.com") && t.contains("DNS settings"),
                "{}",
                c.label
            ),
            Rule::TlsPlaintextOnSslPort => {
                assert!(!t.contains("blocks outgoing port"), "{}", c.label)
            }
            _ => assert!(
                t.contains("blocks outgoing port 993")
                    && t.contains(
                        "imap.gmail.com on port 993 and to smtp.gmail.com on port 465 (or 587)"
                    ),
                "{}",
                c.label
            ),
        }
    }
    let tls = of(R::CheckTlsInterception);
    let titles: HashSet<String> = tls.iter().map(|c| en.say(&render(c).0.title)).collect();
    // Untrusted, expired (or not yet valid), other name, CA as the
    // server's, revoked, unusable, and a failed handshake.
    assert_eq!(titles.len(), 7);
    for c in &tls {
        let t = render(c).1;
        // A CA certificate as the server's is the server's set-up, not
        // interception; every other case names the antivirus.
        let ca_as_server = super::decide::rule(&c.diagnosis) == Rule::TlsCaUsedAsEndEntity;
        assert_eq!(t.contains("antivirus"), !ca_as_server, "{}", c.label);
        match super::decide::rule(&c.diagnosis) {
            Rule::TlsExpired | Rule::TlsNotYetValid => {
                assert!(t.contains("clock") && t.contains("time zone"))
            }
            _ => assert!(t.contains("--ca-file"), "{}", c.label),
        }
    }
}

/// `check-password` adapts to the case: a dead app password, an SMTP-only
/// refusal, an exhausted ladder, or the ambiguous "Invalid credentials",
/// where it names the next rung of the era (less secure apps, or an app
/// password after the cut-off).
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
        } else if super::decide::rule(&c.diagnosis) == Rule::AuthLadderExhausted {
            assert!(t.contains("ladder"), "{}", c.label);
        } else if super::decide::rule(&c.diagnosis) == Rule::MxNoSuchDomain {
            // The address, not the password: nothing about the ladder.
            assert!(
                t.contains("Check the address: firma.pl does not exist")
                    || t.contains("Check the address: gmail.com does not exist"),
                "{}",
                c.label
            );
            assert!(!t.contains("less secure"), "{}", c.label);
        } else if c.diagnosis.decided_by.as_ref().unwrap().protocol == Protocol::Smtp {
            assert!(
                Catalogue::new(Lang::En).say(&a.steps[0]).contains("SMTP"),
                "{}",
                c.label
            );
        } else {
            assert!(t.contains("for years"), "{}", c.label);
            // From 2024-06-15 a Workspace domain that was not using less
            // secure apps can no longer turn them on: the next rung is an
            // app password although they still exist until the cut-off.
            if f.less_secure_offered() {
                assert!(t.contains("allow less secure apps"), "{}", c.label);
            } else {
                assert!(t.contains("next step is an app password"), "{}", c.label);
            }
        }
    }
}

/// Admin console paths use the product name of the era assumed ("Apps >
/// G Suite > Gmail" before the October 2020 rename).
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

/// The user's own IMAP switch is described only while it exists (until
/// 15 June 2024); afterwards the advice says it is gone.
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
                t.contains("15 June 2024") && !t.contains("\"Enable IMAP\""),
                "{}",
                c.label
            );
        }
    }
}

/// `allow-less-secure-apps` carries the article's facts: up to 24 hours,
/// the company-vs-private account warning, both admin options, the user's
/// own switch, and the cut-off first when it has passed.
#[test]
fn less_secure_apps_mentions_24_hours_account_check_and_cutoff() {
    for c in of(R::AllowLessSecureApps) {
        let (a, t) = render(&c);
        let f = &c.diagnosis.facts;
        assert!(t.contains("24 hours"), "{}", c.label);
        assert!(t.contains("private") && t.contains("avatar"), "{}", c.label);
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
                assert!(t.contains("\"Allow users to manage their access to less secure apps\""));
                assert!(t.contains("\"Enforce access to less secure apps for all users\""));
                assert!(t.contains("EACH user"));
            }
            AccountKind::Consumer => assert!(!t.contains("admin.google.com"), "{}", c.label),
        }
        if f.web_login_url.is_some() {
            let en = Catalogue::new(Lang::En);
            assert!(
                a.caveats.iter().any(|l| en
                    .say(l)
                    .contains("https://accounts.google.com/signin/continue")),
                "{}",
                c.label
            );
        }
        // Past the cut-off, the fact that the rung is gone comes first.
        if !f.less_secure_possible {
            let first = Catalogue::new(Lang::En).say(&a.caveats[0]);
            assert!(
                first.contains("removed this option"),
                "{}: {first}",
                c.label
            );
        }
    }
}

/// `use-app-password` explains 2-Step Verification, the App passwords page,
/// and after the cut-off names OAuth and why step 2 of the article is gone.
#[test]
fn app_password_mentions_2sv_and_after_cutoff_oauth() {
    let en = Catalogue::new(Lang::En);
    for c in of(R::UseAppPassword) {
        let (a, t) = render(&c);
        let f = &c.diagnosis.facts;
        assert!(t.contains("2-Step Verification"), "{}", c.label);
        // The page's UI by era: the menus before 2023, a name and
        // "Create" (and the direct address) since.
        if f.as_of >= gmail_wire::google::era::APP_PASSWORD_NAME_ONLY {
            assert!(
                t.contains("myaccount.google.com/apppasswords")
                    && t.contains("\"Create\"")
                    && !t.contains("Other (custom name)"),
                "{}",
                c.label
            );
        } else {
            assert!(
                t.contains("\"Other (custom name)\"")
                    && t.contains("\"Generate\"")
                    && !t.contains("\"Create\""),
                "{}",
                c.label
            );
        }
        if !f.less_secure_possible {
            assert!(t.contains("OAuth"), "{}", c.label);
        }
        if super::decide::rule(&c.diagnosis) == Rule::AuthWebLoginAppPassword
            && !f.less_secure_possible
        {
            assert!(
                en.say(&a.summary).contains("no longer exists"),
                "{}",
                c.label
            );
        }
    }
}

/// Each kind of temporary trouble gets its own advice and its specific fact
/// (the connection limit, an hour's wait, 24 hours, the time limit).
#[test]
fn retry_later_has_specifics() {
    let cases = of(R::RetryLater);
    let en = Catalogue::new(Lang::En);
    let titles: HashSet<String> = cases.iter().map(|c| en.say(&render(c).0.title)).collect();
    assert_eq!(titles.len(), 5);
    for c in cases {
        let t = render(&c).1;
        match c.diagnosis.facts.temporary.unwrap() {
            Temporary::TooManyConnections => assert!(t.contains("about 15 connections")),
            Temporary::RateLimited => assert!(t.contains("an hour")),
            Temporary::Propagation => {
                assert!(t.contains("24 hours") && t.contains("wait"), "{}", c.label);
                // The setting is named; only less secure apps add the
                // article's "right account" warning.
                let name = match c.diagnosis.facts.propagating {
                    Some(AdminSetting::Imap) => "Disable POP and IMAP access",
                    Some(AdminSetting::ExternalSmtp) => "per-user outbound gateways",
                    Some(AdminSetting::SmtpRelay) => "SMTP relay service",
                    Some(AdminSetting::LessSecureApps) | None => "Less secure apps",
                };
                assert!(t.contains(name), "{}: {t}", c.label);
                let less_secure = matches!(
                    c.diagnosis.facts.propagating,
                    Some(AdminSetting::LessSecureApps) | None
                );
                assert_eq!(t.contains("private"), less_secure, "{}", c.label);
            }
            Temporary::Slow => assert!(t.contains("time limit")),
            Temporary::ServerError => assert!(t.contains("temporary")),
        }
    }
}

/// In the 2024 window (Workspace, 2024-06-15 … 2024-09-29) an app password
/// chosen because the setting is gone says so, and says that where it was
/// already on the password keeps working until the cut-off; the doctor
/// does not send the admin looking for the setting.
#[test]
fn app_password_in_the_2024_window_says_the_setting_is_gone() {
    let en = Catalogue::new(Lang::En);
    let pl = Catalogue::new(Lang::Pl);
    let cases: Vec<_> = of(R::UseAppPassword)
        .into_iter()
        .filter(|c| {
            // The classifier gives this rule only in the window.
            super::decide::rule(&c.diagnosis) == Rule::AuthWebLoginSettingGone
                && c.diagnosis.facts.less_secure_possible
                && !c.diagnosis.facts.less_secure_offered()
        })
        .collect();
    assert!(!cases.is_empty());
    for c in cases {
        let (a, _) = render(&c);
        let summary = en.say(&a.summary);
        assert!(
            summary.contains("15 June 2024")
                && summary.contains("not already using it")
                && summary.contains("keeps working until 30 September 2024"),
            "{}: {summary}",
            c.label
        );
        let summary = pl.say(&a.summary);
        assert!(
            summary.contains("15 czerwca 2024") && summary.contains("30 września 2024"),
            "{}: {summary}",
            c.label
        );
    }
}

/// After less secure apps were allowed and waited for, the advice to allow
/// them again leads with "check which account is signed in" (the article's
/// warning as the finding), in both languages.
#[test]
fn allow_less_secure_again_leads_with_the_account_check() {
    let en = Catalogue::new(Lang::En);
    let pl = Catalogue::new(Lang::Pl);
    let cases: Vec<_> = of(R::AllowLessSecureApps)
        .into_iter()
        .filter(|c| {
            // The classifier gives this rule only while the switch can be
            // turned on.
            super::decide::rule(&c.diagnosis) == Rule::AuthWebLoginCheckAccount
                && c.diagnosis.facts.less_secure_offered()
        })
        .collect();
    assert!(!cases.is_empty());
    for c in cases {
        let (a, _) = render(&c);
        let first = en.say(&a.caveats[0]);
        assert!(
            first.contains("another Google account") && first.contains(c.ctx().email),
            "{}: {first}",
            c.label
        );
        assert!(
            pl.say(&a.caveats[0]).contains("innym koncie Google"),
            "{}",
            c.label
        );
    }
}

/// Suspension is handled by the admin for Workspace and by the owner for a
/// personal account; re-authorisation names the full-mail scope.
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
        assert!(t.contains("\"Sign in with Google\"") && t.contains("https://mail.google.com/"));
    }
}

/// In both languages, no two notes, ruled-out sentences, actors or probe
/// step names read the same (a copy-paste slip in a catalogue would).
#[test]
fn notes_ruled_out_actors_and_steps_are_distinct() {
    for lang in Lang::ALL {
        let c = Catalogue::new(lang);
        let notes: Vec<String> = fixtures::notes().iter().map(|n| c.say(&note(n))).collect();
        assert_eq!(notes.iter().collect::<HashSet<_>>().len(), notes.len());
        let ruled: Vec<String> = fixtures::ruled_outs()
            .iter()
            .map(|r| c.say(&ruled_out(r)))
            .collect();
        assert_eq!(ruled.iter().collect::<HashSet<_>>().len(), ruled.len());
        assert!(ruled.iter().all(|r| r.ends_with('.')));
        let actors: HashSet<String> = fixtures::ACTORS
            .into_iter()
            .map(|a| c.word(super::actor(a)))
            .collect();
        assert_eq!(actors.len(), fixtures::ACTORS.len());
        let steps: HashSet<String> = fixtures::STEPS
            .into_iter()
            .map(|s| c.word(super::step(s)))
            .collect();
        assert_eq!(steps.len(), fixtures::STEPS.len());
    }
    let en = Catalogue::new(Lang::En);
    let notes: Vec<String> = fixtures::notes().iter().map(|n| en.say(&note(n))).collect();
    assert!(notes[1].contains("not recognised") && notes[1].contains("ladder"));
    assert!(notes[4].contains("`imap` crate") && notes[5].contains("lettre"));
}

/// The sending advice names the addresses and today's console labels:
/// "Allow per-user outbound gateways" on the split Gmail pages (after the
/// 2020 rename), the article's "Advanced settings" before; the From
/// rewriting shows both addresses; the relay names the setting its
/// refusal points at; the daily limit gives the kind's number and never
/// sends anyone to a password or admin setting.
#[test]
fn sending_advice_names_addresses_settings_and_limits() {
    for c in of(R::AllowExternalSmtp) {
        let t = render(&c).1;
        if c.diagnosis.facts.account_kind == AccountKind::Consumer {
            continue;
        }
        if c.diagnosis.facts.as_of >= fixtures::date("2020-10-06") {
            assert!(
                t.contains("End User Access") && t.contains("Allow per-user outbound gateways"),
                "{}",
                c.label
            );
        } else {
            assert!(
                t.contains("Advanced settings") && !t.contains("End User Access"),
                "{}",
                c.label
            );
        }
        if let Some(from) = &c.diagnosis.facts.from_requested {
            assert!(t.contains(from.as_str()), "{}: {t}", c.label);
        }
    }
    for c in of(R::AddSendAsAddress) {
        for t in [render(&c).1, render_pl(&c)] {
            assert!(
                t.contains(fixtures::OUTSIDE) && t.contains(c.email),
                "{}: {t}",
                c.label
            );
        }
        let t = render(&c).1;
        assert!(t.contains("\"Send mail as\"") && t.contains("Add another email address"));
        assert_eq!(
            t.contains("secondary or alias domain"),
            c.diagnosis.facts.account_kind == AccountKind::Workspace,
            "{}",
            c.label
        );
    }
    let mut settings = HashSet::new();
    for c in of(R::ConfigureSmtpRelay) {
        let (a, t) = render(&c);
        if c.diagnosis.facts.account_kind == AccountKind::Consumer {
            assert!(t.contains("smtp.gmail.com"), "{}", c.label);
            continue;
        }
        assert!(t.contains("SMTP relay service"), "{}", c.label);
        settings.insert(a.steps[2].id);
    }
    assert_eq!(settings.len(), 3, "one setting per relay refusal");
    for c in of(R::SendingLimitReached) {
        let t = render(&c).1;
        let limit = match c.diagnosis.facts.account_kind {
            AccountKind::Workspace => "2000",
            AccountKind::Consumer => "500",
        };
        assert!(
            t.contains(limit) && t.contains("24 hours"),
            "{}: {t}",
            c.label
        );
        assert!(
            !t.contains("app password") && !t.contains("Allow per-user"),
            "{}",
            c.label
        );
        assert_eq!(c.diagnosis.actor, Actor::User);
    }
}

/// `not-a-google-mailbox` names the exchangers found and the provider to
/// ask, says how the MX would have to change for Google, and never sends
/// the customer to a Gmail switch.
#[test]
fn a_mailbox_hosted_elsewhere_gets_no_gmail_rung() {
    let cases = of(R::NotAGoogleMailbox);
    assert!(!cases.is_empty());
    for c in cases {
        for lang in [Lang::En, Lang::Pl] {
            let (a, _) = render(&c);
            let t = fixtures::all_text(&a, &Catalogue::new(lang));
            assert!(t.contains("1 smtp.google.com"), "{} {lang:?}", c.label);
            assert!(t.contains("nslookup -type=mx"), "{} {lang:?}", c.label);
            for gmail_rung in ["apppasswords", "Less secure app access", "Admin console"] {
                assert!(
                    !t.contains(gmail_rung),
                    "{} {lang:?}: {gmail_rung}",
                    c.label
                );
            }
            if super::decide::rule(&c.diagnosis) == Rule::MxElsewhere {
                assert!(
                    t.contains("10 mx.home.pl, 20 mx2.home.pl") && t.contains("runs mx.home.pl")
                        || t.contains("obsługuje mx.home.pl"),
                    "{} {lang:?}: {t}",
                    c.label
                );
            }
        }
        assert_eq!(c.diagnosis.actor, Actor::MailAdmin);
    }
}
