from django.urls import path

from . import views

app_name = "fostering"
urlpatterns = [
    path("fostering/my-reviews", views.my_reviews, name="my_reviews"),
    path("fostering/households/", views.service_reviews, name="households"),
    path("fostering/households/new", views.household_new, name="household_new"),
    path("fostering/households/<int:pk>", views.household_detail, name="household"),
    path("fostering/households/<int:pk>/edit", views.household_edit, name="household_edit"),
    path("fostering/households/<int:pk>/reviews/new", views.review_new, name="review_new"),
    path("fostering/reviews/<int:pk>/panel", views.review_panel, name="review_panel"),
]
