"""The workbench's writes. Import them from here: `from workbench.services import draft_data_save`."""

from workbench.services.drafts import (
    DraftInvalid,
    data_digest,
    draft_approve,
    draft_create_from_pack,
    draft_data_save,
    draft_return,
    draft_submit,
    export_folder,
)

__all__ = [
    "DraftInvalid",
    "data_digest",
    "draft_approve",
    "draft_create_from_pack",
    "draft_data_save",
    "draft_return",
    "draft_submit",
    "export_folder",
]
