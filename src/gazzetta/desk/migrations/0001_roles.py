"""The three roles of a newsroom as groups with model permissions (issue 7).

Editor: writes and publishes articles, stories and pictures. Desk chief: also runs the sources,
sections and subject table, and may delete. Administrator: every permission, users and API
tokens included. Permissions are created here first, since Django only makes them after all
migrations ran. The role contents are frozen in this file: a later change is a new migration.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ("add", "change", "delete", "view")
EDITOR = {
    "newsroom.article": ("add", "change", "view"),
    "newsroom.articleversion": ("view",),
    "newsroom.image": ALL,
    "newsroom.story": ("add", "change", "view"),
    "newsroom.alternate": ("view",),
    "newsroom.relation": ("view",),
}
DESK_CHIEF = {
    **EDITOR,
    "newsroom.article": ALL,
    "newsroom.story": ALL,
    "newsroom.relation": ALL,
    "newsroom.source": ALL,
    "newsroom.section": ALL,
    "ingest.subjectmapping": ALL,
    "ingest.receipt": ("view",),
}
ROLES = {"Editor": EDITOR, "Desk chief": DESK_CHIEF}
ADMINISTRATOR = "Administrator"


def make_permissions(apps) -> None:
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, apps=apps, verbosity=0)


def codenames(model_actions: dict) -> list[tuple[str, str]]:
    return [(label.split(".")[0], f"{action}_{label.split('.')[1]}")
            for label, actions in model_actions.items() for action in actions]


def permissions_for(apps, model_actions: dict) -> list:
    Permission = apps.get_model("auth", "Permission")
    return [Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in codenames(model_actions)]


def create_roles(apps, schema_editor):
    make_permissions(apps)
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    for name, model_actions in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions_for(apps, model_actions))
    administrator, _created = Group.objects.get_or_create(name=ADMINISTRATOR)
    administrator.permissions.set(Permission.objects.all())


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[*ROLES, ADMINISTRATOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("newsroom", "0003_desk_pin_renditions"),
        ("ingest", "0001_initial"),
        ("tokens", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
