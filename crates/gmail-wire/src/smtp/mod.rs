//! SMTP: typed commands ([`command`]) and replies with enhanced status codes
//! ([`reply`]).

pub mod command;
pub mod reply;

pub use command::{parse_command, Command, CommandParseError, Param};
pub use reply::{parse_reply, EnhancedCode, Reply, ReplyParseError};
