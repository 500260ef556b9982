//! `docs/openapi.yaml` parses, documents exactly the routes the router
//! serves (both ways), and every reference in it resolves.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_yaml_ng::Value;

use crate::support::{Harness, ANNA};

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/openapi.yaml");
    let text = std::fs::read_to_string(path).expect("docs/openapi.yaml exists");
    assert_eq!(
        text,
        mock_http::OPENAPI_YAML,
        "the compiled-in copy is the file"
    );
    serde_yaml_ng::from_str(&text).expect("docs/openapi.yaml is valid YAML")
}

fn documented(spec: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in spec["paths"].as_mapping().expect("paths") {
        for (k, _) in item.as_mapping().expect("path item") {
            let k = k.as_str().unwrap();
            if METHODS.contains(&k.to_ascii_uppercase().as_str()) {
                out.insert((path.as_str().unwrap().to_owned(), k.to_ascii_uppercase()));
            }
        }
    }
    out
}

#[test]
fn every_route_is_documented_and_nothing_else() {
    let spec = spec();
    assert_eq!(spec["openapi"].as_str(), Some("3.1.0"));
    let routed: BTreeSet<(String, String)> = mock_http::ROUTES
        .iter()
        .flat_map(|r| {
            r.methods
                .iter()
                .map(|m| (r.path.to_owned(), (*m).to_owned()))
        })
        .collect();
    let doc = documented(&spec);
    let missing: Vec<_> = routed.difference(&doc).collect();
    let extra: Vec<_> = doc.difference(&routed).collect();
    assert!(
        missing.is_empty(),
        "routes missing from docs/openapi.yaml: {missing:?}"
    );
    assert!(extra.is_empty(), "documented but not routed: {extra:?}");
}

