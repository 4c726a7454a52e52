from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("scorecard/", views.scorecard, name="scorecard"),
    path("scorecard/monthly", views.scorecard_monthly, name="scorecard_monthly"),
    path("scorecard/export", views.scorecard_export, name="scorecard_export"),
    path("scorecard/measures/<slug:key>", views.measure_detail, name="measure_detail"),
]
