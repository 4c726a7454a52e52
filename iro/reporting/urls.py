from django.urls import path

from . import priorities, views

app_name = "reporting"
urlpatterns = [
    path("scorecard/", views.scorecard, name="scorecard"),
    path("scorecard/monthly", views.scorecard_monthly, name="scorecard_monthly"),
    path("scorecard/export", views.scorecard_export, name="scorecard_export"),
    path("scorecard/measures/<slug:key>", views.measure_detail, name="measure_detail"),
    path("annual-report/", views.annual_reports, name="annual_reports"),
    path("annual-report/<int:year>/", views.annual_report, name="annual_report"),
    path("annual-report/<int:year>/narrative", views.annual_report_edit, name="annual_report_edit"),
    path("annual-report/<int:year>/priorities/", priorities.priorities, name="priorities"),
    path("annual-report/<int:year>/priorities/new", priorities.priority_new, name="priority_new"),
    path(
        "annual-report/<int:year>/priorities/<int:pk>/edit",
        priorities.priority_edit,
        name="priority_edit",
    ),
    path(
        "annual-report/<int:year>/download.<slug:fmt>",
        views.annual_report_download,
        name="annual_report_download",
    ),
]
