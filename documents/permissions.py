"""Export jobs belong to the user who asked for them; nobody else sees or downloads them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import permissions as base
from documents.models import ExportJob


def export_jobs_visible_to(user) -> QuerySet[ExportJob]:
    if not base._active(user):
        return ExportJob.objects.none()
    return ExportJob.objects.filter(requested_by=user)


def get_export_job_for_user_or_404(user, pk) -> ExportJob:
    return get_object_or_404(export_jobs_visible_to(user), pk=pk)
