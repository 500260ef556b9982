# English report texts of mail-doctor.
#
# Our own words over the facts of the support article (menu paths, setting
# names, URLs, the order of the ladder) and Google's later changes (DESIGN.md
# "Time"). Which message is said, and with which arguments, is decided once in
# `src/advice/`; this file only holds words. A message may be wrapped over
# several lines for reading: the renderer joins its lines with single spaces.
# `pl.ftl` must define exactly the same ids with the same placeholders
# (tests: `i18n::catalogue::tests`).

## Labels of the text report

label-heading = mail-doctor report
label-account = Account
label-as-of = Date assumed
label-result = Result
label-who = Who must act
label-steps = What to do
label-caveats = Good to know
label-ruled-out = Ruled out
label-evidence = Evidence
label-probes = Probes
label-notes = Notes
label-transcript = Transcript
label-not-recognised = not recognised
outcome-ok = ok
outcome-failed = FAILED
outcome-skipped = skipped

## Probe steps

step-mx = MX records
step-resolve = DNS lookup
step-connect = TCP connect
step-tls-handshake = TLS handshake
step-greeting = greeting
step-capability = capabilities
step-starttls = STARTTLS
step-authenticate = login
step-select-inbox = open INBOX
step-ehlo = EHLO
step-auth = AUTH
step-envelope = envelope
step-send-test = test message
step-delivery = delivery

## Probe details and findings: the doctor's own words. What servers, the
## operating system or rustls said is passed in verbatim ($text, $error,
## $what, $alert, $reply, $json).

