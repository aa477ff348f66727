"""One password hash for the demo city's accounts.

About 220 demo accounts (the city's enterprises and the counties' reviewers) all have the printed demo
password. Hashing it with the site's Argon2id parameters costs about 30 ms of CPU each, a third of the
seed's time, and every hash would say the same thing: that the password is the printed one. So while the
city is seeded, the site's default hasher computes the hash once (with its own parameters and one salt)
and gives that encoded hash for every account: each still verifies, and still upgrades at login as any
stored hash does. Nothing else changes, and the hasher is restored on leaving."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth.hashers import get_hasher


@contextmanager
def one_hash_per_password() -> Iterator[None]:
    hasher = get_hasher("default")  # the instance make_password uses (get_hashers caches it)
    encode = hasher.encode
    encoded: dict[str, str] = {}

    def encode_once(password: str, salt: str, *args, **kwargs) -> str:
        if password not in encoded:
            encoded[password] = encode(password, salt, *args, **kwargs)
        return encoded[password]

    hasher.encode = encode_once
    try:
        yield
    finally:
        del hasher.encode  # the class's method again
