from django.urls import path

from . import views

app_name = "childpage"
urlpatterns = [
    path("children/<int:pk>/child-page-link", views.link_create, name="link_create"),
    path("reviews/<int:pk>/letter/with-link", views.letter_with_link, name="letter_with_link"),
    path(
        "children/<int:pk>/consultation-form",
        views.consultation_form,
        name="consultation_form",
    ),
    path("child-page-links/<int:pk>/withdraw", views.link_withdraw, name="link_withdraw"),
    path("for-you/<str:token>", views.enter, name="enter"),
    path("for-you/<str:token>/page", views.page, name="page"),
    path("for-you/<str:token>/tell-your-iro", views.tell, name="tell"),
    path("for-you/<str:token>/stop", views.stop, name="stop"),
]
