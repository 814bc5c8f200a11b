#!/usr/bin/env python3
"""Download the corpus documents that truth/*.json describe, at the commits pinned there, into
docs/<slug>/ beside this script (ignored by git: they are other projects' text, kept out of the
repository). Needs access to raw.githubusercontent.com.

    python3 scripts/corpus/fetch.py
    python3 scripts/corpus/measure.py --sdkgen SDKGEN   # SDKGEN: a release build's path, which
                                                        # `cargo metadata` gives as
                                                        # target_directory + /release/sdkgen
"""
import json
import os
import sys
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    failed = 0
    for name in sorted(os.listdir(os.path.join(HERE, "truth"))):
        with open(os.path.join(HERE, "truth", name), encoding="utf-8") as f:
            truth = json.load(f)
        commits = truth.get("commits") or {}
        folder = os.path.join(HERE, "docs", truth["slug"])
        os.makedirs(folder, exist_ok=True)
        for path in truth["paths"]:
            commit = commits.get(path, truth["commit"])
            url = f"https://raw.githubusercontent.com/{truth['repo']}/{commit}/{path}"
            target = os.path.join(folder, os.path.basename(path))
            if os.path.exists(target):
                continue
            try:
                with urllib.request.urlopen(url, timeout=30) as answer:
                    data = answer.read()
            except OSError as error:
                print(f"{truth['slug']}: {url}: {error}", file=sys.stderr)
                failed += 1
                continue
            with open(target, "wb") as f:
                f.write(data)
            print(f"{truth['slug']}: {path} @ {commit[:12]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
