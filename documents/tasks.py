"""Background tasks (django.tasks backport). Tasks take primary keys, never objects."""

from __future__ import annotations

from django_tasks import task


@task()
def export_job_run_task(job_id: str) -> None:
    from documents.services import export_job_run

    export_job_run(job_id=job_id)
