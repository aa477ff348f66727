"""Every exporter of the platform. Importing this package registers them all."""

from documents.exporters.base import EXPORTERS, Exporter, Rendered, register

__all__ = ["EXPORTERS", "Exporter", "Rendered", "register"]
