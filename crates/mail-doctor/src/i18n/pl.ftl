# Polskie teksty raportu mail-doctor.
#
# Napisane dla polskich użytkowników, nie tłumaczone zdanie po zdaniu z
# `en.ftl`. Nazwy z interfejsu Google zostają po angielsku w cudzysłowie „…”
# (wielu administratorów ma angielskie konsole), a po nich w nawiasie polska
# nazwa, jeśli ją znamy. Co i z jakimi argumentami powiedzieć, rozstrzyga raz
# `src/advice/`; ten plik zawiera tylko słowa. Wiadomość można zawinąć w kilku
# wierszach: renderer łączy je pojedynczą spacją. Identyfikatory i argumenty
# muszą być takie same jak w `en.ftl` (testy: `i18n::catalogue::tests`).

## Etykiety raportu tekstowego

label-heading = Raport mail-doctor
label-account = Konto
label-as-of = Przyjęta data
label-result = Wynik
label-who = Kto musi działać
label-steps = Co zrobić
label-caveats = Warto wiedzieć
label-ruled-out = Wykluczone
label-evidence = Odpowiedź serwera
label-probes = Przebieg testów
label-notes = Uwagi
label-transcript = Zapis sesji
label-not-recognised = nierozpoznane
outcome-ok = ok
outcome-failed = BŁĄD
outcome-skipped = pominięto

## Etapy testu

step-mx = rekordy MX
step-resolve = zapytanie DNS
step-connect = połączenie TCP
step-tls-handshake = negocjacja TLS
step-greeting = powitanie
step-capability = możliwości
step-starttls = STARTTLS
step-authenticate = logowanie
step-select-inbox = otwarcie INBOX
step-ehlo = EHLO
step-auth = AUTH
step-envelope = koperta
step-send-test = wiadomość testowa
step-delivery = doręczenie

## Szczegóły testów i ustalenia: słowa samego doktora. To, co powiedział
## serwer, system operacyjny albo rustls, jest wstawiane dosłownie ($text,
## $error, $what, $alert, $reply, $json).

quote = { $text }
probe-resolved = { $host } → { $addrs }
probe-unresolved = { $host }: { $problem }
probe-connected = port { $port }
probe-not-connected = port { $port }: { $problem }
probe-tls = { $version }, certyfikat: { $host }
probe-inbox = INBOX (tylko do odczytu): { $exists } { $exists ->
        [one] wiadomość
       *[other] wiadomości
    }
probe-upgraded = STARTTLS → TLS
probe-mx-exchangers = { $domain }: poczta trafia do { $hosts }
probe-mx-no-such-domain = { $domain }: nie ma takiej domeny (NXDOMAIN)
probe-mx-none = { $domain }: domena nie ma rekordów MX
probe-mx-unknown = { $domain }: { $problem }
probe-mx-not-checked = rekordów MX nie sprawdzano
mx-problem-timeout = DNS: brak odpowiedzi na czas
mx-problem-server = DNS: serwer odpowiedział { $code }
mx-problem-failed = DNS: { $error }
mx-problem-no-config = DNS: nie da się odczytać ustawień DNS systemu ({ $error })
probe-no-starttls-capability = CAPABILITY: serwer nie oferuje STARTTLS
probe-no-starttls-ehlo = EHLO: serwer nie oferuje STARTTLS
probe-data-before-handshake = dane od serwera po STARTTLS, przed negocjacją TLS
probe-no-secret-without-tls = szyfrowanie: brak — bez TLS nie wysłano danych logowania
probe-accepted-without-secret = AUTH przyjęte bez danych logowania
probe-oauth-refused = token OAuth odrzucony: { $json } { $reply }
probe-oauth-refused-alone = token OAuth odrzucony: { $json }
probe-envelope = MAIL FROM/RCPT TO <{ $email }>: 250
probe-envelope-from = MAIL FROM <{ $from }>, RCPT TO <{ $email }>: 250
probe-sent = { $id }: 250
probe-delivered = { $id } → INBOX
probe-not-delivered = { $id } ∉ INBOX
probe-from-rewritten = { $id } → INBOX, ale z From: <{ $delivered }> zamiast <{ $requested }>
net-no-such-host = DNS: nie ma takiego hosta
net-dns = DNS: { $error }
net-dns-timeout = DNS: zapytanie nie doczekało się odpowiedzi
net-refused = TCP: połączenie odrzucone
net-connect-timeout = TCP: brak odpowiedzi na próbę połączenia
net-connect = TCP: { $error }
net-no-address = TCP: brak adresu
net-tls = TLS: { $problem }
net-tls-timeout = TLS: negocjacja nie zakończyła się w wyznaczonym czasie
net-timeout = brak odpowiedzi w wyznaczonym czasie
net-closed = serwer zamknął połączenie
net-io = we/wy: { $error }
net-garbage = nieoczekiwane bajty: { $text }
net-too-long = nieoczekiwane bajty: odpowiedź przekracza limity
net-data-before-tls = nieoczekiwane bajty: dane przed negocjacją TLS
net-already-encrypted = we/wy: STARTTLS na połączeniu już szyfrowanym
tls-not-tls = serwer odpowiedział otwartym tekstem, a nie przez TLS
tls-closed = serwer zamknął połączenie w trakcie negocjacji
tls-untrusted-issuer = certyfikat podpisał wystawca, któremu ten komputer nie ufa
tls-expired = certyfikat wygasł (albo zegar tego komputera jest źle ustawiony)
tls-not-yet-valid = certyfikat nie jest jeszcze ważny (albo zegar tego komputera jest źle
    ustawiony)
tls-wrong-name = certyfikat wystawiono na inną nazwę hosta
tls-wrong-name-presented = certyfikat wystawiono na inną nazwę hosta (podaje: { $names })
tls-ca-used-as-end-entity = serwer przedstawia certyfikat urzędu certyfikacji jako własny
    (CaUsedAsEndEntity); potrzebuje certyfikatu serwera podpisanego przez ten urząd
tls-revoked = certyfikat został unieważniony
tls-wrong-purpose = certyfikat nie jest przeznaczony dla serwerów (brak zastosowania serverAuth)
tls-no-certificate = serwer nie przesłał certyfikatu
tls-unusable = certyfikatu nie da się użyć: { $what }
tls-incompatible = brak wspólnej z serwerem wersji TLS lub szyfru: { $what }
tls-handshake-refused = serwer odrzucił negocjację (alert { $alert })
tls-broken = TLS serwera działa nieprawidłowo: { $what }
tls-invalid-server-name = { $host } nie jest poprawną nazwą serwera
evidence-no-starttls = serwer nie oferuje STARTTLS
evidence-no-auth = brak logowania bez TLS
evidence-not-delivered = wiadomość testowa nie dotarła
evidence-from-rewritten = wiadomość testowa wysłana jako <{ $requested }> dotarła z From: <{ $delivered }>

## Kto działa

actor-nobody = nikt — wszystko działa
actor-user = Ty (właściciel skrzynki)
actor-workspace-admin = administrator Google Workspace
actor-admin-and-user = najpierw administrator Workspace, potem każdy użytkownik
actor-network-admin = osoba odpowiedzialna za sieć (dział IT lub administrator serwera CRM)
actor-mail-admin = osoba zarządzająca pocztą firmy i jej domeną (dział IT albo dostawca poczty)

## Krótkie nazwy kroków (uwagi, lista wykluczonych)

remedy-none = Nic do zrobienia
remedy-fix-connection-settings = Popraw ustawienia serwera
remedy-check-network = Sprawdź sieć
remedy-check-tls-interception = Sprawdź, czy coś nie przechwytuje TLS
remedy-check-password = Sprawdź hasło
remedy-enable-imap = Włącz IMAP dla domeny (administrator)
remedy-enable-imap-user = Włącz IMAP w ustawieniach Gmaila
remedy-allow-less-secure-apps = Zezwól na mniej bezpieczne aplikacje
remedy-use-app-password = Użyj hasła aplikacji
remedy-allow-external-smtp = Zezwól na wysyłkę przez zewnętrzny serwer SMTP
remedy-retry-later = Spróbuj później
remedy-account-suspended = Przywróć zawieszone konto
remedy-reauthorize-oauth = Zaloguj się ponownie przez Google
remedy-add-send-as-address = Dodaj adres w „Wyślij pocztę jako”
remedy-configure-smtp-relay = Skonfiguruj usługę przekaźnika SMTP (administrator)
remedy-sending-limit-reached = Odczekaj, aż minie dzienny limit wysyłki
remedy-not-a-google-mailbox = Użyj ustawień dostawcy, u którego jest skrzynka

