"""A CRM's mail sync with Python's imaplib and smtplib, over real TLS.

Run by `crm_sync_python.rs` with one argument: a JSON file naming the mock
(ports, CA file, accounts) and the seeded INBOX (each message's exact bytes
and flags). Every result is checked against those bytes, and the MIME
structure the server reports is checked against Python's own parser
(`email`), an implementation independent of the mock's.

Steps: initial sync (headers, BODYSTRUCTURE, every leaf section), search by
sender / X-GM-RAW / UTF-8 subject, a flag change from another session seen
through IDLE (imaplib has no IDLE helper: IDLE and DONE are sent by hand),
a new delivery seen through IDLE and fetched by UID, MOVE to a label, and
the Sent Mail copy of an smtplib submission.
"""

import base64
import email
import email.policy
import imaplib
import json
import quopri
import smtplib
import ssl
import sys
from datetime import datetime
from email.header import decode_header, make_header
from email.utils import parseaddr, parsedate_to_datetime

CFG = json.load(open(sys.argv[1]))
CTX = ssl.create_default_context(cafile=CFG["ca_file"])


def step(name):
    print("step:", name, flush=True)


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def ok(result, what):
    typ, data = result
    check(typ == "OK", f"{what}: {typ} {data!r}")
    return data


def connect(user, password):
    m = imaplib.IMAP4_SSL(CFG["host"], CFG["imaps_port"], ssl_context=CTX, timeout=10)
    ok(m.login(user, password), "LOGIN")
    return m


# ---- IMAP response parsing (imaplib returns FETCH data half-parsed) ----


def responses(data):
    """Rebuilds each untagged response's bytes from imaplib's pieces: a
    response is zero or more (text ending in {n}, literal) tuples and one
    closing bytes item."""
    out, cur = [], b""
    for item in data:
        if isinstance(item, tuple):
            cur += item[0] + b"\r\n" + item[1]
        elif item is not None:
            out.append(cur + item)
            cur = b""
    return out


class Parser:
    def __init__(self, buf):
        self.b, self.i = buf, 0

    def ws(self):
        while self.i < len(self.b) and self.b[self.i : self.i + 1] == b" ":
            self.i += 1

    def value(self):
        self.ws()
        c = self.b[self.i : self.i + 1]
        if c == b"(":
            self.i += 1
            items = []
            while True:
                self.ws()
                if self.b[self.i : self.i + 1] == b")":
                    self.i += 1
                    return items
                items.append(self.value())
        if c == b'"':
            self.i += 1
            s = bytearray()
            while self.b[self.i : self.i + 1] != b'"':
                if self.b[self.i : self.i + 1] == b"\\":
                    self.i += 1
                s += self.b[self.i : self.i + 1]
                self.i += 1
            self.i += 1
            return bytes(s)
        if c == b"{":
            end = self.b.index(b"}", self.i)
            n = int(self.b[self.i + 1 : end].rstrip(b"+"))
            start = end + 3  # }\r\n
            self.i = start + n
            return self.b[start : start + n]
        # An atom; `BODY[...]` may hold spaces and parentheses.
        start, depth = self.i, 0
        while self.i < len(self.b):
            ch = self.b[self.i : self.i + 1]
            if ch == b"[":
                depth += 1
            elif ch == b"]":
                depth -= 1
            elif depth == 0 and ch in (b" ", b"(", b")"):
                break
            self.i += 1
        atom = self.b[start : self.i]
        return None if atom.upper() == b"NIL" else atom


def fetch(m, uids, items):
    """UID FETCH → {uid: {ITEM: value}}."""
    data = ok(m.uid("FETCH", uids, items), f"UID FETCH {uids} {items}")
    out = {}
    for r in responses(data):
        p = Parser(r)
        p.value()  # sequence number
        kv = p.value()
        d = {kv[i].decode().upper(): kv[i + 1] for i in range(0, len(kv), 2)}
        out[int(d["UID"])] = d
    return out


def search(m, *criteria):
    data = ok(m.uid("SEARCH", *criteria), f"UID SEARCH {criteria}")
    return sorted(int(x) for x in data[0].split())


# ---- MIME: the server's BODYSTRUCTURE against Python's email parser ----


def leaves_of_structure(bs, prefix=""):
    """[(section, type/subtype, encoding, size)] for every non-multipart part."""
    if isinstance(bs[0], list):
        out, n = [], 0
        for part in bs:
            if not isinstance(part, list):
                break
            n += 1
            out += leaves_of_structure(part, f"{prefix}{n}.")
        return out
    ctype = (bs[0].decode() + "/" + bs[1].decode()).lower()
    enc = bs[5].decode().lower() if bs[5] else "7bit"
    return [(prefix.rstrip(".") or "1", ctype, enc, int(bs[6]))]


def leaves_of_email(msg):
    if msg.is_multipart():
        return [leaf for part in msg.get_payload() for leaf in leaves_of_email(part)]
    return [msg]


def decode(body, enc):
    if enc == "base64":
        return base64.b64decode(body)
    if enc == "quoted-printable":
        return quopri.decodestring(body)
    return body


