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
    def for_user(cls, user, params: dict[str, Any]) -> Exporter:
        """Validate the options and fetch the objects through permission functions (Http404 if not visible).
        Raises pydantic.ValidationError for bad options."""
        return cls(user=user, options=cls.options_model.model_validate(params))

    def render(self, progress: Progress = no_progress) -> Rendered:
        raise NotImplementedError


class ApplicationOptions(Options):
    application: int


class ApplicationExporter(Exporter):
    """An export of one application, fetched through the application permission (404 otherwise).
    `objects_for` may refuse the application (Http404 with the reason) or add objects for `render`."""

    options_model: ClassVar[type[Options]] = ApplicationOptions

    @classmethod
    def for_user(cls, user, params: dict[str, Any]) -> Exporter:
        from applications.permissions import get_application_for_user_or_404

        options = cls.options_model.model_validate(params)
        application = get_application_for_user_or_404(user, options.application)
        return cls(user=user, options=options, application=application, **cls.objects_for(application))

    @classmethod
    def objects_for(cls, application) -> dict[str, Any]:
        return {}


EXPORTERS: dict[str, type[Exporter]] = {}


def register(cls: type[Exporter]) -> type[Exporter]:
    if cls.identifier in EXPORTERS and EXPORTERS[cls.identifier] is not cls:
        raise ValueError(f"exporter {cls.identifier} registered twice")
    EXPORTERS[cls.identifier] = cls
    return cls