## Cegiełki: daty, ustawienia, rodzaje kont

# Data słownie, z miesiącem w dopełniaczu: „30 września 2024 r.”.
date = { $day } { $month } { $year } r.
month-1 = stycznia
month-2 = lutego
month-3 = marca
month-4 = kwietnia
month-5 = maja
month-6 = czerwca
month-7 = lipca
month-8 = sierpnia
month-9 = września
month-10 = października
month-11 = listopada
month-12 = grudnia
security-ssl = SSL
security-starttls = STARTTLS
security-none = brak
# „serwer imap.gmail.com, port 993, zabezpieczenie SSL”
fields = serwer { $host }, port { $port }, zabezpieczenie { $security }
# Dopełniacz liczby mnogiej („dla …”, „do …”).
accounts-consumer = kont prywatnych (@gmail.com)
accounts-workspace = kont { $product }
library-imap = biblioteka `imap`
library-smtp = biblioteka lettre

## Wspólne kroki i uwagi

step-save = Zapisz zmiany.
step-save-and-connect = Zapisz i połącz się ponownie.
step-run-again = Uruchom diagnozę ponownie.
step-reconnect = Ponownie podłącz skrzynkę w CRM.
step-admin-sign-in = Zaloguj się na admin.google.com kontem administratora.
web-login-link = Razem z odmową Google przysłał link do logowania: { $url } — otwórz go i
    zaloguj się raz jako { $email } w przeglądarce w tej samej sieci, z której łączy się CRM (na
    jego serwerze, jeśli tam działa). Takie potwierdzenie logowania potrafi samo zdjąć blokadę.
company-not-private-workspace = Sprawdź, czy w przeglądarce aktywne jest konto { $email } — konto
    firmowe, a nie prywatne konto Google: strona logowania wygląda tak samo dla każdego konta.
    Aktywne konto widać po kliknięciu awatara w prawym górnym rogu.
company-not-private-consumer = Sprawdź, czy w przeglądarce aktywne jest konto { $email }, a nie
    inne z Twoich kont Google (firmowe albo inne prywatne): strona logowania wygląda tak samo
    dla każdego konta. Aktywne konto widać po kliknięciu awatara w prawym górnym rogu.
password-sign-in-ended = Od { $end } Google w ogóle nie pozwala aplikacjom logować się do
    { $accounts } zwykłym hasłem konta; dawnej opcji „Less secure apps” („mniej bezpieczne
    aplikacje”) już nie ma, działa tylko hasło aplikacji albo „Sign in with Google” (OAuth).
less-secure-cutoff-ahead = Google utrzymuje tę opcję dla { $accounts } tylko do { $end } Potem
    aplikacje mogą logować się wyłącznie hasłem aplikacji albo przez „Sign in with Google”
    („Zaloguj się przez Google”, OAuth) — warto przygotować się na to zawczasu.
less-secure-cutoff-passed = Google usunął tę opcję dla { $accounts } { $end }, czyli przed
    przyjętą datą; zamiast niej potrzebne jest hasło aplikacji albo „Sign in with Google”
    (OAuth).

## none

none-title = Wszystko działa — nic nie trzeba zmieniać
none-summary = mail-doctor zalogował się do skrzynki { $email } przez IMAP i otworzył INBOX, a
    potem zalogował się przez SMTP, gdzie Gmail przyjął testową kopertę (nadawcę i odbiorcę; nic
    nie zostało wysłane). Użyte ustawienia: IMAP { $imap }, SMTP { $smtp }. Skrzynkę można
    podłączyć do CRM.
none-caveat = Jeśli CRM nadal zgłasza błąd, porównaj jego ustawienia z powyższymi, a login z
    adresem { $email } — różnica to najpewniej przyczyna.

## fix-connection-settings

settings-title = Popraw ustawienia serwera { $protocol } w CRM
settings-summary = W ustawieniach { $protocol } w CRM wpisano { $typed }. { $problem }
settings-no-such-host = Serwer o nazwie { $host } nie istnieje — DNS nie zna dla niego adresu.
    Zwykle to literówka albo zgadnięta nazwa; serwer { $protocol } Gmaila to { $right }.
settings-refused = Host { $host } odpowiada, ale na porcie { $port } nic nie przyjmuje połączeń,
    więc ten port nie pasuje do { $protocol }.
settings-no-answer = Pod adresem { $host }, port { $port }, nic nie odpowiedziało — to nie są
    ustawienia { $protocol } Gmaila. Zły jest serwer albo port, ewentualnie coś po cichu odrzuca
    połączenie.
settings-plaintext-port-starttls = Wybrano SSL, ale port { $port } zaczyna połączenie bez
    szyfrowania i włącza je dopiero później, poleceniem STARTTLS — dlatego szyfrowane połączenie
    od razu się nie udało.
settings-plaintext-port = Wybrano SSL, ale port { $port } nie zaczyna od szyfrowania (tak jak 143
    dla IMAP i 587 dla SMTP, które włączają je później poleceniem STARTTLS) — dlatego szyfrowane
    połączenie od razu się nie udało.
settings-security-chosen = Wybrano { $security }
settings-security-chosen-none = Nie wybrano szyfrowania
settings-tls-port = { $chosen }, ale port { $port } oczekuje szyfrowania od pierwszego bajtu
    (SSL, jak 993 dla IMAP i 465 dla SMTP). Serwer w milczeniu czeka na rozpoczęcie szyfrowania,
    a CRM czeka na powitanie serwera — aż któraś ze stron zrezygnuje.
settings-tls-port-ssl-port = { $chosen }, ale port { $port } oczekuje szyfrowania od pierwszego
    bajtu (SSL). Serwer w milczeniu czeka na rozpoczęcie szyfrowania, a CRM czeka na powitanie
    serwera — aż któraś ze stron zrezygnuje.
settings-other-protocol-imap = Pod tym adresem odpowiada serwer SMTP, a nie IMAP: ustawienia
    wysyłki i odbioru zostały pomylone (np. smtp.gmail.com albo port 465 lub 587 w polach IMAP).
settings-other-protocol-smtp = Pod tym adresem odpowiada serwer IMAP, a nie SMTP: ustawienia
    wysyłki i odbioru zostały pomylone (np. imap.gmail.com albo port 993 w polach SMTP).
settings-no-starttls = Wybrano STARTTLS, ale serwer { $host }:{ $port } go nie oferuje, więc
    połączenia nie da się zaszyfrować — a bez szyfrowania Gmail nie przyjmie hasła.
settings-must-starttls = CRM wysłał login, zanim włączył szyfrowanie, i serwer odmówił („Must
    issue a STARTTLS command first”). Przy porcie { $port } zabezpieczenie musi być ustawione na
    STARTTLS — albo użyj portu 465 z SSL.
settings-unencrypted = Nie wybrano żadnego szyfrowania. Gmail nigdy nie przyjmuje hasła przez
    nieszyfrowane połączenie, więc do próby logowania w ogóle nie doszło.
settings-wrong-host-certificate = Serwer { $host } przedstawił certyfikat wystawiony na inną
    nazwę, więc { $host } nie jest właściwą nazwą (to np. adres IP, alias albo serwer innego
    dostawcy). Serwer { $protocol } Gmaila to { $right }.
settings-unknown = Te ustawienia nie działają z serwerem { $protocol } Gmaila.
settings-step-open = Otwórz w CRM ustawienia skrzynki (konta pocztowego).
settings-step-value-imap = Dla IMAP (poczta przychodząca) wpisz: { $fields }.
settings-step-value-smtp = Dla SMTP (poczta wychodząca) wpisz: { $fields }. Gmail przyjmuje port
    465 z SSL albo port 587 ze STARTTLS — nie mieszaj tych par.
settings-step-login = Jako login (nazwę użytkownika) podaj pełny adres e-mail: { $email }; hasło
    zostaje bez zmian.
settings-caveat-not-gmail = To są właściwe ustawienia Gmaila, więc odpowiedział serwer, który nie
    zachowuje się jak Gmail: sprawdź, czy nic (wpis w pliku hosts, proxy, serwer testowy) nie
    podszywa się pod { $host }.
