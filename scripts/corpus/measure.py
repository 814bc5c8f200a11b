#!/usr/bin/env python3
"""Measure how well `sdkgen inspect` reads the real-world API references in this corpus.

Usage:
    python3 measure.py --sdkgen /path/to/sdkgen [--json] [--only SLUG ...] [--tolerance 3]

For every truth file in truth/<slug>.json the script runs

    SDKGEN inspect --json docs/<slug>          (or `--ir`, whichever the binary offers)

(a folder stands for every .md/.markdown/.txt in it; when the entry holds .mdx files or
sub-folders, the files are passed one by one instead) and compares the IR it prints with the
hand-written ground truth:

* endpoints: expected / read with the right method and path (parameter names normalised to
  `{}`) / of those, with the right path parameter names / extra (read, but not in the truth;
  repeats of a matched route are counted apart as `dup`);
* JSON samples: expected / attached to the right endpoint and role (request body or a response
  body) and starting within --tolerance lines of the truth line / of those, with the right
  HTTP status where the document states one;
* whether the run aborted (non-zero exit), with the first error lines.

Standard library only.
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOC_EXTS = (".md", ".markdown", ".txt")


# ---------------------------------------------------------------- helpers

def norm_path(path):
    """Path with every parameter written `{}`; query string and fragment dropped."""
    path = path.split("?")[0].split("#")[0].strip()
    path = re.sub(r"\{[^}/]*\}", "{}", path)
    path = re.sub(r"<[^>/]*>", "{}", path)
    path = re.sub(r"&lt;[^/]*?&gt;", "{}", path)
    path = re.sub(r"\[[^\]/]*\]", "{}", path)
    path = re.sub(r"(?<=/):[A-Za-z_][A-Za-z0-9_]*", "{}", path)
    return path


def norm_ir_path(path):
    """The IR's own template: only `{name}` is a parameter there; a `:id` or `<id>` left in the
    template means the reader did not recognise it, so it stays literal."""
    path = path.split("?")[0].split("#")[0].strip()
    return re.sub(r"\{[^}/]*\}", "{}", path)


def ir_params(endpoint):
    parts = (endpoint.get("path") or {}).get("parts") or []
    names = []
    for part in parts:
        if isinstance(part, dict) and "param" in part:
            p = part["param"]
            names.append(p.get("name") if isinstance(p, dict) else str(p))
    if not parts:  # fall back on the template
        names = re.findall(r"\{([^}]+)\}", ir_template(endpoint))
    return names


def ir_template(endpoint):
    path = endpoint.get("path")
    if isinstance(path, dict):
        return path.get("template") or ""
    return path or ""


def span_loc(span, sources):
    """(file basename, line) of an IR span `[source, line, column]` (or a dict form)."""
    if span is None:
        return None
    if isinstance(span, dict):
        src, line = span.get("source", 0), span.get("line")
    else:
        src, line = (span[0], span[1]) if len(span) >= 2 else (0, span[0])
    name = os.path.basename(sources[src]) if sources and 0 <= src < len(sources) else None
    return name, line


def entry_inputs(slug):
    base = os.path.join(HERE, "docs", slug)
    files = []
    nested = False
    for root, dirs, names in os.walk(base):
        if root != base:
            nested = True
        for n in names:
            files.append(os.path.join(root, n))
    files.sort()
    if nested or any(f.endswith(".mdx") for f in files):
        return [f for f in files if f.endswith(DOC_EXTS + (".mdx",))]
    return [base]


def detect_flag(sdkgen):
    try:
        out = subprocess.run([sdkgen, "inspect", "--help"], capture_output=True, text=True, timeout=60)
        text = out.stdout + out.stderr
    except Exception:
        return "--json"
    if re.search(r"(^|\s)--json\b", text):
        return "--json"
    if re.search(r"(^|\s)--ir\b", text):
        return "--ir"
    return "--json"


def first_errors(stderr, n=4):
    lines = [l for l in stderr.splitlines() if l.strip()]
    errs = [l for l in lines if re.search(r"\berror\b", l)]
    return (errs or lines)[:n]


# ---------------------------------------------------------------- one entry

def read_bodies(endpoint):
    """[(role, status, body_dict_or_None, response_dict_or_None)] of an IR endpoint."""
    out = []
    req = endpoint.get("request")
    if isinstance(req, dict):
        out.append(("request", None, req, None))
    elif isinstance(req, list):
        for r in req:
            out.append(("request", None, r, None))
    for r in endpoint.get("request_examples") or []:
        out.append(("request", None, r, None))
    for resp in endpoint.get("responses") or []:
        out.append(("response", resp.get("status"), resp.get("body"), resp))
    return out


def measure_entry(truth, sdkgen, flag, tol, timeout):
    slug = truth["slug"]
    inputs = entry_inputs(slug)
    files = sorted(os.listdir(os.path.join(HERE, "docs", slug)))
    default_file = files[0] if files else None
    cmd = [sdkgen, "inspect", flag] + inputs
    res = {"slug": slug, "command": " ".join(os.path.relpath(c, HERE) if c.startswith(HERE) else c for c in cmd)}
    try:
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=HERE)
        rc, stdout, stderr = run.returncode, run.stdout, run.stderr
    except subprocess.TimeoutExpired:
        rc, stdout, stderr = "timeout", "", "timed out"
    res["exit"] = rc
    res["aborted"] = rc != 0
    res["errors"] = first_errors(stderr) if rc != 0 else []
    res["warnings"] = sum(1 for l in stderr.splitlines() if re.search(r":\d+:\d+: warning:", l))

    api = {}
    if rc == 0 or stdout.strip().startswith("{"):
        try:
            doc = json.loads(stdout)
            api = doc.get("api", doc) if isinstance(doc, dict) else {}
        except ValueError as e:
            res["aborted"] = True
            res["errors"] = res["errors"] or [f"output is not JSON: {e}"]
    read = api.get("endpoints") or []
    sources = api.get("sources") or inputs

    t_eps = truth["endpoints"]
    t_js = [s for s in truth["samples"] if s.get("json", True)]
    t_other = [s for s in truth["samples"] if not s.get("json", True)]

    # endpoints -----------------------------------------------------------
    used = set()
    match = {}  # truth index -> read index
    for i, te in enumerate(t_eps):
        key = (te["method"].upper(), norm_path(te["path"]))
        for j, re_ in enumerate(read):
            if j in used:
                continue
            if ((re_.get("method") or "").upper(), norm_ir_path(ir_template(re_))) == key:
                match[i] = j
                used.add(j)
                break
    params_ok = sum(1 for i, j in match.items() if ir_params(read[j]) == t_eps[i]["path_params"])
    truth_keys = {(te["method"].upper(), norm_path(te["path"])) for te in t_eps}
    extra, dup, extra_list = 0, 0, []
    for j, re_ in enumerate(read):
        if j in used:
            continue
        key = ((re_.get("method") or "").upper(), norm_ir_path(ir_template(re_)))
        if key in truth_keys:
            dup += 1
        else:
            extra += 1
            extra_list.append(f"{key[0]} {ir_template(re_)}")
    missed = [f"{te['method']} {te['path']}" for i, te in enumerate(t_eps) if i not in match]
    wrong_params = [f"{t_eps[i]['method']} {t_eps[i]['path']} read as {ir_template(read[j])}"
                    for i, j in match.items() if ir_params(read[j]) != t_eps[i]["path_params"]]

    # samples -------------------------------------------------------------
    def attach(samples, want_json):
        ok, status_ok, status_expected, misses = 0, 0, 0, []
        taken = set()
        for s in samples:
            s_file = s.get("file", default_file)
            if s.get("status") is not None:
                status_expected += 1
            j = match.get(s["endpoint"])
            hit = None
            if j is not None:
                for k, (role, status, body, resp) in enumerate(read_bodies(read[j])):
                    if role != s["role"] or (j, k) in taken:
                        continue
                    spans = []
                    if isinstance(body, dict):
                        spans.append(body.get("span"))
                    if not want_json and resp is not None:
                        spans.append(resp.get("span"))
                    for sp in spans:
                        loc = span_loc(sp, sources)
                        if loc and (loc[0] in (None, s_file)) and loc[1] is not None and abs(loc[1] - s["line"]) <= tol:
                            hit = (k, status)
                            break
                    if hit:
                        break
            if hit:
                taken.add((j, hit[0]))
                ok += 1
                if s.get("status") is not None and hit[1] == s["status"]:
                    status_ok += 1
            else:
                where = f"{s_file}:{s['line']}" if s_file != default_file or len(files) > 1 else f"line {s['line']}"
                ep = t_eps[s["endpoint"]]
                misses.append(f"{s['role']} of {ep['method']} {ep['path']} at {where}")
        return ok, status_ok, status_expected, misses, taken

    s_ok, s_status_ok, s_status_exp, s_miss, taken = attach(t_js, True)
    o_ok, _, _, _, _ = attach(t_other, False)
    read_samples = sum(1 for e in read for (_, _, b, _) in read_bodies(e) if isinstance(b, dict))
    attached_read = {(j, k) for (j, k) in taken}
    extra_samples = read_samples - len(attached_read)

    res.update({
        "endpoints_expected": len(t_eps),
        "endpoints_read": len(read),
        "endpoints_matched": len(match),
        "endpoints_params_ok": params_ok,
        "endpoints_extra": extra,
        "endpoints_dup": dup,
        "samples_expected": len(t_js),
        "samples_attached": s_ok,
        "samples_status_expected": s_status_exp,
        "samples_status_ok": s_status_ok,
        "samples_read": read_samples,
        "samples_extra": max(extra_samples, 0),
        "other_samples_expected": len(t_other),
        "other_samples_seen": o_ok,
        "missed_endpoints": missed,
        "wrong_params": wrong_params,
        "extra_endpoints": extra_list,
        "missed_samples": s_miss,
    })
    return res


# ---------------------------------------------------------------- report

def pct(a, b):
    return f"{100.0 * a / b:5.1f}%" if b else "   - "


def print_table(results, verbose):
    head = (f"{'entry':24} {'run':>7} | {'ep exp':>6} {'ok':>4} {'+par':>4} {'extra':>5} {'dup':>3} | "
            f"{'js exp':>6} {'ok':>4} {'st':>5} {'read':>4} {'extra':>5}")
    print(head)
    print("-" * len(head))
    for r in results:
        run = "ok" if not r["aborted"] else f"ABORT{'' if r['exit'] in (None, 'timeout') else ''}"
        st = f"{r['samples_status_ok']}/{r['samples_status_expected']}"
        print(f"{r['slug']:24} {run:>7} | {r['endpoints_expected']:6} {r['endpoints_matched']:4} "
              f"{r['endpoints_params_ok']:4} {r['endpoints_extra']:5} {r['endpoints_dup']:3} | "
              f"{r['samples_expected']:6} {r['samples_attached']:4} {st:>5} {r['samples_read']:4} {r['samples_extra']:5}")
        if r["aborted"]:
            for line in r["errors"]:
                print(f"{'':26}! {line[:150]}")
        if verbose:
            for k in ("missed_endpoints", "wrong_params", "extra_endpoints", "missed_samples"):
                for item in r[k][:12]:
                    print(f"{'':26}{k.replace('_', ' ')}: {item}")
                if len(r[k]) > 12:
                    print(f"{'':26}{k.replace('_', ' ')}: ... {len(r[k]) - 12} more")
    print("-" * len(head))
    T = totals(results)
    print(f"{'TOTAL':24} {T['entries'] - T['aborted']:>3}/{T['entries']:<3} | {T['endpoints_expected']:6} "
          f"{T['endpoints_matched']:4} {T['endpoints_params_ok']:4} {T['endpoints_extra']:5} {T['endpoints_dup']:3} | "
          f"{T['samples_expected']:6} {T['samples_attached']:4} {T['samples_status_ok']:>2}/{T['samples_status_expected']:<2} "
          f"{T['samples_read']:4} {T['samples_extra']:5}")
    print()
    print(f"runs completed       : {T['entries'] - T['aborted']}/{T['entries']} ({pct(T['entries'] - T['aborted'], T['entries']).strip()}); aborted: {T['aborted']}")
    print(f"endpoints read right : {T['endpoints_matched']}/{T['endpoints_expected']} ({pct(T['endpoints_matched'], T['endpoints_expected']).strip()}) method+path; "
          f"{T['endpoints_params_ok']}/{T['endpoints_expected']} ({pct(T['endpoints_params_ok'], T['endpoints_expected']).strip()}) with path params; extra {T['endpoints_extra']}, dup {T['endpoints_dup']}")
    print(f"JSON samples attached: {T['samples_attached']}/{T['samples_expected']} ({pct(T['samples_attached'], T['samples_expected']).strip()}); "
          f"status right {T['samples_status_ok']}/{T['samples_status_expected']} ({pct(T['samples_status_ok'], T['samples_status_expected']).strip()}); "
          f"samples read {T['samples_read']}, unmatched {T['samples_extra']}")
    print(f"non-JSON samples     : {T['other_samples_seen']}/{T['other_samples_expected']} seen")
    print()
    print("columns: ep exp = endpoints in the truth; ok = read with the right method and path; +par = of those, "
          "with the right path parameter names; extra = read but not in the truth; dup = a matched route read again; "
          "js exp = JSON samples in the truth; ok = attached to the right endpoint and role within the line tolerance; "
          "st = right status / samples whose status the document states; read = bodies in the IR; extra = bodies not matched")


def totals(results):
    keys = ["endpoints_expected", "endpoints_read", "endpoints_matched", "endpoints_params_ok", "endpoints_extra",
            "endpoints_dup", "samples_expected", "samples_attached", "samples_status_expected", "samples_status_ok",
            "samples_read", "samples_extra", "other_samples_expected", "other_samples_seen"]
    T = {k: sum(r[k] for r in results) for k in keys}
    T["entries"] = len(results)
    T["aborted"] = sum(1 for r in results if r["aborted"])
    return T


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sdkgen", required=True, help="path to the sdkgen binary")
    ap.add_argument("--json", action="store_true", help="print machine-readable JSON instead of the table")
    ap.add_argument("--only", nargs="*", help="measure only these slugs")
    ap.add_argument("--tolerance", type=int, default=3, help="lines a sample may start away from the truth (default 3)")
    ap.add_argument("--timeout", type=int, default=120, help="seconds per run (default 120)")
    ap.add_argument("--flag", help="the inspect flag that prints the IR (default: --json, or --ir if that is what the binary offers)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list missed and extra endpoints and samples")
    args = ap.parse_args()

    sdkgen = os.path.abspath(args.sdkgen)
    if not os.path.exists(sdkgen):
        sys.exit(f"no such binary: {sdkgen}")
    flag = args.flag or detect_flag(sdkgen)
    truth_dir = os.path.join(HERE, "truth")
    slugs = sorted(f[:-5] for f in os.listdir(truth_dir) if f.endswith(".json"))
    if args.only:
        slugs = [s for s in slugs if s in args.only]
    results = []
    for slug in slugs:
        with open(os.path.join(truth_dir, slug + ".json"), encoding="utf-8") as f:
            truth = json.load(f)
        results.append(measure_entry(truth, sdkgen, flag, args.tolerance, args.timeout))
    if args.json:
        json.dump({"sdkgen": sdkgen, "flag": flag, "tolerance": args.tolerance, "entries": results,
                   "totals": totals(results)}, sys.stdout, indent=1)
        print()
    else:
        print(f"sdkgen: {sdkgen} (inspect {flag}); tolerance {args.tolerance} lines; {len(results)} entries\n")
        print_table(results, args.verbose)


if __name__ == "__main__":
    main()
