//! Each connection's transcript as a file, written when the connection ends
//! (`serve --transcript-dir DIR`, [`crate::MockGmailBuilder::transcript_dir`]).
//!
//! Why files: a developer reproducing a customer's failure wants the exact
//! exchange their CRM had, next to the CRM's own log, without a client
//! library or the HTTP API; a CI job can upload the directory as an
//! artifact. The text is the transcript already redacted at capture
//! ([`crate::transcript`]), so no secret reaches the disk.
//!
//! Names sort in connection order and say which listener and client port:
//! `000042-imaps-53122.txt` (sequence number within this mock, zero-padded;
//! listener; the peer's port, which the client's own log usually shows).

use std::path::{Path, PathBuf};

use crate::transcript::Transcript;

/// The directory transcripts are written to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptDir {
    path: PathBuf,
}

impl TranscriptDir {
    /// Transcripts go to `path` (created by [`Self::ensure`] at start-up).
    pub fn new(path: impl Into<PathBuf>) -> TranscriptDir {
        TranscriptDir { path: path.into() }
    }

    /// Creates the directory (and its parents) if needed, so a bad path is
    /// reported at start-up rather than at the first connection.
    pub fn ensure(&self) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.path)
    }

    /// Where the files go.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file name of a connection's transcript.
    pub fn file_name(t: &Transcript) -> String {
        format!("{:06}-{}-{}.txt", t.id, t.listener.as_str(), t.peer.port())
    }

    /// The file's text: one `--` header line naming the connection, then
    /// the `C:` / `S:` / `--` lines of [`Transcript::to_text`].
    pub fn file_text(t: &Transcript) -> String {
        let account = t.account.as_deref().unwrap_or("(none)");
        format!(
            "-- connection {} on {} from {}, account {account}\n{}",
            t.id,
            t.listener.as_str(),
            t.peer,
            t.to_text()
        )
    }

    /// Writes one transcript (off the async workers: the connection task
    /// waits for it, so `shutdown()` returns only after every file exists).
    ///
    /// Written to a hidden `.tmp` name and renamed into place, so whoever
    /// watches the directory (`tail`, a CI step, a test) never reads a
    /// file that exists but is not complete yet.
    pub async fn write(&self, t: &Transcript) -> std::io::Result<PathBuf> {
        let name = Self::file_name(t);
        let path = self.path.join(&name);
        let partial = self.path.join(format!(".{name}.tmp"));
        let text = Self::file_text(t);
        let target = path.clone();
        tokio::task::spawn_blocking(move || {
            std::fs::write(&partial, text)?;
            std::fs::rename(&partial, &target)
        })
        .await
        .map_err(std::io::Error::other)??;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::{Direction, Line, ListenerKind, Protocol};

    #[test]
    fn names_sort_and_say_listener_and_port() {
        let t = Transcript {
            id: 42,
            protocol: Protocol::Imap,
            listener: ListenerKind::Imaps,
            peer: "127.0.0.1:53122".parse().unwrap(),
            account: None,
            lines: vec![Line {
                dir: Direction::Server,
                at_ms: 0,
                text: "* OK Gimap ready".into(),
            }],
            closed: true,
        };
        assert_eq!(TranscriptDir::file_name(&t), "000042-imaps-53122.txt");
        assert_eq!(
            TranscriptDir::file_text(&t),
            "-- connection 42 on imaps from 127.0.0.1:53122, account (none)\nS: * OK Gimap ready\n"
        );
    }
}
