"""`python -m summit export_event <slug> [--out FILE]`: the event's archive as a ZIP file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from summit.archive.domain import export_event, read_archive
from summit.events.models import Event


class Command(BaseCommand):
    help = "Write every row of one event (and the people it names) to a versioned ZIP archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("event", help="the event's short name (slug)")
        parser.add_argument("--out", help="file to write (default: <slug>-<date>.zip)")

    def handle(self, *args: Any, **options: Any) -> None:
        event = Event.objects.filter(slug=options["event"]).first()
        if event is None:
            raise CommandError(f"no event with the short name {options['event']!r}")
        out = Path(options["out"] or f"{event.slug}-{timezone.now():%Y%m%d-%H%M}.zip")
        if out.exists():
            raise CommandError(f"{out} exists already: choose another --out")
        data = export_event(event=event)
        out.write_bytes(data)
        manifest, _rows = read_archive(data=data)
        total, tables = sum(manifest["counts"].values()), len(manifest["counts"])
        self.stdout.write(f"{event.slug}: {total} rows in {tables} tables -> {out}")
