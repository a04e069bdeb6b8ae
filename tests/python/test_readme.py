"""The README's Python examples run unchanged in a fresh interpreter and print what they say."""

from __future__ import annotations

import re
import subprocess

import pytest

from conftest import BINDINGS, PYTHON, subprocess_env

README = BINDINGS / "README.md"

#: The marker of each runnable example: <!-- NAME --> ```python ... ``` <!-- /NAME -->.
EXAMPLES = ["python-example", "python-example-clinical", "python-example-notes"]


def _example(name: str) -> str:
    text = README.read_text(encoding="utf-8")
    m = re.search(rf"<!-- {name} -->\s*```python\n(.*?)```\s*<!-- /{name} -->", text, re.S)
    assert m, f"README.md lacks the <!-- {name} --> block"
    return m.group(1)


def _documented_output(name: str) -> str:
    text = README.read_text(encoding="utf-8")
    m = re.search(rf"<!-- /{name} -->\s*It prints:\s*```text\n(.*?)```", text, re.S)
    assert m, f"README.md does not show the output of <!-- {name} -->"
    return m.group(1)


@pytest.mark.parametrize("name", EXAMPLES)
def test_readme_example_runs_unchanged(tmp_path, name):
    code = _example(name)
    assert "import mend" in code and len(code.splitlines()) > 10
    r = subprocess.run([PYTHON, "-c", code], env=subprocess_env(), cwd=str(tmp_path),
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout == _documented_output(name)
