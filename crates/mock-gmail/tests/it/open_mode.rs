//! Open-test mode (`mode("open")`, `serve --mode open`), GreenMail's "auth
//! disabled" for third-party suites: any address signs in and keeps the
//! password it first used; a delivery to an unknown address creates that
//! account with an empty INBOX holding just the delivery.

use lettre::{AsyncTransport, Message};
use mock_gmail::store::names;
use mock_gmail::MockGmail;

use crate::support::{imap_client, lettre_transport};

#[tokio::test]
async fn any_account_signs_in_and_delivery_creates_an_inbox() {
    let mock = MockGmail::builder().mode("open").start().await.unwrap();
    assert!(mock.accounts().is_empty(), "open mode has no fixtures");
    let (addr, ca) = (mock.imaps_addr(), mock.ca_pem().to_owned());
    tokio::task::spawn_blocking(move || {
        let mut s = imap_client(addr, &ca)
            .login("kto@dowolny.example", "cokolwiek")
            .map_err(|(e, _)| e)
            .unwrap();
        let inbox = s.select("INBOX").unwrap();
        assert_eq!(inbox.exists, 0, "a new account starts empty");
        s.logout().unwrap();
        // The password typed first is now the account's.
        let again = imap_client(addr, &ca).login("kto@dowolny.example", "inne");
        assert!(again.is_err(), "a different password is refused");
    })
    .await
    .unwrap();
    assert!(mock.account("kto@dowolny.example").is_some());

    // A sender that never signed in before, to a recipient nobody knows.
    let msg = Message::builder()
        .from("nadawca@firma.example".parse().unwrap())
        .to("nowy@odbiorca.example".parse().unwrap())
        .subject("Pierwsza wiadomość")
        .body("Dzień dobry".to_owned())
        .unwrap();
    // SMTP ends the data with CRLF; lettre's bytes do not.
    let raw = [msg.formatted(), b"\r\n".to_vec()].concat();
    lettre_transport(&mock, true, "nadawca@firma.example", "haslo-nadawcy")
        .send(msg)
        .await
        .unwrap();
    assert_eq!(
        mock.mailbox_messages("nowy@odbiorca.example", names::INBOX)
            .unwrap(),
        std::slice::from_ref(&raw)
    );
    assert_eq!(
        mock.mailbox_messages("nadawca@firma.example", names::SENT)
            .unwrap(),
        std::slice::from_ref(&raw),
        "the sender gets the Sent Mail copy"
    );
    // The recipient's first sign-in sets its password and shows the mail.
    let (addr, ca) = (mock.imaps_addr(), mock.ca_pem().to_owned());
    tokio::task::spawn_blocking(move || {
        let mut s = imap_client(addr, &ca)
            .login("nowy@odbiorca.example", "nowe-haslo")
            .map_err(|(e, _)| e)
            .unwrap();
        assert_eq!(s.select("INBOX").unwrap().exists, 1);
        let f = s.fetch("1", "BODY.PEEK[]").unwrap();
        assert_eq!(f.iter().next().unwrap().body().unwrap(), &raw[..]);
        s.logout().unwrap();
    })
    .await
    .unwrap();
    mock.shutdown().await;
}
