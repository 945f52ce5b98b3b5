from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

ADMINISTRATOR = "Administrator"


def grant_everything_to_administrators(sender, using="default", **kwargs) -> None:
    """Keep the Administrator role complete: models added after its migration bring new permissions."""
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.using(using).filter(name=ADMINISTRATOR).first()
    if group is not None:
        group.permissions.set(Permission.objects.using(using).all())


class DeskConfig(AppConfig):
    name = "gazzetta.desk"
    verbose_name = _("Desk")

    def ready(self) -> None:
        post_migrate.connect(grant_everything_to_administrators, dispatch_uid="gazzetta.desk.administrators")
