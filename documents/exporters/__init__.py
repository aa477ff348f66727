"""Every exporter of the platform. Importing this package registers them all."""

from documents.exporters import (  # noqa: F401
    allocation_letter,
    audit_log_xlsx,
    application_docx,
    budget_export,
    bundle,
    funds_ledger_xlsx,
    letters,
    performance_results_xlsx,
    performance_self_report_docx,
    performance_xlsx,
    summary_xlsx,
)
from documents.exporters.base import EXPORTERS, Exporter, Rendered, register

__all__ = ["EXPORTERS", "Exporter", "Rendered", "register"]
