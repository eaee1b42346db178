"""URLs of representation."""

from django.urls import path

from . import views, views_actions

app_name = "representation"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("meetings/", views.body_list, name="body-list"),
    path("meetings/new/", views.body_create, name="body-create"),
    path("meetings/<int:pk>/", views.body_detail, name="body-detail"),
    path(
        "meetings/<int:pk>/representatives/",
        views.body_representatives,
        name="body-representatives",
    ),
    path("occurrences/<int:pk>/briefing/", views.briefing, name="briefing"),
    path("occurrences/<int:pk>/papers/", views.occurrence_papers, name="occurrence-papers"),
    path("occurrences/<int:pk>/briefing/read/", views.briefing_confirm, name="briefing-confirm"),
    path("occurrences/<int:pk>/feedback/", views.feedback_create, name="feedback-create"),
    path("feedback/", views.feedback_list, name="feedback-list"),
    path("feedback/<int:pk>/", views.feedback_detail, name="feedback-detail"),
    path("for-the-group/", views.for_group, name="for-group"),
    path("for-the-group/<int:pk>/offer/", views.agreement_offer, name="agreement-offer"),
    path("actions/", views_actions.action_list, name="action-list"),
    path("actions/<int:pk>/update/", views_actions.action_update, name="action-update"),
    path("actions/<int:pk>/chase/", views_actions.action_chase, name="action-chase"),
    path("reviews/", views_actions.review_list, name="review-list"),
    path("reviews/<int:pk>/", views_actions.review_history, name="review-history"),
]
