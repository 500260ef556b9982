//! Reading seed sources: a directory of `.eml` files, an mbox, one message
//! file, or raw bytes; every message checked and brought to CRLF.

use std::path::{Path, PathBuf};

use bytes::Bytes;

use super::lines::{first_line, is_header_field, shown, to_crlf};
use super::mbox;
use super::{Origin, SeedError, SeedMessage, SeedProblem};

/// Loads every message under `path` (see the module docs for the rules).
pub fn load_path(path: &Path) -> Result<Vec<SeedMessage>, SeedError> {
    let meta = std::fs::metadata(path).map_err(|e| SeedError::at(path, e))?;
    if !meta.is_dir() {
        return load_file(path);
    }
    let mut files = Vec::new();
    collect_eml(path, &mut files)?;
    if files.is_empty() {
        return Err(SeedError::at(path, SeedProblem::NoMessages));
    }
    // Byte order of the relative path: the same UIDs on every machine.
    files.sort_by(|a, b| {
        let rel = |p: &PathBuf| p.strip_prefix(path).unwrap_or(p).as_os_str().to_owned();
        rel(a).as_encoded_bytes().cmp(rel(b).as_encoded_bytes())
    });
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        out.extend(load_file(&f)?);
    }
    Ok(out)
}

/// `.eml` files below `dir`, recursively; hidden entries and symlinked
/// directories are skipped.
fn collect_eml(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), SeedError> {
    let entries = std::fs::read_dir(dir).map_err(|e| SeedError::at(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| SeedError::at(dir, e))?;
        let path = entry.path();
        if entry.file_name().as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let kind = entry.file_type().map_err(|e| SeedError::at(&path, e))?;
        if kind.is_dir() {
            collect_eml(&path, out)?;
        } else if is_eml(&path) && std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            out.push(path);
        }
    }
    Ok(())
}

fn is_eml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("eml"))
}

/// One file: an mbox if it starts with a `From ` line, else one message.
fn load_file(path: &Path) -> Result<Vec<SeedMessage>, SeedError> {
    let data = Bytes::from(std::fs::read(path).map_err(|e| SeedError::at(path, e))?);
    let name = path.display().to_string();
    if !mbox::is_from_line(first_line(&data)) {
        let raw = checked(data, Origin::file(name.clone()))?;
        return Ok(vec![SeedMessage {
            raw,
            origin: Origin::file(name),
            envelope_date: None,
        }]);
    }
    mbox::split(&data)
        .into_iter()
        .map(|m| {
            let origin = Origin {
                path: name.clone(),
                message: Some(m.number),
                line: Some(m.line),
            };
            Ok(SeedMessage {
                raw: checked(m.raw, origin.clone())?,
                origin,
                envelope_date: m.date,
            })
        })
        .collect()
}

/// Raw messages from the API, checked and brought to CRLF like files;
/// errors name `what` and the 1-based position in the list.
pub fn messages_from_bytes(
    what: &str,
    messages: impl IntoIterator<Item = Bytes>,
) -> Result<Vec<SeedMessage>, SeedError> {
    messages
        .into_iter()
        .enumerate()
        .map(|(i, raw)| {
            let origin = Origin {
                path: what.to_owned(),
                message: Some(i + 1),
                line: None,
            };
            Ok(SeedMessage {
                raw: checked(raw, origin.clone())?,
                origin,
                envelope_date: None,
            })
        })
        .collect()
}

/// A message must start with a header field; returns it with CRLF ends.
fn checked(raw: Bytes, origin: Origin) -> Result<Bytes, SeedError> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(SeedError::new(origin, SeedProblem::Empty));
    }
    let line = first_line(&raw);
    if !is_header_field(line) {
        return Err(SeedError::new(
            origin,
            SeedProblem::NoHeader {
                first_line: shown(line),
            },
        ));
    }
    Ok(to_crlf(raw))
}
