//! HTML for the console, as pure functions of [`crate::schema`] views and
//! mock-gmail transcripts. maud escapes every spliced value, so addresses,
//! subjects and transcript lines (which come from clients) cannot inject
//! markup.

pub(crate) mod layout;
pub(crate) mod messages;
pub(crate) mod notice;
pub(crate) mod overview;
pub(crate) mod sending_cards;
pub(crate) mod transcripts;

pub(crate) use crate::routes::segment as seg;

#[cfg(test)]
mod tests {
    #[test]
    fn segments_are_encoded() {
        // Addresses keep their @ (readable links); the rest is encoded.
        assert_eq!(super::seg("anna@firma.example"), "anna@firma.example");
        assert_eq!(super::seg("a/b c?#"), "a%2Fb%20c%3F%23");
        assert_eq!(super::seg("ż"), "%C5%BC");
    }
}