def text(header_value):
    return str(make_header(decode_header(header_value or "")))


def internaldate(raw):
    return datetime.strptime(raw.decode().strip(), "%d-%b-%Y %H:%M:%S %z")


# ---- the sync ----


def main():
    user, password = CFG["user"], CFG["password"]
    seeded = CFG["inbox"]
    m = connect(user, password)
    caps = ok(m.capability(), "CAPABILITY")[0].split()
    check(b"X-GM-EXT-1" in caps and b"IDLE" in caps, f"capabilities {caps}")
    check(b"SORT" not in caps and b"CONDSTORE" not in caps, "Gmail offers no SORT/CONDSTORE")

    step("initial sync: headers, flags, BODYSTRUCTURE")
    exists = int(ok(m.select("INBOX"), "SELECT INBOX")[0])
    check(exists == len(seeded), f"INBOX has {exists}, seeded {len(seeded)}")
    synced = fetch(
        m,
        "1:*",
        "(UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER] BODYSTRUCTURE X-GM-MSGID X-GM-THRID)",
    )
    uids = sorted(synced)
    check(len(uids) == len(seeded), f"fetched {len(uids)} of {len(seeded)}")
    parsed = {}
    sections = 0
    for uid, want in zip(uids, seeded):
        raw = base64.b64decode(want["raw"])
        got = synced[uid]
        name = want["file"]
        head_end = raw.index(b"\r\n\r\n") + 4
        check(got["BODY[HEADER]"] == raw[:head_end], f"{name}: header bytes")
        check(int(got["RFC822.SIZE"]) == len(raw), f"{name}: RFC822.SIZE")
        flags = {f.decode() for f in got["FLAGS"]}
        check(flags == set(want["flags"]), f"{name}: flags {flags} != {want['flags']}")
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        check(
            internaldate(got["INTERNALDATE"]) == parsedate_to_datetime(msg["Date"]),
            f"{name}: INTERNALDATE {got['INTERNALDATE']!r} vs Date {msg['Date']}",
        )
        leaves = leaves_of_structure(got["BODYSTRUCTURE"])
        parts = leaves_of_email(msg)
        check(len(leaves) == len(parts), f"{name}: {len(leaves)} parts vs {len(parts)}")
        for (section, ctype, enc, size), part in zip(leaves, parts):
            check(ctype == part.get_content_type(), f"{name} [{section}]: {ctype} vs {part.get_content_type()}")
            want_enc = (part.get("Content-Transfer-Encoding") or "7bit").lower()
            check(enc == want_enc, f"{name} [{section}]: encoding {enc} vs {want_enc}")
            body = fetch(m, str(uid), f"(BODY.PEEK[{section}])")[uid][f"BODY[{section}]"]
            check(len(body) == size, f"{name} [{section}]: {len(body)} bytes, structure says {size}")
            check(
                decode(body, enc) == part.get_payload(decode=True),
                f"{name} [{section}]: decoded content differs from Python's parse",
            )
            sections += 1
        parsed[uid] = (msg, flags, got)
    print(f"  {len(parsed)} messages, {sections} MIME sections match Python's parse", flush=True)
    # A thread: messages answering each other share X-GM-THRID.
    by_thread = {}
    for uid, (msg, _, got) in parsed.items():
        by_thread.setdefault(got["X-GM-THRID"], []).append(uid)
    for uid, (msg, _, got) in parsed.items():
        if msg["In-Reply-To"]:
            parents = [u for u, (p, _, _) in parsed.items() if p["Message-ID"] in msg["References"]]
            for p in parents:
                check(parsed[p][2]["X-GM-THRID"] == got["X-GM-THRID"], f"UID {uid} not in its thread")
    last_uid = max(uids)

    step("search by sender, X-GM-RAW, UTF-8 subject")
    sender = "ewa.wisniewska@klient.example"
    from_ewa = [u for u, (msg, _, _) in parsed.items() if parseaddr(msg["From"])[1] == sender]
    check(from_ewa, "the sample has mail from Ewa")
    check(search(m, "FROM", f'"{sender}"') == sorted(from_ewa), "SEARCH FROM")
    unread_ewa = [u for u in from_ewa if "\\Seen" not in parsed[u][1]]
    check(search(m, "X-GM-RAW", f'"from:{sender} is:unread"') == sorted(unread_ewa), "X-GM-RAW from: is:unread")
    # Gmail's has:attachment: a part sent as an attachment, or a named
    # non-text part (inline images with a file name count too).
    with_attachment = [
        u
        for u, (msg, _, _) in parsed.items()
        if any(
            p.get_content_disposition() == "attachment"
            or (p.get_filename() and p.get_content_maintype() != "text")
            for p in leaves_of_email(msg)
        )
    ]
    check(search(m, "X-GM-RAW", '"has:attachment"') == sorted(with_attachment), "X-GM-RAW has:attachment")
    word = "wdrożenie"
    with_word = [u for u, (msg, _, _) in parsed.items() if word in text(msg["Subject"])]
    check(with_word, "the sample has a Polish subject")
    m.literal = word.encode()
    check(search(m, "CHARSET", "UTF-8", "SUBJECT") == sorted(with_word), "SEARCH CHARSET UTF-8 SUBJECT")

    step("flag change from another session, seen through IDLE")
    target = max(u for u in uids if "\\Flagged" not in parsed[u][1])
    seq = uids.index(target) + 1
    tag = m._new_tag()
    m.send(tag + b" IDLE\r\n")
    check(m.readline().startswith(b"+ "), "IDLE continuation")
    other = connect(user, password)
    ok(other.select("INBOX"), "SELECT in the other session")
    ok(other.uid("STORE", str(target), "+FLAGS.SILENT", "(\\Flagged)"), "STORE")
    pushed = m.readline()
    check(pushed.startswith(f"* {seq} FETCH (".encode()), f"pushed {pushed!r}")
    check(f"UID {target}".encode() in pushed and b"\\Flagged" in pushed, f"pushed {pushed!r}")

    step("new delivery seen through IDLE, then fetched by UID")
    new_mail = (
        "From: Jan Kowalski <{0}>\r\nTo: <{1}>\r\nSubject: Nowe zamówienie\r\n"
        "Date: Mon, 1 Jun 2020 12:00:00 +0200\r\nMessage-ID: <nowe-1@gmail.com>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\nProszę o fakturę.\r\n.kropka na początku linii\r\n"
    ).format(CFG["other_user"], user).encode()
    with smtplib.SMTP_SSL(CFG["host"], CFG["smtps_port"], context=CTX, timeout=10) as s:
        s.login(CFG["other_user"], CFG["other_password"])
        s.sendmail(CFG["other_user"], [user], new_mail)
    pushed = m.readline()
    check(pushed == f"* {exists + 1} EXISTS\r\n".encode(), f"pushed {pushed!r}")
    m.send(b"DONE\r\n")
    done = m.readline()
    check(done.startswith(tag + b" OK"), f"IDLE ended with {done!r}")
    new = {u: d for u, d in fetch(m, f"{last_uid + 1}:*", "(UID FLAGS BODY.PEEK[])").items() if u > last_uid}
    check(list(new) == [last_uid + 1], f"incremental sync got UIDs {list(new)}")
    check(new[last_uid + 1]["BODY[]"] == new_mail, "the delivered bytes")
    check(new[last_uid + 1]["FLAGS"] == [], "new mail is unread")
    m.untagged_responses.clear()  # imaplib keeps SELECT's data around
    ok(m.noop(), "NOOP")
    check("EXISTS" not in m.untagged_responses, f"EXISTS repeated on NOOP: {m.untagged_responses}")

    step("MOVE to a label")
    moved = from_ewa[0]
    msgid = parsed[moved][2]["X-GM-MSGID"]
    ok(m.create("Klienci/Ewa"), "CREATE")
    ok(m.uid("MOVE", str(moved), "Klienci/Ewa"), "UID MOVE")
    check(moved not in search(m, "ALL"), "moved out of INBOX")
    ok(m.select("Klienci/Ewa"), "SELECT the label")
    inlabel = fetch(m, "1:*", "(UID BODY.PEEK[] X-GM-MSGID X-GM-LABELS)")
    check(len(inlabel) == 1, f"label holds {len(inlabel)}")
    (d,) = inlabel.values()
    check(d["BODY[]"] == base64.b64decode(seeded[uids.index(moved)]["raw"]), "moved bytes")
    check(d["X-GM-MSGID"] == msgid, "the same message (X-GM-MSGID) after MOVE")
    # Gmail leaves the selected label out (the selection implies it), and
    # MOVE took \Inbox away; SEARCH still finds the message by that label.
    check(d["X-GM-LABELS"] == [], f"labels {d['X-GM-LABELS']}")
    check(search(m, "X-GM-LABELS", '"Klienci/Ewa"') == [int(d["UID"])], "SEARCH X-GM-LABELS by the open label")

    step("Sent Mail copy of an smtplib submission")
    sent_before = int(ok(m.select('"[Gmail]/Sent Mail"'), "SELECT Sent Mail")[0])
    reply = (
        "From: <{0}>\r\nTo: <{1}>\r\nSubject: Re: Nowe zamówienie\r\n"
        "Date: Mon, 1 Jun 2020 12:30:00 +0200\r\nIn-Reply-To: <nowe-1@gmail.com>\r\n"
        "References: <nowe-1@gmail.com>\r\n\r\nFaktura w drodze.\r\n"
    ).format(user, sender).encode()
    with smtplib.SMTP_SSL(CFG["host"], CFG["smtps_port"], context=CTX, timeout=10) as s:
        s.login(user, password)
        s.sendmail(user, [sender], reply)
    ok(m.noop(), "NOOP")
    sent = fetch(m, "1:*", "(UID FLAGS BODY.PEEK[])")
    check(len(sent) == sent_before + 1, f"Sent Mail has {len(sent)}")
    newest = sent[max(sent)]
    check(newest["BODY[]"] == reply, "the Sent Mail copy is the submission, byte for byte")
    check(b"\\Seen" in newest["FLAGS"], "sent mail is read")
    m.logout()
    other.logout()
    print("all steps passed", flush=True)


main()