settings-caveat-other-wrong = Ustawienia { $protocol } ({ $typed }) też nie są ustawieniami
    Gmaila: wpisz { $fields }.
settings-caveat-reference = Dla porządku ustawienia Gmaila: IMAP — imap.gmail.com, port 993,
    SSL; SMTP — smtp.gmail.com, port 465 z SSL albo 587 ze STARTTLS; loginem jest zawsze pełny
    adres e-mail.

## check-network

network-title-dns = Ta sieć nie potrafi odnaleźć serwerów Gmaila
network-summary-dns = Nie udało się ustalić adresu { $host }, choć to poprawna nazwa serwera
    Gmaila. DNS, z którego korzysta komputer z CRM, nie działa albo blokuje serwery pocztowe
    Google.
network-title-impostor = Zamiast Gmaila odpowiada coś w sieci
network-summary-impostor = Ustawienia są poprawne ({ $typed }), ale pod adresem
    { $host }:{ $port } odpowiedział serwer bez szyfrowania TLS. Gmail nigdy tak nie robi na tym
    porcie: połączenia pocztowe przechwytuje proxy, portal logowania sieci (np. hotelowego lub
    gościnnego Wi-Fi) albo zapora.
network-title-blocked = Sieć blokuje połączenie z Gmailem
network-summary-blocked = Ustawienia są poprawne ({ $typed }), ale połączenie z { $host } na
    porcie { $port } zostało odrzucone. Zapora albo antywirus na serwerze CRM lub w jego sieci
    odrzuca połączenia wychodzące na port { $port }.
network-title-filtered = Zapora po cichu blokuje połączenie z Gmailem
network-summary-filtered = Ustawienia są poprawne ({ $typed }), ale próba połączenia z { $host }
    na porcie { $port } nie doczekała się żadnej odpowiedzi. Zapora albo antywirus na serwerze
    CRM lub w jego sieci bez słowa odrzuca połączenia wychodzące na port { $port }.
network-step-test = Na komputerze lub serwerze, na którym działa CRM, sprawdź, czy nazwa
    { $host } daje się rozwiązać i czy port { $port } jest osiągalny, np. `nslookup { $host }`, a
    potem `openssl s_client -connect { $host }:{ $port }` (w Windows: `Test-NetConnection
    { $host } -Port { $port }`).
network-step-allow = Poproś osobę odpowiedzialną za sieć o zezwolenie na połączenia wychodzące
    do imap.gmail.com na port 993 oraz do smtp.gmail.com na porty 465 i 587.
network-step-unblock = Zapora albo antywirus na serwerze CRM lub w jego sieci blokuje wychodzący
    port { $port }: poproś dział IT (albo dostawcę hostingu CRM) o zezwolenie na połączenia
    wychodzące do imap.gmail.com na port 993 oraz do smtp.gmail.com na port 465 (lub 587).
network-step-proxy = Jeśli cały ruch musi przechodzić przez serwer proxy WWW, potrzebny jest
    wyjątek dla tych hostów — IMAP i SMTP nie przejdą przez zwykłe proxy HTTP.
network-step-dns = Ten komputer nie potrafi ustalić adresu { $host }: sprawdź jego ustawienia
    DNS (serwery DNS w konfiguracji sieci; w Linuksie /etc/resolv.conf) albo poproś dział IT o
    ich poprawienie, tak aby `nslookup { $host }` zwracał adresy.
network-caveat-cloud = mail-doctor sprawdza połączenie z maszyny, na której go uruchomiono.
    Jeśli CRM działa w chmurze, liczy się sieć jego dostawcy, a nie sieć w biurze.
network-caveat-guest = Sieci dla gości, hotele i niektórzy dostawcy hostingu celowo blokują
    wychodzące porty pocztowe.

## not-a-google-mailbox

not-google-title = Poczty domeny { $domain } nie obsługuje Google
not-google-summary-elsewhere = Rekordy MX domeny { $domain } wskazują { $hosts }, a nie Google,
    więc skrzynka { $email } jest u innego dostawcy. Ustawienia Gmaila (imap.gmail.com,
    smtp.gmail.com, hasła do aplikacji, mniej bezpieczne aplikacje) jej nie dotyczą, bez
    względu na to, co odpowiada Gmail.
not-google-summary-none = Domena { $domain } nie ma rekordów MX, więc poczta do { $email } trafia
    na własny serwer domeny (RFC 5321), a nie do Google. Ustawienia Gmaila (imap.gmail.com,
    smtp.gmail.com, hasła do aplikacji, mniej bezpieczne aplikacje) tej skrzynki nie dotyczą.
not-google-step-provider = Zapytaj dostawcę, który obsługuje { $host } (serwer poczty domeny),
    o ustawienia IMAP i SMTP i wpisz je w CRM zamiast ustawień Gmaila.
not-google-step-ask-domain = Zapytaj osobę zarządzającą domeną { $domain }, gdzie są jej skrzynki,
    i wpisz w CRM ustawienia IMAP i SMTP tego dostawcy zamiast ustawień Gmaila.
not-google-step-moved = Jeśli firma rzeczywiście przeniosła pocztę do Google Workspace, rekordy
    MX domeny { $domain } trzeba zmienić na rekordy Google (jeden rekord, `1 smtp.google.com`)
    tam, gdzie zarządza się DNS domeny; do tego czasu poczta z zewnątrz trafia do poprzedniego
    dostawcy.
not-google-caveat-check = Jak to sprawdzić: `nslookup -type=mx { $domain }` pokazuje serwery
    poczty domeny; serwery Google kończą się na google.com albo googlemail.com.
not-google-caveat-ttl = Zmieniony rekord MX jest widoczny wszędzie dopiero po upływie jego TTL
    (często godzina, najwyżej 48 godzin).

## check-password: adres z domeną, która nie istnieje

address-title = Sprawdź adres: domena { $domain } nie istnieje
address-summary = DNS nie zna domeny { $domain }, więc skrzynka { $email } nie może istnieć ani
    w Google, ani nigdzie indziej. Adres wpisany w CRM jest najpewniej z literówką.
address-step-correct = W ustawieniach skrzynki w CRM popraw adres (jest też nazwą użytkownika):
    porównaj { $email } litera po literze z adresem w wiadomości, którą z niego otrzymano.
address-caveat-lapsed = Jeśli adres jest poprawny, rejestracja domeny { $domain } mogła
    wygasnąć: zapytaj osobę, która nią zarządza.

## check-tls-interception

tls-title-untrusted = Coś przechwytuje szyfrowane połączenie z Gmailem
tls-summary-untrusted = Certyfikat przedstawiony dla { $host } nie jest podpisany przez urząd
    certyfikacji, któremu ten komputer ufa, więc nie pochodzi od Google. Zwykle pośredniczy
    antywirus skanujący pocztę lub ruch HTTPS albo firmowe proxy czy zapora z inspekcją TLS.
tls-title-expired = Certyfikat serwera wygląda na nieważny — sprawdź zegar komputera
tls-summary-expired = Certyfikat przedstawiony dla { $host } jest poza okresem ważności. Google
    odnawia certyfikaty na długo przed ich wygaśnięciem, więc najpewniej komputer ma źle
    ustawioną datę lub godzinę (albo program przechwytujący połączenie pokazuje stary
    certyfikat).
tls-title-other-name = Certyfikat nie należy do serwera Gmaila
tls-summary-other-name = { $host } to poprawna nazwa serwera Gmaila, a mimo to certyfikat
    wystawiono na inną nazwę — odpowiedziała więc inna maszyna: przechwytujące proxy lub
    antywirus albo wpis w DNS lub pliku hosts, który kieruje { $host } gdzie indziej.
tls-title-handshake = Nie da się nawiązać szyfrowanego połączenia z Gmailem
tls-summary-handshake = Negocjacja TLS z { $host }:{ $port } nie powiodła się, choć ustawienia są
    poprawne. Najpewniej przeszkadza program lub urządzenie pośredniczące (antywirus, proxy,
    zapora).
tls-title-ca-as-server = Serwer przedstawia certyfikat CA jako własny
tls-summary-ca-as-server = { $host }:{ $port } mówi TLS, ale przedstawia certyfikat urzędu
    certyfikacji (CA:TRUE), a nie certyfikat serwera, więc zostaje on odrzucony nawet wtedy, gdy
    temu urzędowi ufamy. Tak działają samopodpisane certyfikaty testowe wystawione jako CA (np.
    domyślny certyfikat Dovecota).
