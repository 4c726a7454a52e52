from django.urls import path

from . import views

app_name = "ssda903"
urlpatterns = [
    path("imports/", views.import_list, name="imports"),
    path("imports/upload/", views.import_upload, name="upload"),
    path("imports/<int:pk>/", views.import_detail, name="detail"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="confirm"),
    path("imports/<int:pk>/cancel/", views.import_cancel, name="cancel"),
    path("imports/<int:pk>/report.csv", views.import_report_csv, name="report_csv"),
]
