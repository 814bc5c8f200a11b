# Sourced by the scripts that run sdkgen: builds the debug binary and sets SDKGEN to it. The
# binary is where Cargo puts it (CARGO_TARGET_DIR, a config file or the default target/ all
# count), so Cargo is asked rather than guessed.
cargo build --quiet --locked -p sdkgen --bin sdkgen
SDKGEN="$(cargo metadata --format-version 1 --no-deps --locked |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')/debug/sdkgen"
