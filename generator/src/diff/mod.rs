//! `sdkgen diff`: what changed between two versions of an API's endpoint documents, what that
//! means for clients on the wire, and what it means for the generated crate.
//!
//! Both sides are read and inferred exactly as `sdkgen generate` reads them, and compared at
//! the level of the IR and the typed [`Model`]:
//!
//! - **Endpoints** are matched by method and path *shape* (parameter names erased, see
//!   [`PathTemplate::shape`](crate::ir::PathTemplate::shape)), so renaming `{roleBizId}` to
//!   `{roleId}` is one `path.param-renamed` finding, not a removal and an addition.
//! - **Request and response bodies** are compared structurally, by walking the model's
//!   [`TypeRef`](crate::model::TypeRef)s side by side and matching struct fields by their *wire*
//!   names. Type names are never used to pair things up (they may change when the document
//!   changes); a changed name is reported on its own as `type.renamed`.
//! - **Headers** are matched by name (case-insensitive); `Authorization` is compared as the
//!   operation's [`AuthUse`](crate::model::AuthUse). **Errors** are matched by status and code.
//!
//! Every finding is a [`Change`]: a stable [`Check`] id, a [`WireSeverity`] (what it means
//! for a client already talking to the API), a [`CrateEffect`] (what regenerating the client
//! does to its Rust API), where it is (route and a location such as `data.items[].createdAt`)
//! and, where the documents show it, the source position in NEW (in OLD for removals) as
//! `file:line:col`.
//!
//! ```
//! let old = sdkgen::parse_str("old.txt", "API\nPets\nGET /pets/{petId}\nFetch one pet.\n\
//!     Success Response: (HTTP 200)\n{\"success\": true, \"data\": {\"name\": \"Rex\", \"age\": 3}}")?;
//! let new = sdkgen::parse_str("new.txt", "API\nPets\nGET /pets/{id}\nFetch one pet.\n\
//!     Success Response: (HTTP 200)\n{\"success\": true, \"data\": {\"name\": \"Rex\"}}")?;
//! let report = sdkgen::diff::diff_parsed(&old, &new);
//! let ids: Vec<&str> = report.changes.iter().map(|c| c.check.id()).collect();
//! assert_eq!(ids, ["response.field-removed", "path.param-renamed"]);
//! let current: sdkgen::diff::Version = "1.4.2".parse().unwrap();
//! assert_eq!(report.next_version(current).to_string(), "2.0.0");
//! # Ok::<(), sdkgen::Report>(())
//! ```
//!
//! # Checks
//!
//! The wire severity says whether a client that works today may stop working: **breaking**
//! (it will, for some callers), **possibly breaking** (it may, depending on what the caller
//! relies on, or the document lost the evidence that says), **compatible** (it will not). The
//! crate effect is the SemVer effect of regenerating the client: **major** when code written
//! against the old crate may stop compiling or a value it reads changes type; **minor** when
//! something is added, or behaviour changes without breaking code that compiles; **patch** when
//! only documentation or internal data change. The two are independent: adding an *optional*
//! endpoint header is compatible on the wire but adds a method argument (major).
//!
//! | check | wire severity | crate effect |
//! | --- | --- | --- |
//! | `endpoint.removed` | breaking | major |
//! | `endpoint.added` | compatible | minor |
//! | `operation.renamed` | compatible | major |
//! | `path.param-renamed` | compatible | patch |
//! | `query.added-required` | breaking | major |
//! | `query.added-optional` | compatible | major |
//! | `query.became-required` | breaking | major |
//! | `query.became-optional` | compatible | major |
//! | `query.removed` | possibly breaking | major |
//! | `header.added-required` | breaking ¹ | major ¹ |
//! | `header.added-optional` | compatible | major ¹ |
//! | `header.became-required` | breaking ¹ | major ¹ |
//! | `header.became-optional` | compatible | major ¹ |
//! | `header.removed` | possibly breaking ¹ | major ¹ |
//! | `auth.became-required` | breaking | minor |
//! | `auth.added-optional` | compatible | minor |
//! | `auth.became-optional` | compatible | patch |
//! | `auth.removed` | possibly breaking | minor |
//! | `request.body-added` | breaking | major |
//! | `request.body-removed` | possibly breaking | major |
//! | `request.type-changed` | breaking | major |
//! | `request.field-added-required` | breaking | major |
//! | `request.field-added-optional` | compatible | minor |
//! | `request.field-removed` | possibly breaking | major |
//! | `request.field-type-changed` | breaking | major |
//! | `request.field-became-required` | breaking | major ² |
//! | `request.field-became-optional` | compatible | major ² |
//! | `request.field-became-nullable` | compatible | major ² |
//! | `request.field-became-non-nullable` | breaking | major ² |
//! | `response.type-changed` | breaking | major |
//! | `response.field-removed` | breaking | major |
//! | `response.field-added` | compatible | minor |
//! | `response.field-type-changed` | breaking | major |
//! | `response.field-became-nullable` | breaking ³ | major ² |
//! | `response.field-became-optional` | breaking ³ | major ² |
//! | `response.field-became-non-nullable` | compatible | major ² |
//! | `response.field-became-required` | compatible | major ² |
//! | `success.status-changed` | possibly breaking | patch |
//! | `error.code-added` | possibly breaking | minor ⁴ |
//! | `error.code-removed` | compatible | patch ⁴ |
//! | `evidence.success-fixture-lost` | possibly breaking | major |
//! | `evidence.success-fixture-gained` | compatible | major ⁵ |
//! | `evidence.request-sample-lost` | possibly breaking | major |
//! | `evidence.request-sample-gained` | compatible | major |
//! | `evidence.type-lost` | possibly breaking | major |
//! | `evidence.type-gained` | compatible | major |
//! | `type.renamed` | compatible | major |
//! | `enum.value-added` | compatible | minor |
//! | `enum.value-removed` | compatible | major |
//!
//! 1. Headers depend on who supplies them (see [`HeaderRole`](crate::model::HeaderRole)). An
//!    *endpoint* header is a method argument: as in the table. A *context* header is configured
//!    once on the client: the wire severity is as in the table, the crate effect is minor (the
//!    client starts or stops sending it, or starts failing before sending without it), patch
//!    for `header.became-optional`. Headers the transport or a proxy sets (`Content-Type`,
//!    `X-Request-Id`, `CF-Connecting-IP`, ...) are never the caller's concern: compatible,
//!    patch.
//! 2. Patch when the Rust type of the field does not change (a field that may be absent is an
//!    `Option` already, and a field of unknown type is a `serde_json::Value` either way).
//! 3. Possibly breaking when the field could already be absent or `null`.
//! 4. `error.code-added` is a patch (documentation) when the `ErrorCode` enum already has the
//!    code; `error.code-removed` is major when the code leaves the `ErrorCode` enum.
//! 5. Patch when the method keeps returning `serde_json::Value`.
//!
//! # Versions
//!
//! [`DiffReport::next_version`] suggests the next version of the generated crate from the
//! largest crate effect, following Cargo's reading of SemVer: from `1.0.0` on, major/minor/patch
//! bump that component; in `0.y.z` (`y > 0`) the leftmost non-zero component is the
//! "major" one, so a major effect bumps `y` (`0.1.3` → `0.2.0`) and a minor or patch effect
//! bumps `z` (`0.1.3` → `0.1.4`); in `0.0.z` every release is breaking, so any change bumps
//! `z`. No finding, no bump.
//!
//! # JSON
//!
//! `sdkgen diff --format json` prints one object (version 1 of the shape; fields are only ever
//! added):
//!
//! ```json
//! {
//!   "format": "sdkgen-diff/1",
//!   "old": ["docs-old/partner-web-endpoints.txt"],
//!   "new": ["docs-input/partner-web-endpoints.txt"],
//!   "summary": { "breaking": 1, "possibly_breaking": 0, "compatible": 2, "total": 3 },
//!   "version": { "current": "0.1.0", "suggested": "0.2.0", "crate_effect": "major" },
//!   "changes": [
//!     {
//!       "check": "endpoint.removed",
//!       "severity": "breaking",
//!       "crate_effect": "major",
//!       "route": "POST /web/v1/partner/auth/logout",
//!       "location": null,
//!       "message": "the endpoint is removed",
//!       "crate_detail": "`auth().logout()` is removed",
//!       "old": null,
//!       "new": null,
//!       "source": "docs-old/partner-web-endpoints.txt:56:2"
//!     }
//!   ]
//! }
//! ```
//!
//! `severity` is `breaking`, `possibly-breaking` or `compatible`; `crate_effect` is `major`,
//! `minor` or `patch` (`version.crate_effect` is `null` when nothing changed); `location`,
//! `old`, `new` and `source` may be `null`. `changes` are sorted by severity (breaking first),
//! then in the order of the NEW document (removed endpoints last, in OLD order).

