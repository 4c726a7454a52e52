"""Background work for uploads: checking and loading run on the task queue (django-tasks with
the database backend), so a large import never ties up a web request. Both are safe to re-run."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def check_upload(run_id: int) -> None:
    services.import_run_check(run_id=run_id)


@task()
def load_upload(run_id: int) -> None:
    services.import_run_load(run_id=run_id)
