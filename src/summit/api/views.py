"""The API token pages: a member of an event creates, lists and revokes their own tokens.

A token acts as its user on every event the user belongs to; the page lives in each event
(the organizers' Settings menu) so that the ``organizer`` scope is offered where it means
something."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from summit.api.domain.tokens import (
    create_api_token,
    revoke_api_token,
    scopes_offered,
    token_of_user,
    tokens_of_user,
)
from summit.api.interfaces.forms import ApiTokenForm
from summit.events.access import event_member_required
from summit.events.models import Event


@never_cache
@require_http_methods(["GET", "POST"])
@event_member_required
def api_tokens(request: HttpRequest, event: Event) -> HttpResponse:
    """The user's tokens and a form for a new one; the new secret is shown in the answer to
    the POST only (never stored, never in a URL)."""
    form = ApiTokenForm(request.POST or None, scopes=scopes_offered(user=request.user, event=event))
    created = secret = None
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = create_api_token(
                user=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form = ApiTokenForm(scopes=scopes_offered(user=request.user, event=event))
    context = {
        "event": event,
        "form": form,
        "tokens": tokens_of_user(user=request.user),
        "created": created,
        "secret": secret,
    }
    return render(request, "api/tokens.html", context)


@require_http_methods(["GET", "POST"])
@event_member_required
def revoke_token(request: HttpRequest, event: Event, token_id: int) -> HttpResponse:
    """Asks for confirmation (GET), then revokes (POST): scripts using the token get 401."""
    token = token_of_user(user=request.user, token_id=token_id)
    if token is None:
        raise Http404
    if request.method == "POST":
        name = token.name
        revoke_api_token(token=token)
        messages.success(request, _("The token “%(name)s” was revoked.") % {"name": name})
        return redirect("api_tokens:list", slug=event.slug)
    return render(request, "api/token_revoke.html", {"event": event, "token": token})
