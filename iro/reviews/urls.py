from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("reviews/mine/", views.my_reviews, name="my_reviews"),
    path("reviews/convening/", views.convening_queue, name="convening_queue"),
    path("recommendations/mine/", views.my_recommendations, name="my_recommendations"),
    path("children/<int:child_pk>/convene", views.convene, name="convene"),
    path("children/<int:child_pk>/record-review", views.review_record, name="record"),
    path("reviews/convening/<int:pk>/", views.convening_detail, name="convening"),
    path("reviews/convening/<int:pk>/change", views.convening_change, name="convening_change"),
    path(
        "reviews/convening/<int:pk>/reschedule",
        views.convening_reschedule,
        name="convening_reschedule",
    ),
    path(
        "reviews/convening/<int:pk>/not-held", views.convening_not_held, name="convening_not_held"
    ),
    path("reviews/convening/<int:pk>/invite", views.invitee_add, name="invitee_add"),
    path("reviews/invitees/<int:pk>/change", views.invitee_change, name="invitee_change"),
    path("reviews/<int:pk>/", views.review_detail, name="detail"),
    path("reviews/<int:pk>/print", views.review_print, name="print"),
    path("reviews/<int:pk>/change", views.review_change, name="change"),
    path("reviews/<int:pk>/letter", views.review_letter, name="letter"),
    path("reviews/<int:pk>/letter/finalise", views.review_letter_finalise, name="letter_finalise"),
    path("reviews/<int:pk>/distributed", views.minutes_distributed, name="distributed"),
    path(
        "reviews/<int:pk>/recommendations/issued",
        views.recommendations_issued,
        name="recommendations_issued",
    ),
    path(
        "reviews/<int:pk>/recommendations/new",
        views.recommendation_add,
        name="recommendation_add",
    ),
    path(
        "recommendations/<int:pk>/change",
        views.recommendation_change,
        name="recommendation_change",
    ),
    path(
        "recommendations/<int:pk>/done",
        views.recommendation_complete,
        name="recommendation_complete",
    ),
]
