"""Every row of one event as a versioned ZIP, and back into a database that does not hold it.

What belongs to an event is found, not listed: starting from the event's row, every row that
points (through a foreign key or a one-to-one field) at a row already found belongs to it too,
until nothing new turns up. So a model that a later version adds to any app is archived without
a change here. The people those rows name (users) come along with their profiles, because an
archive without its people cannot be read. API tokens are credentials and stay out.

The archive (format ``bio-partnering-event-archive``, version 1) holds two members:

- ``manifest.json``: format, version, the event's short name, when it was made, the applied
  migrations of every app it holds rows of, the row count per model and the SHA-256 of
  ``rows.json``;
- ``rows.json``: Django's serialization of every row, models in dependency order (a row's
  foreign-key targets come before it), rows by primary key, so that the same event always gives
  the same bytes and an exported, imported and re-exported event gives identical ``rows.json``.

Import keeps primary keys (so that links, calendar UIDs and tokens stay valid) and runs in one
transaction: either every row is written or none is. It refuses an archive whose format,
checksum, counts or migrations do not match, and any row whose primary key is already taken,
naming the model and the key; a user already present with the same username is reused.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from summit.events.models import Event

FORMAT = "bio-partnering-event-archive"
VERSION = 1
MANIFEST = "manifest.json"
ROWS = "rows.json"
# Bounds on what an archive may unpack to, so that a crafted file cannot exhaust memory.
MAX_MANIFEST_BYTES = 1 << 20
MAX_ROWS_BYTES = 2 << 30
_CHUNK = 2000
# Credentials are never archived; restoring them would hand out working secrets.
_LEFT_OUT = {"api.apitoken"}


class ArchiveError(Exception):
    """An archive that cannot be written or read, with a message for the operator."""


@dataclass(frozen=True)
class ArchiveSummary:
    slug: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _inbound_links(model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """(model, field name) for every foreign key or one-to-one field that points at ``model``."""
    links = []
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            continue
        field = relation.field
        source = relation.related_model
        if source._meta.auto_created or _label(source) in _LEFT_OUT:
            continue
        links.append((source, field.name))
    return links


def collect_event_rows(*, event: Event) -> dict[type[models.Model], dict[Any, models.Model]]:
    """Every row of the event and of the people it names, by model and primary key."""
    found: dict[type[models.Model], dict[Any, models.Model]] = defaultdict(dict)
    found[Event][event.pk] = event
    frontier: dict[type[models.Model], set[Any]] = {Event: {event.pk}}
    while frontier:
        next_frontier: dict[type[models.Model], set[Any]] = defaultdict(set)
        for target, keys in frontier.items():
            for source, field_name in _inbound_links(target):
                ordered = sorted(keys)
                for start in range(0, len(ordered), _CHUNK):
                    chunk = ordered[start : start + _CHUNK]
                    for row in source._base_manager.filter(**{f"{field_name}__in": chunk}):
                        if row.pk not in found[source]:
                            found[source][row.pk] = row
                            next_frontier[source].add(row.pk)
        frontier = {model: keys for model, keys in next_frontier.items() if keys}
    _add_people(found)
    return {model: rows for model, rows in found.items() if rows}


def _add_people(found: dict[type[models.Model], dict[Any, models.Model]]) -> None:
    """Add the users the event's rows name, and every row that belongs to one of them alone."""
    user_model = get_user_model()
    user_ids: set[Any] = set()
    for model, rows in list(found.items()):
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is user_model:
                user_ids.update(
                    value for row in rows.values() if (value := getattr(row, field.attname))
                )
    found[user_model].update(user_model._base_manager.in_bulk(sorted(user_ids)))
    for source, field_name in _personal_models():
        for row in source._base_manager.filter(**{f"{field_name}__in": user_ids}):
            found[source][row.pk] = row


def _personal_models() -> list[tuple[type[models.Model], str]]:
    """(model, field name) of the models that hold one row per user (profiles)."""
    return [
        (relation.related_model, relation.field.name)
        for relation in get_user_model()._meta.related_objects
        if relation.one_to_one and _label(relation.related_model) not in _LEFT_OUT
    ]


def _dependency_order(present: list[type[models.Model]]) -> list[type[models.Model]]:
    """Models so that each comes after the models its foreign keys point at (ties by name)."""
    remaining = sorted(present, key=_label)
    ordered: list[type[models.Model]] = []
    while remaining:
        placed = {_label(model) for model in ordered}
        for model in remaining:
            needs = {
                _label(field.related_model)
                for field in model._meta.concrete_fields
                if field.is_relation and field.related_model is not model
            } & {_label(other) for other in remaining}
            if not needs - placed:
                break
        else:  # a cycle: keep name order; import checks constraints at the end anyway
            model = remaining[0]
        ordered.append(model)
        remaining.remove(model)
    return ordered


def _applied_migrations(labels: set[str], *, using: str) -> dict[str, list[str]]:
    applied = MigrationRecorder(connections[using]).applied_migrations()
    return {
        label: sorted(name for app, name in applied if app == label) for label in sorted(labels)
    }


def export_event(*, event: Event) -> bytes:
    """The event's archive as the bytes of a ZIP file."""
    found = collect_event_rows(event=event)
    order = _dependency_order(list(found))
    records: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    for model in order:
        rows = [found[model][key] for key in sorted(found[model])]
        counts[_label(model)] = len(rows)
        records.extend(serializers.serialize("python", rows))
    rows_bytes = json.dumps(
        records, cls=serializers.json.DjangoJSONEncoder, ensure_ascii=False, indent=1
    ).encode()
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "event": event.slug,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "migrations": _applied_migrations(
            {model._meta.app_label for model in order}, using=DEFAULT_DB_ALIAS
        ),
        "counts": counts,
        "sha256": hashlib.sha256(rows_bytes).hexdigest(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))
        archive.writestr(ROWS, rows_bytes)
    return buffer.getvalue()


