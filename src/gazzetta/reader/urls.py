from django.urls import include, path

from gazzetta.reader import views

app_name = "reader"
urlpatterns = [
    path("", views.home, name="home"),
    path("textsize/", views.change_textsize, name="textsize"),
    path("story/<int:pk>-<slug:slug>/", views.story, name="story"),
    path("search/", include("gazzetta.search.urls")),
    path("", include("gazzetta.syndication.urls")),  # feeds, ahead of the section catch-all
    path("<slug:section_slug>/", views.section, name="section"),
    path("<slug:section_slug>/<int:pk>-<slug:slug>/", views.article, name="article"),
]
