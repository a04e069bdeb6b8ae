"""FHIR R4 exchange (``mend/fhir.h``): instruments as Questionnaire resources."""

from __future__ import annotations

import json
from ctypes import byref, c_void_p
from typing import Any, Dict

from . import _lib
from ._convert import _text
from .errors import from_code

__all__ = ["fhir_questionnaire"]


def fhir_questionnaire(instrument: str) -> Dict[str, Any]:
    """A built-in instrument as a FHIR R4 ``Questionnaire`` (a dict), needing no
    database (``mend_fhir_questionnaire_get_json(out, NULL, code)``).
    :meth:`mend.Database.fhir_questionnaire` gives a practice's, loaded ones too."""
    code = _text("instrument", instrument)
    out = c_void_p()
    rc = _lib.lib.mend_fhir_questionnaire_get_json(byref(out), None, code)
    if rc < 0:
        raise from_code(rc)
    return json.loads(_lib.take_string(out.value))
