from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from iro.accounts.access import public


@public
def failing(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("something broke")


urlpatterns = [path("failing", failing), path("", include("config.urls"))]
handler500 = "iro.web.views.server_error"
