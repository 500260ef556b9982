//! IMAP: typed commands and responses, framing, parsers and encoders.
//!
//! Layout: [`types`] (commands) with [`parse`] and [`encode`];
//! [`response`] (responses) with [`parse_response`]; [`code`] (response
//! codes); [`body`] (ENVELOPE / BODYSTRUCTURE); [`frame`] (where a message
//! ends, literals and limits).

pub mod body;
pub mod code;
pub mod encode;
pub mod frame;
pub mod parse;
pub mod parse_response;
pub mod response;
pub mod types;

pub use code::Code;
pub use encode::Fragment;
pub use frame::{FrameEvent, FrameLimits, Framer};
pub use parse::{parse_command, ParseError, ParseErrorKind};
pub use parse_response::{parse_response, ResponseParseError};
pub use response::{Data, FetchValue, Response, StatusKind, StatusResponse};
pub use types::*;
