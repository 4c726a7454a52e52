from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "iro.children"
    label = "children"
    verbose_name = "Children in care"
    # (order, url name, label, action) — read by the service navigation.
    navigation = [
        (10, "children:my_children", "My children", "caseload.view_own"),
        (20, "children:reviews_due", "Reviews due", "reviews.view_due"),
        (30, "children:list", "Children", "children.view"),
        (76, "children:iro_covers", "IRO cover", "children.cover"),
    ]
