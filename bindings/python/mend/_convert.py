"""Argument conversion: Python values to what the C API takes.

Type errors are raised here, before any C call (:class:`TypeError`); text is
checked to be strict, NUL-free UTF-8 (:class:`EncodingError`); values are
left for the library to judge, except ints that would not fit the C type
(:class:`InvalidArgument`).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Optional, Type, Union

from . import _catalog, _lib
from .errors import EncodingError, InvalidArgument

_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1

DateLike = Union[_dt.date, str]
ActorRef = Union[int, str]


class _Unset:
    """The type of :data:`UNSET`: "leave this field as it is"."""

    _instance: Optional["_Unset"] = None

    def __new__(cls) -> "_Unset":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "mend.UNSET"

    def __bool__(self) -> bool:
        return False


#: The default of every ``update()`` keyword: the field stays as it was.
UNSET: Any = _Unset()


# ---------------------------------------------------------------------------
# Argument conversion: Python values to what the C API takes. Type errors are
# raised here, before any C call; values are checked by the library.
# ---------------------------------------------------------------------------


def _text(name: str, value: object) -> bytes:
    """A str as NUL-free, strictly encoded UTF-8 bytes."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be str, not {type(value).__name__}")
    try:
        data = value.encode("utf-8", "strict")
    except UnicodeEncodeError:
        # The message names the field only: the value may be client data.
        raise EncodingError(f"{name} is not valid UTF-8 (it holds a lone surrogate)") from None
    if b"\x00" in data:
        raise EncodingError(f"{name} holds a NUL character")
    return data


def _date_text(name: str, value: object) -> bytes:
    """A date or "YYYY-MM-DD" string as bytes (the library checks the calendar)."""
    if isinstance(value, _dt.datetime):
        raise TypeError(f"{name} must be a datetime.date or a 'YYYY-MM-DD' str, not datetime")
    if isinstance(value, _dt.date):
        return value.isoformat().encode("ascii")
    if isinstance(value, str):
        return _text(name, value)
    raise TypeError(f"{name} must be a datetime.date or a 'YYYY-MM-DD' str, not {type(value).__name__}")


def _int(name: str, value: object, lo: int = _INT64_MIN, hi: int = _INT64_MAX) -> int:
    """An int (bool refused) within [lo, hi]."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be int, not {type(value).__name__}")
    if not lo <= value <= hi:
        raise InvalidArgument(f"{name} is out of range")
    return int(value)


def _id(name: str, value: object) -> int:
    """A record id: an int (bool refused) that fits int64_t."""
    return _int(name, value)


def _ref_id(name: str, value: object) -> int:
    """A positive id in a fields struct, where 0 and -1 are the C API's sentinels."""
    v = _id(name, value)
    if v <= 0:
        raise InvalidArgument(f"{name} must be a positive id")
    return v


def _bool(name: str, value: object) -> int:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be bool, not {type(value).__name__}")
    return 1 if value else 0


def _required(name: str, value: object) -> None:
    if value is None or value is UNSET:
        raise TypeError(f"{name} is required and cannot be None")


def _not_clearable(name: str, value: object) -> None:
    if value is None:
        raise TypeError(f"{name} cannot be cleared: pass a value, or leave it out to keep it")


def _opt_text(fields: Any, name: str, value: object) -> None:
    """Create: None leaves the field NULL (not given)."""
    if value is not None and value is not UNSET:
        setattr(fields, name, _text(name, value))


def _opt_date(fields: Any, name: str, value: object) -> None:
    if value is not None and value is not UNSET:
        setattr(fields, name, _date_text(name, value))


def _upd_text(fields: Any, name: str, value: object, clearable: bool) -> None:
    """Update: UNSET keeps (NULL); None clears ("") where the C API allows it."""
    if value is UNSET:
        return
    if value is None:
        if not clearable:
            _not_clearable(name, value)
        setattr(fields, name, b"")
        return
    setattr(fields, name, _text(name, value))


def _upd_date(fields: Any, name: str, value: object, clearable: bool) -> None:
    if value is UNSET:
        return
    if value is None:
        if not clearable:
            _not_clearable(name, value)
        setattr(fields, name, b"")
        return
    setattr(fields, name, _date_text(name, value))


def _children(value: object) -> int:
    v = _int("children_in_household", value, _INT_MIN, _INT_MAX)
    if v < 0:  # -1 is the C API's "unchanged"
        raise InvalidArgument(f"children_in_household must be between "
                              f"{_catalog.limit('children_in_household_min')} and "
                              f"{_catalog.limit('children_in_household_max')}")
    return v


def _fields(struct: Type[Any]) -> Any:
    """The struct as the library's ``mend_X_init`` fills it (no defaults copied here)."""
    return _lib.initialised(struct)
