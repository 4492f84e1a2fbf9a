from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from summit.accounts.domain.invitations import invite_member
from summit.organizations.models import Membership, Organization


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)
    fields = ("user", "role", "job_title", "phone", "event")


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "org_id", "org_type", "country", "survey_status", "event", "updated")
    list_filter = ("event", "org_type", "survey_status", "country")
    search_fields = ("name", "name_local", "org_id", "description")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "job_title", "event")
    list_filter = ("event", "role")
    search_fields = ("user__username", "user__email", "organization__name")
    raw_id_fields = ("user", "organization")
    actions = ["send_invitation"]

    @admin.action(description=_("Send an invitation e-mail (one-time link to set a password)"))
    def send_invitation(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        sent = 0
        for membership in queryset.select_related("user", "event", "organization"):
            if membership.user.email:
                invite_member(membership=membership, base_url=request.build_absolute_uri("/"))
                sent += 1
        self.message_user(
            request,
            ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", sent)
            % {"count": sent},
            messages.SUCCESS,
        )
