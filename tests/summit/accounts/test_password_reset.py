"""Password reset by e-mail."""

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_password_reset_mails_a_link_that_sets_a_new_password(client, participant):
    response = client.post(reverse("password_reset"), {"email": "participant@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"] is True
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Another-Pass-2026", "new_password2": "Another-Pass-2026"},
    )
    assert done.status_code == 302
    participant.refresh_from_db()
    assert participant.check_password("Another-Pass-2026")
