//! Byte-level IMAP exchanges over real TLS.

use mock_gmail::model::preset::*;
use mock_gmail::MockGmail;

use crate::support::{mask_ids, Wire};

#[tokio::test]
async fn greeting_capability_and_login() {
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    let mut w = Wire::tls(mock.imaps_addr(), mock.ca_pem()).await;
    assert_eq!(mask_ids(&w.line().await), "* OK Gimap ready for requests from 127.0.0.1 <id>");
    let caps = w.cmd("a1", "CAPABILITY").await;
    assert_eq!(caps[0], "* CAPABILITY IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN X-GM-EXT-1 XYZZY SASL-IR AUTH=XOAUTH2 AUTH=PLAIN AUTH=PLAIN-CLIENTTOKEN AUTH=OAUTHBEARER AUTH=XOAUTH");
    assert_eq!(mask_ids(&caps[1]), "a1 OK Thats all she wrote! <id>");
    let login = w.cmd("a2", &format!("LOGIN {WORKSPACE_EMAIL} {WORKSPACE_PASSWORD}")).await;
    assert!(login[0].starts_with("* CAPABILITY IMAP4rev1"));
    assert_eq!(login[1], format!("a2 OK {WORKSPACE_EMAIL} authenticated (Success)"));
    let bye = w.cmd("a3", "LOGOUT").await;
    assert_eq!(bye, vec!["* BYE LOGOUT Requested", "a3 OK 73 good day (Success)"]);
    mock.shutdown().await;
}