tls-title-revoked = Certyfikat serwera został unieważniony
tls-summary-revoked = Certyfikat przedstawiony dla { $host } został unieważniony przez wystawcę
    i nie wolno mu ufać. Serwery Google nigdy nie przedstawiają unieważnionego certyfikatu: robi
    to coś pośredniczącego.
tls-title-unusable = Certyfikatu serwera nie da się użyć
tls-summary-unusable = { $host }:{ $port } mówi TLS, ale jego certyfikatu nie da się użyć: jest
    uszkodzony, nieprzeznaczony dla serwerów, nieprzesłany albo podpisany w sposób, którego ten
    komputer nie potrafi sprawdzić.
tls-step-server-certificate = Administrator { $host } musi zainstalować certyfikat serwera
    podpisany przez ten urząd (z CA:FALSE i nazwą serwera), a nie sam certyfikat CA; w opcji
    `--ca-file` zostaje certyfikat CA.
tls-step-clock = Sprawdź datę, godzinę i strefę czasową na komputerze (lub serwerze), na którym
    działa CRM, i włącz automatyczną synchronizację czasu.
tls-step-hosts = Sprawdź plik hosts i ustawienia DNS: { $host } musi wskazywać na adresy Google.
tls-step-antivirus = W antywirusie wyłącz skanowanie połączeń szyfrowanych i poczty (bywa
    nazywane „skanowaniem HTTPS”, „skanowaniem SSL” albo „ochroną poczty”) lub dodaj
    imap.gmail.com i smtp.gmail.com do wyjątków.
tls-step-company = Jeśli sieć firmowa sprawdza ruch TLS, poproś dział IT o wyłączenie z inspekcji
    imap.gmail.com i smtp.gmail.com (porty 993, 465 i 587).
tls-caveat-accept-any = Nie obchodź problemu, każąc systemowi CRM akceptować dowolny certyfikat:
    wtedy ten, kto przechwytuje połączenie, mógłby odczytać hasło.
tls-caveat-test-ca = Testujesz z atrapą albo serwerem testowym? Podaj jego certyfikat CA w opcji
    `--ca-file` — bez tego certyfikat testowy jest z założenia niezaufany.

## check-password

password-step-browser = Zaloguj się na mail.google.com jako { $email } w oknie prywatnym
    przeglądarki, żeby potwierdzić hasło (i to, że to właściwy adres).
password-step-retype = W CRM wpisz hasło jeszcze raz, ręcznie — uważaj na Caps Lock, układ
    klawiatury i spacje skopiowane przed hasłem lub po nim.
password-step-full-address = Jako login podaj pełny adres { $email }, a nie tylko część przed @.
password-app-title = Gmail nie przyjmuje tego hasła aplikacji
password-app-summary = Gmail odrzucił logowanie { $email } hasłem aplikacji, którego użyto.
    Zostało źle wpisane albo straciło ważność: usunięcie hasła aplikacji lub zmiana hasła do
    konta je unieważnia.
password-app-step-delete = Otwórz myaccount.google.com/apppasswords jako { $email } i usuń stare
    hasło aplikacji używane przez CRM.
password-app-step-generate = Wygeneruj nowe (nazwij je np. „CRM”) i skopiuj { $length }
    { $length ->
        [one] znak
        [few] znaki
       *[many] znaków
    } — spacje między grupami nie mają znaczenia.
password-app-step-type = Wpisz je w CRM w polu hasła — zamiast hasła do konta — z loginem
    { $email }, zapisz i połącz się ponownie.
password-app-caveat-2sv = Hasła aplikacji działają tylko przy włączonej weryfikacji dwuetapowej
    („2-Step Verification”); jeśli ją wyłączono, przestają działać.
password-smtp-title = Gmail nie przyjmuje hasła SMTP — wpisz je ponownie
password-smtp-summary = Gmail odrzucił logowanie SMTP dla { $email } („Username and Password not
    accepted”), choć logowanie przez IMAP się powiodło.
password-smtp-step-fields = IMAP przyjął adres i hasło, więc sprawdź w CRM osobne pola loginu i
    hasła dla SMTP (poczty wychodzącej) — najpewniej wpisano tam coś innego.
password-exhausted-title = Hasło nadal jest odrzucane — sprawdź je i adres
password-exhausted-summary = Gmail wciąż odrzuca logowanie { $email } („Invalid credentials”), a
    pozostałe kroki z listy zostały już wypróbowane. Zostaje samo hasło albo adres.
password-exhausted-caveat = Jeśli logowanie w przeglądarce działa, a w CRM nie, hasło mogło się
    zmienić od czasu zapisania go w CRM albo CRM przechowuje stare: usuń skrzynkę z CRM i dodaj
    ją od nowa.
password-title = Gmail nie przyjmuje hasła — wpisz je ponownie
password-summary = Gmail odrzucił logowanie { $email } („Invalid credentials”). Najczęstszy powód
    to po prostu błędne lub źle wpisane hasło.
password-caveat-ambiguous = Gmail odpowiada „Invalid credentials” zarówno na błędne hasło, jak i
    — tak było przez lata — na poprawne hasło, którego użycie zablokowano jako logowanie „mniej
    bezpiecznej aplikacji”; sama odpowiedź nie pozwala ich odróżnić.
password-next-who-workspace = najpierw administrator Workspace, potem Ty
password-next-who-consumer = robisz to samodzielnie
password-caveat-next-less-secure = Jeśli logowanie w przeglądarce (krok 1) potwierdzi, że hasło
    jest poprawne, następnym krokiem jest zezwolenie na mniej bezpieczne aplikacje ({ $who });
    dla tego rodzaju konta jest to możliwe do { $end }
password-caveat-next-app-password-ended = Jeśli logowanie w przeglądarce (krok 1) potwierdzi, że
    hasło jest poprawne, następnym krokiem jest hasło aplikacji. { $ended }
password-caveat-next-app-password = Jeśli logowanie w przeglądarce (krok 1) potwierdzi, że hasło
    jest poprawne, następnym krokiem jest hasło aplikacji.

## enable-imap

enable-imap-title = Administrator Workspace: włącz IMAP dla domeny
enable-imap-summary = Gmail informuje, że administrator { $product } wyłączył IMAP dla
    użytkowników domeny { $domain }, więc żadne hasło nie zadziała, dopóki administrator na to
    nie zezwoli.
enable-imap-step-menu = Przejdź do „Apps > { $product } > Gmail > Advanced settings” (po polsku:
    „Aplikacje > { $product } > Gmail > Ustawienia zaawansowane”; w nowszych konsolach: „Apps >
    { $product } > Gmail > End user access”, sekcja „POP and IMAP access”).
enable-imap-step-untick = Odznacz „Disable POP and IMAP access for all users” (w nowszych
    konsolach: upewnij się, że dostęp przez IMAP jest włączony) — także dla jednostki
    organizacyjnej, do której należy użytkownik.
enable-imap-caveat-propagation = Zmiana może potrzebować trochę czasu, zanim dotrze do serwerów
    Gmaila (Google podaje nawet do 24 godzin); jeśli od razu wraca ta sama odpowiedź, odczekaj i
    spróbuj ponownie.
enable-imap-caveat-next-rung = Po włączeniu IMAP logowanie może zatrzymać się na kolejnym kroku —
    uruchom mail-doctor ponownie, żeby go zobaczyć.
enable-imap-caveat-personal = { $email } to adres prywatny, bez administratora, więc ta
    odpowiedź jest nietypowa: sprawdź, czy w CRM wpisano właściwy adres.

## enable-imap-user

imap-user-gone-title-workspace = IMAP może teraz zablokować tylko administrator Workspace
imap-user-gone-step-workspace = Poproś administratora Workspace, żeby na admin.google.com
    sprawdził „Apps > { $product } > Gmail > End user access > POP and IMAP access” i zezwolił na
    IMAP dla Twojej jednostki organizacyjnej (w starszych konsolach: „Apps > { $product } > Gmail
    > Advanced settings”, odznaczyć „Disable POP and IMAP access for all users”).
imap-user-gone-step-connect = Połącz się ponownie z CRM.
imap-user-gone-title-consumer = Gmail zgłasza wyłączony IMAP, ale przełącznika już nie ma
imap-user-gone-step-consumer = Nie ma czego włączać: spróbuj połączyć CRM ponownie za kilka minut.
imap-user-gone-summary = Gmail twierdzi, że IMAP jest wyłączony dla { $email }, ale Google usunął
    użytkownikom przełącznik IMAP { $removed }: od tego czasu IMAP jest dla użytkowników zawsze
    włączony, a zablokować go może tylko administrator Workspace.
