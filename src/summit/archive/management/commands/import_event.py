"""`python -m summit import_event FILE`: an event archive into this database, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from summit.archive.domain import ArchiveError, import_event


class Command(BaseCommand):
    help = "Import an event archive made by export_event into a database that does not hold it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="the ZIP file written by export_event")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["archive"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            summary = import_event(data=path.read_bytes())
        except ArchiveError as error:
            raise CommandError(f"{path}: {error}") from None
        self.stdout.write(
            f"{summary.slug}: imported {summary.total} rows in {len(summary.counts)} tables"
        )
