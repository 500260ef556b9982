//! Output formats: progress lines in the style of cargo-nextest, a
//! summary, JSON, and JUnit XML for CI dashboards.

use std::fmt::Write as _;
use std::time::Duration;

use crate::partition::Partition;
use crate::run::Outcome;

/// The line printed when a scenario finishes.
pub fn progress_line(o: &Outcome) -> String {
    let status = if o.passed { "PASS" } else { "FAIL" };
    let chosen = o
        .chosen
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(" → ");
    let mut s = format!(
        "{status:>12} [{:>8.3}s] {:<44} {chosen}",
        o.elapsed.as_secs_f64(),
        o.name
    );
    if !o.passed {
        for line in o.diff().lines() {
            s.push_str("\n               ");
            s.push_str(line);
        }
    }
    s
}

/// "1 scenario", "31 scenarios": the progress and summary lines read as
/// English for a single file too (`scenarios customer.toml`).
pub fn scenario_count(n: usize) -> String {
    if n == 1 {
        "1 scenario".to_owned()
    } else {
        format!("{n} scenarios")
    }
}

/// The closing summary: `Summary [ 0.812s] 31 scenarios: 31 passed, 0 failed`.
pub fn summary(outcomes: &[Outcome], wall: Duration) -> String {
    let passed = outcomes.iter().filter(|o| o.passed).count();
    let failed = outcomes.len() - passed;
    let mut s = format!(
        "{:>12} [{:>8.3}s] {}: {passed} passed, {failed} failed",
        "Summary",
        wall.as_secs_f64(),
        scenario_count(outcomes.len())
    );
    for o in outcomes.iter().filter(|o| !o.passed) {
        let _ = write!(s, "\n{:>12} {}", "FAIL", o.name);
    }
    s
}

/// All outcomes as JSON.
pub fn json(outcomes: &[Outcome], wall: Duration) -> String {
    let passed = outcomes.iter().filter(|o| o.passed).count();
    let v = serde_json::json!({
        "scenarios": outcomes,
        "passed": passed,
        "failed": outcomes.len() - passed,
        "elapsed": (wall.as_secs_f64() * 1000.0).round() / 1000.0,
    });
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: one `<testcase>` per scenario. A mismatch is a `<failure>`
/// (its message: the first line of the diff), a scenario that could not
/// run (the mock did not start, the customer's account is missing) an
/// `<error>`. Each testcase's `<system-out>` names the file and the walk
/// the doctor chose.
///
/// Only elements and attributes of the widely used Jenkins/Surefire
/// schema (`junit-10.xsd`) are written — no `file` attribute on
/// `<testcase>`, which that schema rejects — so strict consumers accept it
/// and lenient ones (GitHub, GitLab) too.
///
/// A shard of a partitioned run (`--partition`) names itself in the suite
/// name (`scenarios (hash:2/4)`), so the merged JUnit of a CI matrix keeps
/// one `<testsuite>` per runner and a failure says which runner ran it.
pub fn junit(outcomes: &[Outcome], wall: Duration, shard: Option<&Partition>) -> String {
    let suite = match shard {
        Some(p) => format!("scenarios ({p})"),
        None => "scenarios".to_owned(),
    };
    let errors = outcomes.iter().filter(|o| o.error.is_some()).count();
    let failures = outcomes
        .iter()
        .filter(|o| !o.passed && o.error.is_none())
        .count();
    let tests = outcomes.len();
    let time = wall.as_secs_f64();
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(s, "<testsuites name=\"gmail-harness scenarios\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" time=\"{time:.3}\">");
    let _ = writeln!(s, "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\" time=\"{time:.3}\">", xml_escape(&suite));
    for o in outcomes {
        let _ = writeln!(
            s,
            "    <testcase classname=\"scenarios\" name=\"{}\" time=\"{:.3}\">",
            xml_escape(&o.name),
            o.elapsed.as_secs_f64()
        );
        if !o.passed {
            let diff = o.diff();
            let first = diff.lines().next().unwrap_or_default();
            let (element, kind) = if o.error.is_some() {
                ("error", "error")
            } else {
                ("failure", "mismatch")
            };
            let _ = writeln!(
                s,
                "      <{element} message=\"{}\" type=\"{kind}\">{}</{element}>",
                xml_escape(first),
                xml_escape(&diff)
            );
        }
        let chosen = o
            .chosen
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(" → ");
        let _ = writeln!(
            s,
            "      <system-out>{}: chosen {}</system-out>\n    </testcase>",
            xml_escape(&o.path.display().to_string()),
            xml_escape(if chosen.is_empty() {
                "(nothing)"
            } else {
                &chosen
            })
        );
    }
    s.push_str("  </testsuite>\n</testsuites>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_english() {
        assert_eq!(scenario_count(1), "1 scenario");
        assert_eq!(scenario_count(0), "0 scenarios");
        assert_eq!(scenario_count(49), "49 scenarios");
    }

    #[test]
    fn escapes() {
        assert_eq!(
            xml_escape("a<b & \"c\"'"),
            "a&lt;b &amp; &quot;c&quot;&apos;"
        );
    }
}
