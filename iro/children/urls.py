from django.urls import path

from . import views

app_name = "children"
urlpatterns = [
    path("children/", views.child_list, name="list"),
    path("children/new", views.child_admit, name="admit"),
    path("children/<int:pk>/", views.child_detail, name="detail"),
    path("children/<int:pk>/allocate-iro", views.iro_allocate, name="allocate_iro"),
    path("children/<int:pk>/restriction", views.restriction, name="restriction"),
    path(
        "children/<int:pk>/subject-access-export",
        views.subject_access_export,
        name="subject_access_export",
    ),
    path("my-children/", views.my_children, name="my_children"),
    path("reviews/due/", views.reviews_due, name="reviews_due"),
]
