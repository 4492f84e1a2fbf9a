"""The matching models in the admin: listed for staff, computed data read-only."""

import pytest
from django.urls import reverse

from summit.matching.domain.recommendations import dismiss_recommendation, recompute_recommendations

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.mark.parametrize(
    "model", ["recommendation", "recomputerun", "dismissal", "watchlistentry", "watchlisthit"]
)
def test_admin_lists_matching_data(client, organizer, event, partners, participant, model):
    organizer.is_superuser = True
    organizer.save()
    recompute_recommendations(event=event)
    dismiss_recommendation(
        organization=partners["ACME"], partner=partners["HANRIVER"], user=participant
    )
    client.force_login(organizer)
    assert client.get(reverse(f"admin:matching_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:matching_{model}_add")).status_code == 403
