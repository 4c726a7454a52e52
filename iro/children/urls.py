from django.urls import path

from . import views

app_name = "children"
urlpatterns = [
    path("children/", views.child_list, name="list"),
    path("children/new", views.child_admit, name="admit"),
    path("children/<int:pk>/", views.child_detail, name="detail"),
    path(
        "children/<int:pk>/new-period-of-care",
        views.period_of_care_start,
        name="period_of_care_start",
    ),
    path(
        "children/<int:pk>/restriction/ask-to-lift",
        views.restriction_lift_ask,
        name="restriction_lift_ask",
    ),
    path(
        "restriction-requests/<int:pk>/decide",
        views.restriction_lift_decide,
        name="restriction_lift_decide",
    ),
    path("children/<int:pk>/allocate-iro", views.iro_allocate, name="allocate_iro"),
    path("iro-cover/", views.iro_covers, name="iro_covers"),
    path("iro-cover/new", views.iro_cover_new, name="iro_cover_new"),
    path("iro-cover/<int:pk>/end", views.iro_cover_end, name="iro_cover_end"),
    path("children/<int:pk>/restriction", views.restriction, name="restriction"),
    path(
        "children/<int:pk>/subject-access-export",
        views.subject_access_export,
        name="subject_access_export",
    ),
    path("my-children/", views.my_children, name="my_children"),
    path("reviews/due/", views.reviews_due, name="reviews_due"),
]
