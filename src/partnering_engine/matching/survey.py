"""The demand survey: one row per organization, read from CSV or XLSX and validated.

Columns (header names, any letter case): ``org_id, organization, org_type, country,
therapeutic_areas, modalities, offers, seeks, regions_of_interest, description_offer,
description_seek``; optional ``languages, preferred_partner_types, excluded_partners,
wishlist``. Multi-valued cells separate values with ``;``. Vocabulary cells accept codes,
English or Korean labels (see `taxonomy`); ``country`` accepts ISO-3166 alpha-2 codes or
country names (see `countries`).

`read_survey` never stops at the first problem: it returns every row that is valid and a
`SurveyRowError` (row number as the spreadsheet shows it, column, value, message, suggested
fix) for every problem found, so an import preview can list them all. Imports are
all-or-nothing: callers use `SurveyReadResult.raise_for_errors()` (raises `SurveyError`).

CSV files may be UTF-8 (with or without BOM), UTF-16 with BOM, or CP949/EUC-KR as Korean
Excel saves them; the delimiter (``,``, tab or ``;``) is detected from the header. XLSX files
are read with openpyxl in read-only mode, after the zip has been checked (`io.limits`: unpacked
size, shared strings, no DTD), and every row is read whatever the sheet's ``<dimension>`` tag
claims; formulas are rejected (paste values instead). Files may have at most
`MAX_SURVEY_ROWS` non-blank rows and `MAX_SURVEY_COLUMNS` columns.
`write_survey` writes CSV (UTF-8 with BOM, so Excel shows Korean correctly) or XLSX, and
``read_survey(write_survey(rows))`` gives the same rows back.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

from partnering_engine.errors import InputError
from partnering_engine.io.limits import check_xlsx_archive, read_bytes_limited
from partnering_engine.matching.countries import CountryError, normalise_country
from partnering_engine.matching.taxonomy import (
    VOCABULARIES,
    VocabularyError,
    normalise_value,
    split_multi,
)

__all__ = [
    "COLUMNS",
    "MAX_SURVEY_BYTES",
    "MAX_SURVEY_COLUMNS",
    "MAX_SURVEY_ROWS",
    "MULTI_VALUE_COLUMNS",
    "OPTIONAL_COLUMNS",
    "ORG_ID_LIST_COLUMNS",
    "REQUIRED_COLUMNS",
    "VOCABULARY_LIST_COLUMNS",
    "SurveyError",
    "SurveyFileError",
    "SurveyReadResult",
    "SurveyRow",
    "SurveyRowError",
    "check_row",
    "decode_text",
    "read_cells",
    "read_survey",
    "read_survey_with_cells",
    "row_from_mapping",
    "validate_rows",
    "write_survey",
]

REQUIRED_COLUMNS: tuple[str, ...] = (
    "org_id",
    "organization",
    "org_type",
    "country",
    "therapeutic_areas",
    "modalities",
    "offers",
    "seeks",
    "regions_of_interest",
    "description_offer",
    "description_seek",
)
OPTIONAL_COLUMNS: tuple[str, ...] = (
    "languages",
    "preferred_partner_types",
    "excluded_partners",
    "wishlist",
)
COLUMNS: tuple[str, ...] = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

#: Multi-valued vocabulary columns (values separated by ``;``).
VOCABULARY_LIST_COLUMNS: tuple[str, ...] = (
    "therapeutic_areas",
    "modalities",
    "offers",
    "seeks",
    "regions_of_interest",
    "languages",
    "preferred_partner_types",
)
#: Multi-valued columns that list other rows' org_ids.
ORG_ID_LIST_COLUMNS: tuple[str, ...] = ("excluded_partners", "wishlist")
MULTI_VALUE_COLUMNS: tuple[str, ...] = VOCABULARY_LIST_COLUMNS + ORG_ID_LIST_COLUMNS

#: Bounds of a survey file: far above a large event (~5,000 organizations, 21 columns).
MAX_SURVEY_BYTES = 64 * 1024 * 1024
MAX_SURVEY_ROWS = 50_000
MAX_SURVEY_COLUMNS = 200
#: Readers given a `progress` callback call it every this many rows.
PROGRESS_ROWS = 500

_ORG_ID_RE = re.compile(r"^[^\s;,]{1,100}$")
_MAX_TEXT = 5000


@dataclass(frozen=True, slots=True)
class SurveyRow:
    """One organization's answers, normalised to codes (multi-values in vocabulary order)."""

    org_id: str
    organization: str
    org_type: str
    country: str
    therapeutic_areas: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()
    seeks: tuple[str, ...] = ()
    regions_of_interest: tuple[str, ...] = ()
    description_offer: str = ""
    description_seek: str = ""
    languages: tuple[str, ...] = ()
    preferred_partner_types: tuple[str, ...] = ()
    excluded_partners: tuple[str, ...] = ()
    wishlist: tuple[str, ...] = ()
    #: The organization's name in Korean, shown on Korean pages (not a survey column: the
    #: web application fills it from its directory).
    organization_ko: str = ""

    def to_cells(self) -> dict[str, str]:
        """Column -> cell text (codes; multi-values joined with ``;``), for writing."""
        cells: dict[str, str] = {}
        for column in COLUMNS:
            value = getattr(self, column)
            cells[column] = ";".join(value) if isinstance(value, tuple) else str(value)
        return cells


