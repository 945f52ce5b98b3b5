from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "gazzetta.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from gazzetta.newsroom.signals import article_changed
        from gazzetta.search import checks, tasks

        checks.register_checks()
        article_changed.connect(tasks.on_article_changed, dispatch_uid="gazzetta.search.index")
