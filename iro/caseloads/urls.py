from django.urls import path

from . import views

app_name = "caseloads"
urlpatterns = [
    path("caseloads/", views.caseload_overview, name="overview"),
    path("caseloads/continuity", views.continuity, name="continuity"),
    path("caseloads/forecast", views.demand_forecast, name="forecast"),
    path("caseloads/weights", views.workload_weights, name="weights"),
    path("caseloads/iros/", views.staff_list, name="staff"),
    path("caseloads/iros/new", views.staff_add, name="staff_add"),
    path("caseloads/iros/<int:pk>/edit", views.staff_edit, name="staff_edit"),
]
