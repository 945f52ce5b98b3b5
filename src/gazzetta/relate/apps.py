from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelateConfig(AppConfig):
    name = "gazzetta.relate"
    verbose_name = _("Stories and recommendations")

    def ready(self) -> None:
        from gazzetta.newsroom.signals import article_changed
        from gazzetta.relate import tasks

        article_changed.connect(tasks.on_article_changed, dispatch_uid="gazzetta.relate.article")
