#!/usr/bin/env python3
"""Makes a large endpoint document from the real one, for benchmarks.

    scripts/synthesize.py COUNT OUT [SOURCE]

Cuts SOURCE (default docs-input/partner-web-endpoints.txt) into its title, preamble, group
headings and endpoint sections using the spans `sdkgen inspect --ir` reports, then writes COUNT
endpoints: copy k of every group is named "<group> <k>" and its paths start with
/web/v1/partner/c<k>/, so every route stays unique. The large files are not committed.
"""
import json
import math
import os
import subprocess
import sys


def offsets(text):
    starts = [0]
    for i, c in enumerate(text):
        if c == "\n":
            starts.append(i + 1)
    return starts


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    count, out = int(sys.argv[1]), sys.argv[2]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    source = sys.argv[3] if len(sys.argv) > 3 else os.path.join(root, "docs-input", "partner-web-endpoints.txt")
    sdkgen = os.environ.get("SDKGEN")
    if not sdkgen:
        metadata = subprocess.run(["cargo", "metadata", "--format-version", "1", "--no-deps"], cwd=root,
                                  check=True, capture_output=True, text=True).stdout
        sdkgen = os.path.join(json.loads(metadata)["target_directory"], "release", "sdkgen")
    ir = json.loads(subprocess.run([sdkgen, "inspect", "--ir", source], check=True,
                                   capture_output=True, text=True).stdout)["api"]
    text = open(source, encoding="utf-8").read().replace("\r\n", "\n")
    lines = offsets(text)

    def at(span):
        # span = [file, line, column]; columns count characters.
        start = lines[span[1] - 1]
        return start + span[2] - 1

    marks = sorted([(at(g["span"]), "group", i) for i, g in enumerate(ir["groups"])] +
                   [(at(e["span"]), "endpoint", i) for i, e in enumerate(ir["endpoints"])])
    sections = {}
    for n, (start, kind, index) in enumerate(marks):
        end = marks[n + 1][0] if n + 1 < len(marks) else len(text)
        if kind == "endpoint":
            sections[index] = text[start:end].rstrip() + "\n"
    by_group = {}
    for i, e in enumerate(ir["endpoints"]):
        by_group.setdefault(e["group"], []).append(i)

    out_lines = [ir["title"]["text"] + "\n", f"Total endpoints: {count}\n"]
    out_lines += [p["text"] + "\n" for p in ir["preamble"][1:]]
    written = 0
    for copy in range(1, math.ceil(count / len(ir["endpoints"])) + 1):
        for g, group in enumerate(ir["groups"]):
            if written >= count:
                break
            out_lines.append(f"{group['name']} {copy}\n")
            for i in by_group.get(g, []):
                if written >= count:
                    break
                section = sections[i].replace("/web/v1/partner/", f"/web/v1/partner/c{copy}/", 1)
                out_lines.append(section)
                written += 1
    with open(out, "w", encoding="utf-8") as f:
        f.write("".join(out_lines))
    print(f"{out}: {written} endpoints")


if __name__ == "__main__":
    main()
