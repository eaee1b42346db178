"""URLs of decisions."""

app_name = "decisions"

urlpatterns: list = []
