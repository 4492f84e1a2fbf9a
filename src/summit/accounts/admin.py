from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from summit.accounts.models import Invitation, Profile


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class SummitUserAdmin(UserAdmin):
    inlines = [ProfileInline]
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "last_login")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("user", "event", "created", "used_at")
    list_filter = ("event", "used_at")
    search_fields = ("user__username", "user__email")
    readonly_fields = ("token", "created", "used_at")
    raw_id_fields = ("user",)
