from django.urls import path

from . import edition_views, priorities, views

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
    path(
        "annual-report/<int:year>/editions/new",
        edition_views.annual_report_edition_new,
        name="annual_report_edition_new",
    ),
    path(
        "annual-report/<int:year>/editions/<int:number>/",
        edition_views.annual_report_edition,
        name="annual_report_edition",
    ),
    path(
        "annual-report/<int:year>/editions/<int:number>/cover",
        edition_views.annual_report_edition_cover,
        name="annual_report_edition_cover",
    ),
    path(
        "annual-report/<int:year>/editions/<int:number>/approve",
        edition_views.annual_report_edition_approve,
        name="annual_report_edition_approve",
    ),
    path(
        "annual-report/<int:year>/editions/<int:number>/download.<slug:fmt>",
        edition_views.annual_report_edition_download,
        name="annual_report_edition_download",
    ),
    path("annual-report/comparators/", edition_views.comparators, name="comparators"),
    path("annual-report/comparators/add", edition_views.comparator_add, name="comparator_add"),
    path(
        "annual-report/comparators/<int:pk>/change",
        edition_views.comparator_change,
        name="comparator_change",
    ),
    path(
        "annual-report/comparators/<int:pk>/delete",
        edition_views.comparator_delete,
        name="comparator_delete",
    ),
]
