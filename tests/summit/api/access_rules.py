"""Access rules of the API's URL patterns (read by tests/summit/test_access.py).

The access walk sends GET and form-encoded POST; PATCH endpoints share their URL with a
GET endpoint (POST there is 405) and are tested per role in test_api.py."""

from typing import Any

from summit.api.domain.tokens import create_api_token

RULES = {
    "api:openapi-json": {"read": "everyone", "write": "nobody"},
    "api:openapi-view": {"read": "everyone", "write": "nobody"},
    # The API root only tells where the docs are (404).
    "api:api-root": {"read": "nobody", "write": "nobody"},
    # Everyone logged in lists their own events; only staff create events.
    "api:events": {"read": "users", "write": "organizers"},
    "api:create_event": {"read": "users", "write": "organizers"},
    "api:event": {"read": "members", "write": "nobody"},
    "api:update_event": {"read": "members", "write": "nobody"},
    "api:organizations": {"read": "members", "write": "nobody"},
    "api:organization": {"read": "members", "write": "nobody"},
    "api:update_organization": {"read": "members", "write": "nobody"},
    "api:survey": {"read": "editors", "write": "nobody"},
    "api:update_survey": {"read": "editors", "write": "nobody"},
    # The schedule: organizers see every meeting, participants their organization's (the
    # lounge's world meeting is the participant's own).
    "api:schedule": {"read": "members", "write": "nobody"},
    "api:schedule_meetings": {"read": "members", "write": "nobody"},
    "api:schedule_meeting": {
        "read": "members",
        "write": "nobody",
        "kwargs": {"meeting_id": "lounge_meeting.pk"},
    },
    # Agendas: one's own (organizers who are no participants name a person: 404 without);
    # an organization's for its people and the organizers.
    "api:agenda": {"read": ["participant"], "write": "nobody"},
    "api:organization_agenda": {"read": "editors", "write": "nobody"},
    # Attendance: JSON bodies (the walk's form POST is a 400 once allowed in); the
    # meeting's people and the organizers check in and report no-shows, organizers reset
    # and scan badges.
    "api:check_in_meeting": {
        "read": "nobody",
        "write": "members",
        "kwargs": {"meeting_id": "lounge_meeting.pk"},
    },
    "api:report_no_show": {
        "read": "nobody",
        "write": "members",
        "kwargs": {"meeting_id": "lounge_meeting.pk"},
    },
    "api:reset_attendance": {
        "read": "nobody",
        "write": "organizers",
        "kwargs": {"meeting_id": "lounge_meeting.pk"},
    },
    "api:badge_check_in": {"read": "nobody", "write": "organizers"},
    # Outcomes (the outcomes rules' world: ``held_meeting`` of the participant with Beta, a
    # public ``deal`` between them). Feedback and confirmation need a side's membership.
    "api:feedback": {"read": "members", "write": "nobody"},
    "api:give_feedback": {
        "read": "nobody",
        "write": "nobody",
        "kwargs": {"meeting_id": "held_meeting.pk"},
    },
    "api:deals": {"read": "members", "write": "members"},
    "api:record_deal": {"read": "members", "write": "members"},
    "api:deal": {"read": "members", "write": "nobody", "kwargs": {"deal_id": "deal.pk"}},
    # PATCH shares the deal's URL (the walk's POST there is 405).
    "api:update_deal": {"read": "members", "write": "nobody", "kwargs": {"deal_id": "deal.pk"}},
    "api:change_deal_stage": {
        "read": "nobody",
        "write": "members",
        "kwargs": {"deal_id": "deal.pk"},
    },
    "api:confirm_deal": {
        "read": "nobody",
        "write": ["participant"],
        "kwargs": {"deal_id": "deal.pk"},
    },
    "api:report": {"read": "organizers", "write": "nobody"},
    # The CRM export's path names the system and the table (set by prepare_world).
    "api:crm_export": {
        "read": "members",
        "write": "nobody",
        "kwargs": {"system": "crm_system", "table": "crm_table"},
    },
    # The token pages: any member of the event manages their own tokens (the empty POST is
    # answered with the form's errors); the world's token is the organizer's, so the
    # participant's revoke is a 404.
    "api_tokens:list": {"read": "members", "write": "members"},
    "api_tokens:revoke": {
        "read": "organizers",
        "write": "organizers",
        "kwargs": {"token_id": "organizer_token.pk"},
    },
}


def prepare_world(world: Any) -> None:
    world.crm_system = "hubspot"
    world.crm_table = "deals"
    world.organizer_token = create_api_token(user=world.users["organizer"], name="scanner")[0]
