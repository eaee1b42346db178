"""URLs of inbox."""

app_name = "inbox"

urlpatterns: list = []
