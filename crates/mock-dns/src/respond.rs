//! One DNS request in bytes → the response in bytes (sans I/O): parse
//! with hickory's protocol crate, answer from the zones, encode.
//!
//! Kept apart from the sockets so the rules — which requests get an
//! answer, FORMERR, NOTIMP or nothing, and when a UDP answer is truncated
//! — are plain functions the tests call directly.

use hickory_proto::op::{Message, MessageType, OpCode, ResponseCode};
use hickory_proto::serialize::binary::BinEncodable;

use crate::zones::Zones;

/// The classic UDP payload limit (RFC 1035 §4.2.1). Larger answers set TC
/// so the client retries over TCP; ours are small, but a long MX list
/// must not be cut silently.
pub const UDP_LIMIT: usize = 512;

/// The response to `request`, or `None` when not even the header can be
/// read (there is no ID to answer to, so nothing is sent).
pub fn respond(zones: &Zones, request: &[u8], limit: Option<usize>) -> Option<Vec<u8>> {
    let req = match Message::from_vec(request) {
        Ok(m) => m,
        Err(_) => return formerr(request),
    };
    if req.message_type() != MessageType::Query {
        return None;
    }
    let mut resp = Message::new();
    resp.set_id(req.id())
        .set_message_type(MessageType::Response)
        .set_op_code(req.op_code())
        .set_authoritative(true)
        .set_recursion_desired(req.recursion_desired())
        .set_recursion_available(false);
    if req.op_code() != OpCode::Query {
        resp.set_response_code(ResponseCode::NotImp);
        return resp.to_vec().ok();
    }
    let [query] = req.queries() else {
        // RFC 9619: exactly one question.
        resp.set_response_code(ResponseCode::FormErr);
        return resp.to_vec().ok();
    };
    let answer = zones.answer(query.name(), query.query_type());
    resp.add_query(query.clone())
        .set_response_code(answer.code)
        .add_answers(answer.records);
    let bytes = resp.to_vec().ok()?;
    match limit {
        Some(max) if bytes.len() > max => {
            let mut short = resp.clone();
            short.take_answers();
            short.set_truncated(true);
            short.to_vec().ok()
        }
        _ => Some(bytes),
    }
}

/// FORMERR for a request whose header (ID) can be read but whose body
/// cannot be parsed.
fn formerr(request: &[u8]) -> Option<Vec<u8>> {
    let id = u16::from_be_bytes([*request.first()?, *request.get(1)?]);
    if request.len() < 12 {
        return None;
    }
    let mut resp = Message::new();
    resp.set_id(id)
        .set_message_type(MessageType::Response)
        .set_response_code(ResponseCode::FormErr);
    resp.to_bytes().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zones::Mx;
    use hickory_proto::op::Query;
    use hickory_proto::rr::{Name, RecordType};

    fn query(name: &str, t: RecordType) -> Vec<u8> {
        let mut m = Message::new();
        m.set_id(4242)
            .set_recursion_desired(true)
            .add_query(Query::query(Name::from_ascii(name).unwrap(), t));
        m.to_vec().unwrap()
    }

    fn zones() -> Zones {
        let mut z = Zones::new();
        z.set_mail("firma.example", Mx::Google);
        z
    }

    #[test]
    fn answers_with_the_id_and_question() {
        let r = respond(&zones(), &query("firma.example.", RecordType::MX), None).unwrap();
        let m = Message::from_vec(&r).unwrap();
        assert_eq!(m.id(), 4242);
        assert_eq!(m.message_type(), MessageType::Response);
        assert!(m.authoritative() && m.recursion_desired() && !m.recursion_available());
        assert_eq!(m.queries().len(), 1);
        assert_eq!(m.answers().len(), 5);
        let r = respond(&zones(), &query("x.example.", RecordType::MX), None).unwrap();
        assert_eq!(
            Message::from_vec(&r).unwrap().response_code(),
            ResponseCode::NXDomain
        );
    }

    #[test]
    fn truncates_over_the_limit() {
        let r = respond(&zones(), &query("firma.example.", RecordType::MX), Some(40)).unwrap();
        let m = Message::from_vec(&r).unwrap();
        assert!(m.truncated());
        assert!(m.answers().is_empty());
    }

    #[test]
    fn garbage_gets_formerr_or_nothing() {
        assert_eq!(respond(&zones(), b"\x01", None), None);
        let mut bad = query("firma.example.", RecordType::MX);
        bad.truncate(14);
        let r = respond(&zones(), &bad, None).unwrap();
        let m = Message::from_vec(&r).unwrap();
        assert_eq!((m.id(), m.response_code()), (4242, ResponseCode::FormErr));
        // Two questions.
        let mut two = Message::from_vec(&query("a.example.", RecordType::MX)).unwrap();
        two.add_query(Query::query(
            Name::from_ascii("b.example.").unwrap(),
            RecordType::MX,
        ));
        let r = respond(&zones(), &two.to_vec().unwrap(), None).unwrap();
        assert_eq!(
            Message::from_vec(&r).unwrap().response_code(),
            ResponseCode::FormErr
        );
    }
}
