//! Every default sdkgen falls back on when a setting is not given, in one place: `Config`, the
//! command line's `--help` and the emitters all read these, so they cannot disagree.
//!
//! Some settings have no default on purpose: a license, a contact and a server are the API
//! owner's to state, so sdkgen leaves them out rather than invent them.

/// The generated package's version, and the OpenAPI `info.version`, when none is given.
pub const VERSION: &str = "0.1.0";

/// The output folder of `sdkgen generate` and [`crate::Config`].
pub const OUT_DIR: &str = "generated-client";

/// The documents `sdkgen generate` reads when none are named.
pub const INPUT_DIR: &str = "docs-input";
