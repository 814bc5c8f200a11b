//! The three renderings of a [`DiffReport`]: text for a terminal, JSON for tools (its shape
//! is in the [module docs](super)), Markdown for a CHANGELOG or a pull request comment.

use std::fmt::Write;

use serde::Serialize;

use super::{Change, CrateEffect, DiffReport, Summary, Version, WireSeverity};

/// `0.2.0 (from 0.1.0: major change; in 0.x a major change bumps the minor number)`.
fn version_line(report: &DiffReport, current: Version) -> String {
    let next = report.next_version(current);
    let Some(effect) = report.crate_effect() else {
        return format!("{next} (unchanged: nothing to release)");
    };
    let note = match (current.major, current.minor, effect) {
        (0, 0, _) => "; in 0.0.x every change bumps the patch number",
        (0, _, CrateEffect::Major) => "; in 0.x a major change bumps the minor number",
        (0, _, CrateEffect::Minor) => "; in 0.x a minor change bumps the patch number",
        _ => "",
    };
    format!("{next} (from {current}: {effect} change{note})")
}

fn counts(report: &DiffReport) -> String {
    let summary = report.summary();
    let noun = if summary.total == 1 {
        "change"
    } else {
        "changes"
    };
    format!(
        "{} {noun}: {} breaking, {} possibly breaking, {} compatible",
        summary.total, summary.breaking, summary.possibly_breaking, summary.compatible
    )
}

fn heading(change: &Change) -> String {
    let mut line = format!(
        "[{}] {} — {}",
        change.severity.label(),
        change.check.id(),
        change.route
    );
    if let Some(location) = &change.location {
        line.push_str(" — ");
        line.push_str(location);
    }
    line
}

/// The report for a terminal.
pub(super) fn text(report: &DiffReport, current: Version) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "old: {}", report.old_sources.join(", "));
    let _ = writeln!(out, "new: {}", report.new_sources.join(", "));
    if report.changes.is_empty() {
        let _ = writeln!(out, "no changes: both describe the same API");
    } else {
        let _ = writeln!(out, "{}", counts(report));
    }
    let _ = writeln!(
        out,
        "suggested crate version: {}",
        version_line(report, current)
    );
    for change in &report.changes {
        let _ = writeln!(out, "\n{}", heading(change));
        let _ = writeln!(out, "    {}", change.message);
        let _ = writeln!(
            out,
            "    crate: {} — {}",
            change.crate_effect, change.crate_detail
        );
        if let Some(source) = &change.source {
            let _ = writeln!(out, "    at {source}");
        }
    }
    out
}

/// The JSON document, fields in the documented order.
#[derive(Serialize)]
struct JsonReport<'a> {
    format: &'static str,
    old: &'a [String],
    new: &'a [String],
    summary: Summary,
    version: JsonVersion,
    changes: &'a [Change],
}

#[derive(Serialize)]
struct JsonVersion {
    current: String,
    suggested: String,
    crate_effect: Option<CrateEffect>,
}

/// The report as pretty-printed JSON with a final newline (see the module docs for the shape).
pub(super) fn json(report: &DiffReport, current: Version) -> String {
    let document = JsonReport {
        format: "sdkgen-diff/1",
        old: &report.old_sources,
        new: &report.new_sources,
        summary: report.summary(),
        version: JsonVersion {
            current: current.to_string(),
            suggested: report.next_version(current).to_string(),
            crate_effect: report.crate_effect(),
        },
        changes: &report.changes,
    };
    // Plain data with string keys: serializing it cannot fail.
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// Escapes text for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Wraps text in a code span that survives backticks inside it.
fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {} ``", cell(text))
    } else {
        format!("`{}`", cell(text))
    }
}

/// The report as Markdown: a summary, then one table per severity.
pub(super) fn markdown(report: &DiffReport, current: Version) -> String {
    let mut out = String::from("## API changes\n\n");
    let files = |sources: &[String]| {
        sources
            .iter()
            .map(|s| code(s))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        out,
        "Comparing {} (old) with {} (new).\n",
        files(&report.old_sources),
        files(&report.new_sources),
    );
    if report.changes.is_empty() {
        let _ = writeln!(out, "**No changes**: both describe the same API.\n");
    } else {
        let summary = report.summary();
        let _ = writeln!(
            out,
            "**{} {}**: {} breaking, {} possibly breaking, {} compatible.\n",
            summary.total,
            if summary.total == 1 {
                "change"
            } else {
                "changes"
            },
            summary.breaking,
            summary.possibly_breaking,
            summary.compatible
        );
    }
    let next = report.next_version(current);
    let line = version_line(report, current);
    let _ = writeln!(
        out,
        "Suggested version of the generated crate: **{next}**{}",
        line.strip_prefix(&next.to_string()).unwrap_or_default()
    );
    for severity in [
        WireSeverity::Breaking,
        WireSeverity::PossiblyBreaking,
        WireSeverity::Compatible,
    ] {
        let changes: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| c.severity == severity)
            .collect();
        if changes.is_empty() {
            continue;
        }
        let title = match severity {
            WireSeverity::Breaking => "Breaking",
            WireSeverity::PossiblyBreaking => "Possibly breaking",
            WireSeverity::Compatible => "Compatible",
        };
        let _ = writeln!(out, "\n### {title} ({})\n", changes.len());
        let _ = writeln!(
            out,
            "| Check | Endpoint | Where | Change | Generated crate | Source |"
        );
        let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- |");
        for change in changes {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {}: {} | {} |",
                code(change.check.id()),
                code(&change.route),
                change
                    .location
                    .as_deref()
                    .map_or_else(|| "—".to_owned(), code),
                cell(&change.message),
                change.crate_effect,
                cell(&change.crate_detail),
                change
                    .source
                    .as_deref()
                    .map_or_else(|| "—".to_owned(), code),
            );
        }
    }
    out
}
