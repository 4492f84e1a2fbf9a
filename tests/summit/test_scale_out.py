"""Scale-out: a task enqueued by one process runs in a separate RQ worker process (Redis).

Runs the real commands of docs/deployment.md in subprocesses sharing one SQLite file and a
Redis database of their own (number 15 of the configured server, so nothing else is touched).
"""

import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

pytestmark = [pytest.mark.redis, pytest.mark.slow]

ENQUEUE = """
from datetime import date, time
from summit.events.domain.setup import add_day, save_session
from summit.events.models import Event, Slot
from summit.events.tasks import regenerate_session_slots
event = Event.objects.create(slug="scale", name="Scale")
session = save_session(day=add_day(event=event, day=date(2026, 10, 6)), name="AM",
                       start_time=time(9), end_time=time(11), slot_minutes=20, break_minutes=0)
Slot.objects.all().delete()
result = regenerate_session_slots.enqueue(session.pk)
print(result.id)
"""

CHECK = """
from django_tasks import default_task_backend
from summit.events.models import Slot
result = default_task_backend.get_result({task_id!r})
print(result.status.name, result.return_value if result.is_finished else "-", Slot.objects.count())
"""


def _redis_url_of_own_database() -> str:
    parts = urlsplit(settings.REDIS_URL)
    return urlunsplit((parts.scheme, parts.netloc, "/15", "", ""))


def _summit(env: dict[str, str], *args: str) -> str:
    completed = subprocess.run(
        [sys.executable, "-m", "summit", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    # Django's shell may print a line about automatic imports first; results come last.
    lines = completed.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def test_rq_worker_process_runs_a_task_enqueued_by_another_process(tmp_path):
    import redis

    redis_url = _redis_url_of_own_database()
    redis.Redis.from_url(redis_url).flushdb()
    env = {
        **os.environ,
        "SUMMIT_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'summit.sqlite3'}",
        "SUMMIT_TASK_BACKEND": "rq",
        "REDIS_URL": redis_url,
        "SECRET_KEY": "scale-out-test",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    _summit(env, "migrate", "--noinput", "-v", "0")
    task_id = _summit(env, "shell", "-c", ENQUEUE)
    # Enqueued, not run: the enqueuing process does no task work itself.
    assert _summit(env, "shell", "-c", CHECK.format(task_id=task_id)).split() == ["READY", "-", "0"]
    _summit(env, "rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "default")
    # 09:00–11:00 in 20-minute slots: 6 slots, made by the worker process.
    assert _summit(env, "shell", "-c", CHECK.format(task_id=task_id)).split() == [
        "SUCCESSFUL",
        "6",
        "6",
    ]
