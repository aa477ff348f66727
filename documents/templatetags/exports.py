"""{% export_button "summary_xlsx" scope="batch" batch=batch.pk %}: a download link for an export rendered
in the request, or a POST form that starts a background job for a bulk one."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from documents.exporters.base import EXPORTERS

register = template.Library()


@register.inclusion_tag("documents/export_button.html", takes_context=True)
def export_button(context, identifier: str, label: str = "", **params):
    exporter = EXPORTERS[identifier]
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return {
        "csrf_token": context.get("csrf_token"),
        "identifier": identifier,
        "label": label or exporter.verbose_name,
        "background": exporter.background,
        "params": params,
        "href": f"{reverse('documents:export', args=[identifier])}?{urlencode(params)}",
    }


@register.inclusion_tag("documents/application_documents.html", takes_context=True)
def application_documents(context, application):
    """The documents of one application that exist in its current state."""
    from applications.workflow import EDITABLE_STATES, ApplicationStatus

    form_ids = {form.get("id") for form in application.forms or []}
    exports = ["application_docx"]
    if "3" in form_ids:
        exports += ["performance_docx", "performance_xlsx"]
    if application.receipt_number and application.status not in EDITABLE_STATES:
        exports.append("application_bundle")
    if application.status == ApplicationStatus.AWARDED:
        exports.append("award_notice_docx")
    return {"csrf_token": context.get("csrf_token"), "application": application, "exports": exports}


@register.simple_tag(takes_context=True)
def export_button_for(context, identifier: str, **params):
    """export_button for use in a loop over identifiers."""
    return template.loader.render_to_string(
        "documents/export_button.html", export_button(context, identifier, **params), request=context.get("request")
    )
