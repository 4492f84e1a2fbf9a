"""Invitation links: e-mailed in the invitee's language, one-time, set a password."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from summit.accounts.domain.invitations import (
    find_invitation,
    invite_member,
    invite_members,
    members_to_invite,
)
from summit.accounts.models import Invitation
from summit.organizations.models import Membership

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def invitee(make_user, make_membership, organization):
    user = make_user("newcomer", language="ko", email="newcomer@example.org")
    user.set_unusable_password()
    user.save()
    return make_membership(organization, user)


# Mails leave after the commit: these tests commit for real.
@pytest.mark.django_db(transaction=True)
@override_settings(BASE_URL="https://partnering.example.org")
def test_invite_member_sends_link_in_the_invitee_language(invitee):
    invitation = invite_member(membership=invitee)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["newcomer@example.org"]
    link = f"https://partnering.example.org/accounts/invitation/{invitation.token}/"
    assert link in message.body
    # The Korean translation of the subject names the event by its Korean name.
    assert "바이오 서밋" in message.subject


def test_accepting_an_invitation_sets_password_and_logs_in(client, invitee, event):
    invitation = invite_member(membership=invitee)
    url = reverse("accounts:invitation", kwargs={"token": invitation.token})
    response = client.post(
        url, {"new_password1": "Seoul-Bio-2026!", "new_password2": "Seoul-Bio-2026!"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("events:home", kwargs={"slug": event.slug})
    assert client.get(response["Location"]).status_code == 200
    invitee.user.refresh_from_db()
    assert invitee.user.check_password("Seoul-Bio-2026!")


def test_invitation_link_works_only_once(client, invitee):
    invitation = invite_member(membership=invitee)
    url = reverse("accounts:invitation", kwargs={"token": invitation.token})
    client.post(url, {"new_password1": "Seoul-Bio-2026!", "new_password2": "Seoul-Bio-2026!"})
    client.logout()
    again = client.get(url)
    assert again.status_code == 404
    assert find_invitation(token=invitation.token) is None


def test_weak_password_is_refused_and_invitation_stays_valid(client, invitee):
    invitation = invite_member(membership=invitee)
    url = reverse("accounts:invitation", kwargs={"token": invitation.token})
    response = client.post(url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    assert find_invitation(token=invitation.token) is not None


def test_expired_invitation_is_refused(invitee):
    invitation = invite_member(membership=invitee)
    Invitation.objects.filter(pk=invitation.pk).update(created=timezone.now() - timedelta(days=31))
    assert find_invitation(token=invitation.token) is None


def test_new_invitation_replaces_the_previous_one(invitee):
    first = invite_member(membership=invitee)
    second = invite_member(membership=invitee)
    assert find_invitation(token=first.token) is None
    assert find_invitation(token=second.token) == second


def test_member_without_email_cannot_be_invited(make_user, make_membership, organization):
    membership = make_membership(organization, make_user("nomail", email=""))
    with pytest.raises(ValueError, match="no e-mail address"):
        invite_member(membership=membership)
    assert Membership.objects.filter(pk=membership.pk).exists()


# Mails leave after the commit: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_invite_members_reaches_only_people_who_cannot_log_in(invitee, participant, event):
    # `participant` has a password; `invitee` has none and gets the only e-mail.
    assert list(members_to_invite(event=event)) == [invitee]
    assert invite_members(event=event) == 1
    assert [message.to for message in mail.outbox] == [["newcomer@example.org"]]


# Mails leave after the commit: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_invite_members_does_not_resend_valid_invitations(invitee, event):
    invite_members(event=event)
    assert invite_members(event=event) == 0
    assert len(mail.outbox) == 1


# Mails leave after the commit: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_organizer_sends_invitations_from_the_event_home(client, organizer, invitee, event):
    client.force_login(organizer)
    home = reverse("events:home", kwargs={"slug": event.slug})
    assert client.get(home).context["to_invite"] == 1
    response = client.post(reverse("events:send_invitations", kwargs={"slug": event.slug}))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "http://testserver/accounts/invitation/" in mail.outbox[0].body
    assert client.get(home).context["to_invite"] == 0


# Mails leave after the commit: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_admin_action_sends_invitations(client, make_user, invitee):
    admin_user = make_user("root", staff=True)
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:organizations_membership_changelist"),
        {"action": "send_invitation", "_selected_action": [invitee.pk]},
    )
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["newcomer@example.org"]]
