//! Generates API clients from documents, as a `build.rs` user would: the partner API, and the
//! shop API twice, as `clients::shop` and `clients_shop`, to show that several clients in one
//! build script each keep their own file and that those two module paths cannot collide.

fn main() -> Result<(), sdkgen::Error> {
    sdkgen::build_script(["../../docs-input/partner-web-endpoints.txt"], "partner")?;
    let shop = "../fixtures/shapes/shop-api.md";
    sdkgen::build_script([shop], "clients::shop")?;
    sdkgen::build_script([shop], "clients_shop")?;
    Ok(())
}
