from django.urls import path

from . import views

app_name = "operations"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("service-status", views.status, name="status"),
    path("retention/", views.retention_list, name="retention"),
    path("retention/<int:pk>/delete", views.retention_delete, name="retention_delete"),
]