mod checks;
mod render;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Serialize;

pub use checks::Check;

use crate::diagnostic::Report;
use crate::infer::infer;
use crate::model::Model;
use crate::overrides::Overrides;
use crate::parse::Parsed;
use crate::surface::Surface;

/// What a change means for a client that already talks to the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WireSeverity {
    /// Existing clients keep working.
    Compatible,
    /// Existing clients may stop working, depending on what they rely on (or the document lost
    /// the evidence that would tell).
    PossiblyBreaking,
    /// Some existing clients stop working.
    Breaking,
}

impl WireSeverity {
    /// `breaking`, `possibly-breaking` or `compatible`, as in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            WireSeverity::Compatible => "compatible",
            WireSeverity::PossiblyBreaking => "possibly-breaking",
            WireSeverity::Breaking => "breaking",
        }
    }

    /// `breaking`, `possibly breaking` or `compatible`, for people.
    pub fn label(self) -> &'static str {
        match self {
            WireSeverity::Compatible => "compatible",
            WireSeverity::PossiblyBreaking => "possibly breaking",
            WireSeverity::Breaking => "breaking",
        }
    }
}

impl fmt::Display for WireSeverity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The SemVer effect of a change on the generated crate's Rust API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CrateEffect {
    /// Documentation or internal data only.
    Patch,
    /// Something is added, or behaviour changes without breaking code that compiles.
    Minor,
    /// Code written against the old crate may stop compiling, or a value changes type.
    Major,
}

