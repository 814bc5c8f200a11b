"""Checks the names and types a generator produced from one of sdkgen's OpenAPI documents.

Usage: check_names.py TOOL DOC LANG OUTPUT...
  TOOL    the label printed on each problem (for example "openapi-generator python")
  DOC     the OpenAPI document (JSON) the output was generated from
  LANG    "ts" (TypeScript files) or "py" (Python files)
  OUTPUT  files or folders holding the generated code (every *.ts / *.py below a folder)

Prints one "FAIL" line per problem and exits 1 when there is any:

  numbered duplicate   a class name ending in digits whose stem (the name less its last one or
                       two digits) is also a class name: `Success` and `Success1`, `Data` and
                       `Data2`. The generator met two different shapes under one name; which is
                       which changes with the document's order.
  path-derived name    a class name holding the PascalCase of two or more consecutive literal
                       segments of one of the document's paths (`/web/v1/...` gives `WebV1`),
                       unless that run is also part of an operationId, a tag or a schema name
                       of the document: `AuthLogout200Response` comes from the operationId
                       `authLogout` and is fine, `WebV1PartnerAuthLogoutPostResponse` is not.
  union wrapper        a class named after a union (`...OneOf...`, `...AnyOf...`, or the
                       `...Type0`/`...Type1` members openapi-python-client names); and, for every
                       property of a component schema that is a nullable `$ref` (`anyOf` of the
                       `$ref` and a null branch), a generated type that is anything but the
                       referenced type plus null/None (and Unset/Optional): `Item | null`,
                       `Optional[Item]`, `Item | None | Unset` are right, `Item | dict[str, Any]`
                       (null rejected, any object accepted) or a wrapper class are not.
  narrowed type        a property an `allOf` part narrows to a `$ref` of an object schema (or
                       an array of one) whose generated type does not name that schema: `ApiKeyPage.items` must
                       be a list of `ApiKey`, not of another page's items.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

PY_NULL_NAMES = {"None", "Optional", "Union", "Unset", "UnsetType", "types"}


def norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def pascal(segment: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", segment))


def files(outputs: list[str], suffix: str) -> list[Path]:
    found: list[Path] = []
    for out in outputs:
        path = Path(out)
        found.extend(sorted(path.rglob(f"*{suffix}")) if path.is_dir() else [path])
    return found


def ts_classes(paths: list[Path]) -> dict[str, str]:
    """Exported type names of the TypeScript files, each with its declaration's text."""
    names: dict[str, str] = {}
    decl = re.compile(r"^export (?:declare )?(?:const enum|enum|interface|type|class|abstract class) (\w+)")
    for path in paths:
        lines = path.read_text().splitlines()
        for i, line in enumerate(lines):
            m = decl.match(line)
            if m:
                names.setdefault(m.group(1), "\n".join(lines[i : i + 200]))
    return names


def py_classes(paths: list[Path]) -> dict[str, ast.ClassDef]:
    names: dict[str, ast.ClassDef] = {}
    for path in paths:
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ClassDef):
                names.setdefault(node.name, node)
    return names


def nullable_refs(doc: dict) -> list[tuple[str, str, str]]:
    """(schema, property, referenced schema) for each nullable `$ref` property of a component."""

    def ref_of(branches: list[dict]) -> str | None:
        refs = [b["$ref"].rsplit("/", 1)[1] for b in branches if "$ref" in b]
        nulls = [
            b for b in branches
            if b.get("type") == "null" or b.get("enum") == [None] or b == {"nullable": True}
        ]
        return refs[0] if len(refs) == 1 and len(nulls) == 1 and len(branches) == 2 else None

    found = []

    def walk(name: str, schema: dict) -> None:
        for part in schema.get("allOf", []):
            walk(name, part)
        for prop, sub in schema.get("properties", {}).items():
            ref = ref_of(sub.get("anyOf", []) or sub.get("oneOf", []))
            if ref:
                found.append((name, prop, ref))

    for name, schema in doc.get("components", {}).get("schemas", {}).items():
        walk(name, schema)
    return found


def narrowed_refs(doc: dict) -> list[tuple[str, str, str]]:
    """(schema, property, referenced schema) for each property an `allOf` part narrows to a
    `$ref` or an array of one: `ApiKeyPage` is `allOf` of `Page` and `items: [ApiKey]`."""
    schemas = doc.get("components", {}).get("schemas", {})
    found = []
    for name, schema in schemas.items():
        for part in schema.get("allOf", []):
            for prop, sub in part.get("properties", {}).items():
                target = sub.get("items", {}) if sub.get("type") == "array" else sub
                ref = target.get("$ref", "/").rsplit("/", 1)[1]
                # Only object schemas get a class; an open string such as ErrorCode is `str`.
                shape = schemas.get(ref, {})
                if shape.get("type") == "object" or "properties" in shape or "allOf" in shape:
                    found.append((name, prop, ref))
    return found


