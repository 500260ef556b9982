//! Polish report texts.
//!
//! Written for Polish users in natural Polish, not translated sentence by
//! sentence from `en.rs`. Google's UI names stay in English in „…” quotes
//! (many Polish admins and users have English consoles), followed by the
//! Polish UI name in parentheses where we know it. The decisions — which
//! settings to quote, which TLS problem, which rung comes next — come from
//! `super::shared`, so both languages always give the same advice.

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
    heading: "Raport mail-doctor",
    account: "Konto",
    as_of: "Przyjęta data",
    result: "Wynik",
    who: "Kto musi działać",
    steps: "Co zrobić",
    caveats: "Warto wiedzieć",
    ruled_out: "Wykluczone",
    evidence: "Odpowiedź serwera",
    probes: "Przebieg testów",
    notes: "Uwagi",
    transcript: "Zapis sesji",
    not_recognised: "nierozpoznane",
    ok: "ok",
    failed: "BŁĄD",
    skipped: "pominięto",
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
            "Razem z odmową Google przysłał link do logowania: {url} — otwórz go i zaloguj się \
             raz jako {} w przeglądarce w tej samej sieci, z której łączy się CRM (na jego \
             serwerze, jeśli tam działa). Takie potwierdzenie logowania potrafi samo zdjąć \
             blokadę.",
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

fn security(s: Security) -> &'static str {
    match s {
        Security::Ssl => "SSL",
        Security::Starttls => "STARTTLS",
        Security::None => "brak",
    }
}

/// „serwer imap.gmail.com, port 993, zabezpieczenie SSL”.
fn fields(ep: &Endpoint) -> String {
    format!(
        "serwer {}, port {}, zabezpieczenie {}",
        ep.host,
        ep.port,
        security(ep.security)
    )
}

fn proto(p: Protocol) -> &'static str {
    match p {
        Protocol::Imap => "IMAP",
        Protocol::Smtp => "SMTP",
    }
}

/// The kind of account in the genitive plural ("dla …", "do …"), with
/// the product name of the era assumed ("G Suite" / "Google Workspace").
fn kind_name(f: &Facts) -> String {
    match f.account_kind {
        AccountKind::Consumer => "kont prywatnych (@gmail.com)".into(),
        AccountKind::Workspace => format!("kont {}", f.admin_product),
    }
}

/// The article's warning in our words: the sign-in page is the same for
/// company and private accounts, so people change the wrong one.
fn company_not_private(email: &str, kind: AccountKind) -> String {
    let other = match kind {
        AccountKind::Workspace => "konto firmowe, a nie prywatne konto Google",
        AccountKind::Consumer => "a nie inne z Twoich kont Google (firmowe albo inne prywatne)",
    };
    format!(
        "Sprawdź, czy w przeglądarce aktywne jest konto {email} — {other}: strona logowania \
         wygląda tak samo dla każdego konta. Aktywne konto widać po kliknięciu awatara w prawym górnym \
         rogu."
    )
}

/// The cut-off caveat: until when this rung exists, or that it is gone.
fn less_secure_cutoff(f: &Facts) -> String {
    let (kind, end) = (kind_name(f), f.less_secure_end);
    if f.less_secure_possible {
        format!(
            "Google utrzymuje tę opcję dla {kind} tylko do dnia {end}. Potem aplikacje mogą \
             logować się wyłącznie hasłem aplikacji albo przez „Sign in with Google” („Zaloguj \
             się przez Google”, OAuth) — warto przygotować się na to zawczasu."
        )
    } else {
        format!(
            "Google usunął tę opcję dla {kind} dnia {end}, czyli przed przyjętą datą; zamiast \
             niej potrzebne jest hasło aplikacji albo „Sign in with Google” (OAuth)."
        )
    }
}

/// Why the account password cannot be used any more (after the cut-off).
fn password_sign_in_ended(f: &Facts) -> String {
    let end = f.less_secure_end;
    format!(
        "Od dnia {end} Google w ogóle nie pozwala aplikacjom logować się do {} zwykłym hasłem \
         konta; dawnej opcji „Less secure apps” („mniej bezpieczne aplikacje”) już nie ma, \
         działa tylko hasło aplikacji albo „Sign in with Google” (OAuth).",
        kind_name(f)
    )
}

// ---------------------------------------------------------------------------
// Po jednej funkcji na każdy identyfikator kroku.
// ---------------------------------------------------------------------------

fn none(ctx: &TextCtx<'_>) -> Advice {
    adv(
        "Wszystko działa — nic nie trzeba zmieniać".into(),
        format!(
            "mail-doctor zalogował się do skrzynki {email} przez IMAP i otworzył INBOX, a potem \
             zalogował się przez SMTP, gdzie Gmail przyjął testową kopertę (nadawcę i odbiorcę; \
             nic nie zostało wysłane). Użyte ustawienia: IMAP {imap}, SMTP {smtp}. Skrzynkę \
             można podłączyć do CRM.",
            email = ctx.email,
            imap = ctx.imap,
            smtp = ctx.smtp
        ),
        Vec::new(),
        vec![format!(
            "Jeśli CRM nadal zgłasza błąd, porównaj jego ustawienia z powyższymi, a login z \
             adresem {} — różnica to najpewniej przyczyna.",
            ctx.email
        )],
    )
}

