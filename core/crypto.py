"""Personal data at rest (issue 16 §13): SM4-GCM encryption of ID and mobile numbers, and the keyed SM3 digest
that lets a search find them without decrypting every row.

Both keys derive from the one secret `PERSONAL_DATA_KEY` (the environment; production refuses the development
default), each by HMAC-SM3 with its own label, so the digest key reveals nothing about the encryption key.
A stored value is ``sm4gcm1:`` + base64url(nonce ‖ ciphertext ‖ tag): a random 96-bit nonce per value, so the
same number twice gives two unrelated ciphertexts, and GCM's tag refuses any change. The column it belongs to is
the authenticated additional data, so a ciphertext copied into another column (or another table) is refused too.

SM4-GCM comes from `cryptography`, whose wheels carry an OpenSSL with SM4. There is no second backend: gmssl has
no GCM, and a value written by one backend must be readable by the other: without SM4 in OpenSSL, encryption
raises instead of writing plaintext.
"""

from __future__ import annotations

import base64
import functools
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

from core.sm3 import hmac_sm3_hex

PREFIX = "sm4gcm1:"
NONCE_BYTES = 12
TAG_BYTES = 16


class PersonalDataError(ValueError):
    """A stored value that does not decrypt: changed, moved from another column, or written under another key."""


@functools.lru_cache(maxsize=4)
def _keys(secret: str) -> tuple[bytes, bytes]:
    material = secret.encode("utf-8")
    encryption = bytes.fromhex(hmac_sm3_hex(material, b"hengyang personal data / SM4-GCM"))[:16]
    digest = bytes.fromhex(hmac_sm3_hex(material, b"hengyang personal data / lookup digest"))
    return encryption, digest


def _encryption_key() -> bytes:
    return _keys(settings.PERSONAL_DATA_KEY)[0]


def encrypt(plaintext: str, *, context: str) -> str:
    """The stored form of `plaintext` for the column named `context` (``app_label.Model.field``)."""
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(_encryption_key()), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(context.encode("utf-8"))
    body = encryptor.update(plaintext.encode("utf-8")) + encryptor.finalize()
    return PREFIX + base64.urlsafe_b64encode(nonce + body + encryptor.tag).decode("ascii")


def decrypt(stored: str, *, context: str) -> str:
    if not stored.startswith(PREFIX):
        raise PersonalDataError(f"{context}: the stored value is not SM4-GCM ciphertext")
    try:
        raw = base64.urlsafe_b64decode(stored[len(PREFIX) :].encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise PersonalDataError(f"{context}: the stored value is not valid base64") from None
    if len(raw) < NONCE_BYTES + TAG_BYTES:
        raise PersonalDataError(f"{context}: the stored value is too short")
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(_encryption_key()), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(context.encode("utf-8"))
    try:
        plain = decryptor.update(body) + decryptor.finalize()
    except InvalidTag:
        raise PersonalDataError(f"{context}: the stored value fails its SM4-GCM tag (changed or another key)") from None
    return plain.decode("utf-8")


def is_encrypted(stored: str) -> bool:
    return stored.startswith(PREFIX)


def lookup_digest(value: str, *, context: str) -> str:
    """Keyed HMAC-SM3 of a normalised value, for equality searches; empty for an empty value."""
    if not value:
        return ""
    key = _keys(settings.PERSONAL_DATA_KEY)[1]
    return hmac_sm3_hex(key, context.encode("utf-8") + b"\x00" + value.encode("utf-8"))
