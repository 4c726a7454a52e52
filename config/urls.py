from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("iro.web.urls")),
    path("", include("iro.accounts.urls")),
    path("", include("iro.children.urls")),
    path("", include("iro.reviews.urls")),
    path("", include("iro.monitoring.urls")),
    path("", include("iro.disputes.urls")),
    path("", include("iro.caseloads.urls")),
    path("", include("iro.voice.urls")),
    path("", include("iro.conferences.urls")),
    path("", include("iro.fostering.urls")),
    path("", include("iro.orders.urls")),
    path("", include("iro.reporting.urls")),
    path("", include("iro.independence.urls")),
    path("", include("iro.ssda903.urls")),
    path("", include("iro.cin.urls")),
    path("", include("iro.web.audit_trail.urls")),
    path("", include("iro.operations.urls")),
    path("", include("iro.notifications.urls")),
    path("", include("iro.api.urls")),
    path("", include("iro.childpage.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "iro.web.views.bad_request"
handler403 = "iro.web.views.permission_denied"
handler404 = "iro.web.views.page_not_found"
handler500 = "iro.web.views.server_error"