@dataclass(frozen=True, slots=True)
class SurveyRowError:
    """One problem in a survey: `row` is the spreadsheet row number (the header is row 1;
    0 means the file as a whole), `column` the header name."""

    row: int
    column: str
    value: str
    message: str
    suggestion: str | None = None

    def __str__(self) -> str:
        where = f"row {self.row}, column {self.column!r}" if self.row else f"column {self.column!r}"
        hint = f" (did you mean {self.suggestion!r}?)" if self.suggestion else ""
        return f"{where}: {self.message}{hint}"


class SurveyError(InputError):
    """A survey has invalid rows; `errors` lists every one of them."""

    def __init__(self, errors: Sequence[SurveyRowError], *, source: str = "survey") -> None:
        first = errors[0]
        more = f" (and {len(errors) - 1} more errors)" if len(errors) > 1 else ""
        location = (
            f"{source}: row {first.row}, column {first.column!r}"
            if first.row
            else f"{source}: column {first.column!r}"
        )
        hint = f"; did you mean {first.suggestion!r}?" if first.suggestion else ""
        super().__init__(location, f"{first.message}{hint}{more}")
        self.errors = tuple(errors)


class SurveyFileError(InputError):
    """A survey file cannot be read at all (wrong format, encoding, corrupt workbook)."""


@dataclass(frozen=True, slots=True)
class SurveyReadResult:
    """The valid rows and every problem found. `rows` never contains a row with errors."""

    rows: tuple[SurveyRow, ...]
    errors: tuple[SurveyRowError, ...]
    source: str = "survey"
    #: Spreadsheet row number of each entry of `rows`.
    row_numbers: tuple[int, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors

    def raise_for_errors(self) -> tuple[SurveyRow, ...]:
        """The rows if there is no error, else raise `SurveyError` listing all errors."""
        if self.errors:
            raise SurveyError(self.errors, source=self.source)
        return self.rows


# ---- validating one row ---------------------------------------------------------------


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, Sequence):
        return ";".join(str(v).strip() for v in value)
    return str(value).strip()


