#!/usr/bin/env python3
"""Writes an adversarial endpoint document, for the linear-growth benchmark.

    scripts/adversarial.py SHAPE COUNT OUT

SHAPE is one of
  wide-object    one endpoint whose success sample is one object with COUNT keys;
  varying-array  one endpoint whose success sample is an array of COUNT objects, item k with
                 the keys `id`, `k<k>` and `k<k+1>` (so every item differs from the next);
  many-errors    one endpoint with COUNT error samples, each with its own error code.

Each document is otherwise minimal and valid; the output is deterministic.
"""
import json
import sys

SHAPES = ("wide-object", "varying-array", "many-errors")


def header(out):
    out.write("Adversarial API\nTotal endpoints: 1\nShapes\nGET /web/v1/shapes\nOne endpoint.\n")


def wide_object(count, out):
    header(out)
    out.write('Success Response: (HTTP 200)\n{"success": true, "data": {')
    out.write(", ".join(f'"k{k}": {k}' for k in range(count)))
    out.write("}}\n")


def varying_array(count, out):
    header(out)
    out.write('Success Response: (HTTP 200)\n{"success": true, "data": [')
    out.write(", ".join(f'{{"id": {k}, "k{k}": "v", "k{k + 1}": {k}}}' for k in range(count)))
    out.write("]}\n")


def many_errors(count, out):
    header(out)
    out.write('Success Response: (HTTP 200)\n{"success": true, "data": {"id": 1}}\n')
    for k in range(count):
        body = {"success": False, "code": f"SHAPES.E{k}", "message": f"error {k}", "data": None}
        out.write(f"Error Response: (HTTP {400 + k % 100})\n{json.dumps(body)}\n")


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in SHAPES:
        sys.exit(__doc__)
    shape, count, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        {"wide-object": wide_object, "varying-array": varying_array, "many-errors": many_errors}[
            shape
        ](count, out)


if __name__ == "__main__":
    main()
