"""Every exporter of the platform. Importing this package registers them all."""

from documents.exporters import application_docx, bundle, letters, performance_xlsx, summary_xlsx  # noqa: F401
from documents.exporters.base import EXPORTERS, Exporter, Rendered, register

__all__ = ["EXPORTERS", "Exporter", "Rendered", "register"]
