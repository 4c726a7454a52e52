from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("children/<int:pk>/oversight/", views.child_oversights, name="child_oversights"),
    path("children/<int:pk>/oversight/new", views.oversight_new, name="oversight_new"),
    path("children/<int:pk>/midpoint-review/new", views.midpoint_new, name="midpoint_new"),
    path("oversight/<int:pk>/", views.oversight_detail, name="oversight_detail"),
    path("oversight/standards/", views.oversight_standards, name="standards"),
    path("drift/", views.my_drift, name="my_drift"),
    path("drift/service/", views.service_drift, name="service_drift"),
    path("quality/dip-sample/", views.dip_sample, name="dip_sample"),
    path(
        "quality/dip-sample/oversight/<int:pk>",
        views.dip_sample_oversight,
        name="dip_sample_oversight",
    ),
    path("quality/dip-sample/review/<int:pk>", views.dip_sample_review, name="dip_sample_review"),
    path("quality/dip-sample/report/", views.dip_sample_report, name="dip_sample_report"),
    path("quality/feedback/", views.feedback, name="feedback"),
]