impl CrateEffect {
    /// `major`, `minor` or `patch`.
    pub fn as_str(self) -> &'static str {
        match self {
            CrateEffect::Patch => "patch",
            CrateEffect::Minor => "minor",
            CrateEffect::Major => "major",
        }
    }
}

impl fmt::Display for CrateEffect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding of [`diff`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What kind of change it is (serialized as its stable id, such as `endpoint.removed`).
    pub check: Check,
    /// What it means on the wire.
    pub severity: WireSeverity,
    /// What it means for the generated crate.
    pub crate_effect: CrateEffect,
    /// The endpoint, as `METHOD /path` (the NEW path when the endpoint is in both).
    pub route: String,
    /// Where in the endpoint: `data.items[].createdAt` (response), `body.email` (request),
    /// `headers.X-Workspace-Id`, `query.page`, `path.roleId`, `status`,
    /// `errors[404 RESOURCE.NOT_FOUND]`; `None` for the endpoint as a whole.
    pub location: Option<String>,
    /// What changed, in a sentence.
    pub message: String,
    /// What regenerating the client does, in a sentence.
    pub crate_detail: String,
    /// The old value, where there is one (a type, a status, a name).
    pub old: Option<String>,
    /// The new value, where there is one.
    pub new: Option<String>,
    /// Where the change is in the documents, as `file:line:col`: in NEW, or in OLD for
    /// something removed.
    pub source: Option<String>,
}

/// Every finding between two documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffReport {
    /// The OLD files, as given.
    pub old_sources: Vec<String>,
    /// The NEW files, as given.
    pub new_sources: Vec<String>,
    /// The findings, breaking first, then in the NEW document's order (removed endpoints
    /// last, in OLD order).
    pub changes: Vec<Change>,
}

/// How many findings of each severity a report holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Summary {
    /// Breaking findings.
    pub breaking: usize,
    /// Possibly breaking findings.
    pub possibly_breaking: usize,
    /// Compatible findings.
    pub compatible: usize,
    /// All findings.
    pub total: usize,
}

impl DiffReport {
    /// Counts the findings by severity.
    pub fn summary(&self) -> Summary {
        let count = |s: WireSeverity| self.changes.iter().filter(|c| c.severity == s).count();
        Summary {
            breaking: count(WireSeverity::Breaking),
            possibly_breaking: count(WireSeverity::PossiblyBreaking),
            compatible: count(WireSeverity::Compatible),
            total: self.changes.len(),
        }
    }

    /// The largest wire severity found (`None` when nothing changed).
    pub fn max_severity(&self) -> Option<WireSeverity> {
        self.changes.iter().map(|c| c.severity).max()
    }

