"""Import the demand survey from the engine's CSV/XLSX file, with contact people.

The file is the engine's survey format (`partnering_engine.matching.survey`) plus three
optional columns: ``contact_name``, ``contact_email`` and ``contact_title``, each holding
one value per person separated by ``;`` (the n-th name, e-mail and title belong together).

`preview_survey_import` reads and checks everything and writes nothing; `import_survey`
re-reads the same bytes, refuses if there is any problem, and otherwise writes every
organisation, person and membership in one transaction. New members receive an invitation
e-mail from a background task (`summit.organizations.tasks.send_invitations`) enqueued once
the transaction has committed.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnering_engine.matching.survey import (
    SurveyFileError,
    SurveyRow,
    SurveyRowError,
    check_row,
    read_survey_with_cells,
)
from summit.core.names import person_name, split_full_name
from summit.organizations.domain.survey import describe_problem
from summit.organizations.models import Membership, Organization

if TYPE_CHECKING:
    from summit.events.models import Event

__all__ = [
    "CONTACT_COLUMNS",
    "ImportContact",
    "ImportPreview",
    "ImportResult",
    "PreviewRow",
    "SurveyImportError",
    "contact_name_for",
    "import_survey",
    "is_large_upload",
    "max_upload_bytes",
    "preview_digest",
    "preview_survey_import",
]

#: Extra columns of the web platform's survey file, beside the engine's columns.
CONTACT_COLUMNS: tuple[str, ...] = ("contact_name", "contact_email", "contact_title")
_DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_upload_bytes() -> int:
    """The largest survey file accepted (setting ``SUMMIT_SURVEY_MAX_BYTES``, default 10 MiB)."""
    return int(getattr(settings, "SUMMIT_SURVEY_MAX_BYTES", _DEFAULT_MAX_BYTES))


@dataclass(frozen=True, slots=True)
class ImportContact:
    """One person listed for an organisation in the file."""

    name: str
    email: str
    title: str


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """One data row of the file as the preview shows it, with its problems."""

    number: int
    org_id: str
    name: str
    exists: bool
    contacts: tuple[ImportContact, ...]
    errors: tuple[SurveyRowError, ...]
    survey: SurveyRow | None


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """Everything found in an uploaded survey file; `ok` when it can be imported."""

    filename: str
    rows: tuple[PreviewRow, ...]
    #: Problems of the file as a whole (row 0) or of its header.
    file_errors: tuple[SurveyRowError, ...] = ()

    @property
    def errors(self) -> tuple[SurveyRowError, ...]:
        """Every problem, file-level first, then by row."""
        return self.file_errors + tuple(e for row in self.rows for e in row.errors)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def new_count(self) -> int:
        return sum(1 for row in self.rows if not row.exists)

    @property
    def update_count(self) -> int:
        return sum(1 for row in self.rows if row.exists)


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import wrote."""

    created: int
    updated: int
    people_added: int


class SurveyImportError(ValidationError):
    """The file has problems; `preview` lists them all. Nothing was written."""

    def __init__(self, preview: ImportPreview) -> None:
        first = preview.errors[0] if preview.errors else None
        super().__init__(str(first) if first else _("The file contains no organizations."))
        self.preview = preview


#: Files that unpack to more than this are previewed by a background task with progress.
_LARGE_BYTES = 512 * 1024


def is_large_upload(*, data: bytes, filename: str) -> bool:
    """Whether previewing `data` takes long enough to run in the background: what it unpacks
    to (an .xlsx of 100 kB may hold 25 MB of XML) is above ~0.5 MB (about 1,000 rows)."""
    if data[:4] != b"PK\x03\x04":
        return len(data) > _LARGE_BYTES
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(member.file_size for member in archive.infolist()) > _LARGE_BYTES
    except (zipfile.BadZipFile, ValueError, OSError):
        return False  # read at once: the preview names the problem


def _problem_dict(problem: SurveyRowError, *, with_value: bool) -> dict[str, Any]:
    return {
        "row": problem.row,
        "column": problem.column,
        "value": problem.value,
        "suggestion": problem.suggestion,
        "text": describe_problem(problem, with_suggestion=False, with_value=with_value),
    }


def preview_digest(preview: ImportPreview) -> dict[str, Any]:
    """What the preview page shows, as plain JSON data in the active language: kept beside
    the upload so that paging and reloading never read the file again."""
    return {
        "filename": preview.filename,
        "ok": preview.ok,
        "readable": bool(preview.rows) or not preview.file_errors,
        "new_count": preview.new_count,
        "update_count": preview.update_count,
        "error_count": len(preview.errors),
        "file_problems": [_problem_dict(p, with_value=True) for p in preview.file_errors],
        "rows": [
            {
                "number": row.number,
                "org_id": row.org_id,
                "name": row.name,
                "exists": row.exists,
                "contacts": [{"name": c.name, "email": c.email} for c in row.contacts],
                "problems": [_problem_dict(p, with_value=False) for p in row.errors],
            }
            for row in preview.rows
        ],
    }