fn fix_connection_settings(ctx: &TextCtx<'_>) -> Advice {
    let (protocol, typed) = subject(ctx);
    let p = proto(protocol);
    let right = right_endpoint(protocol, typed);
    let (host, port) = (&typed.host, typed.port);
    let problem = match &ctx.diagnosis.facts.settings {
        Some(SettingsIssue::NoSuchHost) => format!(
            "Serwer o nazwie {host} nie istnieje — DNS nie zna dla niego adresu. Zwykle to \
             literówka albo zgadnięta nazwa; serwer {p} Gmaila to {}.",
            right.host
        ),
        Some(SettingsIssue::Refused) => format!(
            "Host {host} odpowiada, ale na porcie {port} nic nie przyjmuje połączeń, więc ten \
             port nie pasuje do {p}."
        ),
        Some(SettingsIssue::NoAnswer) => format!(
            "Pod adresem {host}, port {port}, nic nie odpowiedziało — to nie są ustawienia {p} \
             Gmaila. Zły jest serwer albo port, ewentualnie coś po cichu odrzuca połączenie."
        ),
        Some(SettingsIssue::PlaintextPort) => match standard_security(port) {
            Some(Security::Starttls) => format!(
                "Wybrano SSL, ale port {port} zaczyna połączenie bez szyfrowania i włącza je \
                 dopiero później, poleceniem STARTTLS — dlatego szyfrowane połączenie od razu \
                 się nie udało."
            ),
            _ => format!(
                "Wybrano SSL, ale port {port} nie zaczyna od szyfrowania (tak jak 143 dla IMAP i \
                 587 dla SMTP, które włączają je później poleceniem STARTTLS) — dlatego \
                 szyfrowane połączenie od razu się nie udało."
            ),
        },
        Some(SettingsIssue::TlsPort) => {
            let chosen = match typed.security {
                Security::None => "Nie wybrano szyfrowania".to_owned(),
                s => format!("Wybrano {}", security(s)),
            };
            let example = match standard_security(port) {
                Some(Security::Ssl) => "",
                _ => ", jak 993 dla IMAP i 465 dla SMTP",
            };
            format!(
                "{chosen}, ale port {port} oczekuje szyfrowania od pierwszego bajtu \
                 (SSL{example}). Serwer w milczeniu czeka na rozpoczęcie szyfrowania, a CRM czeka \
                 na powitanie serwera — aż któraś ze stron zrezygnuje."
            )
        }
        Some(SettingsIssue::OtherProtocol) => {
            let (other, example) = match protocol {
                Protocol::Imap => ("SMTP", "smtp.gmail.com albo port 465 lub 587"),
                Protocol::Smtp => ("IMAP", "imap.gmail.com albo port 993"),
            };
            format!(
                "Pod tym adresem odpowiada serwer {other}, a nie {p}: ustawienia wysyłki i \
                 odbioru zostały pomylone (np. {example} w polach {p})."
            )
        }
        Some(SettingsIssue::NoStarttls) => format!(
            "Wybrano STARTTLS, ale serwer {host}:{port} go nie oferuje, więc połączenia nie da \
             się zaszyfrować — a bez szyfrowania Gmail nie przyjmie hasła."
        ),
        Some(SettingsIssue::MustStarttls) => format!(
            "CRM wysłał login, zanim włączył szyfrowanie, i serwer odmówił („Must issue a \
             STARTTLS command first”). Przy porcie {port} zabezpieczenie musi być ustawione na \
             STARTTLS — albo użyj portu 465 z SSL."
        ),
        Some(SettingsIssue::Unencrypted) => "Nie wybrano żadnego szyfrowania. Gmail nigdy nie \
             przyjmuje hasła przez nieszyfrowane połączenie, więc do próby logowania w ogóle \
             nie doszło."
            .into(),
        Some(SettingsIssue::WrongHostCertificate) => format!(
            "Serwer {host} przedstawił certyfikat wystawiony na inną nazwę, więc {host} nie jest \
             właściwą nazwą (to np. adres IP, alias albo serwer innego dostawcy). Serwer {p} \
             Gmaila to {}.",
            right.host
        ),
        None => format!("Te ustawienia nie działają z serwerem {p} Gmaila."),
    };
    let value_step = match protocol {
        Protocol::Imap => format!("Dla IMAP (poczta przychodząca) wpisz: {}.", fields(&right)),
        Protocol::Smtp => format!(
            "Dla SMTP (poczta wychodząca) wpisz: {}. Gmail przyjmuje port 465 z SSL albo port \
             587 ze STARTTLS — nie mieszaj tych par.",
            fields(&right)
        ),
    };
    let mut caveats = Vec::new();
    if typed.is_gmail_setting(protocol) {
        caveats.push(format!(
            "To są właściwe ustawienia Gmaila, więc odpowiedział serwer, który nie zachowuje się \
             jak Gmail: sprawdź, czy nic (wpis w pliku hosts, proxy, serwer testowy) nie \
             podszywa się pod {host}."
        ));
    }
    if let Some((other, ep)) = other_wrong(ctx, protocol) {
        caveats.push(format!(
            "Ustawienia {} ({ep}) też nie są ustawieniami Gmaila: wpisz {}.",
            proto(other),
            fields(&right_endpoint(other, ep))
        ));
    }
    caveats.push(
        "Dla porządku ustawienia Gmaila: IMAP — imap.gmail.com, port 993, SSL; SMTP — \
         smtp.gmail.com, port 465 z SSL albo 587 ze STARTTLS; loginem jest zawsze pełny adres \
         e-mail."
            .into(),
    );
    adv(
        format!("Popraw ustawienia serwera {p} w CRM"),
        format!("W ustawieniach {p} w CRM wpisano {typed}. {problem}"),
        vec![
            "Otwórz w CRM ustawienia skrzynki (konta pocztowego).".into(),
            value_step,
            format!(
                "Jako login (nazwę użytkownika) podaj pełny adres e-mail: {}; hasło zostaje bez \
                 zmian.",
                ctx.email
            ),
            "Zapisz i połącz się ponownie.".into(),
        ],
        caveats,
    )
}

fn check_network(ctx: &TextCtx<'_>) -> Advice {
    let (_, typed) = subject(ctx);
    let (host, port) = (&typed.host, typed.port);
    let (title, summary) = match net_trouble(ctx.diagnosis.rule) {
        NetTrouble::Dns => (
            "Ta sieć nie potrafi odnaleźć serwerów Gmaila",
            format!(
                "Nie udało się ustalić adresu {host}, choć to poprawna nazwa serwera Gmaila. \
                 DNS, z którego korzysta komputer z CRM, nie działa albo blokuje serwery \
                 pocztowe Google."
            ),
        ),
        NetTrouble::Impostor => (
            "Zamiast Gmaila odpowiada coś w sieci",
            format!(
                "Ustawienia są poprawne ({typed}), ale pod adresem {host}:{port} odpowiedział \
                 serwer bez szyfrowania TLS. Gmail nigdy tak nie robi na tym porcie: połączenia \
                 pocztowe przechwytuje proxy, portal logowania sieci (np. hotelowego lub \
                 gościnnego Wi-Fi) albo zapora."
            ),
        ),
        NetTrouble::Blocked => (
            "Sieć blokuje połączenie z Gmailem",
            format!(
                "Ustawienia są poprawne ({typed}), ale połączenie z {host} na porcie {port} \
                 zostało odrzucone albo nie doczekało się odpowiedzi. Wychodzący ruch pocztowy \
                 blokuje zapora, proxy albo dostawca hostingu."
            ),
        ),
    };
    adv(
        title.into(),
        summary,
        vec![
            format!(
                "Na komputerze lub serwerze, na którym działa CRM, sprawdź, czy nazwa {host} daje \
                 się rozwiązać i czy port {port} jest osiągalny, np. `nslookup {host}`, a potem \
                 `openssl s_client -connect {host}:{port}` (w Windows: `Test-NetConnection \
                 {host} -Port {port}`)."
            ),
            "Poproś osobę odpowiedzialną za sieć o zezwolenie na połączenia wychodzące do \
             imap.gmail.com na port 993 oraz do smtp.gmail.com na porty 465 i 587."
                .into(),
            "Jeśli cały ruch musi przechodzić przez serwer proxy WWW, potrzebny jest wyjątek dla \
             tych hostów — IMAP i SMTP nie przejdą przez zwykłe proxy HTTP."
                .into(),
            "Uruchom diagnozę ponownie.".into(),
        ],
        vec![
            "mail-doctor sprawdza połączenie z maszyny, na której go uruchomiono. Jeśli CRM \
             działa w chmurze, liczy się sieć jego dostawcy, a nie sieć w biurze."
                .into(),
            "Sieci dla gości, hotele i niektórzy dostawcy hostingu celowo blokują wychodzące \
             porty pocztowe."
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
            "Coś przechwytuje szyfrowane połączenie z Gmailem",
            format!(
                "Certyfikat przedstawiony dla {host} nie jest podpisany przez urząd \
                 certyfikacji, któremu ten komputer ufa, więc nie pochodzi od Google. Zwykle \
                 pośredniczy antywirus skanujący pocztę lub ruch HTTPS albo firmowe proxy czy \
                 zapora z inspekcją TLS."
            ),
        ),
        TlsTrouble::Expired => (
            "Certyfikat serwera wygląda na nieważny — sprawdź zegar komputera",
            format!(
                "Certyfikat przedstawiony dla {host} jest poza okresem ważności. Google odnawia \
                 certyfikaty na długo przed ich wygaśnięciem, więc najpewniej komputer ma źle \
                 ustawioną datę lub godzinę (albo program przechwytujący połączenie pokazuje \
                 stary certyfikat)."
            ),
        ),
        TlsTrouble::OtherName => (
            "Certyfikat nie należy do serwera Gmaila",
            format!(
                "{host} to poprawna nazwa serwera Gmaila, a mimo to certyfikat wystawiono na \
                 inną nazwę — odpowiedziała więc inna maszyna: przechwytujące proxy lub \
                 antywirus albo wpis w DNS lub pliku hosts, który kieruje {host} gdzie indziej."
            ),
        ),
        TlsTrouble::CaAsServer => (
            "Serwer przedstawia certyfikat CA jako własny",
            format!(
                "{host}:{port} mówi TLS, ale przedstawia certyfikat urzędu certyfikacji \
                 (CA:TRUE), a nie certyfikat serwera, więc zostaje on odrzucony nawet wtedy, gdy \
                 temu urzędowi ufamy. Tak działają samopodpisane certyfikaty testowe wystawione \
                 jako CA (np. domyślny certyfikat Dovecota)."
            ),
        ),
        TlsTrouble::Revoked => (
            "Certyfikat serwera został unieważniony",
            format!(
                "Certyfikat przedstawiony dla {host} został unieważniony przez wystawcę i nie \
                 wolno mu ufać. Serwery Google nigdy nie przedstawiają unieważnionego \
                 certyfikatu: robi to coś pośredniczącego."
            ),
        ),
        TlsTrouble::Unusable => (
            "Certyfikatu serwera nie da się użyć",
            format!(
                "{host}:{port} mówi TLS, ale jego certyfikat jest bezużyteczny: uszkodzony, \
                 nieprzeznaczony dla serwerów, nieprzesłany albo podpisany w sposób, którego ten \
                 komputer nie potrafi sprawdzić."
            ),
        ),
        TlsTrouble::Handshake => (
            "Nie da się nawiązać szyfrowanego połączenia z Gmailem",
            format!(
                "Negocjacja TLS z {host}:{port} nie powiodła się, choć ustawienia są poprawne. \
                 Najpewniej przeszkadza program lub urządzenie pośredniczące (antywirus, proxy, \
                 zapora)."
            ),
        ),
    };
    let mut steps = Vec::new();
    if trouble == TlsTrouble::Expired {
        steps.push(
            "Sprawdź datę, godzinę i strefę czasową na komputerze (lub serwerze), na którym \
             działa CRM, i włącz automatyczną synchronizację czasu."
                .into(),
        );
    }
    if trouble == TlsTrouble::OtherName {
        steps.push(format!(
            "Sprawdź plik hosts i ustawienia DNS: {host} musi wskazywać na adresy Google."
        ));
    }
    if trouble == TlsTrouble::CaAsServer {
        steps.push(format!(
            "Administrator {host} musi zainstalować certyfikat serwera podpisany przez ten urząd \
             (z CA:FALSE i nazwą serwera), a nie sam certyfikat CA; w opcji `--ca-file` zostaje \
             certyfikat CA."
        ));
    }
    // A CA certificate used as the server's is the server's own set-up,
    // not interception: the antivirus and proxy steps do not apply.
    if trouble != TlsTrouble::CaAsServer {
        steps.push(
            "W antywirusie wyłącz skanowanie połączeń szyfrowanych i poczty (bywa nazywane \
             „skanowaniem HTTPS”, „skanowaniem SSL” albo „ochroną poczty”) lub dodaj imap.gmail.com \
             i smtp.gmail.com do wyjątków."
                .into(),
        );
        steps.push(
            "Jeśli sieć firmowa sprawdza ruch TLS, poproś dział IT o wyłączenie z inspekcji \
             imap.gmail.com i smtp.gmail.com (porty 993, 465 i 587)."
                .into(),
        );
    }
    steps.push("Uruchom diagnozę ponownie.".into());
    let mut caveats = vec![
        "Nie obchodź problemu, każąc systemowi CRM akceptować dowolny \
                            certyfikat: wtedy ten, kto przechwytuje połączenie, mógłby odczytać \
                            hasło."
            .into(),
    ];
    if trouble != TlsTrouble::Expired {
        caveats.push(
            "Testujesz z atrapą albo serwerem testowym? Podaj jego certyfikat CA w opcji \
             `--ca-file` — bez tego certyfikat testowy jest z założenia niezaufany."
                .into(),
        );
    }
    adv(title.into(), summary, steps, caveats)
}

