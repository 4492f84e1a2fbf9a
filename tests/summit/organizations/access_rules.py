"""Access rules of the organisation pages (read by tests/summit/test_access.py)."""

RULES = {
    "organizations:directory": {"read": "members", "write": "nobody"},
    "organizations:detail": {"read": "members", "write": "nobody"},
    "organizations:my_survey": {"read": "members", "write": "nobody"},
    # The participant edits their own organization (the default target), organizers any.
    "organizations:survey": {"read": "editors", "write": "editors"},
    "organizations:import": {"read": "organizers", "write": "organizers"},
    "organizations:import_preview": {"read": "organizers", "write": "nobody"},
    "organizations:import_confirm": {"read": "nobody", "write": "organizers"},
    "organizations:export_csv": {"read": "organizers", "write": "nobody"},
    "organizations:export_xlsx": {"read": "organizers", "write": "nobody"},
    # The pickers' search: names of the event's organizations, as in the directory.
    "organizations:pick": {"read": "members", "write": "nobody"},
}