    /// The largest crate effect found (`None` when nothing changed).
    pub fn crate_effect(&self) -> Option<CrateEffect> {
        self.changes.iter().map(|c| c.crate_effect).max()
    }

    /// Is any finding at or above `threshold`? (What `--fail-on` tests.)
    pub fn reaches(&self, threshold: WireSeverity) -> bool {
        self.max_severity().is_some_and(|s| s >= threshold)
    }

    /// The suggested next version of the generated crate (see the module docs).
    pub fn next_version(&self, current: Version) -> Version {
        match self.crate_effect() {
            Some(effect) => current.bump(effect),
            None => current,
        }
    }

    /// The report for people (what `sdkgen diff` prints by default).
    pub fn to_text(&self, current: Version) -> String {
        render::text(self, current)
    }

    /// The report as Markdown, ready for a CHANGELOG or a pull request comment.
    pub fn to_markdown(&self, current: Version) -> String {
        render::markdown(self, current)
    }

    /// The report as JSON in the shape the module docs describe, pretty-printed, with a final
    /// newline.
    pub fn to_json(&self, current: Version) -> String {
        render::json(self, current)
    }
}

/// A `MAJOR.MINOR.PATCH` version (no pre-release or build metadata).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// Major.
    pub major: u64,
    /// Minor.
    pub minor: u64,
    /// Patch.
    pub patch: u64,
}

impl Version {
    /// A version.
    pub const fn new(major: u64, minor: u64, patch: u64) -> Self {
        Version {
            major,
            minor,
            patch,
        }
    }

    /// The next version after a change of this effect (see the module docs for `0.x`).
    pub fn bump(self, effect: CrateEffect) -> Version {
        let Version {
            major,
            minor,
            patch,
        } = self;
        match (major, minor, effect) {
            (0, 0, _) => Version::new(0, 0, patch + 1),
            (0, _, CrateEffect::Major) => Version::new(0, minor + 1, 0),
            (0, _, _) => Version::new(0, minor, patch + 1),
            (_, _, CrateEffect::Major) => Version::new(major + 1, 0, 0),
            (_, _, CrateEffect::Minor) => Version::new(major, minor + 1, 0),
            (_, _, CrateEffect::Patch) => Version::new(major, minor, patch + 1),
        }
    }
}

