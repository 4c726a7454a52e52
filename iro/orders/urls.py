from django.urls import path

from . import views

app_name = "orders"
urlpatterns = [
    path("supervision-orders/", views.service_orders, name="orders"),
    path("supervision-orders/mine", views.my_orders, name="my_orders"),
    path("children/<int:pk>/supervision-orders/new", views.order_new, name="order_new"),
    path("supervision-orders/<int:pk>/reviews/new", views.review_new, name="review_new"),
]
