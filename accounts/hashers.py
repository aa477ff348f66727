"""Password hashers: Argon2id at the OWASP minimum for production, and a cheap variant for the test suite."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with OWASP's minimum parameters (Password Storage Cheat Sheet: m=19 MiB, t=2, p=1).

    Django's defaults (m=100 MiB, t=2, p=8) cost about 270 ms of CPU per login on the 2-core reference machine,
    and a deadline-day wave of logins queued for seconds behind them (bench/load/README.md). The algorithm name
    stays "argon2", so hashes made with other parameters still verify, and Django rehashes them with these at the
    person's next successful login (`must_update`)."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """For the test suite only (config/settings/test.py)."""

    time_cost = 1
    memory_cost = 64
    parallelism = 1