impl Default for Version {
    /// `0.1.0`, the version `sdkgen generate` gives a new crate.
    fn default() -> Self {
        Version::new(0, 1, 0)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl FromStr for Version {
    type Err = String;

    /// Parses `X.Y.Z`: three decimal numbers without leading zeros.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || format!("`{text}` is not a version: expected X.Y.Z, such as 0.1.0");
        let parts: Vec<&str> = text.split('.').collect();
        let [major, minor, patch] = parts.as_slice() else {
            return Err(error());
        };
        let number = |part: &str| {
            let digits = !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
            let leading_zero = part.len() > 1 && part.starts_with('0');
            if digits && !leading_zero {
                part.parse::<u64>().map_err(|_| error())
            } else {
                Err(error())
            }
        };
        Ok(Version::new(number(major)?, number(minor)?, number(patch)?))
    }
}

/// Compares two parsed and inferred APIs.
pub fn diff(old: &Parsed, old_model: &Model, new: &Parsed, new_model: &Model) -> DiffReport {
    let (old_surface, new_surface) = (
        Surface::new(&old.api, old_model),
        Surface::new(&new.api, new_model),
    );
    let changes = checks::compare(
        checks::Side {
            parsed: old,
            model: old_model,
            surface: &old_surface,
        },
        checks::Side {
            parsed: new,
            model: new_model,
            surface: &new_surface,
        },
    );
    DiffReport {
        old_sources: old.api.sources.clone(),
        new_sources: new.api.sources.clone(),
        changes,
    }
}

/// Infers both sides and compares them.
pub fn diff_parsed(old: &Parsed, new: &Parsed) -> DiffReport {
    let old_model = infer(old).model;
    let new_model = infer(new).model;
    diff(old, &old_model, new, &new_model)
}

/// Reads both sides (files, or folders of documents), each with the `sdkgen.toml` beside its
/// documents (see [`crate::overrides`]), infers and compares them: an override that changes
/// is reported like a change of the document. When either side has errors, the diagnostics
/// of both are returned.
pub fn diff_paths(old: &[PathBuf], new: &[PathBuf]) -> Result<DiffReport, Report> {
    let old_config = Overrides::discover(old);
    let new_config = Overrides::discover(new);
    diff_paths_with(old, old_config.as_deref(), new, new_config.as_deref())
}

/// [`diff_paths`] with each side's `sdkgen.toml` given (`None`: none).
pub fn diff_paths_with(
    old: &[PathBuf],
    old_config: Option<&Path>,
    new: &[PathBuf],
    new_config: Option<&Path>,
) -> Result<DiffReport, Report> {
    let side = |paths: &[PathBuf], config: Option<&Path>| {
        let documents = crate::parse::read_documents(paths)?;
        Overrides::load(&documents, config)
    };
    match (side(old, old_config), side(new, new_config)) {
        (Ok((old, old_inferred, _)), Ok((new, new_inferred, _))) => {
            Ok(diff(&old, &old_inferred.model, &new, &new_inferred.model))
        }
        (old, new) => {
            let mut diagnostics = Vec::new();
            for side in [old.err(), new.err()].into_iter().flatten() {
                diagnostics.extend(side.diagnostics);
            }
            Err(Report { diagnostics })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(heading: &str) -> Parsed {
        let text = format!(
            "API\nThings\n{heading}\nSuccess Response: (HTTP 200)\n{{\"success\": true, \"data\": null}}\n"
        );
        crate::parse_str("t.txt", &text).expect("the document parses")
    }

    /// Reports name the arguments the generated method has: `{self}` and `{Self}` are
    /// `self_` and `self_2` there, so renaming the second names `self_2`, not `self_`.
    #[test]
    fn reports_use_the_client_argument_names() {
        let old = document("GET /t/{self}/{Self}");
        let new = document("GET /t/{self}/{selfId}");
        let report = diff_parsed(&old, &new);
        let renamed = report
            .changes
            .iter()
            .find(|c| c.check == Check::PathParamRenamed)
            .expect("the rename is reported");
        assert!(
            renamed.crate_detail.contains("`self_2` is now `self_id`"),
            "{}",
            renamed.crate_detail
        );
    }

    fn v(text: &str) -> Version {
        text.parse().expect("a version")
    }

    #[test]
    fn versions_bump_by_cargo_semver() {
        let cases = [
            ("1.4.2", CrateEffect::Major, "2.0.0"),
            ("1.4.2", CrateEffect::Minor, "1.5.0"),
            ("1.4.2", CrateEffect::Patch, "1.4.3"),
            ("0.1.3", CrateEffect::Major, "0.2.0"),
            ("0.1.3", CrateEffect::Minor, "0.1.4"),
            ("0.1.3", CrateEffect::Patch, "0.1.4"),
            ("0.0.7", CrateEffect::Major, "0.0.8"),
            ("0.0.7", CrateEffect::Minor, "0.0.8"),
            ("0.0.7", CrateEffect::Patch, "0.0.8"),
        ];
        for (current, effect, next) in cases {
            assert_eq!(v(current).bump(effect), v(next), "{current} + {effect}");
        }
        assert_eq!(Version::default().to_string(), "0.1.0");
    }

    #[test]
    fn versions_parse_strictly() {
        assert_eq!(v("10.20.30"), Version::new(10, 20, 30));
        for bad in [
            "",
            "1",
            "1.2",
            "1.2.3.4",
            "1.2.x",
            "01.2.3",
            "1.2.3-rc.1",
            " 1.2.3",
            "v1.2.3",
        ] {
            assert!(bad.parse::<Version>().is_err(), "{bad:?} must be rejected");
        }
    }

    #[test]
    fn severities_order_from_compatible_to_breaking() {
        assert!(WireSeverity::Breaking > WireSeverity::PossiblyBreaking);
        assert!(WireSeverity::PossiblyBreaking > WireSeverity::Compatible);
        assert!(CrateEffect::Major > CrateEffect::Minor && CrateEffect::Minor > CrateEffect::Patch);
    }

    #[test]
    fn module_docs_list_every_check() {
        let docs = include_str!("mod.rs");
        for check in Check::ALL {
            let row = format!("//! | `{}` |", check.id());
            assert!(
                docs.contains(&row),
                "the module docs' table has no row for {}",
                check.id()
            );
        }
        let rows = docs.lines().filter(|l| l.starts_with("//! | `")).count();
        assert_eq!(rows, Check::ALL.len(), "one row per check, no more");
    }
}
