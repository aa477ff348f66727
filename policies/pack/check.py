"""`python -m policies.pack.check PATH…`: validate a pack folder or single form files, print every error."""

from __future__ import annotations

import sys
from pathlib import Path

from policies.pack.loader import check_form_file, check_pack


def main(argv: list[str]) -> int:
    failed = False
    for arg in argv:
        path = Path(arg)
        errors = check_pack(path) if path.is_dir() else check_form_file(path)
        for error in errors:
            print(error)
        failed |= bool(errors)
        print(f"{arg}: {'%d 个错误' % len(errors) if errors else 'OK'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
