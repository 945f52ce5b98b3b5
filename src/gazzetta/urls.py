"""The site's URL map: editions under a language prefix, machines and admin outside it."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from gazzetta.api.errors import unknown_path
from gazzetta.api.urls import api
from gazzetta.server.views import healthz, media
from gazzetta.syndication.views import robots_txt, sitemap_index, sitemap_section

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("api/<path:rest>", unknown_path),
    path("media/<path:path>", media, name="media"),
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", sitemap_index, name="sitemap-index"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap-section"),
]
urlpatterns += i18n_patterns(path("", include("gazzetta.reader.urls")), prefix_default_language=True)

handler404 = "gazzetta.reader.views.page_not_found"
handler500 = "gazzetta.reader.views.server_error"
