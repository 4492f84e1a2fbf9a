from django.contrib import admin

from summit.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created with ``create_api_token``; the admin lists and revokes them."""

    list_display = ["name", "user", "prefix", "scopes", "created", "last_used"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["user", "name", "prefix", "scopes", "token_hash", "created", "last_used"]

    def has_add_permission(self, request: object) -> bool:
        return False
