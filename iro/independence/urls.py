from django.urls import path

from . import views

app_name = "independence"
urlpatterns = [
    path("independence/", views.indicators_page, name="indicators"),
    path("independence/records/<slug:key>", views.records, name="records"),
    path("independence/recurring-challenge", views.recurring_raise, name="recurring_raise"),
    path("independence-pressure/", views.pressure_list, name="pressure_list"),
    path("independence-pressure/new", views.pressure_new, name="pressure_new"),
    path("independence-pressure/<int:pk>/", views.pressure_detail, name="pressure_detail"),
    path("independence-pressure/<int:pk>/note", views.pressure_note, name="pressure_note"),
]
