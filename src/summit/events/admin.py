from django.contrib import admin

from summit.events.models import Event, EventDay, Organizer, Session, Slot, Table


class EventDayInline(admin.TabularInline):
    model = EventDay
    extra = 0


class OrganizerInline(admin.TabularInline):
    model = Organizer
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "venue", "time_zone", "request_deadline", "created")
    search_fields = ("name", "name_ko", "slug", "venue")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [EventDayInline, OrganizerInline]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("name", "day", "start_time", "end_time", "slot_minutes", "break_minutes")
    list_filter = ("day__event",)


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ("start", "end", "session", "event")
    list_filter = ("event",)


@admin.register(Table)
class TableAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "label", "event")
    list_filter = ("event", "kind")
