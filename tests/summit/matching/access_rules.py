"""Access rules of the recommendation and screening pages and API (read by
tests/summit/test_access.py). The participant's own organization is the default target."""

RULES = {
    "matching:recommendations": {"read": "members", "write": "nobody"},
    "matching:organization_recommendations": {"read": "editors", "write": "nobody"},
    # An empty POST is a bad request (400), which still counts as "let in".
    "matching:dismiss": {"read": "nobody", "write": "editors"},
    # Saving for later needs a membership of the organization (organizers are refused).
    "matching:save": {"read": "nobody", "write": ["participant"]},
    "matching:recompute": {"read": "nobody", "write": "organizers"},
    "matching:progress": {"read": "organizers", "write": "nobody"},
    "matching:screening": {"read": "organizers", "write": "organizers"},
    "matching:screening_example": {"read": "nobody", "write": "organizers"},
    "matching:screening_decide": {"read": "nobody", "write": "organizers"},
    "api:recommendations": {"read": "editors", "write": "nobody"},
    # The walk's form-encoded POST is not JSON: django-ninja answers 400 while parsing,
    # before the permission check, to every logged-in user; test_api.py checks the roles
    # with JSON bodies.
    "api:dismiss_recommendation": {"read": "nobody", "write": "users"},
    "api:screening_hits": {"read": "organizers", "write": "nobody"},
    "api:screening_decision": {"read": "nobody", "write": "users"},
}
