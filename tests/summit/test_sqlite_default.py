"""SQLite as a real default: several people submitting surveys while the background
recomputation of recommendations runs never meet "database is locked".

The check needs a database file shared by several connections (the test suite's in-memory
database is not), so it runs in a child process on a fresh SQLite file in a temporary data
folder, with the project's own default settings.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"

_SCENARIO = r"""
import json, sys, threading
import django
django.setup()
from django.core.management import call_command
from django.db import connection, connections

call_command("migrate", verbosity=0)

from django.contrib.auth import get_user_model
from summit.events.models import Event
from summit.matching.domain.recommendations import execute_recompute_run, schedule_recompute
from summit.organizations.domain.survey import save_survey
from summit.organizations.models import Organization

submitters, submits_each, organizations = (int(value) for value in sys.argv[1:4])
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    journal = cursor.fetchone()[0]
event = Event.objects.create(slug="laptop-summit", name="Laptop Summit")
areas = ["oncology", "cns", "vaccines", "immunology"]
created = [
    Organization.objects.create(
        event=event,
        org_id=f"ORG{number:04d}",
        name=f"Org {number}",
        org_type=["biotech", "global_pharma", "investor", "cdmo"][number % 4],
        country=["KR", "US", "JP", "DE"][number % 4],
        therapeutic_areas=[areas[number % 4], areas[(number + 1) % 4]],
        modalities=["mab"],
        offers=["licensing_out"] if number % 2 else ["funding"],
        seeks=["funding"] if number % 2 else ["licensing_in"],
        languages=["en"],
        description_offer=f"Platform number {number} for antibody discovery.",
        description_seek="Partners for clinical development in Asia.",
    )
    for number in range(organizations)
]
failures, submitted, recomputes = [], [], []
stop = threading.Event()


def recompute_loop():
    try:
        while not stop.is_set():
            run = schedule_recompute(event=event)
            execute_recompute_run(run=run)
            recomputes.append(run.pk)
    except Exception as error:
        failures.append(f"recompute: {error.__class__.__name__}: {error}")
    finally:
        connections.close_all()


def submit_loop(index):
    try:
        for attempt in range(submits_each):
            organization = Organization.objects.get(pk=created[index].pk)
            try:
                save_survey(
                    organization=organization,
                    values={"description_offer": f"Revised offer {attempt} of {index}."},
                    submit=True,
                )
                submitted.append(index)
            except Exception as error:
                failures.append(f"submit: {error.__class__.__name__}: {error}")
    finally:
        connections.close_all()


worker = threading.Thread(target=recompute_loop)
worker.start()
people = [threading.Thread(target=submit_loop, args=(index,)) for index in range(submitters)]
for person in people:
    person.start()
for person in people:
    person.join()
stop.set()
worker.join()
print(json.dumps({
    "journal": journal, "failures": failures, "submitted": len(submitted),
    "recomputes": len(recomputes),
}))
"""


@pytest.mark.slow
@pytest.mark.integration
def test_surveys_submitted_during_a_recompute_never_meet_a_locked_database(tmp_path):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SUMMIT_TASK_BACKEND", "SUMMIT_CACHE_URL"}
    }
    environment.update(
        {
            "SUMMIT_DATA_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "summit.settings",
            "PYTHONPATH": str(SRC),
        }
    )
    finished = subprocess.run(
        [sys.executable, "-c", _SCENARIO, "4", "8", "120"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    result = json.loads(finished.stdout.strip().splitlines()[-1])
    assert result["failures"] == []
    assert result["journal"] == "wal"
    assert result["submitted"] == 4 * 8
    assert result["recomputes"] >= 1


def test_default_sqlite_settings_use_wal_immediate_transactions_and_a_busy_timeout(tmp_path):
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment.update({"SUMMIT_DATA_DIR": str(tmp_path), "PYTHONPATH": str(SRC)})
    script = (
        "import json, summit.settings as s; print(json.dumps(s.DATABASES['default']['OPTIONS']))"
    )
    finished = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    )
    options = json.loads(finished.stdout)
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert options["timeout"] >= 20
