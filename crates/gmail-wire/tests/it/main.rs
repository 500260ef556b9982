//! Property tests for `gmail-wire`, in one test binary so the crate and
//! proptest are linked once (`cargo test -p gmail-wire --test it`).
//!
//! - [`roundtrip`]: `parse(encode(v)) == v` for IMAP commands and responses
//!   and SMTP commands and replies — the encoders and parsers are two halves
//!   of one grammar, and the mock and the doctor each rely on a different
//!   half.
//! - [`no_panic`]: every parser, the IMAP framer and the SASL decoders
//!   survive arbitrary bytes — they face untrusted peers on both sides.

mod no_panic;
mod roundtrip;
