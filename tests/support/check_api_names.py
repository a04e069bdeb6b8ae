#!/usr/bin/env python3
"""The naming rules of docs/c-api-conventions.md, checked on the public headers,
the Python package and the CLI's help. Exits 1 naming each name that breaks one.

usage: check_api_names.py INCLUDE_DIR PYTHON_PACKAGE_DIR [MEND_CLI]
"""
import ast
import pathlib
import re
import subprocess
import sys

# Library-level calls every host uses, named as sqlite3_open / sqlite3_errmsg are.
LIBRARY_LEVEL = {"mend_open", "mend_close", "mend_free", "mend_version", "mend_version_number",
                 "mend_errstr", "mend_errcode", "mend_errmsg", "mend_last_errcode",
                 "mend_last_errmsg"}
# Headers with no functions of their own.
NO_MODULE = {"mend.h", "common.h", "types.h", "errors.h", "version.h"}
# One verb per operation: these mean "create" (or "get", "list") and are not used.
FORBIDDEN_VERBS = {"add", "record", "attest", "addend", "insert", "new", "make", "delete",
                   "remove", "fetch", "read", "find", "put", "save", "register"}
ALLOWED_WITH_FORBIDDEN = {"iter_new"}  # the iterator constructor, paired with iter_next/iter_free

# The couple's two partners: accessors of the fields client_a_id and client_b_id.
LETTER_APART_BY_DESIGN = {("mend_couple_client_a_id", "mend_couple_client_b_id")}

DECL = re.compile(r"MEND_EXTERN\(([^)]*)\)\s*(mend_[a-z0-9_]+)\s*\(([^)]*)\)", re.S)
STRUCT = re.compile(r"typedef struct (mend_[a-z0-9_]+) \{")


def distance_one(a: str, b: str) -> bool:
    """True when a and b differ by one inserted, deleted or replaced letter."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1:] == a for i in range(len(b)))


def check_headers(include: pathlib.Path, problems: list) -> list:
    names = []
    for header in sorted(include.glob("*.h")):
        text = header.read_text()
        module = header.stem
        structs = set(STRUCT.findall(text))
        for struct in structs:
            # A struct may be named after its header's concept itself (mend_event).
            if header.name not in NO_MODULE and not struct.startswith(f"mend_{module}_") \
                    and struct not in ("mend_open_options", f"mend_{module}"):
                problems.append(f"{header.name}: struct {struct} is not named mend_{module}_*")
        for ret, name, params in DECL.findall(text):
            names.append(name)
            if name in LIBRARY_LEVEL:
                continue
            if header.name in NO_MODULE:
                problems.append(f"{header.name}: {name} belongs in its concept's header")
                continue
            is_init = name.endswith("_init") and name[:-5] in structs
            if not name.startswith(f"mend_{module}_") and not is_init:
                problems.append(f"{header.name}: {name} does not start with mend_{module}_")
            rest = name[len(f"mend_{module}_"):]
            words = set(rest.split("_"))
            if (words & FORBIDDEN_VERBS) and not any(a in rest for a in ALLOWED_WITH_FORBIDDEN):
                problems.append(f"{header.name}: {name} uses a verb of "
                                f"{sorted(words & FORBIDDEN_VERBS)}; see the verb table")
            if name.endswith("_json") and not re.search(
                    r"_(get|list|to|search|evaluate|history|verify|series|change|sustained|export|card|accounting)_json$"
                    r"|_(get|list)_[a-z]+_json$|_to_json$", name):
                problems.append(f"{header.name}: {name}: a JSON call is *_get_json, *_list_json "
                                f"or names what it computes")
            first = params.split(",")[0].strip()
            if re.match(r"(const )?[a-z0-9_]+\s*\*\*?\s*out_\w+", first) or \
                    re.search(r",\s*[^,]*\bout_\w+", params):
                problems.append(f"{header.name}: {name}: the output parameter is named 'out'")
            if re.match(r"(int64_t|int|size_t|char\s*\*|mend_[a-z_]+\s*\*)\s*\*\s*(\w+)$", first):
                pname = re.match(r".*?(\w+)$", first).group(1)
                if pname != "out" and not ret.startswith("void"):
                    problems.append(f"{header.name}: {name}: first parameter {pname} looks like "
                                    f"an output; outputs come first and are named 'out'")
    for i, a in enumerate(sorted(set(names))):
        for b in sorted(set(names))[i + 1:]:
            if distance_one(a, b) and (a, b) not in LETTER_APART_BY_DESIGN:
                problems.append(f"{a} and {b} are one letter apart")
    return names


def check_python(package: pathlib.Path, problems: list) -> None:
    for path in sorted(package.glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                words = set(node.name.split("_"))
                if words & FORBIDDEN_VERBS:
                    problems.append(f"python {path.name}: {node.name} uses a verb of "
                                    f"{sorted(words & FORBIDDEN_VERBS)}")


def check_cli(mend: str, problems: list) -> None:
    text = subprocess.run([mend, "--help"], capture_output=True, text=True).stdout
    for line in text.splitlines():
        m = re.match(r"  ([a-z-]+)\s+((?:[a-z-]+(?:\||, ))*[a-z-]+)", line)
        if not m:
            continue
        for verb in re.split(r"\||, ", m.group(2)):
            if set(verb.split("-")) & FORBIDDEN_VERBS:
                problems.append(f"cli: mend {m.group(1)} {verb}")


def main() -> int:
    problems: list = []
    names = check_headers(pathlib.Path(sys.argv[1]), problems)
    check_python(pathlib.Path(sys.argv[2]), problems)
    if len(sys.argv) > 3:
        check_cli(sys.argv[3], problems)
    for p in problems:
        print(p)
    print(f"{len(names)} functions checked; {len(problems)} problem(s)")
    return 1 if problems or len(names) < 100 else 0


if __name__ == "__main__":
    sys.exit(main())
