#!/usr/bin/env python3
"""Requests per second of `sdkgen mock` on the real document, side by side with Prism serving
sdkgen's own OpenAPI output, for BENCHMARKS.md.

    python3 scripts/bench-mock.py [--rounds N] [--seconds S] [--connections C]

Both servers answer `GET /web/v1/partner/roles` with its documented success sample after
checking the same headers; the load generator is `cargo run --release -p sdkgen --example
mock_load` (C connections for S seconds). Rounds alternate the two servers so that a busy minute
hits both alike; the report gives medians with min-max and the ratio. Prism
(@stoplight/prism-cli 5, pinned by scripts/prism/package-lock.json) is installed into
.tools/node/prism with `npm ci` on first use. On a 2-core machine the load generator and the
server share the cores: the figures compare servers under the same handicap.

Not run in CI: it takes minutes.
"""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PATH = "/web/v1/partner/roles"
HEADERS = [
    "Authorization: Bearer bench-token",
    "X-PORTAL-ACCESS-CODE: pac_bench",
    "X-Workspace-Id: ws_bench",
    "X-Client-Hash: bench",
    "X-LOCALE: en-US",
    "Accept-Language: en-US",
    "X-Request-Id: bench",
]


def option(name, default):
    if name in sys.argv:
        return int(sys.argv[sys.argv.index(name) + 1])
    return default


def target_dir():
    metadata = subprocess.run(["cargo", "metadata", "--format-version", "1", "--no-deps"], cwd=ROOT,
                              check=True, capture_output=True, text=True).stdout
    return json.loads(metadata)["target_directory"]


def install_prism():
    lock_dir = os.path.join(ROOT, "scripts", "prism")
    prefix = os.path.join(ROOT, ".tools", "node", "prism")
    binary = os.path.join(prefix, "node_modules", ".bin", "prism")
    lock = os.path.join(lock_dir, "package-lock.json")
    installed = os.path.join(prefix, "package-lock.json")
    if os.path.exists(binary) and os.path.exists(installed) and open(lock).read() == open(installed).read():
        return binary
    shutil.rmtree(prefix, ignore_errors=True)
    os.makedirs(prefix)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(os.path.join(lock_dir, name), prefix)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=prefix, check=True)
    return binary


def wait_for(url, headers, attempts=300):
    import urllib.request
    for _ in range(attempts):
        try:
            request = urllib.request.Request(url, headers=dict(h.split(": ", 1) for h in headers))
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer 200")


def load(load_bin, url, seconds, connections):
    args = [load_bin, url, "--seconds", str(seconds), "--connections", str(connections)]
    for header in HEADERS:
        args += ["-H", header]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    rounds = option("--rounds", 5)
    seconds = option("--seconds", 10)
    connections = option("--connections", 32)
    subprocess.run(["cargo", "build", "-q", "--release", "-p", "sdkgen", "--bin", "sdkgen", "--example",
                    "mock_load"], cwd=ROOT, check=True)
    release = os.path.join(target_dir(), "release")
    sdkgen = os.path.join(release, "sdkgen")
    load_bin = os.path.join(release, "examples", "mock_load")
    work = os.path.join(ROOT, ".tools", "bench-mock")
    os.makedirs(work, exist_ok=True)
    spec = os.path.join(work, "openapi.json")
    subprocess.run([sdkgen, "openapi", os.path.join(ROOT, "docs-input"), "-o", spec,
                    "--server-url", "http://127.0.0.1"], check=True, stderr=subprocess.DEVNULL)
    prism = install_prism()

    mock = subprocess.Popen([sdkgen, "mock", os.path.join(ROOT, "docs-input"), "--port", "0", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = mock.stdout.readline()
    mock_url = re.search(r"http://[0-9.:]+", line).group(0) + PATH
    prism_port = "4011"
    prism_proc = subprocess.Popen([prism, "mock", "-h", "127.0.0.1", "-p", prism_port, spec],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    prism_url = f"http://127.0.0.1:{prism_port}{PATH}"
    try:
        wait_for(mock_url, HEADERS)
        wait_for(prism_url, HEADERS)
        results = {"sdkgen mock": [], "prism": []}
        for _ in range(rounds):
            for name, url in (("sdkgen mock", mock_url), ("prism", prism_url)):
                result = load(load_bin, url, seconds, connections)
                if result["expected_status"] < result["requests"] * 0.99:
                    raise RuntimeError(f"{name}: {result} (answers other than 200)")
                results[name].append(result["rps"])
    finally:
        mock.terminate()
        prism_proc.terminate()
    base = statistics.median(results["prism"])
    print(f"GET {PATH}, {connections} connections, {seconds} s per run, {rounds} rounds in turn")
    print("| server | requests/s (median, min–max) | vs Prism |")
    print("| --- | --- | --- |")
    for name, rates in results.items():
        median = statistics.median(rates)
        print(f"| {name} | {median:,.0f} ({min(rates):,.0f}–{max(rates):,.0f}) | {median / base:.1f}× |")


if __name__ == "__main__":
    main()
