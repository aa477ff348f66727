"""Stored uploads leave the platform only through a view that has checked who asks (never from a public URL)."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse


def private_file_response(file: FieldFile, filename: str) -> FileResponse:
    """The file as a download under its original name: never sniffed into another type, never cached."""
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
