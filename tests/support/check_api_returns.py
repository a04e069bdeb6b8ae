#!/usr/bin/env python3
"""Every C API call that returns an int says what it returns.

For each MEND_EXTERN(int) function of the public headers, its doc comment
must have an @return that names the codes it returns (at least one MEND_*
code) or says that it returns "never an error code" (a plain value such as
mend_client_is_archived). Every MEND_* name in a doc comment must exist
(a #define or a declaration in the headers), so a misspelt code fails too.
Usage: check_api_returns.py include/mend
       check_api_returns.py --self-test include/mend   (proves the check bites)
"""
import pathlib
import re
import sys

DECL = re.compile(r"(/\*\*(?:(?!\*/).)*\*/)\s*MEND_EXTERN\((\w[\w\s*]*)\)\s*(mend_\w+)\(", re.S)


def main(folder):
    headers = sorted(pathlib.Path(folder).glob("*.h"))
    texts = {h.name: h.read_text() for h in headers}
    known = set()
    for text in texts.values():
        known.update(re.findall(r"#define\s+(MEND_\w+)", text))
        known.update(re.findall(r"\b(mend_\w+)\s*\(", text))
        known.update(re.findall(r"typedef struct (mend_\w+)", text))
    problems = []
    checked = 0
    for name, text in texts.items():
        for m in DECL.finditer(text):
            doc, ret, fn = m.group(1), m.group(2).strip(), m.group(3)
            # the doc comment right before this declaration only
            doc = doc[doc.rfind("/**"):]
            # (a name in quotes is a string, e.g. mend_errstr()'s "MEND_UNKNOWN";
            # MEND_E* is the family)
            for code in re.findall(r"(?<![\"\w])MEND_[A-Z0-9_]+\b(?!\*)", doc):
                if code not in known and not code.endswith("_"):
                    problems.append("%s: %s: its doc names %s, which no header defines"
                                    % (name, fn, code))
            if ret != "int":
                continue
            checked += 1
            r = re.search(r"@return\b(.*?)(?=\n\s*\*\s*@|\*/)", doc, re.S)
            if not r:
                problems.append("%s: %s returns an int but its doc has no @return" % (name, fn))
            elif not re.search(r"\bMEND_[A-Z]+\b", r.group(1)) and \
                    "never an error code" not in " ".join(r.group(1).split()).lower():
                problems.append("%s: %s: its @return names no MEND_* code (or says \"never an "
                                "error code\")" % (name, fn))
    if checked == 0:
        problems.append("no MEND_EXTERN(int) declaration found under %s" % folder)
    for p in problems:
        print(p, file=sys.stderr)
    print("check_api_returns: %d int-returning calls checked, %d problems" % (checked, len(problems)))
    return 1 if problems else 0


def self_test(folder):
    """The check passes the headers as they are and fails each broken copy."""
    import shutil
    import tempfile
    src = pathlib.Path(folder)
    old = "@return MEND_OK, MEND_EINVAL (NULL argument) or MEND_ENOACTOR (none set)."
    cases = {
        "no @return": ("actor.h", " * " + old + "\n", ""),
        "no code in @return": ("actor.h", old, "@return Whether it worked."),
        "a misspelt code": ("actor.h", "MEND_ENOACTOR (none set)", "MEND_ENOACTR (none set)"),
    }
    if main(folder) != 0:
        print("self-test: the headers as they are fail", file=sys.stderr)
        return 1
    for what, (header, before, after) in cases.items():
        with tempfile.TemporaryDirectory() as tmp:
            for h in src.glob("*.h"):
                shutil.copy(h, tmp)
            target = pathlib.Path(tmp) / header
            text = target.read_text()
            if before not in text:
                print("self-test: %s: %r not in %s" % (what, before, header), file=sys.stderr)
                return 1
            target.write_text(text.replace(before, after, 1))
            if main(tmp) == 0:
                print("self-test: the check passed %s" % what, file=sys.stderr)
                return 1
            print("self-test: %s fails, as it must" % what)
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--self-test":
        sys.exit(self_test(sys.argv[2]))
    sys.exit(main(sys.argv[1]))
