"""The Celery application: the broker from CELERY_BROKER_URL, every option from Django settings.

Without a broker (the embedded default) tasks run eagerly in the calling process; with one,
`gazzetta worker` runs them (see gazzetta.tasks for the tasks, settings.py for the options).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazzetta.settings")

app = Celery("gazzetta")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["gazzetta"])


def run_worker(*, concurrency: int, beat: bool, pool: str, queues: str = "") -> None:
    """Run a Celery worker in the foreground, with the periodic scheduler embedded when `beat`."""
    arguments = ["worker", "--loglevel=INFO", f"--concurrency={concurrency}", f"--pool={pool}"]
    arguments += ["--beat"] * beat + [f"--queues={queues}"] * bool(queues)
    app.worker_main(arguments)
