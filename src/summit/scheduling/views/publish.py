"""Publication pages (H2 fills this list)."""

urlpatterns: list = []