def field_type(classes: dict, lang: str, schema: str, prop: str) -> tuple[str, set] | None:
    """The generated type of SCHEMA's property PROP: its text and the names in it."""
    if lang == "ts":
        text = classes.get(schema)
        m = text and re.search(rf"^\s+'?{re.escape(prop)}'?\??: (.+);$", text, re.M)
        return (m.group(1), set(re.findall(r"\w+", m.group(1)))) if m else None
    node = classes.get(schema)
    fields = [
        stmt for stmt in (node.body if node else [])
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
        and norm(stmt.target.id) == norm(prop)
    ]
    if not fields:
        return None
    annotation = fields[0].annotation
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        annotation = ast.parse(annotation.value, mode="eval").body
    used = {n.id for n in ast.walk(annotation) if isinstance(n, ast.Name)}
    used |= {n.attr for n in ast.walk(annotation) if isinstance(n, ast.Attribute)}
    for n in ast.walk(annotation):
        if isinstance(n, ast.Constant):
            used.add("None" if n.value is None else str(n.value))
    return ast.unparse(annotation), used


def path_runs(doc: dict) -> dict[str, str]:
    """Normalised PascalCase of every run of two or more consecutive literal path segments."""
    runs: dict[str, str] = {}
    for path in doc.get("paths", {}):
        segments = [s for s in path.split("/") if s]
        for start in range(len(segments)):
            for end in range(start + 2, len(segments) + 1):
                chunk = segments[start:end]
                if any("{" in s for s in chunk):
                    break
                runs.setdefault(norm("".join(pascal(s) for s in chunk)), path)
    return runs


def known_names(doc: dict) -> list[str]:
    names = list(doc.get("components", {}).get("schemas", {}))
    names += [t["name"] for t in doc.get("tags", [])]
    for item in doc.get("paths", {}).values():
        for op in item.values():
            if isinstance(op, dict) and "operationId" in op:
                names.append(op["operationId"])
    return [norm(n) for n in names]


def main() -> int:
    tool, doc_path, lang, *outputs = sys.argv[1:]
    doc = json.loads(Path(doc_path).read_text())
    label = f"{tool} [{Path(doc_path).name}]"
    if lang == "ts":
        classes: dict = ts_classes(files(outputs, ".ts"))
    else:
        classes = py_classes(files(outputs, ".py"))
    problems: list[str] = []

    for name in sorted(classes):
        m = re.fullmatch(r"(.*\D)\d{1,2}", name)
        if m and m.group(1) in classes:
            problems.append(f"numbered duplicate: class {name} beside {m.group(1)}")

    runs, known = path_runs(doc), known_names(doc)
    for name in sorted(classes):
        flat = norm(name)
        for run, path in runs.items():
            if run in flat and not any(run in k for k in known):
                problems.append(f"path-derived name: class {name} (from path {path})")
                break

    for name in sorted(classes):
        if re.search(r"OneOf|AnyOf|(?<=[a-z])Type\d+$", name):
            problems.append(f"union wrapper: class {name}")

    for schema, prop, ref in nullable_refs(doc):
        found = field_type(classes, lang, schema, prop)
        if found is None:
            problems.append(f"union wrapper: {schema}.{prop} (nullable {ref}) not found")
        elif lang == "ts":
            if sorted(t.strip() for t in found[0].split("|")) != sorted([ref, "null"]):
                problems.append(f"union wrapper: {schema}.{prop} is `{found[0]}`, not `{ref} | null`")
        elif ref not in found[1] or not {"None", "Optional"} & found[1] or found[1] - PY_NULL_NAMES - {ref}:
            problems.append(f"union wrapper: {schema}.{prop} is `{found[0]}`, not `{ref} | None`")

    for schema, prop, ref in narrowed_refs(doc):
        found = field_type(classes, lang, schema, prop)
        if found is not None and ref not in found[1]:
            problems.append(
                f"narrowed type: {schema}.{prop} is `{found[0]}`, not the {ref} "
                f"its allOf narrows it to"
            )

    for problem in problems:
        print(f"  FAIL  {label}: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
