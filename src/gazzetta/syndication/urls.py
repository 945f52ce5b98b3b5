"""Feeds under each edition: /de/feed/rss/, /de/<section>/feed/atom/, /de/story/<id>-<slug>/feed/json/.

Included by reader/urls.py ahead of its section catch-all.
"""

from django.urls import path

from gazzetta.syndication.feeds import FORMATS, EditionFeed, SectionFeed, StoryFeed

app_name = "feeds"
urlpatterns = [
    *(path(f"feed/{kind}/", EditionFeed.view(kind), name=f"edition-{kind}") for kind in FORMATS),
    *(path(f"story/<int:pk>-<slug:slug>/feed/{kind}/", StoryFeed.view(kind), name=f"story-{kind}")
      for kind in FORMATS),
    *(path(f"<slug:section_slug>/feed/{kind}/", SectionFeed.view(kind), name=f"section-{kind}") for kind in FORMATS),
]