fn check_password(ctx: &TextCtx<'_>) -> Advice {
    let d = ctx.diagnosis;
    let f = &d.facts;
    let email = ctx.email;
    let retype = vec![
        format!(
            "Zaloguj się na mail.google.com jako {email} w oknie prywatnym przeglądarki, żeby \
             potwierdzić hasło (i to, że to właściwy adres)."
        ),
        "W CRM wpisz hasło jeszcze raz, ręcznie — uważaj na Caps Lock, układ klawiatury i \
         spacje skopiowane przed hasłem lub po nim."
            .into(),
        format!("Jako login podaj pełny adres {email}, a nie tylko część przed @."),
        "Zapisz i połącz się ponownie.".into(),
    ];
    match password_trouble(d) {
        PasswordTrouble::AppPassword => adv(
            "Gmail nie przyjmuje tego hasła aplikacji".into(),
            format!(
                "Gmail odrzucił logowanie {email} hasłem aplikacji, którego użyto. Zostało źle \
                 wpisane albo straciło ważność: usunięcie hasła aplikacji lub zmiana hasła do \
                 konta je unieważnia."
            ),
            vec![
                format!(
                    "Otwórz myaccount.google.com/apppasswords jako {email} i usuń stare hasło \
                     aplikacji używane przez CRM."
                ),
                "Wygeneruj nowe (nazwij je np. „CRM”) i skopiuj 16 liter — spacje między \
                 grupami nie mają znaczenia."
                    .into(),
                format!(
                    "Wpisz je w CRM w polu hasła — zamiast hasła do konta — z loginem {email}, \
                     zapisz i połącz się ponownie."
                ),
            ],
            vec![
                "Hasła aplikacji działają tylko przy włączonej weryfikacji dwuetapowej („2-Step \
                  Verification”); jeśli ją wyłączono, przestają działać."
                    .into(),
            ],
        ),
        PasswordTrouble::SmtpOnly => {
            let mut steps = vec![
                "IMAP przyjął adres i hasło, więc sprawdź w CRM osobne pola \
                                  loginu i hasła dla SMTP (poczty wychodzącej) — najpewniej \
                                  wpisano tam coś innego."
                    .into(),
            ];
            steps.extend(retype.into_iter().skip(1));
            adv(
                "Gmail nie przyjmuje hasła SMTP — wpisz je ponownie".into(),
                format!(
                    "Gmail odrzucił logowanie SMTP dla {email} („Username and Password not \
                     accepted”), choć logowanie przez IMAP się powiodło."
                ),
                steps,
                Vec::new(),
            )
        }
        PasswordTrouble::Exhausted => adv(
            "Hasło nadal jest odrzucane — sprawdź je i adres".into(),
            format!(
                "Gmail wciąż odrzuca logowanie {email} („Invalid credentials”), a pozostałe \
                 kroki z listy zostały już wypróbowane. Zostaje samo hasło albo adres."
            ),
            retype,
            vec![
                "Jeśli logowanie w przeglądarce działa, a w CRM nie, hasło mogło się zmienić od \
                  czasu zapisania go w CRM albo CRM przechowuje stare: usuń skrzynkę z CRM i \
                  dodaj ją od nowa."
                    .into(),
            ],
        ),
        PasswordTrouble::Plain { ambiguous, next } => {
            let mut caveats = Vec::new();
            if ambiguous {
                caveats.push(
                    "Gmail odpowiada „Invalid credentials” zarówno na błędne hasło, jak i — tak \
                     było przez lata — na poprawne hasło, którego użycie zablokowano jako \
                     logowanie „mniej bezpiecznej aplikacji”; sama odpowiedź nie pozwala ich \
                     odróżnić."
                        .into(),
                );
            }
            let then = "Uruchom mail-doctor ponownie z opcją `--tried check-password`, aby \
                        dostać instrukcję.";
            match next {
                Some(R::AllowLessSecureApps) => caveats.push(format!(
                    "Jeśli hasło na pewno jest poprawne, następnym krokiem jest zezwolenie na \
                     mniej bezpieczne aplikacje ({who}); dla tego rodzaju konta jest to możliwe \
                     do dnia {end}. {then}",
                    who = match f.account_kind {
                        AccountKind::Workspace => "najpierw administrator Workspace, potem Ty",
                        AccountKind::Consumer => "robisz to samodzielnie",
                    },
                    end = f.less_secure_end
                )),
                Some(_) if !f.less_secure_possible => caveats.push(format!(
                    "Jeśli hasło na pewno jest poprawne, następnym krokiem jest hasło aplikacji. \
                     {} {then}",
                    password_sign_in_ended(f)
                )),
                Some(_) => caveats.push(format!(
                    "Jeśli hasło na pewno jest poprawne, następnym krokiem jest hasło aplikacji. \
                     {then}"
                )),
                None => {}
            }
            adv(
                "Gmail nie przyjmuje hasła — wpisz je ponownie".into(),
                format!(
                    "Gmail odrzucił logowanie {email} („Invalid credentials”). Najczęstszy powód \
                     to po prostu błędne lub źle wpisane hasło."
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
        "Zmiana może potrzebować trochę czasu, zanim dotrze do serwerów Gmaila (Google podaje \
         nawet do 24 godzin); jeśli od razu wraca ta sama odpowiedź, odczekaj i spróbuj \
         ponownie."
            .into(),
        "Po włączeniu IMAP logowanie może zatrzymać się na kolejnym kroku — uruchom mail-doctor \
         ponownie, żeby go zobaczyć."
            .into(),
    ];
    if f.account_kind == AccountKind::Consumer {
        caveats.push(format!(
            "{} to adres prywatny, bez administratora, więc ta odpowiedź jest nietypowa: sprawdź, \
             czy w CRM wpisano właściwy adres.",
            ctx.email
        ));
    }
    adv(
        "Administrator Workspace: włącz IMAP dla domeny".into(),
        format!(
            "Gmail informuje, że administrator {product} wyłączył IMAP dla użytkowników domeny \
             {}, więc żadne hasło nie zadziała, dopóki administrator na to nie zezwoli.",
            domain(ctx.email)
        ),
        vec![
            "Zaloguj się na admin.google.com kontem administratora.".into(),
            format!(
                "Przejdź do „Apps > {product} > Gmail > Advanced settings” (po polsku: \
                 „Aplikacje > {product} > Gmail > Ustawienia zaawansowane”; w nowszych \
                 konsolach: „Apps > {product} > Gmail > End user access”, sekcja „POP and IMAP \
                 access”)."
            ),
            "Odznacz „Disable POP and IMAP access for all users” (w nowszych konsolach: upewnij \
             się, że dostęp przez IMAP jest włączony) — także dla jednostki organizacyjnej, do \
             której należy użytkownik."
                .into(),
            "Zapisz zmiany.".into(),
            "Ponownie podłącz skrzynkę w CRM.".into(),
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
                "IMAP może teraz zablokować tylko administrator Workspace",
                vec![
                    format!(
                        "Poproś administratora Workspace, żeby na admin.google.com sprawdził \
                         „Apps > {0} > Gmail > End user access > POP and IMAP access” i zezwolił \
                         na IMAP dla Twojej jednostki organizacyjnej (w starszych konsolach: \
                         „Apps > {0} > Gmail > Advanced settings”, odznaczyć „Disable POP and \
                         IMAP access for all users”).",
                        f.admin_product
                    ),
                    "Połącz się ponownie z CRM.".into(),
                ],
            ),
            AccountKind::Consumer => (
                "Gmail zgłasza wyłączony IMAP, ale przełącznika już nie ma",
                vec!["Nie ma czego włączać: spróbuj połączyć CRM ponownie za kilka minut.".into()],
            ),
        };
        return adv(
            title.into(),
            format!(
                "Gmail twierdzi, że IMAP jest wyłączony dla {email}, ale Google usunął \
                 użytkownikom przełącznik IMAP dnia {IMAP_SWITCH_REMOVED}: od tego czasu IMAP \
                 jest dla użytkowników zawsze włączony, a zablokować go może tylko \
                 administrator Workspace."
            ),
            steps,
            vec![format!(
                "Jeśli ta odpowiedź pochodzi z zapisu sprzed {IMAP_SWITCH_REMOVED}, uruchom \
                 mail-doctor z datą tego zapisu (`--as-of`), żeby dostać poradę z tamtego \
                 okresu."
            )],
        );
    }
    adv(
        "Włącz IMAP w ustawieniach Gmaila".into(),
        format!(
            "Gmail informuje, że dla {email} wyłączono IMAP. Każdy użytkownik może go włączyć \
             sam w ustawieniach Gmaila — administrator nie jest potrzebny."
        ),
        vec![
            format!("Otwórz Gmaila (mail.google.com) na koncie {email}."),
            "Kliknij ikonę koła zębatego w prawym górnym rogu („Settings”, „Ustawienia”), a \
             potem „See all settings” („Zobacz wszystkie ustawienia”)."
                .into(),
            "Otwórz kartę „Forwarding and POP/IMAP” („Przekazywanie i POP/IMAP”).".into(),
            "W sekcji „IMAP access” („Dostęp przez IMAP”) zaznacz „Enable IMAP” („Włącz IMAP”)."
                .into(),
            "Kliknij „Save changes” („Zapisz zmiany”) na dole strony i ponownie połącz się z CRM."
                .into(),
        ],
        vec![
            company_not_private(email, f.account_kind),
            format!(
                "Google usuwa ten przełącznik dnia {IMAP_SWITCH_REMOVED}; od tego dnia IMAP jest \
                 dla użytkowników zawsze włączony i zablokować go może tylko administrator \
                 Workspace."
            ),
        ],
    )
}

fn allow_less_secure_apps(ctx: &TextCtx<'_>) -> Advice {
    let f = &ctx.diagnosis.facts;
    let email = ctx.email;
    let mut caveats = vec![
        "Zmiana tego ustawienia może potrzebować do 24 godzin, zanim zacznie działać w Gmailu; \
         do tego czasu może wracać ta sama odmowa."
            .into(),
        company_not_private(email, f.account_kind),
    ];
    let mut advice = match f.account_kind {
        AccountKind::Workspace => {
            caveats.push(
                "Wariant (a) wybierz, gdy z CRM korzysta tylko część osób — pozostali nadal nie \
                 będą mogli logować się hasłem z zewnętrznych aplikacji. Wariant (b) — gdy \
                 potrzebują tego wszyscy; wtedy nikt nie musi już nic robić."
                    .into(),
            );
            if less_secure_hidden(f) {
                caveats.push(format!(
                    "Od dnia {IMAP_SWITCH_REMOVED} konsola administracyjna nie pokazuje już tego \
                     ustawienia domenom, które wcześniej z niego nie korzystały. Jeśli go nie \
                     widać, przejdź od razu do hasła aplikacji."
                ));
            }
            adv(
                "Zezwól na mniej bezpieczne aplikacje: najpierw administrator, potem użytkownik"
                    .into(),
                format!(
                    "Gmail nie pozwala systemowi CRM zalogować się hasłem konta {email}: Google \
                     uznaje logowanie hasłem z zewnętrznych aplikacji za „mniej bezpieczne”, a \
                     domena {} je blokuje. Administrator musi na nie zezwolić w konsoli \
                     administracyjnej, a zależnie od wybranej opcji każdy użytkownik musi je \
                     jeszcze włączyć u siebie.",
                    f.admin_product
                ),
                vec![
                    "Administrator: zaloguj się na admin.google.com.".into(),
                    "Przejdź do „Security > Basic settings” („Bezpieczeństwo > Ustawienia \
                     podstawowe”) — być może trzeba najpierw kliknąć „More controls” na dole \
                     strony (w nowszych konsolach: „Security > Access and data control > Less \
                     secure apps”)."
                        .into(),
                    "Otwórz „Less secure apps” i zmień „Disable access to less secure apps for \
                     all users” na (a) „Allow users to manage their access to less secure apps” \
                     albo (b) „Enforce access to less secure apps for all users”."
                        .into(),
                    "Zapisz zmiany.".into(),
                    "Tylko przy (a): KAŻDY użytkownik, który podłącza CRM, loguje się na \
                     myaccount.google.com, otwiera „Security” („Bezpieczeństwo”), odnajduje na \
                     dole strony „Less secure app access” („Dostęp mniej bezpiecznych \
                     aplikacji”) i klika „Turn on access (not recommended)”."
                        .into(),
                    "Ponownie podłącz skrzynkę w CRM.".into(),
                ],
                caveats,
            )
        }
        AccountKind::Consumer => {
            caveats.push(
                "Przy włączonej weryfikacji dwuetapowej („2-Step Verification”) Google w ogóle \
                 nie pokazuje tego przełącznika — wtedy użyj hasła aplikacji."
                    .into(),
            );
            adv(
                "Włącz „Less secure app access” („Dostęp mniej bezpiecznych aplikacji”) na swoim \
                 koncie Google"
                    .into(),
                format!(
                    "Gmail nie pozwala systemowi CRM zalogować się hasłem konta {email}: Google \
                     blokuje logowanie hasłem z zewnętrznych aplikacji („mniej bezpiecznych \
                     aplikacji”), dopóki na nie nie zezwolisz. Konto prywatne nie ma \
                     administratora, więc włączasz to samodzielnie."
                ),
                vec![
                    format!(
                        "Zaloguj się na myaccount.google.com jako {email} (bezpośredni link: \
                         myaccount.google.com/lesssecureapps)."
                    ),
                    "Otwórz „Security” („Bezpieczeństwo”) i odszukaj na dole strony „Less \
                     secure app access” („Dostęp mniej bezpiecznych aplikacji”)."
                        .into(),
                    "Kliknij „Turn on access (not recommended)” i włącz dostęp.".into(),
                    "Ponownie podłącz skrzynkę w CRM.".into(),
                ],
                caveats,
            )
        }
    };
    // Past the cut-off the steps describe a setting that is gone: say so first.
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
    let why = app_password_why(d);
    let summary = match why {
        AppPasswordWhy::Required => format!(
            "Gmail informuje, że {email} wymaga hasła aplikacji: włączona jest weryfikacja \
             dwuetapowa, więc aplikacje nie mogą logować się hasłem konta. Hasło aplikacji to \
             osobne, 16-literowe hasło tylko dla CRM."
        ),
        AppPasswordWhy::PasswordSignInEnded => format!(
            "Google zakończył logowanie hasłem z zewnętrznych aplikacji („Less secure apps”) \
             dla {kind} z dniem {end}, więc CRM nie może już używać hasła konta {email}, a krok \
             2 dawnego artykułu pomocy — zezwolenie na mniej bezpieczne aplikacje — stracił \
             aktualność, bo tej opcji już nie ma. Nadal działa 16-literowe hasło aplikacji, utworzone specjalnie \
             dla CRM.",
            kind = kind_name(f),
            end = f.less_secure_end
        ),
        AppPasswordWhy::LessSecureNotEnough => format!(
            "Zezwolenie na mniej bezpieczne aplikacje nie pozwoliło systemowi CRM zalogować się \
             jako {email}. 16-literowe hasło aplikacji, utworzone specjalnie dla CRM, nie zależy \
             od tego ustawienia."
        ),
    };
    let mut caveats = vec![
        "Google pokazuje hasło aplikacji tylko raz. Jeśli się zgubi, usuń je \
                            i wygeneruj nowe; zmiana hasła do konta unieważnia wszystkie hasła \
                            aplikacji."
            .into(),
    ];
    if why == AppPasswordWhy::PasswordSignInEnded {
        caveats.push(
            "Na dłuższą metę lepszym rozwiązaniem jest „Sign in with Google” („Zaloguj się przez \
             Google”, OAuth), jeśli CRM je oferuje: CRM nie przechowuje wtedy żadnego hasła, a \
             zmiany Google w logowaniu hasłem go nie dotyczą."
                .into(),
        );
    } else {
        if !f.less_secure_possible {
            caveats.push(password_sign_in_ended(f));
        }
        caveats.push(
            "Jeśli CRM oferuje „Sign in with Google” („Zaloguj się przez Google”, OAuth), to \
             rozwiązanie na dłuższą metę: w CRM nie jest wtedy zapisane żadne hasło."
                .into(),
        );
    }
    if f.account_kind == AccountKind::Workspace {
        caveats.push(format!(
            "W domenie {} administrator może nie pozwalać użytkownikom na włączenie weryfikacji \
             dwuetapowej albo mógł wyłączyć hasła aplikacji; jeśli opcji brak mimo włączonej \
             weryfikacji dwuetapowej, zwróć się do administratora.",
            f.admin_product
        ));
    }
    adv(
        "Utwórz hasło aplikacji dla CRM".into(),
        summary,
        vec![
            format!(
                "Zaloguj się na myaccount.google.com jako {email} i otwórz „Security” \
                 („Bezpieczeństwo”)."
            ),
            "W sekcji „Signing in to Google” („Logowanie się w Google”; na nowszych stronach \
             „How you sign in to Google”) kliknij „App passwords” („Hasła aplikacji”) albo \
             przejdź wprost do myaccount.google.com/apppasswords."
                .into(),
            "Jeśli nie ma pozycji „App passwords”, najpierw włącz w tej samej sekcji „2-Step \
             Verification” („Weryfikacja dwuetapowa”), a potem wróć."
                .into(),
            "Jako aplikację wybierz „Other (custom name)” („Inna (nazwa niestandardowa)”), nadaj \
             nazwę, po której ją rozpoznasz, np. „CRM” albo nazwę swojego systemu CRM, i kliknij \
             „Generate” („Generuj”)."
                .into(),
            format!(
                "Wpisz 16-znakowe hasło w CRM w polu hasła zamiast hasła do poczty (spacje można \
                 pominąć); login się nie zmienia: {email}."
            ),
            "Zapisz i połącz się ponownie.".into(),
        ],
        caveats,
    )
}

fn allow_external_smtp(ctx: &TextCtx<'_>) -> Advice {
    let f = &ctx.diagnosis.facts;
    let product = f.admin_product;
    let email = ctx.email;
    match f.account_kind {
        AccountKind::Workspace => adv(
            "Administrator Workspace: zezwól na wysyłkę przez zewnętrzny serwer SMTP".into(),
            format!(
                "Odbieranie działa, ale Gmail odmówił wysyłki z adresu {email} już na etapie \
                 koperty (nadawca i odbiorca). CRM nie wysyła poczty tak jak zwykły program \
                 pocztowy, tylko przez własne narzędzia, dzięki którym śledzi otwarcia \
                 wiadomości i kliknięcia w linki — a zasady {product} jeszcze na to nie \
                 pozwalają."
            ),
            vec![
                "Zaloguj się na admin.google.com kontem administratora.".into(),
                format!(
                    "Przejdź do „Apps > {product} > Gmail > Advanced settings” („Aplikacje > \
                     {product} > Gmail > Ustawienia zaawansowane”; w nowszych konsolach: „Apps \
                     > {product} > Gmail > End user access”)."
                ),
                "Zaznacz „Allow users to send mail through an external SMTP server when \
                 configuring a 'from' address hosted outside your email domains”."
                    .into(),
                "Zapisz zmiany i wyślij z CRM wiadomość testową.".into(),
            ],
            vec![
                "Ustawienie może być różne w różnych jednostkach organizacyjnych: zmień je dla \
                 jednostki, do której należy użytkownik."
                    .into(),
                "Zmiana może zacząć działać dopiero po pewnym czasie.".into(),
            ],
        ),
        AccountKind::Consumer => adv(
            "Gmail nie akceptuje tego adresu nadawcy".into(),
            format!(
                "Odbieranie działa, ale Gmail odmówił wysyłki z adresu {email} na etapie koperty \
                 (nadawca i odbiorca). Konto prywatne nie ma konsoli administracyjnej; Gmail \
                 wysyła tylko z adresu samego konta i z adresów potwierdzonych w jego \
                 ustawieniach."
            ),
            vec![
                "W CRM wysyłaj z adresu samego konta — a jeśli ma to być inny adres, dodaj go i \
                 potwierdź w Gmailu: „Settings” → „See all settings” → „Accounts and Import” \
                 („Konta i importowanie”) → „Send mail as” („Wyślij pocztę jako”)."
                    .into(),
                "Ponownie wyślij z CRM wiadomość testową.".into(),
            ],
            vec![
                "Ustawienie administratora „Allow users to send mail through an external SMTP \
                  server …” istnieje tylko w Google Workspace."
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
            "Za dużo otwartych połączeń IMAP — zamknij część i spróbuj ponownie".into(),
            format!(
                "Gmail odmówił kolejnego połączenia IMAP dla {email} („Too many simultaneous \
                 connections”). Gmail pozwala na około 15 jednoczesnych połączeń na konto, a \
                 zajmują je już inne programy."
            ),
            vec![
                "Zamknij niepotrzebne programy pocztowe na komputerach i telefonach (Outlook, \
                 Thunderbird, Apple Mail, aplikacje pocztowe) i zatrzymaj narzędzia do \
                 synchronizacji lub kopii zapasowych, które czytają skrzynkę przez IMAP."
                    .into(),
                "Jeśli CRM ma ustawienie liczby równoległych połączeń, zmniejsz ją.".into(),
                "Odczekaj kilka minut, aż bezczynne połączenia się zamkną, i połącz się ponownie."
                    .into(),
            ],
            vec![
                "Każde urządzenie — a w niektórych programach każdy otwarty folder — utrzymuje \
                  własne połączenie, więc limit wyczerpuje się szybciej, niż się wydaje."
                    .into(),
            ],
        ),
        Some(Temporary::RateLimited) => adv(
            "Google ogranicza ruch na tym koncie — odczekaj i spróbuj ponownie".into(),
            format!(
                "Gmail tymczasowo ogranicza logowania lub ruch dla {email} (za dużo prób \
                 logowania albo przekroczone limity poleceń i transferu). To nie jest problem z \
                 ustawieniami."
            ),
            vec![
                "Przerwij powtarzane próby: wstrzymaj skrzynkę w CRM i w innych programach, które \
                 bez skutku próbują się logować."
                    .into(),
                "Odczekaj, np. godzinę, i połącz się jeden raz.".into(),
            ],
            vec![
                "Każde nieudane logowanie przedłuża blokadę, więc nie próbuj raz za razem; \
                  limity transferu mogą trwać nawet dobę."
                    .into(),
            ],
        ),
        Some(Temporary::Propagation) => {
            let mut steps = vec!["Odczekaj (do 24 godzin) i połącz się ponownie.".into()];
            if f.account_kind == AccountKind::Workspace {
                steps.push(
                    "Jeśli administrator wybrał „Allow users to manage their access to less \
                     secure apps”, sprawdź, czy użytkownik włączył też u siebie „Less secure app \
                     access” („Dostęp mniej bezpiecznych aplikacji”) na myaccount.google.com → \
                     „Security”."
                        .into(),
                );
            }
            steps.push(company_not_private(email, f.account_kind));
            adv(
                "Ustawienie zmieniono niedawno — daj mu czas".into(),
                format!(
                    "Gmail nadal odmawia logowania {email}, choć ustawienie, na które wskazuje \
                     odpowiedź, zostało już zmienione. Według Google takie zmiany mogą \
                     potrzebować do 24 godzin, zanim dotrą do serwerów IMAP i SMTP Gmaila."
                ),
                steps,
                vec![
                    "Jeśli nie możesz czekać: hasło aplikacji (wymaga weryfikacji dwuetapowej) \
                      działa od razu."
                        .into(),
                ],
            )
        }
        Some(Temporary::Slow) => adv(
            "Gmail nie odpowiedział na czas — spróbuj ponownie".into(),
            format!(
                "Serwer {p} ({typed}) przyjął połączenie, ale nie odpowiedział w wyznaczonym \
                 czasie. Przy właściwych ustawieniach Gmaila to zwykle wolna lub przeciążona \
                 sieć i samo mija."
            ),
            vec![
                "Połącz się ponownie za kilka minut.".into(),
                "Jeśli problem się powtarza, sprawdź sieć między CRM a Google (VPN, proxy, \
                 przeciążone łącze) albo wydłuż czas oczekiwania opcją `--timeout`."
                    .into(),
            ],
            Vec::new(),
        ),
        Some(Temporary::ServerError) | None => adv(
            "Gmail zgłosił chwilowy problem — spróbuj ponownie".into(),
            format!(
                "Gmail zakończył sesję {p} błędem tymczasowym albo zerwał połączenie. Przyczyna \
                 leży po stronie Google lub gdzieś po drodze, a nie w Twoich ustawieniach."
            ),
            vec![
                "Odczekaj kilka minut i połącz się ponownie.".into(),
                "Jeśli to się utrzymuje, sprawdź, czy na stronie „Google Workspace Status \
                 Dashboard” (www.google.com/appsstatus) nie zgłoszono awarii Gmaila."
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
            "Konto jest zawieszone — musi je przywrócić administrator Workspace".into(),
            format!(
                "Google zgłasza, że konto {email} jest zawieszone, więc żadne logowanie nie \
                 zadziała, dopóki administrator {} go nie przywróci.",
                f.admin_product
            ),
            vec![
                "Administrator: zaloguj się na admin.google.com i otwórz „Directory > Users” \
                 („Katalog > Użytkownicy”; w starszych konsolach: „Users”)."
                    .into(),
                format!(
                    "Znajdź {email}: zawieszony użytkownik jest wyraźnie oznaczony, razem z \
                     powodem (zawieszenie przez administratora albo automatycznie przez Google)."
                ),
                "Przywróć użytkownika („Reactivate”); jeśli zawiesił go Google, postępuj według \
                 wyświetlonych wskazówek (np. ustaw nowe hasło)."
                    .into(),
                "Ponownie podłącz skrzynkę w CRM.".into(),
            ],
            vec![
                "Jeśli dotyczy to wszystkich kont w domenie, sprawdź subskrypcję i płatności w \
                  konsoli administracyjnej."
                    .into(),
            ],
        ),
        AccountKind::Consumer => adv(
            "Konto Google jest zablokowane — zaloguj się, żeby sprawdzić dlaczego".into(),
            format!(
                "Google zgłasza, że konto {email} jest wyłączone lub zawieszone, więc żadna \
                 aplikacja nie może się na nie zalogować."
            ),
            vec![
                format!(
                    "Zaloguj się na accounts.google.com jako {email}: Google pokaże, dlaczego \
                     konto zostało wyłączone."
                ),
                "Skorzystaj z proponowanych tam kroków odzyskiwania konta albo poproś o ponowne \
                 rozpatrzenie sprawy."
                    .into(),
                "Gdy konto znów działa w przeglądarce, ponownie podłącz je w CRM.".into(),
            ],
            Vec::new(),
        ),
    }
}

fn reauthorize_oauth(ctx: &TextCtx<'_>) -> Advice {
    let f = &ctx.diagnosis.facts;
    let email = ctx.email;
    let refusal = if oauth_refused_as_credentials(ctx.diagnosis) {
        format!("Gmail odpowiedział na logowanie tokenem CRM dla {email} komunikatem „Invalid credentials”")
    } else {
        format!(
            "Google odrzucił token dostępu CRM dla {email} (jego odpowiedź w formacie JSON \
             zawiera status 400)"
        )
    };
    let mut caveats = vec![
        "Token dostępu jest ważny około godziny; CRM sam go odnawia tokenem \
                            odświeżania. Zmiana hasła do konta albo usunięcie CRM na \
                            myaccount.google.com → „Security” → „Third-party apps with account \
                            access” („Aplikacje innych firm z dostępem do konta”) cofa ten dostęp \
                            i skrzynkę trzeba podłączyć od nowa."
            .into(),
    ];
    if f.account_kind == AccountKind::Workspace {
        caveats.push(format!(
            "W domenie {} administrator może ograniczać dostęp aplikacji innych firm \
             (admin.google.com → „Security > API controls”); wtedy musi najpierw oznaczyć \
             aplikację CRM jako zaufaną.",
            f.admin_product
        ));
    }
    adv(
        "Podłącz skrzynkę ponownie przez „Sign in with Google” („Zaloguj się przez Google”)".into(),
        format!(
            "{refusal}: token jest nieprawidłowy, wygasł albo dostęp cofnięto. CRM potrzebuje \
             nowego tokenu."
        ),
        vec![
            "W CRM odłącz skrzynkę i podłącz ją ponownie przyciskiem „Sign in with Google” \
             („Zaloguj się przez Google”)."
                .into(),
            format!(
                "Zaloguj się jako {email} i zezwól na wszystko, o co prosi CRM, łącznie z pełnym \
                 dostępem do Gmaila — to zakres https://mail.google.com/, opisany jako „Read, \
                 compose, send and permanently delete all your email from Gmail”; IMAP i SMTP \
                 wymagają właśnie tego zakresu."
            ),
            "Uruchom diagnozę ponownie z nowym tokenem.".into(),
        ],
        caveats,
    )
}

// ---------------------------------------------------------------------------
// Uwagi, wykluczone kroki, wykonawcy, etapy testu.
// ---------------------------------------------------------------------------

/// A short name of a remediation, for notes and the ruled-out list.
fn name(id: R) -> &'static str {
    match id {
        R::None => "Nic do zrobienia",
        R::FixConnectionSettings => "Popraw ustawienia serwera",
        R::CheckNetwork => "Sprawdź sieć",
        R::CheckTlsInterception => "Sprawdź, czy coś nie przechwytuje TLS",
        R::CheckPassword => "Sprawdź hasło",
        R::EnableImap => "Włącz IMAP dla domeny (administrator)",
        R::EnableImapUser => "Włącz IMAP w ustawieniach Gmaila",
        R::AllowLessSecureApps => "Zezwól na mniej bezpieczne aplikacje",
        R::UseAppPassword => "Użyj hasła aplikacji",
        R::AllowExternalSmtp => "Zezwól na wysyłkę przez zewnętrzny serwer SMTP",
        R::RetryLater => "Spróbuj później",
        R::AccountSuspended => "Przywróć zawieszone konto",
        R::ReauthorizeOauth => "Zaloguj się ponownie przez Google",
    }
}

/// What a CRM's client library is called in the library check.
fn library(p: Protocol) -> &'static str {
    match p {
        Protocol::Imap => "biblioteka `imap`",
        Protocol::Smtp => "biblioteka lettre",
    }
}

pub(super) fn note(n: &Note) -> String {
    match n {
        Note::DisambiguatedBy { protocol } => format!(
            "Pierwsza odmowa („Invalid credentials”) była niejednoznaczna; test {} dostał \
             konkretną odpowiedź i to ona przesądziła o wyniku.",
            proto(*protocol)
        ),
        Note::NotRecognised => "Odpowiedź serwera nie została rozpoznana; mail-doctor wybrał \
                                najbardziej prawdopodobny kolejny krok według kolejności z \
                                artykułu."
            .into(),
        Note::AlreadyTried { id } => format!(
            "Krok „{}” był już wykonany, a dowody nadal na niego wskazują: sprawdź, czy zmianę \
             zapisano, i to na właściwym koncie, oraz daj jej czas na zadziałanie.",
            name(*id)
        ),
        Note::AlsoFailing { protocol, step: s } => format!(
            "{} też nie działa — na etapie „{}”; przyczyna może być inna, więc po tej poprawce \
             uruchom mail-doctor ponownie.",
            proto(*protocol),
            step(*s)
        ),
        Note::LibraryDisagrees {
            protocol,
            library: said,
            probe_ok: true,
        } => format!(
            "Własny test {} mail-doctora zalogował się, ale {} (czyli to, co widzi biblioteka \
             kliencka CRM) zgłosiła błąd: „{said}”. CRM oparty na niej może nie działać, choć \
             test przechodzi.",
            proto(*protocol),
            library(*protocol)
        ),
        Note::LibraryDisagrees {
            protocol,
            library: said,
            probe_ok: false,
        } => format!(
            "Własny test {} mail-doctora się nie powiódł, ale {} (użyta tak jak w CRM) \
             zgłosiła: „{said}”. Wyniki się różnią, więc zajrzyj do zapisu sesji.",
            proto(*protocol),
            library(*protocol)
        ),
        Note::SwitchGoneButReported => format!(
            "Gmail zgłosił, że przełącznik IMAP użytkownika jest wyłączony, choć Google usunął go \
             dnia {IMAP_SWITCH_REMOVED}, przed przyjętą datą: odpowiedź może pochodzić ze \
             starszego zapisu albo IMAP blokuje administrator Workspace."
        ),
    }
}

pub(super) fn ruled_out(r: &RuledOut) -> String {
    let n = name(r.id);
    match r.reason {
        RuledOutReason::Works => {
            let why = match r.id {
                R::FixConnectionSettings | R::CheckNetwork | R::CheckTlsInterception => {
                    "IMAP i SMTP połączyły się z serwerami Google z ważnym certyfikatem"
                }
                R::CheckPassword
                | R::EnableImap
                | R::EnableImapUser
                | R::AllowLessSecureApps
                | R::UseAppPassword => "logowanie przez IMAP się powiodło",
                R::AllowExternalSmtp => "Gmail przyjął testową kopertę",
                _ => "testy pokazują, że to działa",
            };
            format!("{n}: niepotrzebne — {why}.")
        }
        RuledOutReason::Tried => format!("{n}: już to zrobiono."),
        RuledOutReason::NoLongerExists => match r.id {
            R::EnableImapUser => format!(
                "{n}: Google usunął ten przełącznik dnia {IMAP_SWITCH_REMOVED}, przed przyjętą \
                 datą."
            ),
            _ => format!("{n}: Google usunął tę opcję dla tego rodzaju konta przed przyjętą datą."),
        },
    }
}

pub(super) fn actor(a: Actor) -> &'static str {
    match a {
        Actor::Nobody => "nikt — wszystko działa",
        Actor::User => "Ty (właściciel skrzynki)",
        Actor::WorkspaceAdmin => "administrator Google Workspace",
        Actor::AdminAndUser => "najpierw administrator Workspace, potem każdy użytkownik",
        Actor::NetworkAdmin => {
            "osoba odpowiedzialna za sieć (dział IT lub administrator serwera CRM)"
        }
    }
}

pub(super) fn step(s: StepKind) -> &'static str {
    match s {
        StepKind::Resolve => "zapytanie DNS",
        StepKind::Connect => "połączenie TCP",
        StepKind::TlsHandshake => "negocjacja TLS",
        StepKind::Greeting => "powitanie",
        StepKind::Capability => "możliwości",
        StepKind::Starttls => "STARTTLS",
        StepKind::Authenticate => "logowanie",
        StepKind::SelectInbox => "otwarcie INBOX",
        StepKind::Ehlo => "EHLO",
        StepKind::Auth => "AUTH",
        StepKind::Envelope => "koperta",
        StepKind::SendTest => "test wysyłki",
        StepKind::Delivery => "doręczenie",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::super::fixtures::{self, all_text, of, Case};
    use super::*;

    const DIACRITICS: &str = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ";

    fn has_diacritics(s: &str) -> bool {
        s.chars().any(|c| DIACRITICS.contains(c))
    }

    fn render(c: &Case) -> (Advice, String) {
        let a = advice(&c.ctx());
        let t = all_text(&a);
        (a, t)
    }

    /// English words that never occur in Polish prose; finding one outside
    /// quotes, code and addresses means an untranslated sentence.
    const ENGLISH: [&str; 30] = [
        "the", "and", "your", "you", "is", "are", "with", "for", "this", "that", "please", "not",
        "of", "when", "be", "can", "must", "should", "will", "has", "have", "from", "at", "or",
        "settings", "security", "click", "open", "check", "sign",
    ];

    /// The English words left after removing UI names in quotes („…”,
    /// "…"), code in backticks, and host names, URLs and addresses.
    fn english_words(text: &str) -> Vec<String> {
        let mut plain = String::new();
        let mut close: Option<char> = None;
        for ch in text.chars() {
            match close {
                Some(c) if ch == c => close = None,
                Some(_) => {}
                None => match ch {
                    '„' => close = Some('”'),
                    '"' => close = Some('"'),
                    '`' => close = Some('`'),
                    _ => plain.push(ch),
                },
            }
        }
        assert!(close.is_none(), "unbalanced quotes in {text:?}");
        plain
            .split_whitespace()
            .filter(|w| {
                !w.trim_end_matches(['.', ',', ';', ':', ')'])
                    .contains(['.', '/', '@', ':'])
            })
            .flat_map(|w| {
                w.split(|c: char| !c.is_alphabetic())
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>()
            })
            .filter(|w| ENGLISH.contains(&w.as_str()))
            .collect()
    }

    fn assert_polish(what: &str, text: &str) {
        let english = english_words(text);
        assert!(
            english.is_empty(),
            "{what}: English words {english:?} in:\n{text}"
        );
    }

    #[test]
    fn the_english_detector_works() {
        assert_eq!(
            english_words("Open the settings and check when it works."),
            ["open", "the", "settings", "and", "check", "when"]
        );
        assert!(english_words("Kliknij „Save changes” i `--tried check-password` na myaccount.google.com/apppasswords.").is_empty());
    }

    #[test]
    fn every_case_has_polish_title_summary_and_steps() {
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
                has_diacritics(&a.summary),
                "{}: summary without Polish letters",
                c.label
            );
            assert!(
                t.chars().filter(|ch| DIACRITICS.contains(*ch)).count() >= 5,
                "{}",
                c.label
            );
            for bad in ["Some(", "None)", "{", "}", "  "] {
                assert!(!t.contains(bad), "{}: contains {bad:?}:\n{t}", c.label);
            }
            assert_polish(&c.label, &t);
        }
    }

    #[test]
    fn notes_ruled_out_labels_actors_steps_are_polish() {
        let notes: Vec<String> = fixtures::notes().iter().map(note).collect();
        assert_eq!(notes.iter().collect::<HashSet<_>>().len(), notes.len());
        for n in &notes {
            assert!(has_diacritics(n), "{n}");
            assert_polish("note", n);
        }
        assert!(notes[4].contains("biblioteka `imap`") && notes[5].contains("lettre"));
        let ruled: Vec<String> = fixtures::ruled_outs().iter().map(ruled_out).collect();
        assert_eq!(ruled.iter().collect::<HashSet<_>>().len(), ruled.len());
        for r in &ruled {
            assert!(has_diacritics(r) && r.ends_with('.'), "{r}");
            assert_polish("ruled out", r);
        }
        let actors: HashSet<&str> = fixtures::ACTORS.into_iter().map(actor).collect();
        assert_eq!(actors.len(), fixtures::ACTORS.len());
        actors.iter().for_each(|a| assert_polish("actor", a));
        let steps: HashSet<&str> = fixtures::STEPS.into_iter().map(step).collect();
        assert_eq!(steps.len(), fixtures::STEPS.len());
        let l = &LABELS;
        for label in [
            l.heading,
            l.account,
            l.as_of,
            l.result,
            l.who,
            l.steps,
            l.caveats,
            l.ruled_out,
            l.evidence,
            l.probes,
            l.notes,
            l.transcript,
            l.not_recognised,
            l.failed,
            l.skipped,
        ] {
            assert_polish("label", label);
        }
        assert!(has_diacritics(l.as_of) && has_diacritics(l.failed));
    }

    #[test]
    fn settings_quote_the_typed_values_and_give_the_right_ones() {
        for c in of(R::FixConnectionSettings) {
            let (a, t) = render(&c);
            let dec = c.diagnosis.decided_by.as_ref().unwrap();
            assert!(a.summary.contains(&dec.endpoint.to_string()), "{}", c.label);
            match dec.protocol {
                Protocol::Imap => assert!(
                    t.contains("serwer imap.gmail.com, port 993, zabezpieczenie SSL"),
                    "{}",
                    c.label
                ),
                Protocol::Smtp => assert!(
                    t.contains("smtp.gmail.com") && t.contains("465") && t.contains("587"),
                    "{}",
                    c.label
                ),
            }
            assert!(t.contains(c.email), "{}", c.label);
        }
    }

    #[test]
    fn less_secure_apps_mentions_24_hours_account_check_and_cutoff() {
        for c in of(R::AllowLessSecureApps) {
            let t = render(&c).1;
            let f = &c.diagnosis.facts;
            assert!(t.contains("24 godzin"), "{}", c.label);
            assert!(
                t.contains("prywatn") && t.contains("awatara"),
                "{}",
                c.label
            );
            assert!(t.contains(&f.less_secure_end.to_string()), "{}", c.label);
            assert!(
                t.contains("„Dostęp mniej bezpiecznych aplikacji”"),
                "{}",
                c.label
            );
            if f.account_kind == AccountKind::Workspace {
                assert!(
                    t.contains("„Allow users to manage their access to less secure apps”")
                        && t.contains("KAŻDY")
                );
            }
        }
    }

    #[test]
    fn app_password_mentions_2sv_and_after_cutoff_oauth() {
        for c in of(R::UseAppPassword) {
            let t = render(&c).1;
            let f = &c.diagnosis.facts;
            assert!(
                t.contains("„Weryfikacja dwuetapowa”") && t.contains("„Hasła aplikacji”"),
                "{}",
                c.label
            );
            assert!(
                t.contains("myaccount.google.com/apppasswords"),
                "{}",
                c.label
            );
            if !f.less_secure_possible {
                assert!(
                    t.contains("OAuth") && t.contains(&f.less_secure_end.to_string()),
                    "{}",
                    c.label
                );
            }
        }
    }

    #[test]
    fn check_password_names_the_next_rung() {
        for c in of(R::CheckPassword) {
            let t = render(&c).1;
            let f = &c.diagnosis.facts;
            if let PasswordTrouble::Plain {
                ambiguous: true,
                next: Some(_),
            } = password_trouble(&c.diagnosis)
            {
                assert!(
                    t.contains("przez lata") && t.contains("--tried check-password"),
                    "{}",
                    c.label
                );
                let rung = if f.less_secure_possible {
                    "mniej bezpieczne aplikacje"
                } else {
                    "hasło aplikacji"
                };
                assert!(t.contains(rung), "{}", c.label);
            }
        }
    }

    #[test]
    fn retry_later_and_era_specifics() {
        let titles: HashSet<String> = of(R::RetryLater)
            .iter()
            .map(|c| render(c).0.title)
            .collect();
        assert_eq!(titles.len(), 5);
        for c in of(R::RetryLater) {
            if c.diagnosis.facts.temporary == Some(Temporary::TooManyConnections) {
                assert!(render(&c).1.contains("15"));
            }
        }
        for c in of(R::EnableImap) {
            let product = c.diagnosis.facts.admin_product;
            assert!(render(&c).1.contains(&format!(
                "„Aplikacje > {product} > Gmail > Ustawienia zaawansowane”"
            )));
        }
        for c in of(R::EnableImapUser) {
            let t = render(&c).1;
            assert_eq!(
                t.contains("„Przekazywanie i POP/IMAP”"),
                c.diagnosis.facts.user_imap_switch_exists,
                "{}",
                c.label
            );
            assert!(t.contains("2024-06-15"));
        }
    }
}