def _file_problem(message: str, *, column: str = "") -> SurveyRowError:
    return SurveyRowError(0, column, "", message)


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.replace("；", ";").split(";")]


def _rows_by_number(table: list[list[str]]) -> dict[int, dict[str, str]]:
    """Each non-blank data row (by spreadsheet row number) as column -> cell text."""
    start = 0
    while start < len(table) and not any(cell.strip() for cell in table[start]):
        start += 1
    if start == len(table):
        return {}
    header = [cell.strip().lstrip("\ufeff").casefold() for cell in table[start]]
    rows: dict[int, dict[str, str]] = {}
    for offset, cells in enumerate(table[start + 1 :]):
        if not any(cell.strip() for cell in cells):
            continue
        rows[start + 2 + offset] = {
            column: cells[index].strip() if index < len(cells) else ""
            for index, column in enumerate(header)
            if column
        }
    return rows


def _is_reference_to(problem: SurveyRowError, known: set[str] | dict[str, Any]) -> bool:
    """An engine "unknown org_id" error about an organisation the event already has."""
    return (
        problem.column in ("excluded_partners", "wishlist")
        and problem.message.startswith("unknown org_id")
        and problem.value in known
    )


def _parse_contacts(
    number: int, cells: dict[str, str]
) -> tuple[tuple[ImportContact, ...], list[SurveyRowError]]:
    names = _split(cells["contact_name"]) if cells["contact_name"] else []
    emails = _split(cells["contact_email"]) if cells["contact_email"] else []
    titles = _split(cells["contact_title"]) if cells["contact_title"] else []
    errors: list[SurveyRowError] = []
    if names and len(names) != len(emails):
        errors.append(
            SurveyRowError(
                number,
                "contact_email",
                cells["contact_email"],
                _("%(names)d names but %(emails)d e-mail addresses; give one per person")
                % {"names": len(names), "emails": len(emails)},
            )
        )
        return (), errors
    if titles and len(titles) > len(emails):
        errors.append(
            SurveyRowError(
                number,
                "contact_title",
                cells["contact_title"],
                _("more job titles than people"),
            )
        )
    people: list[ImportContact] = []
    for index, raw_email in enumerate(emails):
        email = raw_email.lower()
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                SurveyRowError(number, "contact_email", raw_email, _("not a valid e-mail address"))
            )
            continue
        name = " ".join(names[index].split()) if names else ""
        if not name:
            errors.append(SurveyRowError(number, "contact_name", "", _("each person needs a name")))
        # Lengths are checked against the user and membership fields by _check_model_fields.
        title = titles[index] if index < len(titles) else ""
        people.append(ImportContact(name=name, email=email, title=title))
    return tuple(people), errors


def preview_survey_import(
    *,
    event: Event,
    data: bytes,
    filename: str,
    progress: Callable[[int], None] | None = None,
) -> ImportPreview:
    """Read and check an uploaded survey file for `event`; writes nothing. `progress` is
    called with the number of rows read so far while the file is read."""
    filename = Path(filename or "survey.csv").name
    limit = max_upload_bytes()
    if len(data) > limit:
        message = _(
            "The file is %(size).1f MB; the largest accepted survey file is %(limit).1f MB."
        ) % {"size": len(data) / 1_000_000, "limit": limit / 1_000_000}
        return ImportPreview(filename, (), (_file_problem(message),))
    if not data.strip():
        return ImportPreview(filename, (), (_file_problem(_("The file is empty.")),))
    try:
        result, table = read_survey_with_cells(data, filename=filename, progress=progress)
    except SurveyFileError as error:
        return ImportPreview(filename, (), (_file_problem(error.message),))
    raw_rows = _rows_by_number(table)
    identity = {
        n: (row.get("org_id", ""), row.get("organization", "")) for n, row in raw_rows.items()
    }

    errors_by_row: dict[int, list[SurveyRowError]] = {}
    file_errors: list[SurveyRowError] = []
    for problem in result.errors:
        if problem.row in identity:
            errors_by_row.setdefault(problem.row, []).append(problem)
        else:
            file_errors.append(problem)
    survey_by_row = dict(zip(result.row_numbers, result.rows, strict=True))
    existing = {
        org.org_id: org
        for org in Organization.objects.filter(event=event).only("pk", "org_id", "name")
    }
    members = {
        email.lower(): org_id
        for email, org_id in Membership.objects.filter(event=event).values_list(
            "user__email", "organization__org_id"
        )
    }
    survey_by_row.update(_accept_known_references(raw_rows, existing, errors_by_row))
    _check_names(identity, existing, errors_by_row)
    _check_model_fields(raw_rows, errors_by_row)
    seen_emails: dict[str, int] = {}
    rows: list[PreviewRow] = []
    for number, (org_id, name) in identity.items():
        cells = {column: raw_rows[number].get(column, "") for column in CONTACT_COLUMNS}
        people, problems = _parse_contacts(number, cells)
        errors_by_row.setdefault(number, []).extend(problems)
        for person in people:
            if person.email in seen_emails:
                errors_by_row[number].append(
                    SurveyRowError(
                        number,
                        "contact_email",
                        person.email,
                        _("this person is already listed in row %(row)d")
                        % {"row": seen_emails[person.email]},
                    )
                )
            else:
                seen_emails[person.email] = number
            other = members.get(person.email)
            if other is not None and other != org_id:
                errors_by_row[number].append(
                    SurveyRowError(
                        number,
                        "contact_email",
                        person.email,
                        _("this person already belongs to organization %(org)s of this event")
                        % {"org": other},
                    )
                )
        row_errors = tuple(errors_by_row.get(number, ()))
        rows.append(
            PreviewRow(
                number=number,
                org_id=org_id,
                name=name,
                exists=org_id in existing,
                contacts=people,
                errors=row_errors,
                survey=survey_by_row.get(number) if not row_errors else None,
            )
        )
    if not rows and not file_errors:
        file_errors.append(_file_problem(_("The file contains no organizations.")))
    return ImportPreview(filename, tuple(rows), tuple(file_errors))