quote = { $text }
probe-resolved = { $host } → { $addrs }
probe-unresolved = { $host }: { $problem }
probe-connected = port { $port }
probe-not-connected = port { $port }: { $problem }
probe-tls = { $version }, certificate: { $host }
probe-inbox = INBOX (EXAMINE): { $exists } EXISTS
probe-upgraded = STARTTLS → TLS
probe-mx-exchangers = { $domain }: mail goes to { $hosts }
probe-mx-no-such-domain = { $domain }: no such domain (NXDOMAIN)
probe-mx-none = { $domain }: the domain has no MX records
probe-mx-unknown = { $domain }: { $problem }
probe-mx-not-checked = the MX records were not looked up
mx-problem-timeout = DNS: no answer in time
mx-problem-server = DNS: the server answered { $code }
mx-problem-failed = DNS: { $error }
mx-problem-no-config = DNS: the system's resolver settings cannot be read ({ $error })
probe-no-starttls-capability = CAPABILITY: no STARTTLS
probe-no-starttls-ehlo = EHLO: no STARTTLS
probe-data-before-handshake = data after STARTTLS before the TLS handshake
probe-no-secret-without-tls = security: none — no credentials sent without TLS
probe-accepted-without-secret = AUTH accepted without credentials
probe-oauth-refused = OAuth token refused: { $json } { $reply }
probe-oauth-refused-alone = OAuth token refused: { $json }
probe-envelope = MAIL FROM/RCPT TO <{ $email }>: 250
probe-envelope-from = MAIL FROM <{ $from }>, RCPT TO <{ $email }>: 250
probe-sent = { $id }: 250
probe-delivered = { $id } → INBOX
probe-not-delivered = { $id } ∉ INBOX
probe-from-rewritten = { $id } → INBOX, but From: <{ $delivered }> instead of <{ $requested }>
net-no-such-host = DNS: no such host
net-dns = DNS: { $error }
net-dns-timeout = DNS: DNS lookup timed out
net-refused = TCP: connection refused
net-connect-timeout = TCP: no answer to the connection attempt
net-connect = TCP: { $error }
net-no-address = TCP: no address
net-tls = TLS: { $problem }
net-tls-timeout = TLS: the handshake did not finish in time
net-timeout = no answer within the time limit
net-closed = the server closed the connection
net-io = I/O: { $error }
net-garbage = unexpected bytes: { $text }
net-too-long = unexpected bytes: response exceeds limits
net-data-before-tls = unexpected bytes: data before TLS handshake
net-already-encrypted = I/O: STARTTLS on an already encrypted stream
tls-not-tls = the server answered in plaintext, not TLS
tls-closed = the server closed the connection during the handshake
tls-untrusted-issuer = the certificate is signed by an issuer this machine does not trust
tls-expired = the certificate has expired (or this machine's clock is wrong)
tls-not-yet-valid = the certificate is not valid yet (or this machine's clock is wrong)
tls-wrong-name = the certificate is for another host name
tls-wrong-name-presented = the certificate is for another host name (it names { $names })
tls-ca-used-as-end-entity = the server presents a CA certificate as its own (CaUsedAsEndEntity);
    it needs a server certificate signed by that CA
tls-revoked = the certificate has been revoked
tls-wrong-purpose = the certificate is not meant for servers (no serverAuth usage)
tls-no-certificate = the server sent no certificate
tls-unusable = the certificate cannot be used: { $what }
tls-incompatible = no TLS version or cipher in common with the server: { $what }
tls-handshake-refused = the server refused the handshake (alert { $alert })
tls-broken = the server's TLS is broken: { $what }
tls-invalid-server-name = { $host } is not a valid server name
evidence-no-starttls = STARTTLS not offered
evidence-no-auth = no authentication without TLS
evidence-not-delivered = test message not delivered
evidence-from-rewritten = test message sent as <{ $requested }> arrived From: <{ $delivered }>

## Who acts

actor-nobody = nobody — it works
actor-user = you (the mailbox owner)
actor-workspace-admin = your Google Workspace administrator
actor-admin-and-user = the Workspace administrator first, then each user
actor-network-admin = whoever runs the network (IT, or the CRM server's administrator)
actor-mail-admin = whoever manages the company's mail and its domain (your IT or mail provider)

## Short names of the remediations (notes, ruled-out list)

remedy-none = Nothing to do
remedy-fix-connection-settings = Correct the server settings
remedy-check-network = Check the network
remedy-check-tls-interception = Check for TLS interception
remedy-check-password = Check the password
remedy-enable-imap = Turn on IMAP for the domain (administrator)
remedy-enable-imap-user = Turn on IMAP in Gmail settings
remedy-allow-less-secure-apps = Allow less secure apps
remedy-use-app-password = Use an app password
remedy-allow-external-smtp = Allow sending through an external SMTP server
remedy-retry-later = Retry later
remedy-account-suspended = Restore the suspended account
remedy-reauthorize-oauth = Sign in with Google again
remedy-add-send-as-address = Add the address under "Send mail as"
remedy-configure-smtp-relay = Configure the SMTP relay service (administrator)
remedy-sending-limit-reached = Wait out the daily sending limit
remedy-not-a-google-mailbox = Use the settings of the provider that hosts the mailbox

## Building blocks: dates, settings, kinds of account

# A date in prose: "30 September 2024".
date = { $day } { $month } { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
security-ssl = SSL
security-starttls = STARTTLS
security-none = none
# "server imap.gmail.com, port 993, security SSL"
fields = server { $host }, port { $port }, security { $security }
accounts-consumer = personal (@gmail.com) accounts
accounts-workspace = { $product } accounts
library-imap = the `imap` crate
library-smtp = lettre

## Shared steps and caveats

step-save = Save.
step-save-and-connect = Save and connect again.
step-run-again = Run the diagnosis again.
step-reconnect = Connect the mailbox in the CRM again.
step-admin-sign-in = Sign in at admin.google.com with an administrator account.
web-login-link = Google also sent a sign-in link with its refusal: { $url } — open it and sign in
    once as { $email } in a browser on the same network as the CRM (on the CRM's server, if
    it runs there). Confirming the sign-in that way can lift the block by itself.
company-not-private-workspace = Make sure you are signed in as { $email } — the company account —
    and not as a private Google account: the sign-in page is the same for all of them. The
    avatar in the top-right corner shows which account is active.
company-not-private-consumer = Make sure you are signed in as { $email } and not as another of
    your Google accounts (a company or another private one): the sign-in page is the same for
    all of them. The avatar in the top-right corner shows which account is active.
password-sign-in-ended = Since { $end } Google no longer lets apps sign in to { $accounts } with
    the account password at all; the old "less secure apps" option is gone, and only an app
    password or "Sign in with Google" (OAuth) works.
less-secure-cutoff-ahead = Google keeps this option for { $accounts } only until { $end }. From
    that day apps can sign in only with an app password or with "Sign in with Google" (OAuth),
    so plan the switch early.
less-secure-cutoff-passed = For { $accounts } Google removed this option on { $end }, before the
    date assumed; an app password or "Sign in with Google" (OAuth) is needed instead.

## none

none-title = Everything works — nothing to change
none-summary = The doctor signed in to { $email } over IMAP and opened INBOX, then signed in
    over SMTP and Gmail accepted a test envelope (sender and recipient; nothing was sent).
    Settings used: IMAP { $imap }, SMTP { $smtp }. The mailbox is ready for the CRM.
none-caveat = If the CRM still reports an error, compare its settings with the ones above and
    its login with { $email }: a difference there is the likely cause.

## fix-connection-settings

settings-title = Correct the { $protocol } server settings in the CRM
settings-summary = For { $protocol } the CRM was given { $typed }. { $problem }
settings-no-such-host = The server name { $host } does not exist: DNS has no address for it.
    That is usually a typo or a guessed name; Gmail's { $protocol } server is { $right }.
settings-refused = The host { $host } answered, but nothing accepts connections on port
    { $port }, so this port is wrong for { $protocol }.
settings-no-answer = Nothing answered at { $host } on port { $port } — not Gmail's { $protocol }
    settings. Either the server or the port is wrong, or something silently drops the
    connection.
settings-plaintext-port-starttls = SSL was chosen, but port { $port } begins unencrypted and
    switches to encryption only later, with STARTTLS, so the encrypted handshake failed at
    once.
settings-plaintext-port = SSL was chosen, but port { $port } does not begin encrypted (like 143
    for IMAP and 587 for SMTP, which switch to encryption later with STARTTLS), so the
    encrypted handshake failed at once.
settings-security-chosen = { $security } was chosen
settings-security-chosen-none = No encryption was chosen
settings-tls-port = { $chosen }, but port { $port } expects encryption from the very first byte
    (SSL, like 993 for IMAP and 465 for SMTP). The server silently waits for the encrypted
    handshake while the CRM waits for a greeting, until one of them gives up.
settings-tls-port-ssl-port = { $chosen }, but port { $port } expects encryption from the very
    first byte (SSL). The server silently waits for the encrypted handshake while the CRM
    waits for a greeting, until one of them gives up.
settings-other-protocol-imap = The server at that address speaks SMTP, not IMAP: the sending and
    receiving settings are mixed up (for example smtp.gmail.com, or port 465 or 587 in the IMAP
    fields).
settings-other-protocol-smtp = The server at that address speaks IMAP, not SMTP: the sending and
    receiving settings are mixed up (for example imap.gmail.com, or port 993 in the SMTP
    fields).
settings-no-starttls = STARTTLS was chosen, but the server at { $host }:{ $port } does not offer
    it, so the connection cannot be encrypted and Gmail would never accept a password over it.
settings-must-starttls = The CRM sent the login before switching on encryption, and the server
    refused ("Must issue a STARTTLS command first"). With port { $port } the security setting
    must be STARTTLS — or use port 465 with SSL.
settings-unencrypted = No encryption was chosen. Gmail never accepts a password over an
    unencrypted connection, so signing in cannot even be attempted.
settings-wrong-host-certificate = The server at { $host } presented a certificate for a
    different name, so { $host } is not the name to use (an IP address, an alias or another
    provider's server). Gmail's { $protocol } server is { $right }.
settings-unknown = These settings do not work with Gmail's { $protocol } server.
settings-step-open = Open the mailbox (account) settings in the CRM.
settings-step-value-imap = For IMAP (incoming mail) enter { $fields }.
settings-step-value-smtp = For SMTP (outgoing mail) enter { $fields } — Gmail accepts port 465
    with SSL or port 587 with STARTTLS; keep each port with its own security setting.
settings-step-login = Use the full email address, { $email }, as the login (user name); the
    password stays as it was.
settings-caveat-not-gmail = These are Gmail's own settings, so whatever answered did not behave
    like Gmail: check that nothing (a hosts-file entry, a proxy, a test server) stands in for
    { $host }.
settings-caveat-other-wrong = The { $protocol } settings ({ $typed }) are not Gmail's either: use
    { $fields }.
settings-caveat-reference = Gmail's settings for reference: IMAP imap.gmail.com, port 993, SSL;
    SMTP smtp.gmail.com, port 465 with SSL or 587 with STARTTLS; the login is always the full
    email address.

## check-network

network-title-dns = This network cannot look up Gmail's servers
network-summary-dns = { $host } could not be resolved, although it is Gmail's correct server
    name. The DNS used by the computer running the CRM is not working, or it blocks Google's
    mail servers.
network-title-impostor = Something on the network answers instead of Gmail
network-summary-impostor = The settings are right ({ $typed }), but what answered on
    { $host }:{ $port } spoke plaintext instead of TLS. Gmail never does that on this port: a
    proxy, a captive portal (hotel or guest Wi-Fi login page) or a firewall is intercepting
    mail connections.
network-title-blocked = The network blocks the connection to Gmail
network-summary-blocked = The settings are right ({ $typed }), but the connection to { $host }
    on port { $port } was refused. A firewall or antivirus on the CRM's server or its network
    rejects outgoing connections to port { $port }.
network-title-filtered = A firewall silently drops the connection to Gmail
network-summary-filtered = The settings are right ({ $typed }), but the connection to { $host }
    on port { $port } got no answer at all. A firewall or antivirus on the CRM's server or its
    network drops outgoing connections to port { $port } without a word.
network-step-test = On the computer or server where the CRM runs, check that { $host } resolves
    and that port { $port } is reachable, e.g. `nslookup { $host }`, then `openssl s_client
    -connect { $host }:{ $port }` (on Windows: `Test-NetConnection { $host } -Port { $port }`).
network-step-allow = Ask whoever runs the network to allow outgoing connections to
    imap.gmail.com on port 993 and to smtp.gmail.com on ports 465 and 587.
network-step-unblock = A firewall or antivirus on the CRM's server or network blocks outgoing
    port { $port }: ask IT (or the CRM's hosting provider) to allow outgoing connections to
    imap.gmail.com on port 993 and to smtp.gmail.com on port 465 (or 587).
network-step-proxy = If all traffic has to go through a web proxy, ask for an exception for
    these hosts: IMAP and SMTP do not pass through an ordinary HTTP proxy.
network-step-dns = The machine cannot resolve { $host }: check its DNS settings (the DNS
    servers in its network configuration; /etc/resolv.conf on Linux) or ask IT to fix them, until
    `nslookup { $host }` lists addresses.
network-caveat-cloud = The doctor tests from the machine it runs on. If the CRM runs in the
    cloud, what matters is its provider's network, not your office's.
network-caveat-guest = Guest Wi-Fi, hotels and some hosting providers block outgoing mail ports
    on purpose.

## not-a-google-mailbox

not-google-title = The mail of { $domain } is not hosted by Google
not-google-summary-elsewhere = The MX records of { $domain } point at { $hosts }, not at
    Google, so the mailbox { $email } is hosted by another provider. Gmail's settings
    (imap.gmail.com, smtp.gmail.com, app passwords, less secure apps) do not apply to it,
    whatever Gmail answers.
not-google-summary-none = { $domain } has no MX records, so mail for { $email } goes to the
    domain's own server (RFC 5321), not to Google. Gmail's settings (imap.gmail.com,
    smtp.gmail.com, app passwords, less secure apps) do not apply to this mailbox.
not-google-step-provider = Ask the provider that runs { $host } (the domain's mail server)
    for its IMAP and SMTP settings, and type those into the CRM instead of Gmail's.
not-google-step-ask-domain = Ask whoever manages { $domain } where its mailboxes are hosted, and
    type that provider's IMAP and SMTP settings into the CRM instead of Gmail's.
not-google-step-moved = If the company did move its mail to Google Workspace, the MX records
    of { $domain } must be changed to Google's (one record, `1 smtp.google.com`) where the
    domain's DNS is managed; until then mail from outside keeps going to the old provider.
not-google-caveat-check = To check: `nslookup -type=mx { $domain }` lists the mail
    exchangers; Google's end in google.com or googlemail.com.
not-google-caveat-ttl = A changed MX record is seen everywhere only after its TTL (often an hour,
    at most 48 hours).

## check-password: an address whose domain does not exist

address-title = Check the address: { $domain } does not exist
address-summary = DNS knows no domain { $domain }, so no mailbox { $email } can exist, at Google
    or anywhere else. The address typed into the CRM is most likely misspelt.
address-step-correct = In the CRM's mailbox settings, correct the address (also the user name):
    compare { $email } letter by letter with the address in mail you have received from it.
address-caveat-lapsed = If the address is right, the registration of { $domain } may have
    lapsed: ask whoever manages the domain.

## check-tls-interception

tls-title-untrusted = Something intercepts the encrypted connection to Gmail
tls-summary-untrusted = The certificate presented for { $host } is not signed by an authority
    this computer trusts, so it did not come from Google. Usually antivirus software that scans
    mail or HTTPS traffic, or a company proxy or firewall with TLS inspection, sits in between.
tls-title-expired = The server certificate looks expired — check the computer's clock
tls-summary-expired = The certificate presented for { $host } is outside its validity dates.
    Google renews its certificates long before they expire, so most likely the date or time of
    the computer is wrong (or an intercepting program shows an old certificate).
tls-title-other-name = The certificate does not belong to Gmail's server
tls-summary-other-name = { $host } is Gmail's correct server name, yet the certificate is for
    another name, so a different machine answered: an intercepting proxy or antivirus, or a
    DNS or hosts-file entry that points { $host } elsewhere.
tls-title-handshake = The encrypted connection to Gmail cannot be set up
tls-summary-handshake = The TLS handshake with { $host }:{ $port } failed although these are
    Gmail's settings. A program or device in between (antivirus, proxy, firewall) is probably
    interfering with the connection.
tls-title-ca-as-server = The server presents a CA certificate as its own
tls-summary-ca-as-server = { $host }:{ $port } speaks TLS, but the certificate it presents
    belongs to a certificate authority (CA:TRUE), not to a server, so it is refused even when
    that CA is trusted. Self-signed test certificates made as a CA (Dovecot's default one, for
    example) do this.
tls-title-revoked = The server certificate has been revoked
tls-summary-revoked = The certificate presented for { $host } has been revoked by its issuer and
    must not be trusted. Google's servers never present a revoked certificate: something in
    between does.
tls-title-unusable = The server certificate cannot be used
tls-summary-unusable = { $host }:{ $port } speaks TLS, but its certificate cannot be used: it is
    malformed, not meant for servers, missing, or signed in a way this computer cannot check.
tls-step-server-certificate = Whoever runs { $host } must give it a server certificate signed by
    that CA (with CA:FALSE and the server's name), not the CA certificate itself; the CA stays
    the one given with `--ca-file`.
tls-step-clock = Check the date, time and time zone on the computer (or server) running the CRM,
    and turn on automatic time synchronisation.
tls-step-hosts = Check the hosts file and DNS settings: { $host } must resolve to Google's
    addresses.
tls-step-antivirus = In the antivirus, turn off scanning of encrypted connections and email
    (often called "HTTPS scanning", "SSL scanning" or "mail protection"), or add imap.gmail.com
    and smtp.gmail.com as exceptions.
tls-step-company = If the company network inspects TLS traffic, ask IT to exempt imap.gmail.com
    and smtp.gmail.com (ports 993, 465 and 587).
tls-caveat-accept-any = Do not work around this by telling the CRM to accept any certificate:
    whoever intercepts the connection could then read the password.
tls-caveat-test-ca = Testing against a mock or test server? Give the doctor its CA certificate
    with `--ca-file`; without it the test certificate is untrusted by design.

## check-password

password-step-browser = Sign in at mail.google.com as { $email } in a private browser window,
    to confirm the password (and that this is the right address).
password-step-retype = In the CRM, type the password again by hand: watch Caps Lock, the
    keyboard layout and spaces copied before or after it.
password-step-full-address = Use the full address, { $email }, as the login — not just the part
    before @.
password-app-title = Gmail does not accept this app password
password-app-summary = Gmail refused the sign-in for { $email } with the app password that was
    used. It was mistyped or is no longer valid: deleting it, or changing the account password,
    revokes app passwords.
password-app-step-delete = Open myaccount.google.com/apppasswords, signed in as { $email }, and
    delete the old app password of the CRM.
password-app-step-generate = Generate a new one (name it e.g. "CRM") and copy its { $length }
    { $length ->
        [one] character
       *[other] characters
    }; whether you keep the spaces does not matter.
password-app-step-type = Type it into the CRM's password field — not the account password — with
    the login { $email }, save and connect again.
password-app-caveat-2sv = App passwords need 2-Step Verification; if it has been turned off,
    they no longer work.
password-smtp-title = Gmail does not accept the SMTP password — type it again
password-smtp-summary = Gmail refused the SMTP sign-in for { $email } ("Username and Password
    not accepted"), although the IMAP sign-in succeeded.
password-smtp-step-fields = IMAP accepted the same address and password, so look at the CRM's
    separate SMTP (outgoing mail) login and password fields: they probably hold something else.
password-exhausted-title = The password is still refused — check it and the address
password-exhausted-summary = Gmail still refuses the sign-in for { $email } ("Invalid
    credentials"), and the other steps of the ladder have already been tried. What remains is
    the password or the address itself.
password-exhausted-caveat = If the browser sign-in works but the CRM's does not, the password
    may have changed since it was saved in the CRM, or the CRM keeps an old one: remove the
    mailbox from the CRM and add it again.
password-title = Gmail does not accept the password — type it again
password-summary = Gmail refused the sign-in for { $email } ("Invalid credentials"). The most
    common reason is simply a wrong or mistyped password.
password-caveat-ambiguous = Gmail says "Invalid credentials" both for a wrong password and — for
    years — for a correct password whose sign-in was blocked as a "less secure app"; the reply
    alone cannot tell them apart.
password-next-who-workspace = the Workspace administrator, then you
password-next-who-consumer = you do it yourself
password-caveat-next-less-secure = If the browser sign-in (step 1) confirms that the password is
    right, the next step is to allow less secure apps ({ $who }); for this kind of account that
    is possible until { $end }.
password-caveat-next-app-password-ended = If the browser sign-in (step 1) confirms that the
    password is right, the next step is an app password. { $ended }
password-caveat-next-app-password = If the browser sign-in (step 1) confirms that the password
    is right, the next step is an app password.

## enable-imap

enable-imap-title = Workspace admin: turn on IMAP for the domain
enable-imap-summary = Gmail says IMAP is disabled for the users of { $domain } by the
    { $product } administrator, so no password will work until the administrator allows it.
enable-imap-step-menu = Go to Apps > { $product } > Gmail > Advanced settings (newer consoles:
    Apps > { $product } > Gmail > End user access, section "POP and IMAP access").
enable-imap-step-untick = Untick "Disable POP and IMAP access for all users" (newer consoles:
    make sure IMAP access is enabled) — also for the organisational unit the user belongs to.
enable-imap-caveat-propagation = The change can take some time to reach Gmail's servers (Google
    allows up to 24 hours); if the same reply comes back at once, wait and try again.
enable-imap-caveat-next-rung = Once IMAP is on, the sign-in may stop at the next step of the
    ladder; run the doctor again to see it.
enable-imap-caveat-personal = { $email } is a personal address without an administrator, so this
    reply is unexpected: check that the address typed into the CRM is the right one.

## enable-imap-user

imap-user-gone-title-workspace = Only the Workspace administrator can block IMAP now
imap-user-gone-step-workspace = Ask the Workspace administrator to check admin.google.com → Apps
    > { $product } > Gmail > End user access > "POP and IMAP access" and to allow IMAP for your
    organisational unit (older consoles: Apps > { $product } > Gmail > Advanced settings,
    untick "Disable POP and IMAP access for all users").
imap-user-gone-step-connect = Connect the CRM again.
imap-user-gone-title-consumer = Gmail reports IMAP as off, but the switch no longer exists
imap-user-gone-step-consumer = There is nothing to switch on: connect the CRM again in a few
    minutes.
imap-user-gone-summary = Gmail says IMAP is off for { $email }, but Google removed the users'
    own IMAP switch on { $removed }: since then IMAP is always on for users, and only a
    Workspace administrator can block it.
imap-user-gone-caveat = If the reply comes from a transcript recorded before { $removed }, run
    the doctor with that date (`--as-of`) to get the advice of that time.
imap-user-title = Turn on IMAP in your Gmail settings
imap-user-summary = Gmail says IMAP is switched off for { $email }. Each user can switch it on in
    Gmail's own settings; no administrator is needed.
imap-user-step-open = Open Gmail (mail.google.com), signed in as { $email }.
imap-user-step-gear = Click the gear icon at the top right (Settings), then "See all settings".
imap-user-step-tab = Open the "Forwarding and POP/IMAP" tab.
imap-user-step-enable = Under "IMAP access", select "Enable IMAP".
imap-user-step-save = Click "Save changes" at the bottom of the page, then connect the CRM again.
imap-user-caveat-removal = Google removes this switch on { $removed }; from then on IMAP is
    always on for users and only a Workspace administrator can block it.

## allow-less-secure-apps

less-secure-caveat-propagation = Changes to this setting can take up to 24 hours to reach Gmail;
    until then the same refusal may come back.
less-secure-caveat-choice = Choose (a) when only some people use the CRM: everyone else keeps
    password sign-in from apps blocked. Choose (b) when everybody needs it; then nobody has to
    do anything more.
less-secure-caveat-hidden = Since { $removed } the Admin console no longer offers this setting to
    domains that were not already using it. If you cannot find it, go straight to an app
    password.
less-secure-caveat-check-account = Less secure apps were already allowed and the change had 24
    hours to reach Gmail, yet { $email } is still refused: the switch was most likely turned on
    in another Google account — often a private one signed in in the same browser. Sign out of
    every Google account (or open a private window), sign in as { $email } and turn it on there.
less-secure-title-workspace = Allow less secure apps: administrator first, then the user
less-secure-summary-workspace = Gmail will not let the CRM sign in with the password of
    { $email }: Google treats password sign-in from apps as "less secure", and the { $product }
    settings of { $domain } block it. The administrator must allow it in the Admin console;
    depending on the option chosen, each user then switches it on as well.
less-secure-step-admin = Administrator: sign in at admin.google.com.
less-secure-step-menu = Go to Security > Basic settings — you may first have to click "More
    controls" at the bottom of the page (newer consoles: Security > Access and data control >
    Less secure apps).
less-secure-step-change = Open "Less secure apps" and change "Disable access to less secure apps
    for all users" to either (a) "Allow users to manage their access to less secure apps" or (b)
    "Enforce access to less secure apps for all users".
less-secure-step-each-user = With (a) only: EACH user who connects the CRM signs in at
    myaccount.google.com, opens Security, finds "Less secure app access" near the bottom of the
    page and clicks "Turn on access (not recommended)".
less-secure-caveat-2sv = If 2-Step Verification is on, Google does not offer this switch at all:
    use an app password instead.
less-secure-title-consumer = Turn on "Less secure app access" for your Google account
less-secure-summary-consumer = Gmail will not let the CRM sign in with the password of
    { $email }: Google blocks password sign-in from apps ("less secure apps") unless you allow
    it. A personal account has no administrator, so you switch it on yourself.
less-secure-step-consumer-sign-in = Sign in at myaccount.google.com as { $email } (direct link:
    myaccount.google.com/lesssecureapps).
less-secure-step-consumer-find = Open Security and find "Less secure app access" near the bottom
    of the page.
less-secure-step-consumer-turn-on = Click "Turn on access (not recommended)" and switch it on.

## use-app-password

app-password-title = Create an app password for the CRM
app-password-summary-required = Gmail says { $email } needs an application-specific password:
    2-Step Verification is on, so apps cannot sign in with the account password. An app
    password is a separate { $length }-character password just for the CRM.
app-password-summary-ended = Google ended password sign-in for apps ("less secure apps") for
    { $accounts } on { $end }, so the CRM can no longer use the account password of { $email },
    and step 2 of the old support article — allowing less secure apps — no longer exists. A
    { $length }-character app password, made just for the CRM, still works.
app-password-summary-setting-gone = Gmail refused the password of { $email } as a less secure app.
    Since { $removed } the Admin console no longer offers "Less secure apps" to domains that were
    not already using it, so there is no setting for the administrator to look for; where it was
    already on, password sign-in keeps working until { $end }, when it ends for every Workspace
    account. A { $length }-character app password, made just for the CRM, works now and after
    that date.
app-password-summary-not-enough = Allowing less secure apps has not let the CRM sign in as
    { $email }. A { $length }-character app password, made just for the CRM, does not depend on
    that setting.
app-password-caveat-once = Google shows an app password only once. If it gets lost, delete it
    and generate a new one; changing the account password revokes all app passwords.
app-password-caveat-same-words = Gmail answered "Invalid credentials", the same words it uses for a
    mistyped password. On this date a correct account password gets exactly that reply too, so the
    app password comes first; if the app password is refused as well, check the address { $email }
    and the password itself.
app-password-caveat-oauth-better = For the long run, "Sign in with Google" (OAuth) is the better
    fix if the CRM offers it: the CRM then stores no password at all, and Google's cut-off does
    not apply.
app-password-caveat-oauth-alternative = If the CRM offers "Sign in with Google" (OAuth), that is
    the long-term alternative: no password is stored in the CRM.
app-password-caveat-workspace = In { $domain }, a { $product } domain, the administrator may not
    allow users to turn on 2-Step Verification, or may have disabled app passwords; if the
    option is missing even with 2-Step Verification on, ask the administrator.
app-password-step-sign-in = Sign in at myaccount.google.com as { $email } and open Security.
app-password-step-page = Under "Signing in to Google" click "App passwords".
app-password-step-page-direct = Go straight to myaccount.google.com/apppasswords (or, under "How
    you sign in to Google", open "2-Step Verification" and find "App passwords" at the bottom).
app-password-step-2sv = If "App passwords" is missing, turn on "2-Step Verification" in the same
    section first, then come back.
app-password-step-2sv-direct = If the page says the setting is not available for your account,
    turn on "2-Step Verification" under Security › "How you sign in to Google" first, then come
    back.
app-password-step-name = Choose "Other (custom name)" as the app, give it a name you will
    recognise, e.g. "CRM" or the CRM's name, and click "Generate".
app-password-step-name-create = Type a name you will recognise, e.g. "CRM" or the CRM's name, and
    click "Create"; the page asks for nothing else (the "Select app" menus are gone).
app-password-step-type = Type the { $length }-character password into the CRM's password field
    instead of your mail password (with or without the spaces); the login stays { $email }.

## allow-external-smtp

external-smtp-title-workspace = Workspace admin: allow sending through an external SMTP server (per-user
    outbound gateways)
external-smtp-summary-workspace = Receiving works, but Gmail refused to send as { $from } for
    { $email } at MAIL FROM. { $from } is a "Send mail as" address outside your organisation's
    domains that is set up to go through its own domain's SMTP server, and the { $product }
    policy does not allow such per-user outbound gateways.
external-smtp-summary-workspace-login = Receiving works, but Gmail refused to send from { $email }
    at MAIL FROM with its policy refusal. Gmail always lets an account send as its own address;
    this { $product } policy concerns a "Send mail as" address outside your organisation's
    domains that goes through its own domain's SMTP server. If the CRM sends as such an address,
    this setting is why.
external-smtp-step-menu = Go to Apps > { $product } > Gmail > Advanced settings.
external-smtp-step-tick = Tick "Allow users to send mail through an external SMTP server when
    configuring a 'from' address hosted outside your email domains".
external-smtp-step-menu-gateways = Go to Apps > { $product } > Gmail > End User Access.
external-smtp-step-tick-gateways = Under "Allow per-user outbound gateways", tick "Allow users to
    send mail through an external SMTP server when configuring a 'from' address hosted outside
    your email domains".
external-smtp-step-save = Save, then send a test message from the CRM.
external-smtp-caveat-unit = The setting can differ per organisational unit: change it for the
    unit the user belongs to.
external-smtp-caveat-delay = The change can take up to 24 hours to reach every user (usually much
    less).
external-smtp-caveat-via-gmail = Without the admin: the user can edit { $from } under Gmail
    Settings › Accounts and Import › "Send mail as" so that it sends through Gmail instead of its
    own server; Gmail accepts that without this setting.
external-smtp-title-consumer = Gmail refuses this sender address
external-smtp-summary-consumer = Receiving works, but Gmail refused to send as { $from } for
    { $email } at MAIL FROM. A personal account has no Admin console; Gmail sends from the
    account's own address and from addresses confirmed in its settings.
external-smtp-step-send-as = In the CRM, send from the account's own address — or, to use
    another address, open Gmail → Settings → See all settings → "Accounts and Import" → "Send
    mail as", add it, confirm it and let it send through Gmail.
external-smtp-step-test-again = Send a test message from the CRM again.
external-smtp-caveat-workspace-only = The admin setting "Allow per-user outbound gateways" exists
    only in Google Workspace.

## add-send-as-address

send-as-title = Add { $from } under "Send mail as" in Gmail
send-as-summary = Gmail accepted the test message sent as { $from }, but the copy delivered to
    { $email } carries { $delivered } as the sender. Gmail does not refuse an outside address
    that the account has not confirmed: it replaces it with the account's own. The CRM's
    recipients therefore see { $delivered }, not { $from }.
send-as-step-settings = Sign in to Gmail as { $email } and open Settings (the gear) → See all
    settings → "Accounts and Import".
send-as-step-add = Under "Send mail as", click "Add another email address".
send-as-step-address = Enter the name recipients should see and { $from }. Keep "Treat as an
    alias" ticked when the address belongs to the same person or team; untick it when mail goes
    out on behalf of someone else. Click "Next Step".
send-as-step-via-gmail = If asked how to send, choose to send through Gmail, not through the
    other domain's SMTP server: that needs no administrator setting.
send-as-step-confirm = Google sends a confirmation code to { $from }: open that mailbox, then
    click the link or type the code in the Gmail window.
send-as-step-test = Send a test message from the CRM again and check the sender in the
    recipient's mailbox.
send-as-caveat-display-name = Gmail keeps the display name and changes only the address, which
    is why this is easy to miss.
send-as-caveat-workspace-domain = If { $domain } belongs to your organisation, the { $product }
    administrator can instead add it as a secondary or alias domain (admin.google.com → Account
    > Domains > Manage domains): every address in the organisation's domains may be the sender.

## configure-smtp-relay

relay-title = Workspace admin: set up the SMTP relay service for the CRM
relay-summary = smtp-relay.gmail.com refused the mail from { $from } at MAIL FROM. { $reason }
relay-reason-not-allowed = It answered "Mail relay denied": the relay service is not set up for
    this client — it is off, or the CRM server's IP address is not among the allowed ones.
relay-reason-sender = It answered "Invalid credentials for relay": { $from } is not in your
    organisation's domains, so the relay does not accept it as a sender.
relay-reason-auth = It answered that the relay service requires SMTP authentication, and the CRM
    sent without signing in.
relay-step-menu-routing = Go to Apps > { $product } > Gmail > Routing, find "SMTP relay service"
    and click Configure (or Edit on the existing rule).
relay-step-menu-advanced = Go to Apps > { $product } > Gmail > Advanced settings, find "SMTP relay
    service" and click Configure (or Edit on the existing rule).
relay-step-allow-ips = Under "Allowed senders" choose who may send (usually "Only addresses in my
    domains"); under "Authentication" tick "Only accept mail from the specified IP addresses" and
    add the IP addresses the CRM sends from — or tick "Require SMTP Authentication" and let the
    CRM sign in with a user's address and app password.
relay-step-senders = Under "Allowed senders" check that { $from } may send: with "Only addresses
    in my domains" the address must be in one of your domains (add its domain as a secondary or
    alias domain); choose "Any addresses" only if the CRM really sends for outside addresses.
relay-step-auth = "Require SMTP Authentication" is ticked: set the CRM to sign in on
    smtp-relay.gmail.com (port 587, STARTTLS) as { $email } with an app password — or, if the
    CRM cannot sign in, untick it and tick "Only accept mail from the specified IP addresses"
    with the CRM's IP addresses instead.
relay-step-tls = Keep "Require TLS encryption" ticked; the CRM must then use STARTTLS on port 587
    (or SSL on port 465).
relay-step-save = Save, then send a test message from the CRM.
relay-caveat-delay = Changes to the relay service usually apply within minutes but can take up to
    24 hours.
relay-caveat-one-mailbox = A CRM that sends only as one mailbox can use smtp.gmail.com with that
    mailbox's sign-in instead; the relay service is for sending for many addresses.
relay-title-consumer = The SMTP relay service is only for Google Workspace
relay-summary-consumer = The CRM sends through smtp-relay.gmail.com, which serves only Google
    Workspace organisations; a personal account such as { $email } cannot use it.
relay-step-consumer-smtp = In the CRM, set the outgoing server to smtp.gmail.com, port 465 with
    SSL (or 587 with STARTTLS), and sign in as the mailbox.

## sending-limit-reached

limit-title = Gmail's daily sending limit is reached
limit-summary = Gmail refused more mail from { $email }: the account has used its sending
    allowance (about { $limit } messages a day for { $accounts }). The count covers the last 24
    hours, not the calendar day; nothing is wrong with the password or the settings.
limit-step-wait = Wait: sending comes back as the oldest messages of the last 24 hours drop out
    of the count.
limit-step-spread = Spread the CRM's sending over the day (smaller batches, fewer recipients per
    message) instead of sending everything at once.
limit-step-bulk-workspace = For bulk or campaign mail, use the { $product } SMTP relay service
    (smtp-relay.gmail.com, set up by the administrator, with higher limits) or a dedicated
    mail-sending service.
limit-step-bulk-consumer = For bulk or campaign mail, use a dedicated mail-sending service: a
    personal Gmail account is not meant for it.
limit-caveat-recipients = Recipients have limits of their own (To, Cc and Bcc all count): about
    10,000 a day in total for Google Workspace, about 500 for a personal account, so a few messages
    to long lists can use up the day as well.
limit-caveat-not-a-setting = The limit is Google's, not a setting: no administrator or password
    change raises it.

## retry-later

retry-connections-title = Too many open IMAP connections — close some and retry
retry-connections-summary = Gmail refused another IMAP connection for { $email } ("Too many
    simultaneous connections"). Gmail allows about { $limit } { $limit ->
        [one] connection
       *[other] connections
    } at a time per account, and other programs already hold them.
retry-connections-step-close = Close mail programs you do not need on computers and phones
    (Outlook, Thunderbird, Apple Mail, mail apps) and stop sync or backup tools that read the
    mailbox over IMAP.
retry-connections-step-lower = If the CRM has a setting for the number of parallel connections,
    lower it.
retry-connections-step-wait = Wait a few minutes for idle connections to close, then connect
    again.
retry-connections-caveat = Every device, and in some programs every open folder, keeps its own
    connection, so the limit is reached sooner than it seems.
retry-throttled-title = Google is throttling this account — wait and retry
retry-throttled-summary = Gmail is temporarily limiting sign-ins or traffic for { $email } (too
    many login attempts, or command and bandwidth limits). It is not a settings problem.
retry-throttled-step-stop = Stop repeated attempts: pause the mailbox in the CRM and in any other
    program that keeps failing to sign in.
retry-throttled-step-wait = Wait — an hour, for example — then connect once.
retry-throttled-caveat = Each failed login extends the block, so avoid trying again and again;
    bandwidth limits can last up to a day.
retry-propagation-title = A setting was changed recently — give it time
retry-propagation-summary = Gmail still refuses { $email } the same way, although { $setting }
    has already been changed. Changes to this setting can take up to 24 hours to reach Gmail's
    IMAP and SMTP servers; wait and try again rather than changing it again.
retry-propagation-step-wait = Wait (up to 24 hours) and connect again.
retry-propagation-step-user-toggle = If the administrator chose "Allow users to manage their
    access to less secure apps", check that the user has also turned on "Less secure app
    access" at myaccount.google.com → Security.
retry-propagation-caveat = If you cannot wait, an app password (it needs 2-Step Verification)
    works at once.
retry-propagation-step-saved = Meanwhile, check in the { $product } Admin console that the change
    was saved (and for the organisational unit this user belongs to, if the domain has several).
retry-propagation-caveat-again = If Gmail still refuses after 24 hours, run the diagnosis again:
    it then returns to the setting itself.
setting-name-imap = IMAP for the domain ("Disable POP and IMAP access for all users" in the
    Admin console)
setting-name-external-smtp = "Allow per-user outbound gateways" in the Admin console
setting-name-smtp-relay = the SMTP relay service in the Admin console
setting-name-less-secure-apps = "Less secure apps"
retry-slow-title = Gmail did not answer in time — retry
retry-slow-summary = The { $protocol } server ({ $typed }) accepted the connection but did not
    answer within the time limit. With Gmail's own settings this is usually a slow or congested
    network, and it passes.
retry-slow-step-again = Connect again in a few minutes.
retry-slow-step-network = If it keeps happening, check the network between the CRM and Google
    (VPN, proxy, a saturated link), or give the doctor more time with `--timeout`.
retry-server-title = Gmail reported a temporary problem — retry
retry-server-summary = Gmail ended the { $protocol } session with a temporary error or dropped
    the connection. That is on Google's side or on the way to it, not in your settings.
retry-server-step-wait = Wait a few minutes and connect again.
retry-server-step-status = If it persists, look for a Gmail outage on the Google Workspace
    Status Dashboard (www.google.com/appsstatus).

## account-suspended

suspended-workspace-title = The account is suspended — the Workspace administrator must restore
    it
suspended-workspace-summary = Google reports that { $email } is suspended, so no sign-in can work
    until the { $product } administrator restores it.
suspended-workspace-step-users = Administrator: sign in at admin.google.com and open Directory >
    Users (older consoles: Users).
suspended-workspace-step-find = Find { $email }: a suspended user is marked as such, together
    with the reason (suspended by an administrator, or automatically by Google).
suspended-workspace-step-reactivate = Reactivate the user; if Google suspended it, follow the
    instructions shown (for example, set a new password).
suspended-workspace-caveat = If every account of the domain is affected, check the subscription
    and billing in the Admin console.
suspended-consumer-title = The Google account is disabled — sign in to see why
suspended-consumer-summary = Google reports that { $email } is disabled or suspended, so no app
    can sign in to it.
suspended-consumer-step-sign-in = Sign in at accounts.google.com as { $email }: Google shows why
    the account is disabled.
suspended-consumer-step-recover = Follow the recovery steps offered there, or request a review.
suspended-consumer-step-reconnect = When the account works in the browser again, connect the CRM
    again.

## reauthorize-oauth

oauth-title = Reconnect the mailbox with "Sign in with Google"
oauth-refusal-credentials = Gmail answered the CRM's token sign-in for { $email } with "Invalid
    credentials"
oauth-refusal-token = Google refused the CRM's access token for { $email } (its JSON error reply
    carries status 400)
oauth-summary = { $refusal }: the token is invalid or has expired, or access was revoked. The CRM
    needs a fresh token.
oauth-step-reconnect = In the CRM, disconnect the mailbox and connect it again with "Sign in with
    Google".
oauth-step-consent = Sign in as { $email } and allow everything asked for, including full Gmail
    access — the https://mail.google.com/ scope, shown as "Read, compose, send and permanently
    delete all your email from Gmail"; IMAP and SMTP need exactly that scope.
oauth-step-run-again = Run the diagnosis again with the new token.
oauth-caveat-tokens = Access tokens last about an hour; the CRM renews them itself with its
    refresh token. Changing the account password, or removing the CRM at myaccount.google.com →
    Security → "Third-party apps with account access", cancels that, and the mailbox must be
    connected again.
oauth-caveat-workspace = In { $domain }, a { $product } domain, the administrator may restrict
    third-party apps (admin.google.com → Security > API controls); then the administrator has to
    trust the CRM's app first.

## Notes

note-disambiguated = The first refusal ("Invalid credentials") was ambiguous; the { $protocol }
    probe got a specific reply, and that reply decided.
note-not-recognised = The server's reply was not recognised; the doctor followed the article's
    ladder to choose the most likely next step.
note-already-tried = You have already tried "{ $name }", yet the evidence still points to it:
    check that it was saved, on the right account, and give it time to take effect.
note-also-failing = { $protocol } fails too, at the "{ $step }" step; it may have another cause
    — run the doctor again after this fix.
note-library-disagrees-probe-ok = The doctor's own { $protocol } probe signed in, but { $library }
    (what a CRM's client library sees) failed: { $said }. A CRM built on it may fail where the
    probe succeeds.
note-library-disagrees-probe-failed = The doctor's own { $protocol } probe failed, but
    { $library } (as a CRM would use it) reported: { $said }. The two disagree, so look at the
    transcript.
note-switch-gone = Gmail reported the user's IMAP switch as off, although Google removed that
    switch on { $removed }, before the date assumed: the reply may come from an older
    transcript, or a Workspace administrator blocks IMAP.
note-mx-unchecked = Whether the mail of { $domain } is hosted by Google was not checked
    ({ $problem }); the advice assumes it is.
note-mx-disagrees-no-domain = DNS says the domain { $domain } does not exist, yet Gmail signed
    the account in: check the DNS server the doctor used.
note-mx-disagrees-no-mx = { $domain } has no MX records, yet Gmail signed the account in: the
    account is at Google, but mail sent to it from outside will not arrive until the domain's MX
    records point at Google.
note-from-needs-send-test = The CRM sends as { $from }, not as the login. Gmail rewrites an
    outside address it has not confirmed instead of refusing it, and its daily sending limit
    answers only at the end of a real message: only a test message (--send-test) shows either.

## Ruled-out rungs

ruled-out-works = { $name }: not needed — { $why }.
works-why-connection = both IMAP and SMTP reached Google's servers with a valid certificate
works-why-imap-sign-in = the IMAP sign-in succeeded
works-why-envelope = Gmail accepted the test envelope
works-why-send-test = Gmail accepted the test message
works-why-from-kept = the test message arrived with the From address it was sent as
works-why-other = the probes show that this works
ruled-out-tried = { $name }: you have already done this.
ruled-out-gone-imap-switch = { $name }: Google removed this switch on { $removed }, before the
    date assumed.
ruled-out-gone = { $name }: Google removed this option for this kind of account before the date
    assumed.
