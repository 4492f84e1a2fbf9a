"""Access rules of the participant's inbox pages and API (read by tests/summit/test_access.py).

The inbox is a person's own: organizers who are not participants are refused."""

RULES = {
    "participants:next_meeting": {"read": ["participant"], "write": "nobody"},
    "api:inbox": {"read": ["participant"], "write": "nobody"},
}
