"""The README's Python example runs unchanged in a fresh interpreter and prints what it says."""

from __future__ import annotations

import re
import subprocess

from conftest import BINDINGS, PYTHON, subprocess_env

README = BINDINGS / "README.md"


def _example() -> str:
    text = README.read_text(encoding="utf-8")
    m = re.search(r"<!-- python-example -->\s*```python\n(.*?)```\s*<!-- /python-example -->", text, re.S)
    assert m, "README.md lacks the <!-- python-example --> block"
    return m.group(1)


def _documented_output() -> str:
    text = README.read_text(encoding="utf-8")
    m = re.search(r"<!-- /python-example -->\s*It prints:\s*```text\n(.*?)```", text, re.S)
    assert m, "README.md does not show the example's output"
    return m.group(1)


def test_readme_example_runs_unchanged(tmp_path):
    code = _example()
    assert "import mend" in code and len(code.splitlines()) > 10
    r = subprocess.run([PYTHON, "-c", code], env=subprocess_env(), cwd=str(tmp_path),
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout == _documented_output()