def check_row(
    values: Mapping[str, object], *, row: int = 0
) -> tuple[SurveyRow | None, list[SurveyRowError]]:
    """Validate one organization's answers (column -> cell text, or a list of values for a
    multi-valued column). Returns the row (None if invalid) and all its errors. References
    in ``excluded_partners``/``wishlist`` are checked against other rows by `read_survey`."""
    errors: list[SurveyRowError] = []
    cells = {column: _as_text(values.get(column)) for column in COLUMNS}

    def fail(column: str, value: str, message: str, suggestion: str | None = None) -> None:
        errors.append(SurveyRowError(row, column, value, message, suggestion))

    org_id = cells["org_id"]
    if not org_id:
        fail("org_id", org_id, "is required")
    elif not _ORG_ID_RE.match(org_id):
        fail("org_id", org_id, "must be 1-100 characters without spaces, ';' or ','")
    if not cells["organization"]:
        fail("organization", "", "is required")
    elif len(cells["organization"]) > 300:
        fail("organization", cells["organization"][:40], "is longer than 300 characters")

    org_type = ""
    if not cells["org_type"]:
        fail("org_type", "", "is required")
    else:
        try:
            org_type = normalise_value("org_type", cells["org_type"])
        except VocabularyError as error:
            fail("org_type", cells["org_type"], "unknown organization type", error.suggestion)

    country = ""
    if not cells["country"]:
        fail("country", "", "is required (ISO-3166 alpha-2 code such as 'KR')")
    else:
        try:
            country = normalise_country(cells["country"])
        except CountryError as error:
            fail("country", cells["country"], "unknown country", error.suggestion)

    multi: dict[str, tuple[str, ...]] = {}
    for column in VOCABULARY_LIST_COLUMNS:
        vocabulary = "org_type" if column == "preferred_partner_types" else column
        codes: set[str] = set()
        for part in split_multi(cells[column]):
            try:
                codes.add(normalise_value(vocabulary, part))
            except VocabularyError as error:
                fail(column, part, f"unknown value {part!r}", error.suggestion)
        multi[column] = tuple(t.code for t in VOCABULARIES[vocabulary] if t.code in codes)
    if (
        not multi["offers"]
        and not multi["seeks"]
        and not any(e.column in ("offers", "seeks") for e in errors)
    ):
        fail("offers", "", "an organization must offer or seek at least one thing")

    id_lists: dict[str, tuple[str, ...]] = {}
    for column in ORG_ID_LIST_COLUMNS:
        ids: list[str] = []
        for part in split_multi(cells[column]):
            if not _ORG_ID_RE.match(part):
                fail(column, part, "is not a valid org_id")
            elif part == org_id:
                fail(column, part, "an organization cannot list itself")
            elif part not in ids:
                ids.append(part)
        id_lists[column] = tuple(ids)

    for column in ("description_offer", "description_seek"):
        if len(cells[column]) > _MAX_TEXT:
            fail(column, cells[column][:40], f"is longer than {_MAX_TEXT} characters")

    if errors:
        return None, errors
    return (
        SurveyRow(
            org_id=org_id,
            organization=cells["organization"],
            org_type=org_type,
            country=country,
            therapeutic_areas=multi["therapeutic_areas"],
            modalities=multi["modalities"],
            offers=multi["offers"],
            seeks=multi["seeks"],
            regions_of_interest=multi["regions_of_interest"],
            description_offer=cells["description_offer"],
            description_seek=cells["description_seek"],
            languages=multi["languages"],
            preferred_partner_types=multi["preferred_partner_types"],
            excluded_partners=id_lists["excluded_partners"],
            wishlist=id_lists["wishlist"],
        ),
        [],
    )


def row_from_mapping(values: Mapping[str, object], *, row: int = 0) -> SurveyRow:
    """Like `check_row` but raises `SurveyError` listing all the row's errors."""
    parsed, errors = check_row(values, row=row)
    if parsed is None:
        raise SurveyError(errors)
    return parsed


def validate_rows(
    table: Iterable[tuple[int, Mapping[str, object]]], *, source: str = "survey"
) -> SurveyReadResult:
    """Validate numbered rows (spreadsheet row number, column -> value) as one survey:
    every row on its own, then unique org_ids and known partner references."""
    rows: list[SurveyRow] = []
    numbers: list[int] = []
    errors: list[SurveyRowError] = []
    first_row_of: dict[str, int] = {}
    all_ids: list[str] = []
    for number, values in table:
        parsed, row_errors = check_row(values, row=number)
        errors.extend(row_errors)
        org_id = _as_text(values.get("org_id"))
        if org_id:
            if org_id in first_row_of:
                errors.append(
                    SurveyRowError(
                        number,
                        "org_id",
                        org_id,
                        f"duplicate org_id, already used in row {first_row_of[org_id]}",
                    )
                )
                parsed = None
            else:
                first_row_of[org_id] = number
                all_ids.append(org_id)
        if parsed is not None:
            rows.append(parsed)
            numbers.append(number)
    known = set(all_ids)
    kept: list[SurveyRow] = []
    kept_numbers: list[int] = []
    for parsed, number in zip(rows, numbers, strict=True):
        bad = False
        for column in ORG_ID_LIST_COLUMNS:
            for ref in getattr(parsed, column):
                if ref not in known:
                    close = difflib.get_close_matches(ref, all_ids, n=1, cutoff=0.6)
                    errors.append(
                        SurveyRowError(
                            number,
                            column,
                            ref,
                            f"unknown org_id {ref!r}",
                            close[0] if close else None,
                        )
                    )
                    bad = True
        if not bad:
            kept.append(parsed)
            kept_numbers.append(number)
    errors.sort(key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 99))
    return SurveyReadResult(tuple(kept), tuple(errors), source, tuple(kept_numbers))