#[test]
fn every_operation_is_complete_and_every_ref_resolves() {
    let spec = spec();
    let mut ids = BTreeSet::new();
    for (path, item) in spec["paths"].as_mapping().unwrap() {
        for (m, op) in item.as_mapping().unwrap() {
            if m.as_str() == Some("parameters") {
                continue;
            }
            let where_ = format!("{} {}", m.as_str().unwrap(), path.as_str().unwrap());
            assert!(op["summary"].is_string(), "{where_}: summary");
            assert!(
                op["responses"].as_mapping().is_some_and(|r| !r.is_empty()),
                "{where_}: responses"
            );
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{where_}: operationId"));
            assert!(ids.insert(id.to_owned()), "duplicate operationId {id}");
            // Path parameters are declared.
            for seg in path.as_str().unwrap().split('/') {
                if let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    let text = serde_yaml_ng::to_string(item).unwrap();
                    assert!(
                        text.contains(&format!("name: {name}"))
                            || text.contains(&format!("parameters/{}", capitalised(name))),
                        "{where_}: parameter {name} undeclared"
                    );
                }
            }
        }
    }
    let mut refs = Vec::new();
    collect_refs(&spec, &mut refs);
    assert!(refs.len() > 50, "{}", refs.len());
    for r in refs {
        let mut node = &spec;
        for part in r
            .strip_prefix("#/")
            .unwrap_or_else(|| panic!("external ref {r}"))
            .split('/')
        {
            node = &node[part];
        }
        assert!(!node.is_null(), "unresolved $ref {r}");
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Mapping(m) => {
            for (k, v) in m {
                if k.as_str() == Some("$ref") {
                    out.push(v.as_str().unwrap().to_owned());
                } else {
                    collect_refs(v, out);
                }
            }
        }
        Value::Sequence(s) => s.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// The table the test above reads is the router: each listed method is
/// routed (never 405) and every other method is 405.
#[tokio::test]
async fn the_route_table_is_the_router() {
    let h = Harness::mode("healthy").await;
    for r in mock_http::ROUTES {
        let path = r
            .path
            .replace("{email}", ANNA)
            .replace("{id}", "1")
            .replace("{name}", "x");
        for m in METHODS {
            // Never reset the shared mock mid-loop: a POST to a reset route
            // is checked last, by the method list alone.
            if m == "POST" && r.path.ends_with("/reset") {
                continue;
            }
            let res = h
                .http
                .request(Method::from_bytes(m.as_bytes()).unwrap(), h.url(&path))
                .header("content-type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap();
            let listed = r.methods.contains(&m);
            assert_eq!(
                res.status() == 405,
                !listed,
                "{m} {} → {}",
                r.path,
                res.status()
            );
        }
    }
    h.stop().await;
}

/// Every route sits behind the access layer, so every operation
/// documents its refusals, and the spec declares the scheme it checks.
#[test]
fn every_operation_documents_the_access_refusals() {
    let spec = spec();
    for (path, item) in spec["paths"].as_mapping().unwrap() {
        for (m, op) in item.as_mapping().unwrap() {
            if m.as_str() == Some("parameters") {
                continue;
            }
            let where_ = format!("{} {}", m.as_str().unwrap(), path.as_str().unwrap());
            // Google's OAuth machine endpoints skip basic auth: they say so
            // (an empty security requirement) and never answer its 401.
            if mock_http::google_oauth::MACHINE_PATHS.contains(&path.as_str().unwrap()) {
                assert_eq!(
                    serde_yaml_ng::to_string(&op["security"]).unwrap().trim(),
                    "- {}",
                    "{where_}: security"
                );
                assert_ne!(
                    op["responses"]["401"]["$ref"].as_str(),
                    Some("#/components/responses/Unauthorized"),
                    "{where_}: no basic-auth 401"
                );
                assert_eq!(
                    op["responses"]["403"]["$ref"].as_str(),
                    Some("#/components/responses/Forbidden"),
                    "{where_}: 403"
                );
                continue;
            }
            for (code, name) in [("401", "Unauthorized"), ("403", "Forbidden")] {
                assert_eq!(
                    op["responses"][code]["$ref"].as_str(),
                    Some(format!("#/components/responses/{name}").as_str()),
                    "{where_}: {code}"
                );
            }
        }
    }
    let scheme = &spec["components"]["securitySchemes"]["basicAuth"];
    assert_eq!(scheme["type"].as_str(), Some("http"));
    assert_eq!(scheme["scheme"].as_str(), Some("basic"));
    assert!(
        spec["security"]
            .as_sequence()
            .is_some_and(|s| s.iter().any(|r| r.get("basicAuth").is_some())),
        "top-level security names basicAuth"
    );
    assert!(
        spec["components"]["responses"]["Unauthorized"]["headers"]["WWW-Authenticate"].is_mapping()
    );
}

/// The refusals the spec documents are what the server sends: the
/// `Error` shape (only `error`) under `/api`, and the challenge header.
#[tokio::test]
async fn the_access_refusals_have_the_documented_shape() {
    use crate::support::assert_error;
    use gmail_wire::Secret;
    let creds = mock_http::Credentials::parse(&Secret::new("dev:pw".to_owned())).unwrap();
    let h = Harness::start_with(
        mock_gmail::MockGmail::builder().mode("healthy"),
        mock_http::Access::default().credentials(creds),
    )
    .await;
    let res = h
        .wire(&format!("GET /api/policy HTTP/1.1\r\nHost: {}", h.addr), "")
        .await;
    let json = serde_json::from_str(&res.body).unwrap();
    assert_error(&(reqwest::StatusCode::UNAUTHORIZED, json), 401, None);
    assert!(res
        .header("www-authenticate")
        .is_some_and(|v| v.starts_with("Basic realm=")));
    let res = h
        .wire("GET /api/policy HTTP/1.1\r\nHost: evil.example", "")
        .await;
    let json = serde_json::from_str(&res.body).unwrap();
    assert_error(&(reqwest::StatusCode::FORBIDDEN, json), 403, None);
    h.stop().await;
}
