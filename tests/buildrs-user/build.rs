//! Generates the partner API client from the real document, as a `build.rs` user would.

fn main() -> Result<(), sdkgen::Error> {
    sdkgen::build_script(["../../docs-input/partner-web-endpoints.txt"], "partner")?;
    Ok(())
}
