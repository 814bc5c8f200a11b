#!/usr/bin/env bash
# Validates the OpenAPI document sdkgen emits, in both versions (3.1.0 and 3.0.3), with the three
# standard validators; each must report zero errors and zero warnings:
#
#   openapi-spec-validator (PyPI)        the OpenAPI specification's schema rules
#   @redocly/cli lint (npm)              Redocly's `recommended` ruleset
#   @stoplight/spectral-cli lint (npm)   Spectral's `spectral:oas` ruleset
#
# The rulesets are scripts/openapi-lint/redocly.yaml and scripts/openapi-lint/spectral.yaml.
# The validators are installed into the repository, ignored by git: the npm packages into
# .tools/node, the Python package into the virtualenv .tools/venv; an install is skipped when
# the pinned versions are already there. The YAML form of each document is checked too: it must
# load (with PyYAML) to exactly the JSON form.
#
# sdkgen invents no license, contact or server, and the rulesets rightly warn when a published
# document has none; so the documents are generated as a publisher publishes them, with those
# three set on the command line (PUBLISHER below). Everything else is as `sdkgen openapi` writes
# it by default.
#
# Usage: scripts/validate-openapi.sh [FILE...]   (default: docs-input/partner-web-endpoints.txt)
set -euo pipefail
cd "$(dirname "$0")/.."

SPEC_VALIDATOR_VERSION=0.9.0

ROOT="$PWD"
TOOLS="$ROOT/.tools"
NODE_DIR="$TOOLS/node"
VENV="$TOOLS/venv"
RULES="$ROOT/scripts/openapi-lint"
OUT="$TOOLS/openapi"

# The npm packages are pinned, with every dependency, by scripts/openapi-lint/package-lock.json
# (@redocly/cli 2.77.0, @stoplight/spectral-cli 6.16.3).
if ! cmp -s "$RULES/package-lock.json" "$NODE_DIR/package-lock.json" ||
    [[ ! -x "$NODE_DIR/node_modules/.bin/redocly" || ! -x "$NODE_DIR/node_modules/.bin/spectral" ]]; then
    echo "== installing @redocly/cli and @stoplight/spectral-cli into .tools/node (npm ci)"
    rm -rf "$NODE_DIR"
    mkdir -p "$NODE_DIR"
    cp "$RULES/package.json" "$RULES/package-lock.json" "$NODE_DIR/"
    (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi
if ! "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('openapi-spec-validator') != '$SPEC_VALIDATOR_VERSION')" 2>/dev/null; then
    echo "== installing openapi-spec-validator==$SPEC_VALIDATOR_VERSION into .tools/venv"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "openapi-spec-validator==$SPEC_VALIDATOR_VERSION"
fi

inputs=("$@")
if [[ ${#inputs[@]} -eq 0 ]]; then
    inputs=(docs-input/partner-web-endpoints.txt)
fi

# shellcheck source=scripts/sdkgen-binary.sh
source "$ROOT/scripts/sdkgen-binary.sh"
mkdir -p "$OUT"

failures=0
report() {
    if [[ $1 -eq 0 ]]; then
        echo "  ok    $2"
    else
        echo "  FAIL  $2"
        failures=$((failures + 1))
    fi
}

# Redocly exits 0 on warnings, so its JSON totals decide.
redocly_clean() {
    local log="$1"
    "$VENV/bin/python" - "$log" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
totals = json.loads(text[text.index("{"):])["totals"]
print(f"        redocly: {totals['errors']} errors, {totals['warnings']} warnings")
sys.exit(0 if totals["errors"] == 0 and totals["warnings"] == 0 else 1)
PY
}

# What a publisher states and sdkgen cannot know: the API's server, contact and license.
PUBLISHER=(--server-url https://api.partner.test --contact-email api@partner.test
    --license-name Apache-2.0)

for version in 3.1 3.0; do
    json="$OUT/openapi-$version.json"
    yaml="$OUT/openapi-$version.yaml"
    "$SDKGEN" openapi --quiet "${PUBLISHER[@]}" --openapi-version "$version" -o "$json" \
        "${inputs[@]}" 2>/dev/null
    "$SDKGEN" openapi --quiet "${PUBLISHER[@]}" --openapi-version "$version" --format yaml \
        -o "$yaml" "${inputs[@]}" 2>/dev/null
    echo "== OpenAPI $version ($json, $yaml)"

    for doc in "$json" "$yaml"; do
        name=$(basename "$doc")
        status=0
        "$VENV/bin/openapi-spec-validator" "$doc" >"$OUT/spec-validator.log" 2>&1 || status=$?
        sed 's/^/        /' "$OUT/spec-validator.log"
        report $status "openapi-spec-validator $name"

        status=0
        (cd "$RULES" && "$NODE_DIR/node_modules/.bin/redocly" lint --config redocly.yaml \
            --format json "$doc") >"$OUT/redocly.json" 2>/dev/null || status=$?
        if ! redocly_clean "$OUT/redocly.json"; then
            (cd "$RULES" && "$NODE_DIR/node_modules/.bin/redocly" lint --config redocly.yaml \
                --format stylish "$doc" 2>/dev/null | tail -n 60) || true
            status=1
        fi
        report $status "redocly lint (recommended) $name"

        status=0
        "$NODE_DIR/node_modules/.bin/spectral" lint --ruleset "$RULES/spectral.yaml" \
            --fail-severity hint "$doc" >"$OUT/spectral.log" 2>&1 || status=$?
        sed 's/^/        /' "$OUT/spectral.log" | tail -n 60
        report $status "spectral lint (spectral:oas) $name"
    done

    status=0
    "$VENV/bin/python" - "$json" "$yaml" <<'PY' || status=$?
import json, sys, yaml
with open(sys.argv[1]) as f:
    from_json = json.load(f)
with open(sys.argv[2]) as f:
    from_yaml = yaml.safe_load(f)
sys.exit(0 if from_json == from_yaml else 1)
PY
    report $status "the YAML loads to the same document as the JSON"
done

if [[ $failures -ne 0 ]]; then
    echo "validate-openapi: $failures checks failed"
    exit 1
fi
echo "validate-openapi: all three validators accept both versions (JSON and YAML) with no errors and no warnings"