imap-user-gone-caveat = Jeśli ta odpowiedź pochodzi z zapisu sprzed { $removed }, uruchom
    mail-doctor z datą tego zapisu (`--as-of`), żeby dostać poradę z tamtego okresu.
imap-user-title = Włącz IMAP w ustawieniach Gmaila
imap-user-summary = Gmail informuje, że dla { $email } wyłączono IMAP. Każdy użytkownik może go
    włączyć sam w ustawieniach Gmaila — administrator nie jest potrzebny.
imap-user-step-open = Otwórz Gmaila (mail.google.com) na koncie { $email }.
imap-user-step-gear = Kliknij ikonę koła zębatego w prawym górnym rogu („Settings”,
    „Ustawienia”), a potem „See all settings” („Zobacz wszystkie ustawienia”).
imap-user-step-tab = Otwórz kartę „Forwarding and POP/IMAP” („Przekazywanie i POP/IMAP”).
imap-user-step-enable = W sekcji „IMAP access” („Dostęp przez IMAP”) zaznacz „Enable IMAP”
    („Włącz IMAP”).
imap-user-step-save = Kliknij „Save changes” („Zapisz zmiany”) na dole strony i ponownie połącz
    się z CRM.
imap-user-caveat-removal = Google usuwa ten przełącznik { $removed }; od tego dnia IMAP jest dla
    użytkowników zawsze włączony i zablokować go może tylko administrator Workspace.

## allow-less-secure-apps

less-secure-caveat-propagation = Zmiana tego ustawienia może potrzebować do 24 godzin, zanim
    zacznie działać w Gmailu; do tego czasu może wracać ta sama odmowa.
less-secure-caveat-choice = Wariant (a) wybierz, gdy z CRM korzysta tylko część osób — pozostali
    nadal nie będą mogli logować się hasłem z zewnętrznych aplikacji. Wariant (b) — gdy
    potrzebują tego wszyscy; wtedy nikt nie musi już nic robić.
less-secure-caveat-hidden = Od { $removed } konsola administracyjna nie pokazuje już tego
    ustawienia domenom, które wcześniej z niego nie korzystały. Jeśli go nie widać, przejdź od
    razu do hasła aplikacji.
less-secure-caveat-check-account = Mniej bezpieczne aplikacje były już dozwolone, a zmiana
    miała 24 godziny, by dotrzeć do Gmaila, mimo to { $email } jest nadal odrzucane: przełącznik
    najpewniej włączono na innym koncie Google — często prywatnym, zalogowanym w tej samej
    przeglądarce. Wyloguj się ze wszystkich kont Google (albo otwórz okno prywatne), zaloguj się
    jako { $email } i włącz go tam.
less-secure-title-workspace = Zezwól na mniej bezpieczne aplikacje: najpierw administrator, potem
    użytkownik
less-secure-summary-workspace = Gmail nie pozwala systemowi CRM zalogować się hasłem konta
    { $email }: Google uznaje logowanie hasłem z zewnętrznych aplikacji za „mniej bezpieczne”, a
    ustawienia domeny { $domain } w { $product } je blokują. Administrator musi na nie zezwolić w
    konsoli administracyjnej, a zależnie od wybranej opcji każdy użytkownik musi je jeszcze
    włączyć u siebie.
less-secure-step-admin = Administrator: zaloguj się na admin.google.com.
less-secure-step-menu = Przejdź do „Security > Basic settings” („Bezpieczeństwo > Ustawienia
    podstawowe”) — być może trzeba najpierw kliknąć „More controls” na dole strony (w nowszych
    konsolach: „Security > Access and data control > Less secure apps”).
less-secure-step-change = Otwórz „Less secure apps” i zmień „Disable access to less secure apps
    for all users” na (a) „Allow users to manage their access to less secure apps” albo (b)
    „Enforce access to less secure apps for all users”.
less-secure-step-each-user = Tylko przy (a): KAŻDY użytkownik, który podłącza CRM, loguje się na
    myaccount.google.com, otwiera „Security” („Bezpieczeństwo”), odnajduje na dole strony „Less
    secure app access” („Dostęp mniej bezpiecznych aplikacji”) i klika „Turn on access (not
    recommended)”.
less-secure-caveat-2sv = Przy włączonej weryfikacji dwuetapowej („2-Step Verification”) Google w
    ogóle nie pokazuje tego przełącznika — wtedy użyj hasła aplikacji.
less-secure-title-consumer = Włącz „Less secure app access” („Dostęp mniej bezpiecznych
    aplikacji”) na swoim koncie Google
less-secure-summary-consumer = Gmail nie pozwala systemowi CRM zalogować się hasłem konta
    { $email }: Google blokuje logowanie hasłem z zewnętrznych aplikacji („mniej bezpiecznych
    aplikacji”), dopóki na nie nie zezwolisz. Konto prywatne nie ma administratora, więc
    włączasz to samodzielnie.
less-secure-step-consumer-sign-in = Zaloguj się na myaccount.google.com jako { $email }
    (bezpośredni link: myaccount.google.com/lesssecureapps).
less-secure-step-consumer-find = Otwórz „Security” („Bezpieczeństwo”) i odszukaj na dole strony
    „Less secure app access” („Dostęp mniej bezpiecznych aplikacji”).
less-secure-step-consumer-turn-on = Kliknij „Turn on access (not recommended)” i włącz dostęp.

## use-app-password

app-password-title = Utwórz hasło aplikacji dla CRM
app-password-summary-required = Gmail informuje, że { $email } wymaga hasła aplikacji: włączona
    jest weryfikacja dwuetapowa, więc aplikacje nie mogą logować się hasłem konta. Hasło
    aplikacji to osobne, { $length }-znakowe hasło tylko dla CRM.
app-password-summary-ended = Google zakończył logowanie hasłem z zewnętrznych aplikacji („Less
    secure apps”) dla { $accounts } z dniem { $end }, więc CRM nie może już używać hasła konta
    { $email }, a krok 2 dawnego artykułu pomocy — zezwolenie na mniej bezpieczne aplikacje —
    stracił aktualność, bo tej opcji już nie ma. Nadal działa { $length }-znakowe hasło
    aplikacji, utworzone specjalnie dla CRM.
app-password-summary-setting-gone = Gmail odrzucił hasło { $email } jako logowanie mniej
    bezpiecznej aplikacji. Od { $removed } konsola administracyjna nie pokazuje już ustawienia
    „Less secure apps” („Mniej bezpieczne aplikacje”) domenom, które z niego nie korzystały, więc
    administrator nie ma czego szukać; tam, gdzie było już włączone, logowanie hasłem działa do
    { $end }, a potem kończy się dla wszystkich kont Workspace. { $length }-znakowe hasło
    aplikacji, utworzone specjalnie dla CRM, działa teraz i po tej dacie.
app-password-summary-not-enough = Zezwolenie na mniej bezpieczne aplikacje nie pozwoliło
    systemowi CRM zalogować się jako { $email }. { $length }-znakowe hasło aplikacji, utworzone
    specjalnie dla CRM, nie zależy od tego ustawienia.
app-password-caveat-once = Google pokazuje hasło aplikacji tylko raz. Jeśli się zgubi, usuń je i
    wygeneruj nowe; zmiana hasła do konta unieważnia wszystkie hasła aplikacji.
app-password-caveat-same-words = Gmail odpowiedział „Invalid credentials”, tak samo jak przy źle
    wpisanym haśle. W tym okresie dokładnie taką odpowiedź dostaje też poprawne hasło do konta,
    dlatego najpierw hasło aplikacji; jeśli i ono zostanie odrzucone, sprawdź adres { $email } i samo
    hasło.
app-password-caveat-oauth-better = Na dłuższą metę lepszym rozwiązaniem jest „Sign in with
    Google” („Zaloguj się przez Google”, OAuth), jeśli CRM je oferuje: CRM nie przechowuje wtedy
    żadnego hasła, a zmiany Google w logowaniu hasłem go nie dotyczą.
app-password-caveat-oauth-alternative = Jeśli CRM oferuje „Sign in with Google” („Zaloguj się
    przez Google”, OAuth), to rozwiązanie na dłuższą metę: w CRM nie jest wtedy zapisane żadne
    hasło.
