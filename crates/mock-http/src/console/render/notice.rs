//! Single-message pages: an app password shown once, and errors.

use maud::{html, Markup};

use super::layout::{page, Counts, Frame, Tab};
use super::seg;

/// Google's "Generated app password" dialog: the secret, once.
pub(crate) fn app_password(counts: Counts, email: &str, name: &str, password: &str) -> Markup {
    let frame = Frame {
        title: "App password generated",
        tab: Tab::None,
        counts,
        refresh: None,
    };
    page(
        &frame,
        html! {
            h2 { "Generated app password" }
            div.card {
                p.path { "Google Account → Security → App passwords → " b { (name) } }
                p { "Your app password for " b { (name) } " (" (email) "):" }
                p { span.secret #generated-app-password { (password) } }
                p { "Type it into the CRM's password field instead of the account password. "
                    "Spaces do not matter. Like Google, this console shows it only once." }
                p { a href={ "/#acct-" (seg(email)) } { "Done" } }
            }
        },
    )
}

/// An error page with the API's message and a way back.
pub(crate) fn error(counts: Counts, status: u16, message: &str) -> Markup {
    let frame = Frame {
        title: "Error",
        tab: Tab::None,
        counts,
        refresh: None,
    };
    page(
        &frame,
        html! {
            h2 { "That did not work (" (status) ")" }
            div.card {
                p #error-message { (message) }
                p { a href="/" { "Back to the console" } }
            }
        },
    )
}
