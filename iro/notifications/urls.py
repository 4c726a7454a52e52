from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.mine, name="mine"),
    path("notifications/failures", views.failures, name="failures"),
]
