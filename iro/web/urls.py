from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("health", views.health, name="health"),
    path("settings/", views.settings_index, name="settings"),
    path("privacy", views.privacy_notice, name="privacy"),
    path("accessibility", views.accessibility_statement, name="accessibility"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("bench/floor", views.bench_floor, name="bench_floor"),
]
