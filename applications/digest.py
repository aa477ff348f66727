"""The digest of a submission: SM3 over a canonical JSON of what the enterprise submitted, so that a
printed or downloaded copy can be checked against the platform (the verification page)."""

from __future__ import annotations

import json
from typing import Any

from applications.uploads import new_sm3

SHORT_LENGTH = 16  # the footer of every page shows the first 16 hex digits, in groups of 4


def submission_payload(
    *,
    receipt_number: str,
    item_number: int,
    subtype_code: str,
    submitted_at: str,
    version: int,
    answers: dict[str, Any],
    attachments: list[dict[str, Any]],
    commitment_signer: str,
) -> dict[str, Any]:
    """The submitted data, without raw typed text (a complete submission has none) and with the
    attachments as their digests in a stable order."""
    clean = {
        form: {k: v for k, v in (values or {}).items() if not k.startswith("_")} for form, values in answers.items()
    }
    files = sorted(
        (
            {"material": a["material_id"], "sha256": a["sha256"], "sm3": a["sm3"], "size": a["size"]}
            for a in attachments
        ),
        key=lambda f: (f["material"], f["sha256"]),
    )
    return {
        "receipt_number": receipt_number,
        "item": item_number,
        "subtype": subtype_code,
        "submitted_at": submitted_at,
        "version": version,
        "answers": clean,
        "attachments": files,
        "commitment_signer": commitment_signer,
    }


def submission_digest(payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    hasher = new_sm3()
    hasher.update(canonical.encode("utf-8"))
    return hasher.hexdigest()


def short_digest(digest: str) -> str:
    """ "3f2a9c1b…" → "3F2A-9C1B-0D4E-77A0": what the footer prints and a person can read out."""
    head = digest[:SHORT_LENGTH].upper()
    return "-".join(head[i : i + 4] for i in range(0, len(head), 4))


def normalise_digest(text: str) -> str:
    """What a person typed from a print-out, as lower-case hex without separators."""
    return "".join(ch for ch in text.lower() if ch in "0123456789abcdef")
