from django.urls import path

from . import views

app_name = "conferences"
urlpatterns = [
    path("conferences/mine/", views.my_conferences, name="mine"),
    path("conferences/due/", views.conferences_due, name="due"),
    path("children/<int:child_pk>/section-47/new", views.enquiry_new, name="enquiry_new"),
    path("section-47/<int:pk>/", views.enquiry_edit, name="enquiry_edit"),
    path(
        "section-47/<int:pk>/initial-conference",
        views.initial_conference_new,
        name="initial_new",
    ),
    path(
        "protection-plans/<int:pk>/review-conference",
        views.review_conference_new,
        name="review_new",
    ),
    path("conferences/<int:pk>/", views.conference_detail, name="detail"),
    path("conferences/<int:pk>/change", views.conference_edit, name="edit"),
]
