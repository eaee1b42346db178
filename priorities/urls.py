"""URLs of priorities."""

app_name = "priorities"

urlpatterns: list = []
