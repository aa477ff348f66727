"""The exporter contract (after pretix's base/exporter.py): each export is a class with an identifier,
a Chinese name, its options, and render() -> Rendered(filename, mimetype, content).

An exporter is built for one user from request parameters by `for_user`, which fetches every object
through the permission functions (404 for anything the user may not see), both in the view and again
in the background worker. `render` is given a progress callback that bulk exporters call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.http import Http404
from pydantic import BaseModel, ConfigDict

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"

Progress = Callable[[int, int], None]  # (done, total)


def no_progress(done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class Rendered:
    filename: str
    mimetype: str
    content: bytes


class Options(BaseModel):
    """An exporter's options, validated from request parameters (strings)."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class Exporter:
    identifier: ClassVar[str]
    verbose_name: ClassVar[str]  # Chinese, shown on buttons and in the job list
    options_model: ClassVar[type[Options]] = Options
    # Long or bulk exports run as a background job; the others render in the request.
    background: ClassVar[bool] = False

    def __init__(self, *, user, options: Options, **objects: Any) -> None:
        self.user = user
        self.options = options
        self.objects = objects

    @classmethod
    def may_export(cls, user) -> bool:
        """Whether `user` may use this export at all (404 otherwise). Anyone, by default: the permission
        functions that fetch the objects decide."""
        return True

    @classmethod
    def options_for(cls, user, params: dict[str, Any]) -> Options:
        """The start of every for_user: the options validated (pydantic.ValidationError for bad ones), then
        Http404 for a user `may_export` turns away."""
        options = cls.options_model.model_validate(params)
        if not cls.may_export(user):
            raise Http404
        return options

    @classmethod
    def for_user(cls, user, params: dict[str, Any]) -> Exporter:
        """Validate the options and fetch the objects through permission functions (Http404 if not visible).
        Raises pydantic.ValidationError for bad options."""
        return cls(user=user, options=cls.options_for(user, params))

    def render(self, progress: Progress = no_progress) -> Rendered:
        raise NotImplementedError


class ApplicationOptions(Options):
    application: int


class ApplicationExporter(Exporter):
    """An export of one application, fetched through the application permission (404 otherwise).
    `objects_for` adds objects for `render`, or refuses the application: None (Http404 with `missing` as the
    reason), or Http404 raised with its own reason."""

    options_model: ClassVar[type[Options]] = ApplicationOptions
    # The reason of the 404 when objects_for finds nothing of this kind to export.
    missing: ClassVar[str] = ""

    @classmethod
    def for_user(cls, user, params: dict[str, Any]) -> Exporter:
        from applications.permissions import get_application_for_user_or_404

        options = cls.options_for(user, params)
        application = get_application_for_user_or_404(user, options.application)
        objects = cls.objects_for(application)
        if objects is None:
            raise Http404(cls.missing)
        return cls(user=user, options=options, application=application, **objects)

    @classmethod
    def objects_for(cls, application) -> dict[str, Any] | None:
        return {}


EXPORTERS: dict[str, type[Exporter]] = {}


def register(cls: type[Exporter]) -> type[Exporter]:
    if cls.identifier in EXPORTERS and EXPORTERS[cls.identifier] is not cls:
        raise ValueError(f"exporter {cls.identifier} registered twice")
    EXPORTERS[cls.identifier] = cls
    return cls
