from django.contrib import admin

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