def _accept_known_references(
    raw_rows: dict[int, dict[str, str]],
    existing: dict[str, Organization],
    errors_by_row: dict[int, list[SurveyRowError]],
) -> dict[int, SurveyRow]:
    """Wish lists and exclusions may name organisations already in the event, not only rows
    of the file (the engine checks a file on its own): drop those errors and parse the rows
    that had no other problem."""
    accepted: dict[int, SurveyRow] = {}
    for number, problems in errors_by_row.items():
        kept = [problem for problem in problems if not _is_reference_to(problem, existing)]
        if len(kept) == len(problems):
            continue
        errors_by_row[number] = kept
        if not kept:
            parsed, row_errors = check_row(raw_rows[number], row=number)
            if parsed is not None:
                accepted[number] = parsed
            errors_by_row[number] = row_errors
    return accepted


#: File column -> (model, field) it is stored in; values are checked against the field so a
#: file that passes the preview cannot fail at the database (PostgreSQL enforces lengths).
_STORED_IN: dict[str, tuple[str, str]] = {
    "org_id": ("organization", "org_id"),
    "organization": ("organization", "name"),
    "contact_name": ("user", "first_name"),
    "contact_email": ("user", "username"),
    "contact_title": ("membership", "job_title"),
}


def _field_limit(model: str, field: str) -> int | None:
    models: dict[str, Any] = {
        "organization": Organization,
        "membership": Membership,
        "user": get_user_model(),
    }
    limit = models[model]._meta.get_field(field).max_length
    return int(limit) if limit else None


def _check_model_fields(
    raw_rows: dict[int, dict[str, str]], errors_by_row: dict[int, list[SurveyRowError]]
) -> None:
    """Every value fits the model field it is stored in (length, no NUL character); the
    engine's own checks are looser than the database's columns."""
    limits = {column: _field_limit(*target) for column, target in _STORED_IN.items()}
    for number, cells in raw_rows.items():
        known = {problem.column for problem in errors_by_row.get(number, ())}
        for column, text in cells.items():
            if column in known or not text:
                continue
            if "\x00" in text:
                problem = _("contains a NUL character")
            else:
                limit = limits.get(column)
                values = _split(text) if column.startswith("contact_") else [text]
                longest = max(values, key=len)
                if limit is None or len(longest) <= limit:
                    continue
                problem = _("is %(length)d characters long; at most %(limit)d are accepted") % {
                    "length": len(longest),
                    "limit": limit,
                }
                text = longest
            errors_by_row.setdefault(number, []).append(
                SurveyRowError(number, column, text[:40], problem)
            )


