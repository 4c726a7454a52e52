from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "iro.children"
    label = "children"
    verbose_name = "Children in care"

    def ready(self) -> None:
        from iro.audit.labels import register

        from .models import Child

        # The audit trail names a child by the council's CHILD ID, never the database id.
        register(
            "child",
            lambda ids: {
                str(pk): f"Child {la_id}"
                for pk, la_id in Child.objects.filter(pk__in=ids).values_list("pk", "la_child_id")
            },
        )
