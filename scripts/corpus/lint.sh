#!/usr/bin/env bash
# Generates a client crate from every corpus entry (fetched with fetch.py) and runs
# `cargo clippy --all-targets -- -D warnings` over all of them in one throwaway workspace.
# Usage: bash scripts/corpus/lint.sh [OUT_DIR]   (default: a temporary folder)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$(mktemp -d)}"
cd "$root"
cargo build -q --release -p sdkgen
bin="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/sdkgen"
members=()
for dir in "$here"/docs/*/; do
  slug="$(basename "$dir")"
  # An entry of .mdx files is given file by file (a folder stands for .md, .markdown, .txt).
  inputs=("$dir")
  if compgen -G "$dir*.mdx" >/dev/null; then inputs=("$dir"*.mdx); fi
  "$bin" generate "${inputs[@]}" -o "$out/$slug" --crate-name "$slug-client" >/dev/null
  members+=("\"$slug\"")
done
(IFS=,; printf '[workspace]\nmembers = [%s]\nresolver = "2"\n' "${members[*]}") > "$out/Cargo.toml"
cd "$out"
CARGO_TARGET_DIR="$out/target" cargo clippy --workspace --all-targets --keep-going -- -D warnings
echo "every corpus crate passes clippy -D warnings ($out)"
