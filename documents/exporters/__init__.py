"""Every exporter of the platform. Importing this package registers them all."""

from documents.exporters import (  # noqa: F401
    allocation_letter,
    application_docx,
    audit_log_xlsx,
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
