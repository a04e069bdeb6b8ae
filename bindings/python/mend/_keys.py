"""The host's keys (``mend/key.h``): key files, a key callback, adopting keys."""

from __future__ import annotations

import ctypes
import os
from typing import TYPE_CHECKING, Any, Callable, List, Optional, Tuple, Union

from . import _catalog, _lib
from ._lib import lib
from .errors import from_code

if TYPE_CHECKING:  # pragma: no cover
    from ._database import Database

#: A host's key service: ``fn(purpose, key_id)`` returns ``(id, key)`` (``key``
#: 32 bytes) for the key of ``purpose`` (``"audit"`` or ``"wrap"``) with id
#: ``key_id``, or the newest one for ``key_id`` 0; ``None`` when it has none.
KeyCallback = Callable[[str, int], Optional[Tuple[int, bytes]]]


def create_key_file(path: Union[str, "os.PathLike[str]"]) -> None:
    """Write a key file with a new random audit key and wrap key, mode 0600
    (``mend_key_file_create``); on an existing key file, add a newer key of
    each kind and keep the older ones. Keep it away from the database."""
    p = os.fspath(path)
    if not isinstance(p, str):
        raise TypeError(f"path must be a str or os.PathLike[str], not {type(p).__name__}")
    rc = lib.mend_key_file_create(p.encode("utf-8", "surrogatepass"))
    if rc < 0:
        raise from_code(rc)


def key_callback_c(fn: KeyCallback, errors: List[BaseException]) -> Any:
    """The C trampoline of ``fn``: it never unwinds through C; what ``fn``
    raises is kept in ``errors`` (the :class:`mend.BadKey` of the call that
    needed the key is raised from it) and the key call fails (``MEND_EKEY``)."""
    if not callable(fn):
        raise TypeError("key_callback must be callable")

    def trampoline(out: Any, out_id: Any, purpose: bytes, key_id: int, _user: object) -> int:
        try:
            got = fn(purpose.decode("ascii"), int(key_id))
            if got is None:
                return _lib.MEND_ENOTFOUND
            kid, key = got
            if not isinstance(key, (bytes, bytearray)) or len(key) != 32:
                raise ValueError("a key callback must return 32 bytes of key")
            if isinstance(kid, bool) or not isinstance(kid, int) or not 1 <= kid < 2**63:
                raise ValueError("a key callback must return the key's id, an int from 1")
            ctypes.memmove(out, bytes(key), 32)
            out_id[0] = int(kid)
            return _lib.MEND_OK
        except BaseException as exc:  # never unwind through C
            errors.append(exc)
            return _lib.MEND_ERROR

    return _lib.KEY_CALLBACK(trampoline)


class Keys:
    """The handle's keys (``db.keys``)."""

    def __init__(self, db: "Database") -> None:
        self._db = db

    def __repr__(self) -> str:
        return f"<mend Keys of {self._db!r}>"

    def state(self) -> str:
        """``"none"`` (the practice keeps no keyed records), ``"held"`` (keyed,
        and the handle holds its keys), ``"missing"`` (keyed, opened without
        them: the practice can be identified, not read) or ``"unregistered"``
        (the handle's keys are not the practice's yet: :meth:`adopt`) or
        ``"resealing"`` (a re-encryption is under way: :meth:`reseal`), as of
        the handle's last call (``mend_key_state``)."""
        out = ctypes.c_int()
        self._db._call(lambda h: int(lib.mend_key_state(ctypes.byref(out), h)))
        for k in _catalog._builtin()["key_states"]:
            if k["code"] == out.value:
                return str(k["name"])
        return str(out.value)

    def rewrap(self) -> int:
        """Wrap the practice's data keys anew under the handle's newest wrap
        key (admins; ``mend_key_rewrap``): instant; afterwards the older wrap
        key is no longer needed. Returns how many data keys moved."""
        out = ctypes.c_int()
        self._db._call(lambda h: int(lib.mend_key_rewrap(ctypes.byref(out), h)))
        return int(out.value)

    def adopt(self) -> None:
        """Key the practice's audit chain under the handle's newest audit key,
        or move it to a newer one (admins; ``mend_key_adopt``)."""
        self._db._call(lib.mend_key_adopt)

    def encrypt(self) -> None:
        """Start converting a plaintext practice to an encrypted one under a
        new data key wrapped under the handle's newest wrap key (admins;
        ``mend_key_encrypt``); :meth:`reseal` carries the job out. Until it
        ends every other record call, on every handle, raises
        :class:`mend.InvalidState`."""
        self._db._call(lib.mend_key_encrypt)

    def reencrypt(self) -> None:
        """Start re-encrypting the practice under a new data key (admins;
        ``mend_key_reencrypt``); :meth:`reseal` carries the job out and, at
        its end, erases the older data keys."""
        self._db._call(lib.mend_key_reencrypt)

    def reseal(self, max_rows: int = 0) -> int:
        """Carry the job under way up to ``max_rows`` rows further (0: the
        library's default batch), in one transaction (admins; ``mend_key_reseal``). Returns how many rows it
        has yet to do: call it until it returns 0 (the job's end: older keys
        erased, the database vacuumed). An interrupted job goes on from its
        last batch. With no job under way it does nothing and returns 0::

            db.keys.reencrypt()
            while db.keys.reseal(1000):
                pass
        """
        if isinstance(max_rows, bool) or not isinstance(max_rows, int):
            raise TypeError("max_rows must be an int")
        out = ctypes.c_int64()
        self._db._call(lambda h: int(lib.mend_key_reseal(ctypes.byref(out), h, max_rows)))
        return int(out.value)
