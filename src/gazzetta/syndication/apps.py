from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyndicationConfig(AppConfig):
    name = "gazzetta.syndication"
    label = "gazzetta_syndication"  # django.contrib.syndication already answers to "syndication"
    verbose_name = _("Feeds and sitemaps")
