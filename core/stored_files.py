"""Files written to storage inside a database transaction are deleted again when that transaction does not
commit (issue 16 §10): a refused or failed write ("database is locked", a check that fails after the file was
stored) must not leave an orphaned upload behind."""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from django.core.files.storage import Storage
from django.db.models.fields.files import FieldFile

P = ParamSpec("P")
R = TypeVar("R")

_stored: contextvars.ContextVar[list[tuple[Storage, str]] | None] = contextvars.ContextVar("stored", default=None)
logger = logging.getLogger(__name__)


def deletes_stored_files_on_rollback(service: Callable[P, R]) -> Callable[P, R]:
    """Put above @transaction.atomic: the files the service registers (stored_in_transaction) are deleted if
    it raises, which includes a COMMIT that fails. (Inside a caller's transaction the commit is the caller's;
    only an exception through the service is seen.)"""

    @wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        stored: list[tuple[Storage, str]] = []
        token = _stored.set(stored)
        try:
            return service(*args, **kwargs)
        except BaseException:
            for storage, name in stored:
                try:
                    storage.delete(name)
                except OSError:  # the error being raised matters more; the file is named in the log
                    logger.exception("未能删除回滚事务中已保存的文件 %s", name)
            raise
        finally:
            _stored.reset(token)

    return wrapper


def stored_in_transaction(file: FieldFile) -> None:
    """Register a file just saved to storage by a service wrapped in deletes_stored_files_on_rollback."""
    stored = _stored.get()
    if stored is not None and file.name:
        stored.append((file.storage, file.name))
