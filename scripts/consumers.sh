#!/usr/bin/env bash
# Consumer tests: feeds sdkgen's OpenAPI document to the code generators other teams use and
# fails on whatever would hurt them. A document the validators accept (validate-openapi.sh) can
# still give a client that does not compile, or classes named `Data2` or `WebV1PartnerAuth...`
# that change when the document changes; this script builds those clients and looks.
#
# For each version of the document (3.1.0 and 3.0.3; openapi-generator accepts both, 3.1 with
# only its "3.1 support is still in beta" warning, so both are run through every tool):
#
#   openapi-generator typescript-fetch   generate, then `tsc --noEmit --strict` on the output
#   openapi-generator python             generate, then import the package and mypy it
#   (openapi-generator writes an empty identifier for a property named in non-ASCII letters,
#   such as `名称`; it is given `--name-mappings` with the names sdkgen's Rust client uses,
#   as a team generating from the document would: scripts/consumers/name_mappings.py)
#   openapi-python-client generate       (--fail-on-warning) then import the package and mypy it
#   datamodel-codegen (pydantic v2)      generate, then import the module
#
# and on every output scripts/consumers/check_names.py checks the generated class names and
# types: no numbered duplicates (`Success1` beside `Success`), no names built from URL path
# segments (`WebV1...`), no union wrapper for a nullable `$ref` (a `...AnyOf...` class, or a
# property typed anything but `Ref | null`), no `allOf` specialisation whose narrowed property
# lost its type (`ApiKeyPage.items` must be a list of `ApiKey`). Every problem is one line:
#   FAIL  <tool> [<document>-<version>.json]: <what, naming the class, property or error>
# A generator error (a non-zero exit, an ERROR line, an openapi-python-client warning), a
# failed import and a compile or type error are problems too.
#
# The tools are installed into the repository, ignored by git: the Python packages (pinned
# below; openapi-generator-cli's wheel holds the openapi-generator jar, so nothing is fetched
# from Maven; java 17 runs it) into the virtualenv .tools/consumers/venv, TypeScript (pinned by
# scripts/consumers/package-lock.json) into .tools/consumers/node; an install is skipped when
# the pinned versions are there. Outputs are kept in .tools/consumers/out/.
#
# Usage: scripts/consumers.sh [FILE...]   (default: docs-input/partner-web-endpoints.txt)
#        scripts/consumers.sh --self-test  runs the same checks on the hand-written documents
#            in scripts/consumers/selftest/, each made to trip them, and fails unless every
#            problem listed in scripts/consumers/selftest/expected.txt is reported.
set -euo pipefail
cd "$(dirname "$0")/.."

PY_PACKAGES=(
    openapi-generator-cli==7.26.0 openapi-python-client==0.29.1 datamodel-code-generator==0.89.0
    mypy==2.4.1
    # what the generated Python clients import, and the stubs mypy needs for them
    pydantic==2.14.4 urllib3==2.8.0 python-dateutil==4.0.0 types-python-dateutil==2.9.0.20261116
    httpx==0.28.1 attrs==26.1.0
)

ROOT="$PWD"
HERE="$ROOT/scripts/consumers"
TOOLS="$ROOT/.tools/consumers"
NODE_DIR="$TOOLS/node"
VENV="$TOOLS/venv"
OUT="$TOOLS/out"

