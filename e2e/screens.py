"""Screenshots for looking at the pages a journey passes (not assertions): taken only when E2E_SCREENSHOTS names a
folder, e.g. `E2E_SCREENSHOTS=/tmp/shots make test`, so that CI spends no time on them."""

from __future__ import annotations

import os
from pathlib import Path

WIDTHS = ((1280, 900), (390, 844))


def capture(page, name: str, *, both_widths: bool = False) -> None:
    """`name`.png of the whole page; with both_widths, `name`-1280.png and `name`-390.png, the viewport restored."""
    folder = os.environ.get("E2E_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    if not both_widths:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
        return
    size = page.viewport_size
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(size)