app-password-caveat-workspace = W domenie { $domain } ({ $product }) administrator może nie
    pozwalać użytkownikom na włączenie weryfikacji dwuetapowej albo mógł wyłączyć hasła
    aplikacji; jeśli opcji brak mimo włączonej weryfikacji dwuetapowej, zwróć się do
    administratora.
app-password-step-sign-in = Zaloguj się na myaccount.google.com jako { $email } i otwórz
    „Security” („Bezpieczeństwo”).
app-password-step-page = W sekcji „Signing in to Google” („Logowanie się w Google”) kliknij „App
    passwords” („Hasła aplikacji”).
app-password-step-page-direct = Przejdź wprost do myaccount.google.com/apppasswords (albo w sekcji
    „How you sign in to Google” („Jak logujesz się w Google”) otwórz „2-Step Verification”
    („Weryfikacja dwuetapowa”) i na dole znajdź „App passwords” („Hasła aplikacji”)).
app-password-step-2sv = Jeśli nie ma pozycji „App passwords”, najpierw włącz w tej samej sekcji
    „2-Step Verification” („Weryfikacja dwuetapowa”), a potem wróć.
app-password-step-2sv-direct = Jeśli strona informuje, że to ustawienie nie jest dostępne dla
    Twojego konta, najpierw włącz „2-Step Verification” („Weryfikacja dwuetapowa”) w „Security” ›
    „How you sign in to Google”, a potem wróć.
app-password-step-name = Jako aplikację wybierz „Other (custom name)” („Inna (nazwa
    niestandardowa)”), nadaj nazwę, po której ją rozpoznasz, np. „CRM” albo nazwę swojego systemu
    CRM, i kliknij „Generate” („Generuj”).
app-password-step-name-create = Wpisz nazwę, po której je rozpoznasz, np. „CRM” albo nazwę swojego
    systemu CRM, i kliknij „Create” („Utwórz”); strona nie pyta o nic więcej (menu „Select app”
    już nie ma).
app-password-step-type = Wpisz { $length }-znakowe hasło w CRM w polu hasła zamiast hasła do
    poczty (spacje można pominąć); login się nie zmienia: { $email }.

## allow-external-smtp

external-smtp-title-workspace = Administrator Workspace: zezwól na wysyłkę przez zewnętrzny serwer SMTP
    (bramy wychodzące użytkowników)
external-smtp-summary-workspace = Odbieranie działa, ale Gmail odmówił wysyłki jako { $from } z
    konta { $email } już przy MAIL FROM. { $from } to adres „Wyślij pocztę jako” spoza domen
    Twojej organizacji, ustawiony tak, by poczta szła przez serwer SMTP jego własnej domeny,
    a zasady { $product } nie pozwalają na takie bramy wychodzące użytkowników.
external-smtp-summary-workspace-login = Odbieranie działa, ale Gmail odmówił wysyłki z adresu
    { $email } już przy MAIL FROM, powołując się na zasady domeny. Z własnego adresu konto może
    wysyłać zawsze; to ustawienie { $product } dotyczy adresu „Wyślij pocztę jako” spoza domen
    organizacji, wysyłanego przez serwer SMTP jego własnej domeny. Jeśli CRM wysyła jako taki
    adres, przyczyną jest właśnie ono.
external-smtp-step-menu = Przejdź do „Apps > { $product } > Gmail > Advanced settings”
    („Aplikacje > { $product } > Gmail > Ustawienia zaawansowane”).
external-smtp-step-tick = Zaznacz „Allow users to send mail through an external SMTP server when
    configuring a 'from' address hosted outside your email domains”.
external-smtp-step-menu-gateways = Przejdź do „Apps > { $product } > Gmail > End User Access”
    („Aplikacje > { $product } > Gmail > Dostęp użytkowników”).
external-smtp-step-tick-gateways = W sekcji „Allow per-user outbound gateways” zaznacz „Allow users
    to send mail through an external SMTP server when configuring a 'from' address hosted
    outside your email domains”.
external-smtp-step-save = Zapisz zmiany i wyślij z CRM wiadomość testową.
external-smtp-caveat-unit = Ustawienie może być różne w różnych jednostkach organizacyjnych:
    zmień je dla jednostki, do której należy użytkownik.
external-smtp-caveat-delay = Zanim zmiana dotrze do wszystkich użytkowników, może minąć do 24
    godzin (zwykle znacznie mniej).
external-smtp-caveat-via-gmail = Bez administratora: użytkownik może w ustawieniach Gmaila
    („Konta i importowanie” → „Wyślij pocztę jako”) zmienić adres { $from } tak, by wysyłał przez
    Gmaila, a nie przez własny serwer; wtedy to ustawienie nie jest potrzebne.
external-smtp-title-consumer = Gmail nie akceptuje tego adresu nadawcy
external-smtp-summary-consumer = Odbieranie działa, ale Gmail odmówił wysyłki jako { $from } z
    konta { $email } przy MAIL FROM. Konto prywatne nie ma konsoli administracyjnej; Gmail
    wysyła z adresu samego konta i z adresów potwierdzonych w jego ustawieniach.
external-smtp-step-send-as = W CRM wysyłaj z adresu samego konta — a jeśli ma to być inny adres,
    dodaj go w Gmailu: „Settings” → „See all settings” → „Accounts and Import” („Konta
    i importowanie”) → „Send mail as” („Wyślij pocztę jako”), potwierdź go i wybierz wysyłkę
    przez Gmaila.
external-smtp-step-test-again = Ponownie wyślij z CRM wiadomość testową.
external-smtp-caveat-workspace-only = Ustawienie administratora „Allow per-user outbound
    gateways” istnieje tylko w Google Workspace.

## add-send-as-address

send-as-title = Dodaj { $from } w Gmailu jako adres „Wyślij pocztę jako”
send-as-summary = Gmail przyjął wiadomość testową wysłaną jako { $from }, ale kopia, która
    dotarła do { $email }, ma jako nadawcę { $delivered }. Gmail nie odrzuca obcego adresu,
    którego konto nie potwierdziło — po prostu zastępuje go własnym adresem konta. Odbiorcy
    wiadomości z CRM widzą więc { $delivered }, a nie { $from }.
send-as-step-settings = Zaloguj się do Gmaila jako { $email } i otwórz Ustawienia (koło zębate)
    → „Zobacz wszystkie ustawienia” → „Konta i importowanie” („Accounts and Import”).
send-as-step-add = W sekcji „Wyślij pocztę jako” („Send mail as”) kliknij „Dodaj inny adres
    e-mail”.
send-as-step-address = Wpisz nazwę, którą mają widzieć odbiorcy, i adres { $from }. Zostaw
    zaznaczone „Traktuj jako alias”, jeśli adres należy do tej samej osoby lub zespołu; odznacz
    je, jeśli poczta wychodzi w czyimś imieniu. Kliknij „Następny krok”.
send-as-step-via-gmail = Jeśli Gmail zapyta o sposób wysyłki, wybierz wysyłanie przez Gmaila,
    a nie przez serwer SMTP tamtej domeny: to nie wymaga żadnego ustawienia administratora.
send-as-step-confirm = Google wyśle kod potwierdzający na { $from }: otwórz tę skrzynkę i kliknij
    link albo wpisz kod w oknie Gmaila.
send-as-step-test = Wyślij z CRM ponownie wiadomość testową i sprawdź nadawcę w skrzynce
    odbiorcy.
send-as-caveat-display-name = Gmail zachowuje wyświetlaną nazwę i zmienia tylko adres, dlatego
    łatwo to przeoczyć.
send-as-caveat-workspace-domain = Jeśli domena { $domain } należy do Twojej organizacji,
    administrator { $product } może zamiast tego dodać ją jako domenę dodatkową lub aliasową
    (admin.google.com → Account > Domains > Manage domains): każdy adres w domenach organizacji
    może być nadawcą.

## configure-smtp-relay

relay-title = Administrator Workspace: skonfiguruj usługę przekaźnika SMTP dla CRM
relay-summary = smtp-relay.gmail.com odrzucił pocztę od { $from } przy MAIL FROM. { $reason }
relay-reason-not-allowed = Odpowiedział „Mail relay denied”: usługa przekaźnika nie jest
    ustawiona dla tego klienta — jest wyłączona albo adresu IP serwera CRM nie ma na liście
    dozwolonych.