def _check_names(
    identity: dict[int, tuple[str, str]],
    existing: dict[str, Organization],
    errors_by_row: dict[int, list[SurveyRowError]],
) -> None:
    """Names must stay unique per event (ignoring case), counting organisations the file
    does not mention."""
    final = {org_id: org.name.casefold() for org_id, org in existing.items()}
    row_of: dict[str, int] = {}
    for number, (org_id, name) in identity.items():
        if org_id and name:
            final[org_id] = name.casefold()
            row_of[org_id] = number
    holders: dict[str, list[str]] = {}
    for org_id, name in final.items():
        holders.setdefault(name, []).append(org_id)
    for number, (org_id, name) in identity.items():
        if not org_id or not name:
            continue
        others = [o for o in holders[name.casefold()] if o != org_id]
        if others:
            where = others[0]
            detail = (
                _("row %(row)d") % {"row": row_of[where]}
                if where in row_of
                else _("organization %(org)s") % {"org": where}
            )
            errors_by_row.setdefault(number, []).append(
                SurveyRowError(
                    number,
                    "organization",
                    name,
                    _("another organization has this name (%(where)s)") % {"where": detail},
                )
            )


def contact_name_for(user: Any) -> str:
    """A person's name as the survey file writes it (Korean names family name first)."""
    if not (user.first_name.strip() or user.last_name.strip()):
        return ""
    return person_name(user)


def import_survey(*, event: Event, data: bytes, filename: str, base_url: str = "") -> ImportResult:
    """Import a checked survey file: all organisations, people and memberships in one
    transaction, or nothing (raises `SurveyImportError` listing every problem)."""
    from summit.accounts.models import Profile
    from summit.organizations.tasks import send_invitations

    preview = preview_survey_import(event=event, data=data, filename=filename)
    if not preview.ok:
        raise SurveyImportError(preview)
    user_model: Any = get_user_model()
    now = timezone.now()
    invitees: list[Membership] = []
    created = updated = 0
    with transaction.atomic():
        existing = {
            org.org_id: org for org in Organization.objects.select_for_update().filter(event=event)
        }
        organizations: dict[str, Organization] = {}
        renamed: list[int] = []
        for row in preview.rows:
            assert row.survey is not None  # an ok preview has a parsed survey for every row
            org = existing.get(row.org_id) or Organization(event=event, org_id=row.org_id)
            if org.pk is not None and org.name.casefold() != row.survey.organization.casefold():
                renamed.append(org.pk)
            _apply_row(org, row.survey, now=now)
            if org.pk is None:
                created += 1
            else:
                updated += 1
            organizations[row.org_id] = org
        # Renamed organisations first take a unique placeholder name, so that two of them
        # swapping names do not break the unique-name constraint halfway through.
        for pk in renamed:
            Organization.objects.filter(pk=pk).update(name=f"\u2060renaming {pk}")
        for org in organizations.values():
            org.save()
        emails = [person.email for row in preview.rows for person in row.contacts]
        users = {u.email.lower(): u for u in user_model.objects.filter(email__in=emails)}
        members = {
            m.user_id: m
            for m in Membership.objects.filter(event=event, user__in=list(users.values()))
        }
        leads = set(
            Membership.objects.filter(event=event, role=Membership.Role.LEAD).values_list(
                "organization_id", flat=True
            )
        )
        for row in preview.rows:
            org = organizations[row.org_id]
            for person in row.contacts:
                user = users.get(person.email)
                if user is None:
                    first, last = split_full_name(person.name)
                    user = user_model(
                        username=person.email,
                        email=person.email,
                        first_name=first,
                        last_name=last,
                    )
                    user.set_unusable_password()
                    user.save()
                    language = "ko" if org.country == "KR" else "en"
                    Profile.objects.get_or_create(user=user, defaults={"language": language})
                    users[person.email] = user
                if user.pk in members:
                    continue
                role = Membership.Role.MEMBER
                if org.pk not in leads:
                    role = Membership.Role.LEAD
                    leads.add(org.pk)
                membership = Membership.objects.create(
                    event=event, organization=org, user=user, role=role, job_title=person.title
                )
                members[user.pk] = membership
                invitees.append(membership)

        # Thousands of e-mails do not belong in the request: a task sends them, and only
        # once the import is committed.
        ids = [membership.pk for membership in invitees]
        if ids:
            transaction.on_commit(lambda: send_invitations.enqueue(ids, base_url))
    return ImportResult(created=created, updated=updated, people_added=len(invitees))


def _apply_row(org: Organization, row: SurveyRow, *, now: Any) -> None:
    org.name = row.organization
    org.org_type = row.org_type
    org.country = row.country
    org.therapeutic_areas = list(row.therapeutic_areas)
    org.modalities = list(row.modalities)
    org.offers = list(row.offers)
    org.seeks = list(row.seeks)
    org.regions_of_interest = list(row.regions_of_interest)
    org.languages = list(row.languages)
    org.preferred_partner_types = list(row.preferred_partner_types)
    org.description_offer = row.description_offer
    org.description_seek = row.description_seek
    org.excluded_partners = list(row.excluded_partners)
    org.wishlist = list(row.wishlist)
    org.survey_status = Organization.SurveyStatus.SUBMITTED
    org.survey_submitted_at = now
