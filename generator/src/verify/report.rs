//! What `sdkgen verify` found, and the four ways to print it: text for people, JSON for tools,
//! JUnit XML for CI test reports, Markdown for a pull request comment.

use serde::Serialize;

use crate::diff::{Change, WireSeverity};

/// An endpoint whose answer was compared with the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verified {
    /// `METHOD /path`.
    pub route: String,
    /// The status it answered with.
    pub status: u16,
}

/// An endpoint that was not checked, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// `METHOD /path`.
    pub route: String,
    /// Why, with what would let it be checked.
    pub why: String,
}

/// The outcome of a verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// The service checked.
    pub base_url: String,
    /// Where the answers differ from the document, as `sdkgen diff` names changes.
    pub findings: Vec<Change>,
    /// The endpoints checked.
    pub verified: Vec<Verified>,
    /// The endpoints not checked.
    pub skipped: Vec<Skipped>,
}

/// How to print a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people.
    Text,
    /// `sdkgen-verify/1` JSON.
    Json,
    /// JUnit XML: a test case per endpoint.
    Junit,
    /// Markdown.
    Markdown,
}

impl VerifyReport {
    /// Whether a finding reaches `threshold`.
    pub fn reaches(&self, threshold: WireSeverity) -> bool {
        self.findings.iter().any(|f| f.severity >= threshold)
    }

    /// The report in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Text => self.text(),
            Format::Json => self.json(),
            Format::Junit => self.junit(),
            Format::Markdown => self.markdown(),
        }
    }

    fn finding_line(change: &Change) -> String {
        let at = change
            .location
            .as_deref()
            .map(|l| format!(" at {l}"))
            .unwrap_or_default();
        format!(
            "{} [{}] {}{at}: {}",
            change.route,
            change.check.id(),
            change.severity.as_str(),
            change.message
        )
    }

    fn text(&self) -> String {
        let mut out = format!(
            "sdkgen verify {}: {} endpoints checked, {} skipped, {} findings\n",
            self.base_url,
            self.verified.len(),
            self.skipped.len(),
            self.findings.len()
        );
        if !self.findings.is_empty() {
            out.push_str("\nfindings:\n");
            for change in &self.findings {
                out.push_str(&format!("  {}\n", Self::finding_line(change)));
            }
        }
        if !self.skipped.is_empty() {
            out.push_str("\nnot checked:\n");
            for skipped in &self.skipped {
                out.push_str(&format!("  {}: {}\n", skipped.route, skipped.why));
            }
        }
        out
    }

    fn json(&self) -> String {
        let value = serde_json::json!({
            "format": "sdkgen-verify/1",
            "base_url": self.base_url,
            "findings": self.findings,
            "verified": self.verified,
            "skipped": self.skipped,
        });
        serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
    }

    fn junit(&self) -> String {
        let mut cases = String::new();
        let mut failures = 0;
        for verified in &self.verified {
            let found: Vec<&Change> = self
                .findings
                .iter()
                .filter(|f| f.route == verified.route)
                .collect();
            cases.push_str(&format!(
                "    <testcase classname=\"sdkgen.verify\" name=\"{}\">\n",
                xml(&verified.route)
            ));
            if !found.is_empty() {
                failures += 1;
                let text: Vec<String> = found.iter().map(|c| xml(&Self::finding_line(c))).collect();
                cases.push_str(&format!(
                    "      <failure message=\"{} finding(s)\" type=\"{}\">{}</failure>\n",
                    found.len(),
                    xml(found[0].check.id()),
                    text.join("\n")
                ));
            }
            cases.push_str("    </testcase>\n");
        }
        for skipped in &self.skipped {
            cases.push_str(&format!(
                "    <testcase classname=\"sdkgen.verify\" name=\"{}\">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                xml(&skipped.route),
                xml(&skipped.why)
            ));
        }
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"sdkgen verify {}\" tests=\"{}\" failures=\"{failures}\" skipped=\"{}\">\n{cases}  </testsuite>\n</testsuites>\n",
            xml(&self.base_url),
            self.verified.len() + self.skipped.len(),
            self.skipped.len()
        )
    }

    fn markdown(&self) -> String {
        let mut out = format!(
            "## sdkgen verify\n\n`{}`: {} endpoints checked, {} skipped, {} findings.\n",
            self.base_url,
            self.verified.len(),
            self.skipped.len(),
            self.findings.len()
        );
        if !self.findings.is_empty() {
            out.push_str("\n| Endpoint | Check | Severity | Where | What |\n| --- | --- | --- | --- | --- |\n");
            for change in &self.findings {
                out.push_str(&format!(
                    "| `{}` | `{}` | {} | {} | {} |\n",
                    change.route,
                    change.check.id(),
                    change.severity.label(),
                    change
                        .location
                        .as_deref()
                        .map(|l| format!("`{l}`"))
                        .unwrap_or_default(),
                    change.message.replace('|', "\\|")
                ));
            }
        }
        if !self.skipped.is_empty() {
            out.push_str("\n| Not checked | Why |\n| --- | --- |\n");
            for skipped in &self.skipped {
                out.push_str(&format!(
                    "| `{}` | {} |\n",
                    skipped.route,
                    skipped.why.replace('|', "\\|")
                ));
            }
        }
        out
    }
}

/// Text escaped for XML attributes and content.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