# ---- reading files ----------------------------------------------------------------------

Source = str | os.PathLike[str] | bytes | IO[bytes]
#: A formula cell: (column index, cell coordinate, formula text).
_Formula = tuple[int, str, str]
#: Rows of cell texts, each with the formula cells found in it.
_Table = list[tuple[list[str], list[_Formula]]]


def _load(source: Source, filename: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, filename or "survey"
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        name = filename or str(path)
        try:
            return read_bytes_limited(path, limit=MAX_SURVEY_BYTES), name
        except InputError as error:
            raise SurveyFileError(name, error.message) from None
    data = source.read(MAX_SURVEY_BYTES + 1)
    name = filename or getattr(source, "name", None) or "survey"
    if len(data) > MAX_SURVEY_BYTES:
        raise SurveyFileError(
            name, f"the file is larger than {MAX_SURVEY_BYTES // (1024 * 1024)} MB"
        )
    return data, name


def read_survey(source: Source, *, filename: str | None = None) -> SurveyReadResult:
    """Read and validate a survey from a path, raw bytes or a binary stream.

    The format follows the file name's suffix (``.xlsx`` or ``.csv``/``.tsv``/``.txt``) and
    is checked against the content. Raises `SurveyFileError` when the file cannot be read at
    all; every row-level problem is returned in `SurveyReadResult.errors` instead."""
    table, name = _read_table(source, filename)
    return _validate_table(table, name)


def read_cells(source: Source, *, filename: str | None = None) -> list[list[str]]:
    """The raw cell texts of a survey file's rows (header included), decoded exactly as
    `read_survey` decodes them; for callers that read extra columns (e.g. contacts).
    Formula cells read as empty text; raises `SurveyFileError` like `read_survey`."""
    table, _name = _read_table(source, filename)
    return [cells for cells, _ in table]


def read_survey_with_cells(
    source: Source,
    *,
    filename: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[SurveyReadResult, list[list[str]]]:
    """`read_survey` and `read_cells` of one file, reading (and unzipping) it once;
    `progress` is called with the number of rows read every `PROGRESS_ROWS` rows."""
    table, name = _read_table(source, filename, progress)
    return _validate_table(table, name), [cells for cells, _ in table]


def _read_table(
    source: Source, filename: str | None, progress: Callable[[int], None] | None = None
) -> tuple[_Table, str]:
    """The rows of a survey file and its name; the format follows the name's suffix and is
    checked against the content (`SurveyFileError` when it does not match)."""
    data, name = _load(source, filename)
    suffix = Path(name).suffix.casefold()
    is_zip = data[:4] == b"PK\x03\x04"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SurveyFileError(
            name, "this is an old Excel 97-2003 (.xls) workbook; save it as .xlsx or CSV"
        )
    if suffix in (".xlsx", ".xlsm"):
        if not is_zip:
            raise SurveyFileError(
                name,
                "named .xlsx but is not an Excel workbook (it looks like text); "
                "save it from Excel as .xlsx, or rename it to .csv if it is a CSV file",
            )
        table = _xlsx_table(data, name, progress)
    elif is_zip:
        raise SurveyFileError(
            name, "this is an Excel workbook (or another zip file); name it .xlsx"
        )
    else:
        table = _csv_table(data, name, progress)
    return table, name


def decode_text(data: bytes, name: str) -> str:
    """Text of a CSV file: UTF-8 (BOM or not), UTF-16 with BOM, or CP949/EUC-KR."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp949")
    except UnicodeDecodeError as error:
        raise SurveyFileError(
            name,
            f"cannot decode the text at byte {error.start}: save it as 'CSV UTF-8' "
            "(or CP949/EUC-KR)",
        ) from None


def _csv_table(data: bytes, name: str, progress: Callable[[int], None] | None) -> _Table:
    text = decode_text(data, name)
    if "\x00" in text:
        raise SurveyFileError(name, "contains NUL bytes; this is not a text CSV file")
    first_line = text.split("\n", 1)[0]
    known = {c.casefold() for c in COLUMNS}

    def known_columns(delimiter: str) -> int:
        return sum(1 for cell in first_line.split(delimiter) if cell.strip().casefold() in known)

    delimiter = max((",", "\t", ";"), key=known_columns)
    table: _Table = []
    counter = _RowCounter(name, progress)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, cells in enumerate(reader, start=1):
            counter.check(number, cells)
            table.append(([_unquote(cell) for cell in cells], []))
    except csv.Error as error:
        raise SurveyFileError(name, f"malformed CSV: {error}") from None
    return table


class _RowCounter:
    """Refuses a table with more than `MAX_SURVEY_ROWS` non-blank rows or a value beyond
    column `MAX_SURVEY_COLUMNS`, at the first row that crosses the bound."""

    def __init__(self, name: str, progress: Callable[[int], None] | None = None) -> None:
        self.name = name
        self.filled = 0
        self.progress = progress

    def check(self, number: int, texts: Sequence[str]) -> None:
        if self.progress is not None and number % PROGRESS_ROWS == 0:
            self.progress(number)
        if len(texts) > MAX_SURVEY_COLUMNS and any(t.strip() for t in texts[MAX_SURVEY_COLUMNS:]):
            raise SurveyFileError(
                self.name,
                f"row {number} has values beyond column {MAX_SURVEY_COLUMNS}; a survey has "
                f"at most {MAX_SURVEY_COLUMNS} columns",
            )
        if any(t.strip() for t in texts[:MAX_SURVEY_COLUMNS]):
            self.filled += 1
            if self.filled > MAX_SURVEY_ROWS:
                raise SurveyFileError(
                    self.name,
                    f"row {number}: the file has more than {MAX_SURVEY_ROWS} rows; "
                    "split it into smaller files",
                )


#: Texts that a spreadsheet would read as a formula are exported behind an apostrophe
#: (OWASP's rule, summit.core.spreadsheets); reading takes it off again.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _unquote(text: str) -> str:
    if text.startswith("'") and text[1:].startswith(_FORMULA_TRIGGERS):
        return text[1:]
    return text


def _cell_text(value: Any) -> str:
    if isinstance(value, str):
        return _unquote(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _xlsx_table(data: bytes, name: str, progress: Callable[[int], None] | None) -> _Table:
    """Rows of cell texts; formula cells are listed beside each row so the validator reports
    them at their row and column."""
    import openpyxl  # imported lazily: only XLSX reading needs it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        check_xlsx_archive(data, source=name)
    except InputError as error:
        raise SurveyFileError(error.location, error.message) from None
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        InvalidFileException,
        KeyError,
        OSError,
        ValueError,
    ) as error:
        raise SurveyFileError(name, f"not a readable .xlsx workbook ({error})") from None
    try:
        if not workbook.worksheets:
            raise SurveyFileError(name, "the workbook has no worksheet")
        sheet = workbook.worksheets[0]
        # A read-only sheet stops at the row its <dimension> tag names; that tag is written
        # by whatever saved the file and may be wrong, and rows beyond it would be lost.
        sheet.reset_dimensions()
        table: _Table = []
        counter = _RowCounter(name, progress)
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            texts: list[str] = []
            formulas: list[_Formula] = []
            for index, cell in enumerate(cells):
                if getattr(cell, "data_type", None) == "f":
                    formulas.append((index, str(getattr(cell, "coordinate", "")), str(cell.value)))
                    texts.append("")
                else:
                    texts.append(_cell_text(cell.value))
            counter.check(number, texts)
            table.append((texts, formulas))
        return table
    except SurveyFileError:
        raise
    except (
        KeyError,
        ValueError,
        TypeError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
    ) as error:
        # openpyxl's parser raises these on malformed sheet XML (bad cell references,
        # unknown styles, truncated members).
        raise SurveyFileError(name, f"not a readable .xlsx workbook ({error})") from None
    finally:
        workbook.close()


def _validate_table(rows_with_formulas: _Table, name: str) -> SurveyReadResult:
    # The header is the first non-blank row.
    start = 0
    while start < len(rows_with_formulas) and not any(
        c.strip() for c in rows_with_formulas[start][0]
    ):
        start += 1
    if start == len(rows_with_formulas):
        raise SurveyFileError(name, "the file is empty (no header row)")
    header_cells, header_formulas = rows_with_formulas[start]
    header_row = start + 1
    errors: list[SurveyRowError] = []
    for _, coordinate, formula in header_formulas:
        errors.append(SurveyRowError(header_row, coordinate, formula, "formulas are not accepted"))
    position: dict[str, int] = {}
    for index, raw in enumerate(header_cells):
        column = raw.strip().lstrip("\ufeff").casefold()
        if not column:
            continue
        if column in COLUMNS:
            if column in position:
                errors.append(SurveyRowError(header_row, column, raw, "duplicate column"))
            position[column] = index
            continue
        close = difflib.get_close_matches(column, COLUMNS, n=1, cutoff=0.75)
        if close:
            errors.append(SurveyRowError(header_row, raw, raw, "unknown column", close[0]))
    for column in REQUIRED_COLUMNS:
        if column not in position:
            errors.append(SurveyRowError(header_row, column, "", "required column is missing"))
    if errors:
        return SurveyReadResult((), tuple(errors), name)

    numbered: list[tuple[int, dict[str, str]]] = []
    for offset, (cells, formulas) in enumerate(rows_with_formulas[start + 1 :]):
        number = header_row + 1 + offset
        if not any(c.strip() for c in cells) and not formulas:
            continue
        by_index = {index: column for column, index in position.items()}
        for index, _, formula in formulas:
            column = by_index.get(index, f"column {index + 1}")
            errors.append(
                SurveyRowError(
                    number,
                    column,
                    formula if formula.startswith("=") else f"={formula}",
                    "formulas are not accepted; paste the values instead",
                )
            )
        numbered.append(
            (
                number,
                {
                    column: cells[index] if index < len(cells) else ""
                    for column, index in position.items()
                },
            )
        )
    result = validate_rows(numbered, source=name)
    if not errors:
        return result
    formula_rows = {e.row for e in errors}
    # A formula cell reads as empty: do not also report it as a missing value.
    formula_cells = {(e.row, e.column) for e in errors}
    row_errors = [
        e
        for e in result.errors
        if (e.row, e.column) not in formula_cells
        and not (e.column == "offers" and (e.row, "seeks") in formula_cells)
    ]
    kept = [
        (r, n)
        for r, n in zip(result.rows, result.row_numbers, strict=True)
        if n not in formula_rows
    ]
    all_errors = sorted(
        [*errors, *row_errors],
        key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 99),
    )
    return SurveyReadResult(
        tuple(r for r, _ in kept), tuple(all_errors), name, tuple(n for _, n in kept)
    )


# ---- writing ------------------------------------------------------------------------------


def write_survey(
    rows: Iterable[SurveyRow],
    target: str | os.PathLike[str] | IO[bytes],
    *,
    fmt: str | None = None,
) -> None:
    """Write rows as CSV (UTF-8 with BOM) or XLSX; `fmt` defaults to the path's suffix
    (``.xlsx`` -> xlsx, anything else -> csv), and to csv for streams."""
    if fmt is None:
        is_path = isinstance(target, str | os.PathLike)
        suffix = Path(target).suffix.casefold() if is_path else ""  # type: ignore[arg-type]
        fmt = "xlsx" if suffix == ".xlsx" else "csv"
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"unknown survey format {fmt!r}; expected 'csv' or 'xlsx'")
    payload = _xlsx_bytes(rows) if fmt == "xlsx" else _csv_bytes(rows)
    if isinstance(target, str | os.PathLike):
        Path(target).write_bytes(payload)
    else:
        target.write(payload)


def _csv_bytes(rows: Iterable[SurveyRow]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        cells = row.to_cells()
        writer.writerow([cells[c] for c in COLUMNS])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def _xlsx_bytes(rows: Iterable[SurveyRow]) -> bytes:
    import openpyxl  # imported lazily: only XLSX writing needs it
    from openpyxl.cell import WriteOnlyCell

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("survey")
    sheet.append(list(COLUMNS))
    for row in rows:
        cells = row.to_cells()
        out = []
        for column in COLUMNS:
            cell = WriteOnlyCell(sheet, value=cells[column])
            # Text that starts with "=" must stay text, never become a formula.
            cell.data_type = "s"
            out.append(cell)
        sheet.append(out)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
