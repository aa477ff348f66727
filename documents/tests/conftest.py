from __future__ import annotations

import pytest
from django.http import Http404

from accounts import permissions as base
from documents.exporters.base import EXPORTERS, XLSX, Exporter, Options, Rendered


class EchoOptions(Options):
    rows: int = 3
    fail: bool = False


class EchoExporter(Exporter):
    """A bulk exporter for the job machinery: officials only, counts rows, fails on request."""

    identifier = "test_echo"
    verbose_name = "测试导出"
    options_model = EchoOptions
    background = True

    @classmethod
    def for_user(cls, user, params):
        if not base.is_county_reviewer(user):
            raise Http404
        return cls(user=user, options=cls.options_model.model_validate(params))

    def render(self, progress=lambda done, total: None):
        total = self.options.rows
        for done in range(1, total + 1):
            progress(done, total)
        if self.options.fail:
            raise RuntimeError("boom")
        return Rendered("测试导出.xlsx", XLSX, b"rows=%d" % total)


class InlineEchoExporter(EchoExporter):
    identifier = "test_echo_inline"
    verbose_name = "测试即时导出"
    background = False


@pytest.fixture
def echo_exporters():
    EXPORTERS[EchoExporter.identifier] = EchoExporter
    EXPORTERS[InlineEchoExporter.identifier] = InlineEchoExporter
    yield EchoExporter
    EXPORTERS.pop(EchoExporter.identifier, None)
    EXPORTERS.pop(InlineEchoExporter.identifier, None)
