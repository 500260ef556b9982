"""What a Python CRM does with Gmail: imaplib and smtplib over TLS with the
mock's CA, on all four listeners. Prints one JSON object: for each step
either {"ok": true, "detail": ...} or {"ok": false, "error": "<the server's
text as the library surfaces it>"}; the Rust test (clients.rs) decides what
each preset must show.

Usage: python3 python_client.py CONFIG.json
"""

import imaplib
import json
import smtplib
import ssl
import sys

cfg = json.load(open(sys.argv[1]))
# Verifies the chain and the name (127.0.0.1 is in the certificate).
ctx = ssl.create_default_context(cafile=cfg["ca"])
user, secret, rcpt = cfg["user"], cfg["secret"], cfg["rcpt"]
# The address the CRM sends as (a preset may use a "Send mail as" alias).
sender = cfg.get("from", user)
message = (
    f"From: {sender}\r\nTo: {rcpt}\r\nSubject: smtplib test\r\n\r\n"
    "Sent by Python's smtplib.\r\n"
)


def addr(key):
    host, port = cfg[key].rsplit(":", 1)
    return host, int(port)


def describe(e):
    """The server's words, as a Python CRM would log them."""
    if isinstance(e, smtplib.SMTPResponseException):
        return f"{e.smtp_code} {e.smtp_error.decode(errors='replace')}"
    if isinstance(e, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{c} {m.decode(errors='replace')}" for c, m in e.recipients.values())
    text = e.args[0] if e.args else e
    return text.decode(errors="replace") if isinstance(text, bytes) else str(text)


def imaps():
    with imaplib.IMAP4_SSL(*addr("imaps"), ssl_context=ctx) as m:
        m.login(user, secret)
        typ, data = m.select("INBOX", readonly=True)
        return int(data[0])


def imap_starttls():
    with imaplib.IMAP4(*addr("imap")) as m:
        m.starttls(ssl_context=ctx)
        m.login(user, secret)
        typ, data = m.select("INBOX", readonly=True)
        return int(data[0])


def smtps():
    with smtplib.SMTP_SSL(*addr("smtps"), context=ctx) as s:
        s.login(user, secret)
        s.sendmail(sender, [rcpt], message)
        return "sent"


def submission():
    with smtplib.SMTP(*addr("submission")) as s:
        s.starttls(context=ctx)
        s.login(user, secret)
        s.sendmail(sender, [rcpt], message)
        return "sent"


result = {}
for name, step in [("imaps", imaps), ("imap", imap_starttls), ("smtps", smtps), ("submission", submission)]:
    try:
        result[name] = {"ok": True, "detail": step()}
    except (imaplib.IMAP4.error, smtplib.SMTPException) as e:
        result[name] = {"ok": False, "error": describe(e)}
print(json.dumps(result))
