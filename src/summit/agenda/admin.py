"""Back office: organizers can see whose calendar links exist (the secret stays hidden)."""

from django.contrib import admin

from summit.agenda.models import CalendarToken


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ("membership", "created")
    list_select_related = ("membership__user", "membership__organization")
    search_fields = ("membership__user__username", "membership__organization__name")
    exclude = ("token",)
    readonly_fields = ("membership", "created")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
