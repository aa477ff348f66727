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
