"""The hostile-string corpus (tests/corpus/hostile-strings.txt) for the Python tests.

The file's header documents its format; this is its one Python decoder (the C
tests have theirs in tests/capi/corpus.c). Each entry decodes to the exact
bytes a host would pass; :func:`as_text` gives the ``str`` a Python caller
would hold for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import List

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "hostile-strings.txt"

_REPEAT = re.compile(r"@repeat:(\d+):(.*)\Z", re.S)


@dataclass(frozen=True)
class Entry:
    line: int  # 1-based line in the corpus file
    category: str  # the "# == name ==" header above it
    data: bytes  # the entry's bytes

    @property
    def label(self) -> str:
        """A short, printable name for test ids and messages."""
        return f"L{self.line}"

    @property
    def text(self) -> str:
        return as_text(self.data)

    @property
    def crosses_c(self) -> bool:
        """Valid UTF-8 without NUL: what the library may accept."""
        return b"\x00" not in self.data and _valid_utf8(self.data)


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8", "strict")
        return True
    except UnicodeDecodeError:
        return False


def as_text(data: bytes) -> str:
    """The str for these bytes: strict UTF-8 where valid; malformed bytes become
    lone surrogates ('surrogateescape', and 'surrogatepass' for encoded surrogates),
    which the binding must refuse."""
    try:
        return data.decode("utf-8", "strict")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return data.decode("utf-8", "surrogateescape")


def _code_point_bytes(cp: int) -> bytes:
    """UTF-8's bit pattern for any value, surrogates and > U+10FFFF included."""
    if cp < 0x80:
        return bytes([cp])
    if cp < 0x800:
        return bytes([0xC0 | cp >> 6, 0x80 | cp & 0x3F])
    if cp < 0x10000:
        return bytes([0xE0 | cp >> 12, 0x80 | cp >> 6 & 0x3F, 0x80 | cp & 0x3F])
    if cp < 0x200000:
        return bytes([0xF0 | cp >> 18, 0x80 | cp >> 12 & 0x3F, 0x80 | cp >> 6 & 0x3F, 0x80 | cp & 0x3F])
    raise ValueError(f"code point {cp:#x} is out of the corpus's range")


_SIMPLE = {"\\": b"\\", "n": b"\n", "r": b"\r", "t": b"\t", "0": b"\x00"}


def decode(text: str) -> bytes:
    """One entry's escaped text to its bytes (see the corpus header)."""
    if text == "@empty":
        return b""
    m = _REPEAT.match(text)
    if m:
        return decode(m.group(2)) * int(m.group(1))
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
            continue
        if i + 1 >= len(text):
            raise ValueError("a lone backslash at the end of an entry")
        e = text[i + 1]
        if e in _SIMPLE:
            out += _SIMPLE[e]
            i += 2
        elif e == "x":
            out.append(int(text[i + 2:i + 4], 16))
            i += 4
        elif e == "u" and text[i + 2:i + 3] == "{":
            end = text.index("}", i)
            out += _code_point_bytes(int(text[i + 3:end], 16))
            i = end + 1
        else:
            raise ValueError(f"unknown escape \\{e}")
    return bytes(out)


def load(path: Path = CORPUS) -> List[Entry]:
    entries: List[Entry] = []
    category = ""
    for n, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if raw.startswith("#"):
            m = re.match(r"# == (.*) ==", raw)
            if m:
                category = m.group(1)
            continue
        if raw == "":
            continue
        entries.append(Entry(n, category, decode(raw)))
    return entries
