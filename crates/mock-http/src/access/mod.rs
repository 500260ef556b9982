//! Who may use the HTTP server: checked on every request, before any
//! handler runs.
//!
//! The control API changes the mock and returns its fixture passwords, so
//! leaving it running must not let a web page the developer visits use
//! it. Three checks, in this order (`layer`):
//!
//! 1. **Host** (`host`), on every request, GET included: a
//!    DNS-rebinding page reaches the port with its own name in `Host`
//!    and could otherwise *read* the passwords. 403, naming the refused
//!    host and the allowed ones.
//! 2. **Basic auth** (`credentials`), when credentials are set: 401 with
//!    `WWW-Authenticate: Basic realm="gmail-harness"`. Not on Google's
//!    OAuth machine endpoints (`/token`, `/revoke`, `/tokeninfo`), which
//!    a CRM calls with its own client credentials. Serving beyond
//!    loopback without them is refused ([`Access::check_exposure`]).
//! 3. **Origin** (`origin`), on state-changing methods (anything but
//!    GET, HEAD, OPTIONS, TRACE): an `Origin` (or, without one, a
//!    `Referer`) that is not this server is a cross-site form or fetch:
//!    403. Requests with neither (curl, test suites) pass.
//!
//! The console's own forms are same-origin, so a browser on the console
//! passes all three.

pub(crate) mod credentials;
pub(crate) mod host;
pub(crate) mod layer;
pub(crate) mod origin;

use std::net::SocketAddr;

pub use credentials::{Credentials, REALM};

use crate::error::Error;
use host::HostRule;

/// The access settings of one server: extra host names and credentials.
/// The default is a loopback-only server without credentials.
#[derive(Debug, Clone, Default)]
pub struct Access {
    extra_hosts: Vec<HostRule>,
    credentials: Option<Credentials>,
}

impl Access {
    /// Also answer to `name` (`mock`, `host.docker.internal`,
    /// `proxy.example:443`): any port unless one is given. For a reverse
    /// proxy or a container network, where clients use a name the server
    /// cannot know.
    pub fn allow_host(mut self, name: &str) -> Result<Access, Error> {
        let rule = HostRule::parse(name).map_err(|reason| Error::InvalidAllowedHost {
            host: name.to_owned(),
            reason,
        })?;
        self.extra_hosts.push(rule);
        Ok(self)
    }

    /// Require these credentials (HTTP basic auth) on every request.
    pub fn credentials(mut self, credentials: Credentials) -> Access {
        self.credentials = Some(credentials);
        self
    }

    /// Whether credentials are required.
    pub fn has_credentials(&self) -> bool {
        self.credentials.is_some()
    }

    /// Refuses to serve on a non-loopback address without credentials:
    /// anyone on the network could change the mock and read its fixture
    /// passwords.
    pub fn check_exposure(&self, addr: SocketAddr) -> Result<(), Error> {
        if addr.ip().to_canonical().is_loopback() || self.credentials.is_some() {
            Ok(())
        } else {
            Err(Error::Unprotected { addr })
        }
    }
}

/// An [`Access`] bound to the address the server listens on: what the
/// request layer checks.
#[derive(Debug, Clone)]
pub(crate) struct Guard {
    pub hosts: host::AllowedHosts,
    pub credentials: Option<Credentials>,
}

impl Guard {
    pub(crate) fn new(access: Access, bound: SocketAddr) -> Guard {
        Guard {
            hosts: host::AllowedHosts::new(bound, access.extra_hosts),
            credentials: access.credentials,
        }
    }
}
