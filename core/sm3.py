"""SM3 (GB/T 32905-2016) for the whole platform: digests of uploads and bundles, and the keyed HMAC-SM3 that
chains the audit log.

SM3 comes from OpenSSL through ``hashlib.new("sm3")``. Where the OpenSSL build lacks it, the pure-Python
``gmssl`` package is used if it is installed (correct but slow: roughly a minute for 50 MB); if neither is
available, `new_sm3` raises RuntimeError rather than let a caller go on without its SM3 digest.
"""

from __future__ import annotations

import hashlib
import struct
from typing import Protocol

BLOCK_BYTES = 64  # SM3's block, as SHA-256's: HMAC pads its key to it (RFC 2104)


class Hasher(Protocol):
    def update(self, data: bytes, /) -> None: ...

    def hexdigest(self) -> str: ...


class _GmsslSm3:
    """Incremental SM3 on top of gmssl's compression function (gmssl itself only hashes whole lists)."""

    def __init__(self, sm3_module) -> None:
        self._cf = sm3_module.sm3_cf
        self._state = list(sm3_module.IV)
        self._pending = bytearray()
        self._length = 0

    def update(self, data: bytes, /) -> None:
        self._length += len(data)
        self._pending += data
        whole = len(self._pending) - len(self._pending) % 64
        for start in range(0, whole, 64):
            self._state = self._cf(self._state, self._pending[start : start + 64])
        del self._pending[:whole]

    def hexdigest(self) -> str:
        tail = bytes(self._pending) + b"\x80"
        tail += b"\x00" * ((56 - len(tail)) % 64) + struct.pack(">Q", self._length * 8)
        state = self._state
        for start in range(0, len(tail), 64):
            state = self._cf(state, tail[start : start + 64])
        return "".join(f"{word:08x}" for word in state)


def new_sm3() -> Hasher:
    try:
        return hashlib.new("sm3")
    except ValueError:
        pass
    try:
        from gmssl import sm3 as gmssl_sm3
    except ImportError:
        raise RuntimeError(
            "SM3 is unavailable: this OpenSSL build has no sm3 digest and the gmssl package is not installed "
            "(pip install gmssl, or use an OpenSSL with SM3)."
        ) from None
    return _GmsslSm3(gmssl_sm3)


def sm3_hex(data: bytes) -> str:
    hasher = new_sm3()
    hasher.update(data)
    return hasher.hexdigest()


def hmac_sm3_hex(key: bytes, message: bytes) -> str:
    """HMAC-SM3 (RFC 2104 over SM3), built on `new_sm3` so that it works on either backend."""
    if len(key) > BLOCK_BYTES:
        key = bytes.fromhex(sm3_hex(key))
    key = key.ljust(BLOCK_BYTES, b"\x00")
    inner = new_sm3()
    inner.update(bytes(b ^ 0x36 for b in key))
    inner.update(message)
    outer = new_sm3()
    outer.update(bytes(b ^ 0x5C for b in key))
    outer.update(bytes.fromhex(inner.hexdigest()))
    return outer.hexdigest()
