"""E-mails leave only once the transaction that caused them commits."""

import pytest
from django.core import mail
from django.db import transaction

from summit.accounts.domain.invitations import invite_member
from summit.core.mail import send_localized

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _in_rolled_back_transaction(action):
    """Run `action` inside transactions that a caller then rolls back."""
    with transaction.atomic():
        action()
        transaction.set_rollback(True)


def _send(user):
    return send_localized(
        user=user,
        template="accounts/email/password_reset",
        context={"user": user, "protocol": "https", "domain": "x", "uid": "u", "token": "t"},
        time_zone="Asia/Seoul",
    )


def test_mail_outside_a_transaction_leaves_at_once(participant):
    assert _send(participant) is True
    assert [message.to for message in mail.outbox] == [[participant.email]]


def test_mail_waits_for_the_commit_of_the_transaction(participant):
    with transaction.atomic():
        _send(participant)
        assert mail.outbox == []
    assert len(mail.outbox) == 1


def test_an_outer_rollback_recalls_the_mail(participant):
    def inner():
        with transaction.atomic():
            _send(participant)

    _in_rolled_back_transaction(inner)
    assert mail.outbox == []


def test_a_rolled_back_invitation_mails_nobody(make_user, make_membership, organization):
    membership = make_membership(organization, make_user("newcomer"))
    _in_rolled_back_transaction(lambda: invite_member(membership=membership))
    assert mail.outbox == []


def test_a_failing_mail_server_is_logged_not_raised(participant, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    assert _send(participant) is False
    assert "could not e-mail participant@example.org" in caplog.text
