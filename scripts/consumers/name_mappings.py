#!/usr/bin/env python3
"""Prints openapi-generator's `--name-mappings` option for the property names it cannot turn
into identifiers (names with non-ASCII letters, such as `名称`: it writes an empty name, a
syntax error in TypeScript and Python), or nothing when there are none.

Each such name is mapped to the name sdkgen's Rust client gives the field: every non-ASCII
character as `u` and its code point in hex, words joined by `_` (`名称` -> `u540d_u79f0`). This
is what a team generating from the document would pass too; the check then still catches every
other naming problem.

    name_mappings.py OPENAPI.json
"""
import json
import sys


def rust_name(name):
    words = []
    for ch in name:
        if ch.isascii():
            if ch.isalnum():
                words.append(ch.lower())
            else:
                words.append("_")
        else:
            words.append(f"_u{ord(ch):x}_")
    text = "".join(words)
    parts = [p for p in text.split("_") if p]
    return "_".join(parts) or "field"


def property_names(node, out):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                out.update(value.keys())
            property_names(value, out)
    elif isinstance(node, list):
        for value in node:
            property_names(value, out)


def main():
    with open(sys.argv[1], encoding="utf-8") as fh:
        document = json.load(fh)
    names = set()
    property_names(document, names)
    mappings = sorted(f"{n}={rust_name(n)}" for n in names if not n.isascii())
    if mappings:
        print("--name-mappings=" + ",".join(mappings))


if __name__ == "__main__":
    main()
