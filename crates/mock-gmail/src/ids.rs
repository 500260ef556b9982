//! Gmail's per-connection and per-reply tokens (`p111mb294215025wrb`,
//! `s87sm12973072pfa.89`). They carry no meaning; the mock generates
//! look-alikes so transcripts read like Gmail's, from a per-mock RNG (no
//! global state; seeded for reproducible runs).

/// An IMAP session token like `p111mb294215025wrb`.
pub fn imap_id(rng: &mut fastrand::Rng) -> String {
    let mut s = String::with_capacity(20);
    s.push(rng.lowercase());
    for _ in 0..rng.usize(2..4) {
        s.push(rng.digit(10));
    }
    s.push_str("mb");
    for _ in 0..15 {
        s.push(rng.digit(10));
    }
    for _ in 0..3 {
        s.push(rng.lowercase());
    }
    s
}

/// An SMTP reply token like `s87sm12973072pfa.89`.
pub fn smtp_id(rng: &mut fastrand::Rng) -> String {
    let mut s = String::with_capacity(24);
    s.push(rng.lowercase());
    for _ in 0..2 {
        s.push(rng.digit(10));
    }
    s.push_str("sm");
    for _ in 0..8 {
        s.push(rng.digit(10));
    }
    for _ in 0..3 {
        s.push(rng.lowercase());
    }
    s.push('.');
    s.push_str(&rng.u32(10..100).to_string());
    s
}

/// The `plt=` token of a web sign-in URL.
pub fn webalert_url(rng: &mut fastrand::Rng) -> String {
    let mut t = String::from("AKgnsb");
    for _ in 0..40 {
        t.push(rng.alphanumeric());
    }
    format!("https://accounts.google.com/signin/continue?sarp=1&scc=1&plt={t}")
}

/// An OAuth token or code: Google's prefix (`ya29.` access tokens, `1//`
/// refresh tokens, `4/` codes) and `len` URL-safe characters, so a CRM's
/// own format checks accept it.
pub fn oauth_token(rng: &mut fastrand::Rng, prefix: &str, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut s = String::with_capacity(prefix.len() + len);
    s.push_str(prefix);
    for _ in 0..len {
        s.push(ALPHABET[rng.usize(..ALPHABET.len())] as char);
    }
    s
}
