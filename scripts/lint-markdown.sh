#!/usr/bin/env bash
# Lints the Markdown reference pages sdkgen generates (generated-client/docs/) with
# markdownlint-cli2. The rules are in .markdownlint-cli2.jsonc at the repository root; every
# rule relaxed there says why.
#
# markdownlint-cli2 0.22.1 is installed into the repository, ignored by git, in its own npm
# prefix .tools/node/markdownlint (the OpenAPI validators own .tools/node itself), pinned with
# every dependency by scripts/markdownlint/package-lock.json (`npm ci`). Installing is skipped
# when that lock file is already installed.
#
# Usage: scripts/lint-markdown.sh [DIR]   (default: generated-client/docs)
set -euo pipefail
cd "$(dirname "$0")/.."

LOCK_DIR="$PWD/scripts/markdownlint"
PREFIX="$PWD/.tools/node/markdownlint"
BIN="$PREFIX/node_modules/.bin/markdownlint-cli2"
DOCS="${1:-generated-client/docs}"

if ! cmp -s "$LOCK_DIR/package-lock.json" "$PREFIX/package-lock.json" || [[ ! -x "$BIN" ]]; then
    echo "== installing markdownlint-cli2 into .tools/node/markdownlint (npm ci)"
    rm -rf "$PREFIX"
    mkdir -p "$PREFIX"
    cp "$LOCK_DIR/package.json" "$LOCK_DIR/package-lock.json" "$PREFIX/"
    (cd "$PREFIX" && npm ci --no-audit --no-fund --loglevel=error)
fi

if [[ ! -d "$DOCS" ]]; then
    echo "$DOCS does not exist: run \`cargo run -p sdkgen -- generate\` first" >&2
    exit 1
fi

echo "== markdownlint-cli2 $DOCS"
"$BIN" "$DOCS/**/*.md"
