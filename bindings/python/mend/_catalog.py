"""The library's catalogue (``mend/catalog.h``): its limits and the values
each field accepts, read from the C library (``mend_catalog_get_json``).

The package reads its rules from here (note fields, the audit and search
limits, the children range, ...) and never keeps a copy of them.
"""

from __future__ import annotations

import copy
import json
from ctypes import byref, c_void_p
from typing import Any, Dict, Optional, Tuple

from . import _lib
from .errors import from_code

__all__ = ["catalog", "limit", "note_fields"]

_static: Optional[Dict[str, Any]] = None


def _builtin() -> Dict[str, Any]:
    """The catalogue without a database, read once (it never changes in a process)."""
    global _static
    if _static is None:
        out = c_void_p()
        rc = _lib.lib.mend_catalog_get_json(byref(out), None)
        if rc < 0:
            raise from_code(rc)
        _static = json.loads(_lib.take_string(out.value))
    return _static


def catalog() -> Dict[str, Any]:
    """The library's catalogue without a database, as a dict: ``"limits"``,
    ``"values"``, ``"note_formats"``, ``"cpt_codes"``, and the built-in
    ``"instruments"``, ``"protocols"`` and ``"attestation_codes"``
    (``mend_catalog_get_json(out, NULL)``; the keys are described in
    ``mend/catalog.h``). :meth:`mend.Database.catalog` gives the practice's.
    """
    return copy.deepcopy(_builtin())


def limit(name: str) -> int:
    """One of the catalogue's ``"limits"``, e.g. ``limit("audit_limit_max")``."""
    return int(_builtin()["limits"][name])


def note_fields() -> Dict[str, Tuple[str, ...]]:
    """Each note format's fields, as the library checks them."""
    return {k: tuple(v) for k, v in _builtin()["note_formats"].items()}
