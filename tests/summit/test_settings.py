"""Settings come from the environment with safe defaults (checked in fresh interpreters)."""

import json
import os
import stat
import subprocess
import sys

import pytest

pytestmark = [pytest.mark.unit]

SHOW = (
    "import json, summit.settings as s; print(json.dumps({'key': s.SECRET_KEY, 'debug': s.DEBUG,"
    " 'db': str(s.DATABASES['default']['NAME']), 'engine': s.DATABASES['default']['ENGINE'],"
    " 'hosts': s.ALLOWED_HOSTS, 'tasks': s.TASKS['default']['BACKEND'],"
    " 'email': s.EMAIL_BACKEND, 'apps': s.INSTALLED_APPS}))"
)


def _settings(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    clean.update({"SUMMIT_DATA_DIR": str(tmp_path / "data"), **env})
    return subprocess.run(
        [sys.executable, "-c", SHOW], env=clean, capture_output=True, text=True, check=False
    )


def test_defaults_are_safe_and_local(tmp_path):
    shown = json.loads(_settings(tmp_path).stdout)
    assert shown["debug"] is False
    assert shown["engine"] == "django.db.backends.sqlite3"
    assert shown["db"] == str(tmp_path / "data" / "summit.sqlite3")
    assert shown["hosts"] == ["127.0.0.1", "localhost"]
    assert shown["tasks"] == "django_tasks_db.DatabaseBackend"
    assert shown["email"] == "django.core.mail.backends.console.EmailBackend"


def test_secret_key_is_generated_once_and_kept_private(tmp_path):
    first = json.loads(_settings(tmp_path).stdout)["key"]
    second = json.loads(_settings(tmp_path).stdout)["key"]
    assert first == second
    assert len(first) >= 50
    mode = stat.S_IMODE((tmp_path / "data" / "secret_key").stat().st_mode)
    assert mode == 0o600


def test_environment_overrides_defaults(tmp_path):
    shown = json.loads(
        _settings(
            tmp_path,
            SECRET_KEY="from-the-environment",
            DEBUG="1",
            ALLOWED_HOSTS="partnering.example.org, api.example.org",
            DATABASE_URL="postgres://summit@db.example.org:5432/summit",
            SUMMIT_TASK_BACKEND="rq",
        ).stdout
    )
    assert shown["key"] == "from-the-environment"
    assert shown["debug"] is True
    assert shown["hosts"] == ["partnering.example.org", "api.example.org"]
    assert shown["engine"] == "django.db.backends.postgresql"
    assert shown["tasks"] == "django_tasks_rq.RQBackend"
    assert {"django_rq", "django_tasks_rq"} <= set(shown["apps"])
    assert not (tmp_path / "data" / "secret_key").exists()


def test_unknown_task_backend_is_refused_by_name(tmp_path):
    completed = _settings(tmp_path, SUMMIT_TASK_BACKEND="celery")
    assert completed.returncode != 0
    assert "SUMMIT_TASK_BACKEND='celery'" in completed.stderr
