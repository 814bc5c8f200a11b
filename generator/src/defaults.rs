//! Every default sdkgen falls back on when a setting is not given, in one place: `Config`, the
//! command line's `--help` and the emitters all read these, so they cannot disagree.

/// The generated package's version, and the OpenAPI `info.version`, when none is given.
pub const VERSION: &str = "0.1.0";

/// The generated package's license (an SPDX expression), and the OpenAPI `info.license.name`,
/// when none is given.
pub const LICENSE: &str = "MIT OR Apache-2.0";

/// The OpenAPI `info.contact.name` when none is given.
pub const CONTACT_NAME: &str = "API maintainers";

/// The OpenAPI server when none is given: a reserved name that cannot resolve (RFC 2606),
/// described as a placeholder.
pub const SERVER_URL: &str = "https://api.test.invalid";

/// The output folder of `sdkgen generate` and [`crate::Config`].
pub const OUT_DIR: &str = "generated-client";

/// The documents `sdkgen generate` reads when none are named.
pub const INPUT_DIR: &str = "docs-input";
