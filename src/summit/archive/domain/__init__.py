from summit.archive.domain.archive import (
    ArchiveError,
    ArchiveSummary,
    collect_event_rows,
    export_event,
    import_event,
    read_archive,
)

__all__ = [
    "ArchiveError",
    "ArchiveSummary",
    "collect_event_rows",
    "export_event",
    "import_event",
    "read_archive",
]
