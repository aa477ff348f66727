"""A draft's data written as a pack folder, in the layout of policy_packs/hengyang-2023-gxj51, for `pack check` and
`pack load` (the same loader validates it again before anything is stored)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from workbench.validation import data_files

HEADER = "# 由政策配置（/workbench/）导出，请勿手工修改：修改请在政策配置中新建草稿。\n"


def _dump(value: Any) -> str:
    return HEADER + yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=1000)


def draft_to_folder(data: dict[str, Any], folder: Path) -> Path:
    """Write pack.yaml, items/NN.yaml, forms/ID.yaml and cases.yaml (when the draft has cases) under `folder`,
    replacing any YAML files a previous export left there. Returns the folder."""
    folder = Path(folder)
    for stale in folder.rglob("*.yaml") if folder.exists() else ():
        stale.unlink()
    for relative, value in data_files(data).items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_dump(value), encoding="utf-8")
    return folder
