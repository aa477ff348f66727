"""Stored uploads leave the platform only through a view that has checked who asks (never from a public URL)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.views.decorators.http import require_GET

from core.actions import declared_by_caller
from core.audit_reads import read_record
from core.choices import AuditVerb


def private_file_response(file: FieldFile, filename: str, content_type: str | None = None) -> FileResponse:
    """The file as a download under its original name: never sniffed into another type, never cached."""
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def download_view(*, get_or_404: Callable[[Any, int], Any]):
    """GET the stored upload (`.file`, `.original_name`) of an object fetched through `get_or_404(user, pk)`,
    the permission function that scopes it to the user (404 outside the user's reach). Every download is
    audited (who, which file, from where)."""

    @require_GET
    @login_required
    def view(request, pk: int):
        stored = get_or_404(request.user, pk)
        read_record(request, verb=AuditVerb.ATTACHMENT_DOWNLOADED, target=stored, data={"name": stored.original_name})
        return private_file_response(stored.file, stored.original_name)

    return declared_by_caller(view)