relay-reason-sender = Odpowiedział „Invalid credentials for relay”: adres { $from } nie należy do
    domen Twojej organizacji, więc przekaźnik nie przyjmuje go jako nadawcy.
relay-reason-auth = Odpowiedział, że usługa przekaźnika wymaga uwierzytelnienia SMTP, a CRM
    wysłał pocztę bez logowania.
relay-step-menu-routing = Przejdź do „Apps > { $product } > Gmail > Routing”
    („Aplikacje > { $product } > Gmail > Kierowanie”), znajdź „SMTP relay service” („Usługa
    przekaźnika SMTP”) i kliknij „Configure” (albo „Edit” przy istniejącej regule).
relay-step-menu-advanced = Przejdź do „Apps > { $product } > Gmail > Advanced settings”, znajdź
    „SMTP relay service” i kliknij „Configure” (albo „Edit” przy istniejącej regule).
relay-step-allow-ips = W „Allowed senders” wybierz, kto może wysyłać (zwykle „Only addresses in
    my domains”); w „Authentication” zaznacz „Only accept mail from the specified IP addresses”
    i dodaj adresy IP, z których wysyła CRM — albo zaznacz „Require SMTP Authentication” i niech
    CRM loguje się adresem użytkownika i hasłem aplikacji.
relay-step-senders = W „Allowed senders” sprawdź, czy { $from } może wysyłać: przy „Only
    addresses in my domains” adres musi należeć do jednej z Twoich domen (dodaj jego domenę jako
    dodatkową lub aliasową); „Any addresses” wybierz tylko wtedy, gdy CRM naprawdę wysyła za
    adresy spoza organizacji.
relay-step-auth = Zaznaczone jest „Require SMTP Authentication”: ustaw w CRM logowanie na
    smtp-relay.gmail.com (port 587, STARTTLS) jako { $email } z hasłem aplikacji — a jeśli CRM
    nie potrafi się logować, odznacz tę opcję i zamiast niej zaznacz „Only accept mail from the
    specified IP addresses” z adresami IP CRM.
relay-step-tls = Zostaw zaznaczone „Require TLS encryption”; CRM musi wtedy używać STARTTLS na
    porcie 587 (albo SSL na porcie 465).
relay-step-save = Zapisz zmiany i wyślij z CRM wiadomość testową.
relay-caveat-delay = Zmiany w usłudze przekaźnika działają zwykle po kilku minutach, ale mogą
    potrwać do 24 godzin.
relay-caveat-one-mailbox = CRM, który wysyła tylko jako jedna skrzynka, może zamiast tego
    korzystać ze smtp.gmail.com i logowania tej skrzynki; przekaźnik służy do wysyłki za wiele
    adresów.
relay-title-consumer = Usługa przekaźnika SMTP jest tylko dla Google Workspace
relay-summary-consumer = CRM wysyła przez smtp-relay.gmail.com, z którego korzystają wyłącznie
    organizacje Google Workspace; konto prywatne, takie jak { $email }, nie może go używać.
relay-step-consumer-smtp = W CRM ustaw serwer poczty wychodzącej na smtp.gmail.com, port 465
    z SSL (albo 587 ze STARTTLS), oraz logowanie danymi tej skrzynki.

## sending-limit-reached

limit-title = Osiągnięto dzienny limit wysyłki Gmaila
limit-summary = Gmail nie przyjmuje więcej poczty z konta { $email }: konto wykorzystało swój limit
    wysyłki (około { $limit } wiadomości dziennie dla { $accounts }). Liczą się ostatnie 24
    godziny, a nie doba kalendarzowa; z hasłem i ustawieniami wszystko jest w porządku.
limit-step-wait = Odczekaj: wysyłka wraca, gdy najstarsze wiadomości z ostatnich 24 godzin
    przestają się liczyć do limitu.
limit-step-spread = Rozłóż wysyłkę z CRM na cały dzień (mniejsze partie, mniej odbiorców na
    wiadomość) zamiast wysyłać wszystko naraz.
limit-step-bulk-workspace = Do wysyłek masowych i kampanii użyj usługi przekaźnika SMTP
    { $product } (smtp-relay.gmail.com, konfiguruje ją administrator, ma wyższe limity) albo
    wyspecjalizowanej usługi do wysyłki poczty.
limit-step-bulk-consumer = Do wysyłek masowych i kampanii użyj wyspecjalizowanej usługi do
    wysyłki poczty: prywatne konto Gmail nie jest do tego przeznaczone.
limit-caveat-recipients = Odbiorcy mają osobne limity (liczą się Do, DW i UDW): łącznie około
    10 000 dziennie w Google Workspace i około 500 na koncie prywatnym, więc kilka wiadomości do
    długich list też może wyczerpać dzienny przydział.
limit-caveat-not-a-setting = To limit Google, a nie ustawienie: nie podniesie go ani
    administrator, ani zmiana hasła.

## retry-later

retry-connections-title = Za dużo otwartych połączeń IMAP — zamknij część i spróbuj ponownie
retry-connections-summary = Gmail odmówił kolejnego połączenia IMAP dla { $email } („Too many
    simultaneous connections”). Gmail pozwala na około { $limit } { $limit ->
        [one] jednoczesne połączenie
        [few] jednoczesne połączenia
       *[many] jednoczesnych połączeń
    } na konto, a zajmują je już inne programy.
retry-connections-step-close = Zamknij niepotrzebne programy pocztowe na komputerach i telefonach
    (Outlook, Thunderbird, Apple Mail, aplikacje pocztowe) i zatrzymaj narzędzia do
    synchronizacji lub kopii zapasowych, które czytają skrzynkę przez IMAP.
retry-connections-step-lower = Jeśli CRM ma ustawienie liczby równoległych połączeń, zmniejsz ją.
retry-connections-step-wait = Odczekaj kilka minut, aż bezczynne połączenia się zamkną, i połącz
    się ponownie.
retry-connections-caveat = Każde urządzenie — a w niektórych programach każdy otwarty folder —
    utrzymuje własne połączenie, więc limit wyczerpuje się szybciej, niż się wydaje.
retry-throttled-title = Google ogranicza ruch na tym koncie — odczekaj i spróbuj ponownie
retry-throttled-summary = Gmail tymczasowo ogranicza logowania lub ruch dla { $email } (za dużo
    prób logowania albo przekroczone limity poleceń i transferu). To nie jest problem z
    ustawieniami.
retry-throttled-step-stop = Przerwij powtarzane próby: wstrzymaj skrzynkę w CRM i w innych
    programach, które bez skutku próbują się logować.
retry-throttled-step-wait = Odczekaj, np. godzinę, i połącz się jeden raz.
retry-throttled-caveat = Każde nieudane logowanie przedłuża blokadę, więc nie próbuj raz za
    razem; limity transferu mogą trwać nawet dobę.
retry-propagation-title = Ustawienie zmieniono niedawno — daj mu czas
retry-propagation-summary = Gmail nadal tak samo odmawia { $email }, choć { $setting } zmieniono
    już wcześniej. Zmiany tego ustawienia mogą potrzebować do 24 godzin, zanim dotrą do serwerów
    IMAP i SMTP Gmaila; odczekaj i spróbuj ponownie, zamiast zmieniać je jeszcze raz.
retry-propagation-step-wait = Odczekaj (do 24 godzin) i połącz się ponownie.
retry-propagation-step-user-toggle = Jeśli administrator wybrał „Allow users to manage their
    access to less secure apps”, sprawdź, czy użytkownik włączył też u siebie „Less secure app
    access” („Dostęp mniej bezpiecznych aplikacji”) na myaccount.google.com → „Security”.
retry-propagation-caveat = Jeśli nie możesz czekać: hasło aplikacji (wymaga weryfikacji
    dwuetapowej) działa od razu.
retry-propagation-step-saved = W międzyczasie sprawdź w konsoli administracyjnej { $product }, czy
    zmiana została zapisana (i to dla jednostki organizacyjnej tego użytkownika, jeśli domena ma
    ich kilka).
retry-propagation-caveat-again = Jeśli po 24 godzinach Gmail nadal odmawia, uruchom diagnozę
    ponownie: wróci wtedy do samego ustawienia.
setting-name-imap = dostęp IMAP dla domeny („Disable POP and IMAP access for all users” w
    konsoli administracyjnej)
