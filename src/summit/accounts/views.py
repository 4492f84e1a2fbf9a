"""Accounts pages: log-in and password reset (behind the authentication guard), invitations,
language choice."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.views import LoginView, PasswordResetConfirmView, PasswordResetView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from summit.accounts.domain.guard import allow_password_reset_mail, clear_lockout
from summit.accounts.domain.invitations import accept_invitation, find_invitation
from summit.accounts.domain.profiles import set_user_language
from summit.accounts.interfaces.forms import InvitationPasswordForm


class SummitLoginView(LoginView):
    """Django's log-in; the guard (django-axes) refuses locked accounts and addresses."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class ThrottledPasswordResetView(PasswordResetView):
    """Django's reset request, sending nothing once the address or e-mail asked too often.

    The answer is the same either way, so it tells nothing about accounts or limits.
    """

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        if allow_password_reset_mail(request=self.request, email=form.cleaned_data["email"]):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


class UnlockingPasswordResetConfirmView(PasswordResetConfirmView):
    """Django's new-password page; a reset also lifts the account's lock-out."""

    template_name = "accounts/password_reset_confirm.html"

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        clear_lockout(username=form.user.get_username())
        return response


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation: choose a password, then land on the event's home page."""
    found = find_invitation(token=token)
    if found is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = InvitationPasswordForm(found.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation(invitation=found, password=form.cleaned_data["new_password1"])
        except ValueError:
            return render(request, "accounts/invitation_invalid.html", status=404)
        except ValidationError as error:
            form.add_error("new_password1", error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your password is set."))
            return redirect("events:home", slug=found.event.slug)
    return render(request, "accounts/invitation.html", {"form": form, "invitation": found})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, also remembered in the logged-in user's profile."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated:
        try:
            set_user_language(user=request.user, language=language)
        except ValidationError:
            messages.error(request, _("This language is not available."))
    return response
