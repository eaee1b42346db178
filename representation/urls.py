"""URLs of representation."""

app_name = "representation"

urlpatterns: list = []