setting-name-external-smtp = „Allow per-user outbound gateways” w konsoli administracyjnej
setting-name-smtp-relay = usługę przekaźnika SMTP („SMTP relay service”) w konsoli
    administracyjnej
setting-name-less-secure-apps = „Less secure apps” („Mniej bezpieczne aplikacje”)
retry-slow-title = Gmail nie odpowiedział na czas — spróbuj ponownie
retry-slow-summary = Serwer { $protocol } ({ $typed }) przyjął połączenie, ale nie odpowiedział w
    wyznaczonym czasie. Przy właściwych ustawieniach Gmaila to zwykle wolna lub przeciążona sieć
    i samo mija.
retry-slow-step-again = Połącz się ponownie za kilka minut.
retry-slow-step-network = Jeśli problem się powtarza, sprawdź sieć między CRM a Google (VPN,
    proxy, przeciążone łącze) albo wydłuż czas oczekiwania opcją `--timeout`.
retry-server-title = Gmail zgłosił chwilowy problem — spróbuj ponownie
retry-server-summary = Gmail zakończył sesję { $protocol } błędem tymczasowym albo zerwał
    połączenie. Przyczyna leży po stronie Google lub gdzieś po drodze, a nie w Twoich
    ustawieniach.
retry-server-step-wait = Odczekaj kilka minut i połącz się ponownie.
retry-server-step-status = Jeśli to się utrzymuje, sprawdź, czy na stronie „Google Workspace
    Status Dashboard” (www.google.com/appsstatus) nie zgłoszono awarii Gmaila.

## account-suspended

suspended-workspace-title = Konto jest zawieszone — musi je przywrócić administrator Workspace
suspended-workspace-summary = Google zgłasza, że konto { $email } jest zawieszone, więc żadne
    logowanie nie zadziała, dopóki administrator { $product } go nie przywróci.
suspended-workspace-step-users = Administrator: zaloguj się na admin.google.com i otwórz
    „Directory > Users” („Katalog > Użytkownicy”; w starszych konsolach: „Users”).
suspended-workspace-step-find = Znajdź { $email }: zawieszony użytkownik jest wyraźnie oznaczony,
    razem z powodem (zawieszenie przez administratora albo automatycznie przez Google).
suspended-workspace-step-reactivate = Przywróć użytkownika („Reactivate”); jeśli zawiesił go
    Google, postępuj według wyświetlonych wskazówek (np. ustaw nowe hasło).
suspended-workspace-caveat = Jeśli dotyczy to wszystkich kont w domenie, sprawdź subskrypcję i
    płatności w konsoli administracyjnej.
suspended-consumer-title = Konto Google jest zablokowane — zaloguj się, żeby sprawdzić dlaczego
suspended-consumer-summary = Google zgłasza, że konto { $email } jest wyłączone lub zawieszone,
    więc żadna aplikacja nie może się na nie zalogować.
suspended-consumer-step-sign-in = Zaloguj się na accounts.google.com jako { $email }: Google
    pokaże, dlaczego konto zostało wyłączone.
suspended-consumer-step-recover = Skorzystaj z proponowanych tam kroków odzyskiwania konta albo
    poproś o ponowne rozpatrzenie sprawy.
suspended-consumer-step-reconnect = Gdy konto znów działa w przeglądarce, ponownie podłącz je w
    CRM.

## reauthorize-oauth

oauth-title = Podłącz skrzynkę ponownie przez „Sign in with Google” („Zaloguj się przez Google”)
oauth-refusal-credentials = Gmail odpowiedział na logowanie tokenem CRM dla { $email }
    komunikatem „Invalid credentials”
oauth-refusal-token = Google odrzucił token dostępu CRM dla { $email } (jego odpowiedź w
    formacie JSON zawiera status 400)
oauth-summary = { $refusal }: token jest nieprawidłowy, wygasł albo dostęp cofnięto. CRM
    potrzebuje nowego tokenu.
oauth-step-reconnect = W CRM odłącz skrzynkę i podłącz ją ponownie przyciskiem „Sign in with
    Google” („Zaloguj się przez Google”).
oauth-step-consent = Zaloguj się jako { $email } i zezwól na wszystko, o co prosi CRM, łącznie z
    pełnym dostępem do Gmaila — to zakres https://mail.google.com/, opisany jako „Read, compose,
    send and permanently delete all your email from Gmail”; IMAP i SMTP wymagają właśnie tego
    zakresu.
oauth-step-run-again = Uruchom diagnozę ponownie z nowym tokenem.
oauth-caveat-tokens = Token dostępu jest ważny około godziny; CRM sam go odnawia tokenem
    odświeżania. Zmiana hasła do konta albo usunięcie CRM na myaccount.google.com → „Security” →
    „Third-party apps with account access” („Aplikacje innych firm z dostępem do konta”) cofa
    ten dostęp i skrzynkę trzeba podłączyć od nowa.
oauth-caveat-workspace = W domenie { $domain } ({ $product }) administrator może ograniczać
    dostęp aplikacji innych firm (admin.google.com → „Security > API controls”); wtedy musi
    najpierw oznaczyć aplikację CRM jako zaufaną.

## Uwagi

note-disambiguated = Pierwsza odmowa („Invalid credentials”) była niejednoznaczna; test
    { $protocol } dostał konkretną odpowiedź i to ona przesądziła o wyniku.
note-not-recognised = Odpowiedź serwera nie została rozpoznana; mail-doctor wybrał najbardziej
    prawdopodobny kolejny krok według kolejności z artykułu.
note-already-tried = Krok „{ $name }” był już wykonany, a dowody nadal na niego wskazują:
    sprawdź, czy zmianę zapisano, i to na właściwym koncie, oraz daj jej czas na zadziałanie.
note-also-failing = { $protocol } też nie działa — na etapie „{ $step }”; przyczyna może być
    inna, więc po tej poprawce uruchom mail-doctor ponownie.
note-library-disagrees-probe-ok = Własny test { $protocol } mail-doctora zalogował się, ale
    { $library } (czyli to, co widzi biblioteka kliencka CRM) zgłosiła błąd: „{ $said }”. CRM
    oparty na niej może nie działać, choć test przechodzi.
note-library-disagrees-probe-failed = Własny test { $protocol } mail-doctora się nie powiódł, ale
    { $library } (użyta tak jak w CRM) zgłosiła: „{ $said }”. Wyniki się różnią, więc zajrzyj do
    zapisu sesji.
note-switch-gone = Gmail zgłosił, że przełącznik IMAP użytkownika jest wyłączony, choć Google
    usunął go { $removed }, przed przyjętą datą: odpowiedź może pochodzić ze starszego zapisu
    albo IMAP blokuje administrator Workspace.
note-mx-unchecked = Nie sprawdzono, czy pocztę domeny { $domain } obsługuje Google
    ({ $problem }); porady zakładają, że tak.
note-mx-disagrees-no-domain = DNS twierdzi, że domena { $domain } nie istnieje, a mimo to Gmail
    zalogował konto: sprawdź serwer DNS, którego użył mail-doctor.
note-mx-disagrees-no-mx = Domena { $domain } nie ma rekordów MX, a mimo to Gmail zalogował konto:
    konto jest w Google, ale poczta wysłana do niego z zewnątrz nie dotrze, dopóki rekordy MX
    domeny nie wskażą Google.
note-from-needs-send-test = CRM wysyła jako { $from }, a nie jako login. Obcy adres, którego konto
    nie potwierdziło, Gmail po cichu zamienia, zamiast go odrzucić, a dzienny limit wysyłki
    odzywa się dopiero na końcu prawdziwej wiadomości: oba widać tylko w wiadomości testowej
    (--send-test).

## Wykluczone kroki

ruled-out-works = { $name }: niepotrzebne — { $why }.
works-why-connection = IMAP i SMTP połączyły się z serwerami Google z ważnym certyfikatem
works-why-imap-sign-in = logowanie przez IMAP się powiodło
works-why-envelope = Gmail przyjął testową kopertę
works-why-send-test = Gmail przyjął wiadomość testową
works-why-from-kept = wiadomość testowa dotarła z tym adresem From, z którym została wysłana
works-why-other = testy pokazują, że to działa
ruled-out-tried = { $name }: już to zrobiono.
ruled-out-gone-imap-switch = { $name }: Google usunął ten przełącznik { $removed }, przed
    przyjętą datą.
ruled-out-gone = { $name }: Google usunął tę opcję dla tego rodzaju konta przed przyjętą datą.