def _read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise ArchiveError(f"not an event archive: {name} is missing") from None
    if info.file_size > limit:
        raise ArchiveError(f"{name} unpacks to {info.file_size} bytes, more than {limit}")
    with archive.open(info) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise ArchiveError(f"{name} unpacks to more than {limit} bytes")
    return data


def read_archive(*, data: bytes) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The manifest and the rows of an archive, checked against each other."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ArchiveError("not an event archive: the file is not a ZIP file") from None
    with archive:
        try:
            manifest = json.loads(_read_member(archive, MANIFEST, MAX_MANIFEST_BYTES))
        except (ValueError, RecursionError):
            raise ArchiveError(f"not an event archive: {MANIFEST} is not JSON") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ArchiveError(f"not an event archive: {MANIFEST} does not name {FORMAT}")
        if manifest.get("version") != VERSION:
            raise ArchiveError(
                f"archive version {manifest.get('version')!r} is not supported "
                f"(this version reads version {VERSION})"
            )
        rows_bytes = _read_member(archive, ROWS, MAX_ROWS_BYTES)
    if hashlib.sha256(rows_bytes).hexdigest() != manifest.get("sha256"):
        raise ArchiveError(f"{ROWS} does not match the checksum in {MANIFEST}: damaged archive")
    records = json.loads(rows_bytes)
    counted: dict[str, int] = defaultdict(int)
    for record in records:
        counted[record["model"]] += 1
    if dict(counted) != manifest.get("counts"):
        raise ArchiveError(f"the rows in {ROWS} do not match the counts in {MANIFEST}")
    return manifest, records


def _check_migrations(manifest: dict[str, Any], *, using: str) -> None:
    wanted: dict[str, list[str]] = manifest.get("migrations") or {}
    applied = _applied_migrations(set(wanted), using=using)
    for label, names in wanted.items():
        missing = sorted(set(names) - set(applied[label]))
        if missing:
            raise ArchiveError(
                f"the archive was made with migration {label}.{missing[-1]}, which this "
                "database has not applied: run `python -m summit migrate` first"
            )


def _taken_keys(model: type[models.Model], keys: list[Any], *, using: str) -> set[Any]:
    taken: set[Any] = set()
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        taken.update(
            model._base_manager.using(using).filter(pk__in=chunk).values_list("pk", flat=True)
        )
    return taken


def _reusable_users(rows: list[dict[str, Any]], *, using: str) -> set[Any]:
    """Archived users already here under the same number and username (kept as they are)."""
    user_model = get_user_model()
    taken = _taken_keys(user_model, [row["pk"] for row in rows], using=using)
    existing = dict(
        user_model._base_manager.using(using)
        .filter(pk__in=taken)
        .values_list("pk", user_model.USERNAME_FIELD)
    )
    for row in rows:
        name = row["fields"].get(user_model.USERNAME_FIELD)
        if row["pk"] in existing and existing[row["pk"]] != name:
            raise ArchiveError(
                f"user {row['pk']} of the archive ({name!r}) is another user here "
                f"({existing[row['pk']]!r}): import into a database that does not hold "
                "other people under the same numbers"
            )
    return taken


def import_event(*, data: bytes, using: str = DEFAULT_DB_ALIAS) -> ArchiveSummary:
    """Write every row of an archive into the database, all or nothing."""
    manifest, records = read_archive(data=data)
    _check_migrations(manifest, using=using)
    if Event._base_manager.using(using).filter(slug=manifest["event"]).exists():
        raise ArchiveError(f"an event with the short name {manifest['event']!r} already exists")
    user_model = get_user_model()
    by_model: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        by_model[record["model"]].append(record)
    for label in by_model:
        try:
            apps.get_model(label)
        except LookupError:
            raise ArchiveError(f"the archive holds rows of {label}, unknown here") from None
    reused_users = _reusable_users(by_model.get(_label(user_model), []), using=using)
    personal = {_label(model): field_name for model, field_name in _personal_models()}
    for label, rows in by_model.items():
        model = apps.get_model(label)
        if model is user_model:
            continue
        if label in personal:
            rows = [row for row in rows if row["fields"][personal[label]] not in reused_users]
        taken = _taken_keys(model, [row["pk"] for row in rows], using=using)
        if taken:
            raise ArchiveError(
                f"{label} {min(taken)} is already in this database: import into a database "
                "that does not hold this event"
            )
    written: set[type[models.Model]] = set()
    connection = connections[using]
    with transaction.atomic(using=using), connection.constraint_checks_disabled():
        for deserialized in serializers.deserialize(
            "python", records, using=using, handle_forward_references=True
        ):
            model = type(deserialized.object)
            if model is user_model and deserialized.object.pk in reused_users:
                continue
            owner = personal.get(_label(model))
            if owner and getattr(deserialized.object, f"{owner}_id") in reused_users:
                continue
            deserialized.save(using=using)
            written.add(model)
        connection.check_constraints(table_names=[model._meta.db_table for model in written])
        statements = connection.ops.sequence_reset_sql(no_style(), sorted(written, key=_label))
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
    return ArchiveSummary(slug=manifest["event"], counts=dict(manifest["counts"]))
