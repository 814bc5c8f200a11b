#!/usr/bin/env bash
# The generated client against `sdkgen mock` of the same document, over real HTTP: every
# fixture replayed through the async and the blocking client (`SDKGEN_MOCK_URL`), then the
# tour example calling every endpoint once, writes included. Fails on any decode error, any
# answer the mock could not give from a sample other than "no success sample", and any
# transport failure.
#
# Usage: scripts/mock-e2e.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/sdkgen-binary.sh

LOG="$(mktemp)"
OUT="$(mktemp)"
"$SDKGEN" mock --port 0 >"$OUT" 2>"$LOG" &
MOCK=$!
trap 'kill -INT $MOCK 2>/dev/null || true; wait $MOCK 2>/dev/null || true; rm -f "$LOG" "$OUT"' EXIT
for _ in $(seq 1 100); do
    URL="$(grep -o 'http://[0-9.:]*' "$OUT" || true)"
    [[ -n "$URL" ]] && break
    sleep 0.1
done
[[ -n "$URL" ]] || { echo "sdkgen mock did not start:" >&2; cat "$LOG" >&2; exit 1; }
echo "== sdkgen mock at $URL"

echo "== every fixture through the async and the blocking client"
SDKGEN_MOCK_URL="$URL" cargo test --quiet --locked -p partner-web-client --features blocking --test fixtures

echo "== the tour, writes included"
TOUR="$(cargo run --quiet --locked -p partner-web-client --example tour -- --base-url "$URL" \
    --token test-token --access-code pac_test --workspace-id ws_test --allow-writes)"
calls="$(grep -c ' -> HTTP ' <<<"$TOUR" || true)"
ok="$(grep -c ', ok$' <<<"$TOUR" || true)"
bad="$(grep ' -> HTTP ' <<<"$TOUR" | grep -v ', ok$' | grep -v 'error MOCK.NO_SUCCESS_SAMPLE$' || true)"
echo "$calls calls: $ok ok, the rest answered 501 by the mock for want of a success sample"
if [[ -n "$bad" ]]; then
    echo "unexpected answers:" >&2
    echo "$bad" >&2
    exit 1
fi
if (( calls == 0 || ok == 0 )); then
    echo "the tour made no successful call" >&2
    echo "$TOUR" >&2
    exit 1
fi
