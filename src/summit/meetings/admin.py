"""Back office: organizers look up requests and availability marks. Status changes go
through the pages and API (the domain's rules and e-mails), so those fields are read-only."""

from django.contrib import admin

from summit.meetings.domain.parties import party_paths
from summit.meetings.models import MeetingRequest, Unavailability


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = (
        *party_paths(),
        "status",
        "kind",
        "priority",
        "created",
        "event",
    )
    list_filter = ("event", "status", "kind", "priority")
    search_fields = (*party_paths(field="name"), "message")
    list_select_related = (*party_paths(), "event")
    readonly_fields = [field.name for field in MeetingRequest._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(Unavailability)
class UnavailabilityAdmin(admin.ModelAdmin):
    list_display = ("membership", "slot", "created")
    list_filter = ("slot__event",)
    list_select_related = ("membership__user", "membership__organization", "slot")
    raw_id_fields = ("membership", "slot")
