//! What existed at Google on a given date (DESIGN.md "Time"); the facts are
//! shared with the doctor through `gmail_wire::google::era`.

pub use gmail_wire::google::era::*;
