"""URLs of priorities."""

from django.urls import path

from . import views

app_name = "priorities"

urlpatterns = [
    path("", views.priority_list, name="priority-list"),
    path("new/", views.priority_create, name="priority-create"),
    path("<int:pk>/edit/", views.priority_edit, name="priority-edit"),
    path("rounds/new/", views.round_create, name="round-create"),
    path("rounds/<int:pk>/", views.round_detail, name="round-detail"),
    path("rounds/<int:pk>/close/", views.round_close, name="round-close"),
    path(
        "rounds/<int:pk>/practices/<int:practice_pk>/ballot/",
        views.ballot_cast,
        name="ballot-cast",
    ),
    path("rounds/<int:pk>/results/", views.round_results, name="round-results"),
    path("rounds/<int:pk>/adopt/", views.round_adopt, name="round-adopt"),
    path("rounds/<int:pk>/results.csv", views.results_csv, name="results-csv"),
    path("rounds/<int:pk>/ballots.csv", views.ballots_csv, name="ballots-csv"),
]