if ! cmp -s "$HERE/package-lock.json" "$NODE_DIR/package-lock.json" ||
    [[ ! -x "$NODE_DIR/node_modules/.bin/tsc" ]]; then
    echo "== installing typescript into .tools/consumers/node (npm ci)"
    rm -rf "$NODE_DIR"
    mkdir -p "$NODE_DIR"
    cp "$HERE/package.json" "$HERE/package-lock.json" "$NODE_DIR/"
    (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi
if ! "$VENV/bin/python" - "${PY_PACKAGES[@]}" 2>/dev/null <<'PY'; then
import importlib.metadata as m, sys
sys.exit(any(m.version(p.split("==")[0]) != p.split("==")[1] for p in sys.argv[1:]))
PY
    echo "== installing ${PY_PACKAGES[*]} into .tools/consumers/venv"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "${PY_PACKAGES[@]}"
fi
# openapi-python-client runs ruff and datamodel-codegen black/isort: the virtualenv's.
export PATH="$VENV/bin:$PATH"
TSC="$NODE_DIR/node_modules/.bin/tsc"
PY="$VENV/bin/python"

failures=0
fail() {
    echo "  FAIL  $1"
    failures=$((failures + 1))
}

# step LABEL LOG COMMAND...: runs COMMAND (output to LOG); a non-zero exit is one problem,
# shown with the end of the log.
step() {
    local label="$1" log="$2"
    shift 2
    local status=0
    "$@" >"$log" 2>&1 || status=$?
    [[ $status -eq 0 ]] && return 0
    fail "$label: exited $status ($log)"
    # The start says what failed (a Java exception), the end why (a Python traceback).
    grep -vE '^\[main\] INFO|^\s+at |^\s*$' "$log" |
        awk 'NR <= 6 { print; next } { tail[NR % 4] = $0 }
             END { for (i = (NR > 9 ? NR - 3 : 7); i <= NR; i++) print tail[i % 4] }' |
        sed 's/^/        /'
    return 1
}

# errors LABEL LOG PATTERN: one problem per line of LOG matching PATTERN (at most 40 shown).
errors() {
    local label="$1" log="$2" pattern="$3" count
    count=$(grep -cE "$pattern" "$log" || true)
    [[ $count -eq 0 ]] && return 0
    while IFS= read -r line; do fail "$label: $line"; done < <(grep -E "$pattern" "$log" | head -n 40)
    [[ $count -gt 40 ]] && fail "$label: ... $((count - 40)) more in $log"
    return 1
}

# names TOOL DOC LANG OUTPUT...: check_names.py's problems count like the others.
names() {
    local found
    found=$("$PY" "$HERE/check_names.py" "$@") || true
    [[ -z "$found" ]] && return 0
    echo "$found"
    failures=$((failures + $(grep -c FAIL <<<"$found")))
}

oag_typescript() {
    local doc="$1" dir="$2/oag-typescript" label="openapi-generator typescript-fetch [$(basename "$1")]"
    # shellcheck disable=SC2086 # the mappings are one word, or none
    step "$label: generate" "$dir.log" "$VENV/bin/openapi-generator-cli" generate -g typescript-fetch \
        -i "$doc" -o "$dir" $MAPPINGS || return 0
    errors "$label: generate" "$dir.log" '^\[main\] ERROR|^Exception in thread' || return 0
    (cd "$dir" && "$TSC" --noEmit --strict --target es2020 --lib es2020,dom --module es2020 \
        --moduleResolution node index.ts) >"$dir.tsc.log" 2>&1 || true
    errors "$label: tsc" "$dir.tsc.log" 'error TS' && echo "  ok    $label: generated, tsc --strict clean"
    names "openapi-generator typescript-fetch" "$doc" ts "$dir/models" "$dir/apis"
}

oag_python() {
    local doc="$1" dir="$2/oag-python" label="openapi-generator python [$(basename "$1")]"
    # shellcheck disable=SC2086 # the mappings are one word, or none
    step "$label: generate" "$dir.log" "$VENV/bin/openapi-generator-cli" generate -g python \
        -i "$doc" -o "$dir" --additional-properties=packageName=consumer_client \
        $MAPPINGS || return 0
    errors "$label: generate" "$dir.log" '^\[main\] ERROR|^Exception in thread' || return 0
    step "$label: import consumer_client" "$dir.import.log" \
        bash -c "cd '$dir' && '$PY' -c 'import consumer_client'" || return 0
    (cd "$dir" && "$VENV/bin/mypy" --cache-dir "$dir.mypy-cache" consumer_client) >"$dir.mypy.log" 2>&1 || true
    errors "$label: mypy" "$dir.mypy.log" ': error:' && echo "  ok    $label: generated, imports, mypy clean"
    names "openapi-generator python" "$doc" py "$dir/consumer_client"
}

python_client() {
    local doc="$1" dir="$2/openapi-python-client" label="openapi-python-client [$(basename "$1")]"
    mkdir -p "$dir"
    printf 'package_name_override: consumer_client\nproject_name_override: consumer-client\n' >"$dir.yaml"
    step "$label: generate" "$dir.log" "$VENV/bin/openapi-python-client" generate --path "$doc" \
        --config "$dir.yaml" --meta none --output-path "$dir/consumer_client" --fail-on-warning \
        || return 0
    errors "$label: generate" "$dir.log" 'Warning|Error|Unable' || return 0
    step "$label: import consumer_client" "$dir.import.log" \
        bash -c "cd '$dir' && '$PY' -c 'import consumer_client, consumer_client.models'" || return 0
    (cd "$dir" && "$VENV/bin/mypy" --cache-dir "$dir.mypy-cache" consumer_client) >"$dir.mypy.log" 2>&1 || true
    # client.py is the tool's fixed template, the same for every document; mypy 2.4 rejects its
    # `__exit__(*args)` forwarding. Not the document's doing, so it is shown but not counted.
    local template
    template=$(grep -c '^consumer_client/client.py:.*: error:' "$dir.mypy.log" || true)
    [[ $template -gt 0 ]] && echo "  note  $label: mypy: $template errors in the tool's own client.py template (not counted)"
    grep -v '^consumer_client/client.py:' "$dir.mypy.log" >"$dir.mypy-document.log" || true
    errors "$label: mypy" "$dir.mypy-document.log" ': error:' &&
        echo "  ok    $label: generated, imports, mypy clean (but client.py)"
    names "openapi-python-client" "$doc" py "$dir/consumer_client"
}

datamodel_codegen() {
    local doc="$1" dir="$2/datamodel-codegen" label="datamodel-codegen [$(basename "$1")]"
    mkdir -p "$dir"
    step "$label: generate" "$dir.log" "$VENV/bin/datamodel-codegen" --input "$doc" \
        --input-file-type openapi --output-model-type pydantic_v2.BaseModel \
        --formatters black isort --output "$dir/consumer_models.py" || return 0
    # A dangling $ref is only a warning (with an `Any` model in its place): every warning but
    # the tool's notices about its own future defaults counts.
    # An unknown `format` (uint64) falls back to the plain type: shown, not counted.
    sed -nE 's/^.*: ([A-Za-z]*Warning: .*)$/\1/p' "$dir.log" |
        grep -vE '^(Future|Deprecation)Warning' >"$dir.warnings.log" || true
    grep -E "format of '.*' not understood" "$dir.warnings.log" | sort -u |
        sed "s|^|  note  $label: |" || true
    grep -vE "format of '.*' not understood" "$dir.warnings.log" >"$dir.errors.log" || true
    errors "$label: generate" "$dir.errors.log" 'Warning: ' || return 0
    step "$label: import consumer_models" "$dir.import.log" \
        bash -c "cd '$dir' && '$PY' -c 'import consumer_models'" &&
        echo "  ok    $label: generated, imports"
    names "datamodel-codegen" "$doc" py "$dir/consumer_models.py"
}

# consume DOC [3.0]: every tool on one OpenAPI document (outputs beside it, in DOC's folder).
# datamodel-codegen is skipped for sdkgen's 3.0 documents: it reads no 3.0 form of a nullable
# reference as optional (`anyOf` with a typed null branch gives `Ref | dict[str, Any]`,
# `{allOf: [Ref], nullable: true}` drops the null, a bare `{nullable: true}` branch gives
# `Ref | Any`), while every form validators accept keeps the `anyOf`; teams using it are
# pointed to the 3.1 document, which it reads correctly.
consume() {
    local doc="$1" work="${1%.json}"
    rm -rf "$work" && mkdir -p "$work"
    # openapi-generator's `--name-mappings` for this document, read once for both its runs.
    MAPPINGS=$("$PY" "$ROOT/scripts/consumers/name_mappings.py" "$doc")
    oag_typescript "$doc" "$work"
    oag_python "$doc" "$work"
    python_client "$doc" "$work"
    if [[ "${2:-}" == "3.0" ]]; then
        echo "  note  datamodel-codegen [$(basename "$doc")]: skipped for 3.0 (use the 3.1 document; see consume())"
    else
        datamodel_codegen "$doc" "$work"
    fi
}

if [[ "${1:-}" == "--self-test" ]]; then
    rm -rf "$OUT/selftest" && mkdir -p "$OUT/selftest"
    cp "$HERE"/selftest/*.json "$OUT/selftest/"
    {
        for doc in "$OUT"/selftest/*.json; do
            echo "== self-test: $(basename "$doc")"
            consume "$doc"
        done
        # typescript-fetch gives `Ref | null` for every nullable $ref form tried, so the
        # TypeScript side of the check is shown on hand-written output.
        echo "== self-test: hand-written typescript-fetch output that wraps a nullable \$ref"
        "$PY" "$HERE/check_names.py" "hand-written typescript" "$HERE/selftest/names-3.0.json" ts \
            "$HERE/selftest/wrapper-typescript" || true
    } | tee "$OUT/selftest.log"
    missing=0
    while IFS= read -r expected; do
        [[ -z "$expected" || "$expected" == \#* ]] && continue
        if grep -qF -- "$expected" "$OUT/selftest.log"; then
            echo "  caught   $expected"
        else
            echo "  MISSED   $expected"
            missing=$((missing + 1))
        fi
    done <"$HERE/selftest/expected.txt"
    if [[ $missing -ne 0 ]]; then
        echo "consumers self-test: $missing expected problems were not reported"
        exit 1
    fi
    echo "consumers self-test: every check reported the problem planted for it"
    exit 0
fi

inputs=("$@")
if [[ ${#inputs[@]} -eq 0 ]]; then
    inputs=(docs-input/partner-web-endpoints.txt)
fi

# shellcheck source=scripts/sdkgen-binary.sh
source "$ROOT/scripts/sdkgen-binary.sh"

for input in "${inputs[@]}"; do
    stem=$(basename "$input")
    stem="${stem%.*}"
    mkdir -p "$OUT/$stem"
    for version in 3.1 3.0; do
        doc="$OUT/$stem/$stem-$version.json"
        "$SDKGEN" openapi --quiet --openapi-version "$version" -o "$doc" "$input" 2>/dev/null
        echo "== $input, OpenAPI $version ($doc)"
        consume "$doc" "$version"
    done
done

if [[ $failures -ne 0 ]]; then
    echo "consumers: $failures problems"
    exit 1
fi
echo "consumers: every generator accepts every document, the outputs compile and type-check, and no name or type needs a fix"
