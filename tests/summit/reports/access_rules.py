"""Access rules of the report pages (read by tests/summit/test_access.py): organizers only."""

from __future__ import annotations

RULES = {
    "reports:dashboard": {"read": "organizers", "write": "nobody"},
    "reports:export_xlsx": {"read": "organizers", "write": "nobody"},
    "reports:export_pdf": {"read": "organizers", "write": "nobody"},
    "reports:export_csv": {"read": "organizers", "write": "nobody"},
}
