"""URLs of home."""

app_name = "home"

urlpatterns: list = []
