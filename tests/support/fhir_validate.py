#!/usr/bin/python3
"""Validate FHIR R4 (4.0.1) JSON resources against HL7's official JSON schema.

    /usr/bin/python3 tests/support/fhir_validate.py FILE...

Each FILE holds one resource (a Bundle is one resource too). Exit status 0 when
every file is valid, 1 listing every error (``FILE: PATH: message``), 2 when a
file cannot be read as JSON.

Beside the schema (whose enums are the required value sets of most ``code``
elements: Encounter.status, Flag.status, Consent.status, Patient.gender, ...),
``value_set_errors`` checks the few small fixed value sets it leaves open
(CarePlan.status and intent, CarePlan.activity.detail.status, Condition's
clinical and verification status).

Importable: ``validate(resource) -> list[str]``, each message prefixed with the
FHIR path of the offending element, e.g. ``Questionnaire.item[0].answerOption[1]``
or ``Bundle.entry[1].resource.birthDate``.

The schema is third_party/fhir-r4/fhir.schema.json.gz (see its README), loaded
once. Its top level, and its ``ResourceList`` (Bundle.entry.resource,
DomainResource.contained, Parameters.parameter.resource, ...), are a ``oneOf``
over all 146 resource types with a ``discriminator`` on ``resourceType``; a plain
validator would try every branch (slow, and its errors say only "is not valid
under any of the given schemas"). Here a reference to ResourceList is followed
by the discriminator to ``#/definitions/<resourceType>`` alone, so a resource
nested at any depth is checked against its own definition and its errors keep
their full path.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

import jsonschema
from jsonschema import _validators as _keywords
from jsonschema.exceptions import ValidationError

SCHEMA_PATH = (Path(__file__).resolve().parents[2]
               / "third_party" / "fhir-r4" / "fhir.schema.json.gz")
RESOURCE_LIST = "#/definitions/ResourceList"

_schema: Optional[Dict[str, Any]] = None
_validator: Optional[Any] = None


def schema() -> Dict[str, Any]:
    """The vendored R4 schema (parsed once)."""
    global _schema
    if _schema is None:
        with gzip.open(SCHEMA_PATH, "rt", encoding="utf-8") as f:
            _schema = json.load(f)
    return _schema


def _discriminated_ref(validator: Any, ref: str, instance: Any, subschema: Any) -> Iterable[ValidationError]:
    if ref == RESOURCE_LIST:
        mapping = schema()["discriminator"]["mapping"]
        kind = instance.get("resourceType") if isinstance(instance, dict) else None
        if not isinstance(instance, dict):
            yield ValidationError(f"{instance!r} is not a resource (not an object)")
            return
        if kind not in mapping:
            yield ValidationError(f"resourceType {kind!r} is not an R4 resource type")
            return
        ref = mapping[kind]
    yield from _keywords.ref(validator, ref, instance, subschema)


def _get_validator() -> Any:
    global _validator
    if _validator is None:
        full = schema()
        base = jsonschema.validators.validator_for(full)  # draft-06 for R4
        cls = jsonschema.validators.extend(base, {"$ref": _discriminated_ref})
        resolver = jsonschema.RefResolver.from_schema(full, id_of=base.ID_OF)
        _validator = cls({"$ref": RESOURCE_LIST}, resolver=resolver)
    return _validator


def _fhir_path(root: str, parts: Iterable[Any]) -> str:
    out = root
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _leaves(error: ValidationError) -> Iterable[ValidationError]:
    """The innermost errors (for oneOf/anyOf, those of each branch)."""
    if error.context:
        for sub in error.context:
            yield from _leaves(sub)
    else:
        yield error


def validate(resource: Any) -> List[str]:
    """Every schema error of ``resource``, each as ``PATH: message``."""
    root = resource.get("resourceType") if isinstance(resource, dict) else None
    root = root if root in schema()["discriminator"]["mapping"] else "$"
    messages = []
    for top in _get_validator().iter_errors(resource):
        for error in _leaves(top):
            parts = list(error.absolute_path)
            if error.validator == "additionalProperties" and isinstance(error.instance, dict):
                known = set(error.schema.get("properties", {}))
                for extra in sorted(k for k in error.instance if k not in known):
                    messages.append(f"{_fhir_path(root, parts + [extra])}: unknown property {extra!r}")
                continue
            messages.append(f"{_fhir_path(root, parts)}: {error.message}")
    return sorted(set(messages), key=messages.index)


# Value sets the schema leaves open (a ``code`` without an enum, or a CodeableConcept
# bound to a small fixed value set), from the R4 specification's bindings.
_CODE_SETS = {
    ("CarePlan", "status"): {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error",
                             "unknown"},
    ("CarePlan", "intent"): {"proposal", "plan", "order", "option"},
}
_CONCEPT_SETS = {
    ("Condition", "clinicalStatus"): {"active", "recurrence", "relapse", "inactive", "remission",
                                      "resolved"},
    ("Condition", "verificationStatus"): {"unconfirmed", "provisional", "differential", "confirmed",
                                          "refuted", "entered-in-error"},
}
_ACTIVITY_STATUS = {"not-started", "scheduled", "in-progress", "on-hold", "completed", "cancelled",
                    "stopped", "unknown", "entered-in-error"}


def _resources(resource: Any, path: str) -> Iterable[tuple]:
    if not isinstance(resource, dict):
        return
    yield path, resource
    if resource.get("resourceType") == "Bundle":
        for i, entry in enumerate(resource.get("entry", [])):
            yield from _resources(entry.get("resource"), f"{path}.entry[{i}].resource")


def value_set_errors(resource: Any) -> List[str]:
    """Codes outside the small fixed value sets the schema does not enumerate."""
    root = resource.get("resourceType", "$") if isinstance(resource, dict) else "$"
    errors = []
    for path, r in _resources(resource, root):
        kind = r.get("resourceType")
        for (k, field), allowed in _CODE_SETS.items():
            if k == kind and field in r and r[field] not in allowed:
                errors.append(f"{path}.{field}: {r[field]!r} is not in {k}.{field}")
        for (k, field), allowed in _CONCEPT_SETS.items():
            for j, c in enumerate(r.get(field, {}).get("coding", []) if k == kind else []):
                if c.get("code") not in allowed:
                    errors.append(f"{path}.{field}.coding[{j}].code: {c.get('code')!r} is not in {k}.{field}")
        if kind == "CarePlan":
            for j, a in enumerate(r.get("activity", [])):
                status = a.get("detail", {}).get("status")
                if status is not None and status not in _ACTIVITY_STATUS:
                    errors.append(f"{path}.activity[{j}].detail.status: {status!r} is not in "
                                  "CarePlan.activity.detail.status")
    return errors


def main(argv: List[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    status = 0
    for name in argv:
        try:
            with open(name, encoding="utf-8") as f:
                resource = json.load(f)
        except (OSError, ValueError) as e:
            print(f"{name}: cannot read JSON: {e}", file=sys.stderr)
            return 2
        errors = validate(resource) + value_set_errors(resource)
        for message in errors:
            print(f"{name}: {message}")
        if errors:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
