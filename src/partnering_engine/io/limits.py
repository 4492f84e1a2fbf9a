"""Bounds on what the engine reads, checked before a file is parsed.

A file the engine is given may come from anyone: an upload on the web platform or a file
passed to the CLI. Every reader refuses, with an `InputError` naming the file and the bound,
input that would take unbounded time or memory: files larger than `MAX_FILE_BYTES`, and
``.xlsx`` workbooks whose zip members unpack to more than `MAX_XLSX_UNCOMPRESSED_BYTES`, have
too many members or shared strings, or carry a DTD (``<!DOCTYPE``: entity expansion, external
entities). The checks read the zip's directory and stream each XML member through expat once,
before openpyxl parses anything.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from pathlib import Path
from typing import IO
from xml.parsers import expat

from partnering_engine.errors import InputError

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_XLSX_MEMBERS",
    "MAX_XLSX_SHARED_STRINGS",
    "MAX_XLSX_UNCOMPRESSED_BYTES",
    "check_xlsx_archive",
    "read_bytes_limited",
]

#: The largest file any engine reader opens (a BIO-size problem file is about 10 MB).
MAX_FILE_BYTES = 256 * 1024 * 1024
#: What all members of an ``.xlsx`` may unpack to together (a 20,000-row survey is ~25 MB).
MAX_XLSX_UNCOMPRESSED_BYTES = 128 * 1024 * 1024
MAX_XLSX_MEMBERS = 1000
MAX_XLSX_SHARED_STRINGS = 2_000_000

_MB = 1024 * 1024


def _mb(size: int) -> str:
    return f"{size / _MB:.1f} MB"


def read_bytes_limited(path: str | os.PathLike[str], *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of `path`, refused with `InputError` when the file is larger than `limit`."""
    name = os.fspath(path)
    with Path(path).open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputError(name, f"the file is larger than {_mb(limit)}, the largest accepted")
    return data


class _DoctypeFoundError(Exception):
    pass


def _refuse_doctype(*_args: object) -> None:
    raise _DoctypeFoundError


def _scan_xml(stream: IO[bytes], *, count: str | None) -> int:
    """Stream one XML member through expat: raises `_DoctypeFoundError` at a DTD or entity
    declaration, returns how many `count` elements it has (0 when `count` is None)."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    found = 0
    if count is not None:

        def start(name: str, _attributes: object) -> None:
            nonlocal found
            if name == count or name.endswith(f":{count}"):
                found += 1

        parser.StartElementHandler = start
    parser.ParseFile(stream)
    return found


def check_xlsx_archive(
    data: bytes,
    *,
    source: str,
    max_uncompressed: int = MAX_XLSX_UNCOMPRESSED_BYTES,
    max_members: int = MAX_XLSX_MEMBERS,
    max_shared_strings: int = MAX_XLSX_SHARED_STRINGS,
) -> None:
    """Refuse an ``.xlsx`` (a zip of XML files) that unpacks to more than `max_uncompressed`
    bytes, has more than `max_members` members or `max_shared_strings` shared strings, or
    whose XML declares a DTD. Python's zipfile never unpacks more than a member's declared
    size, so checking the declared sizes bounds what openpyxl can read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise InputError(source, f"not a readable .xlsx workbook ({error})") from None
    with archive:
        members = archive.infolist()
        if len(members) > max_members:
            raise InputError(
                source, f"the workbook has {len(members)} parts; at most {max_members} accepted"
            )
        total = sum(member.file_size for member in members)
        if total > max_uncompressed:
            raise InputError(
                source,
                f"the workbook unpacks to {_mb(total)}, more than the {_mb(max_uncompressed)} "
                "accepted; split it into smaller files",
            )
        for member in members:
            lower = member.filename.casefold()
            if not lower.endswith((".xml", ".rels", ".vml")):
                continue
            is_strings = lower.endswith("sharedstrings.xml")
            try:
                with archive.open(member) as stream:
                    found = _scan_xml(stream, count="si" if is_strings else None)
            except _DoctypeFoundError:
                raise InputError(
                    f"{source}: {member.filename}",
                    "the workbook contains a DTD (<!DOCTYPE>), which is not accepted; "
                    "save the file again from Excel or LibreOffice",
                ) from None
            except expat.ExpatError as error:
                raise InputError(
                    f"{source}: {member.filename}",
                    f"not a readable .xlsx workbook (malformed XML: {error})",
                ) from None
            except (
                zipfile.BadZipFile,
                zlib.error,
                EOFError,
                NotImplementedError,
                ValueError,
                OSError,
            ) as error:
                raise InputError(source, f"not a readable .xlsx workbook ({error})") from None
            if found > max_shared_strings:
                raise InputError(
                    f"{source}: {member.filename}",
                    f"the workbook has {found} shared strings; at most {max_shared_strings} "
                    "accepted",
                )
