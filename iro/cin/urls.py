from django.urls import path

from . import views

app_name = "cin"
urlpatterns = [
    path("cin-imports/", views.import_list, name="imports"),
    path("cin-imports/upload", views.import_upload, name="upload"),
    path("cin-imports/<int:pk>/", views.import_detail, name="detail"),
    path("cin-imports/<int:pk>/report.csv", views.import_report_csv, name="report_csv"),
]
