"""Each role may do its own work in the admin and nothing beyond it; refusals are 403, never 500."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.http import HttpRequest
from django.urls import reverse

from gazzetta.newsroom.models import Article, Source

ARTICLES = "/admin/newsroom/article/"
PAGES = {
    "articles": ARTICLES,
    "new article": "/admin/newsroom/article/add/",
    "stories": "/admin/newsroom/story/",
    "sources": "/admin/newsroom/source/",
    "sources' health": "/admin/newsroom/source/health/",
    "sections": "/admin/newsroom/section/",
    "subject table": "/admin/ingest/subjectmapping/",
    "API tokens": "/admin/tokens/apitoken/",
    "users": "/admin/auth/user/",
}
ALLOWED = {
    "Editor": {"articles", "new article", "stories"},
    "Desk chief": {"articles", "new article", "stories", "sources", "sources' health", "sections", "subject table"},
    "Administrator": set(PAGES),
}


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_each_role_reaches_its_pages_and_no_others(client, staff, newsroom, role):
    staff(client, role)
    answers = {name: client.get(url).status_code for name, url in PAGES.items()}
    assert {name for name, status in answers.items() if status == 200} == ALLOWED[role]
    assert {status for name, status in answers.items() if name not in ALLOWED[role]} <= {403}


def test_the_administrator_role_holds_every_permission(db):
    assert Group.objects.get(name="Administrator").permissions.count() == Permission.objects.count()


def test_staff_without_a_role_sees_nothing_and_outsiders_are_sent_to_log_in(client, staff, django_user_model):
    staff(client, None)
    assert client.get(ARTICLES).status_code == 403
    client.logout()
    django_user_model.objects.create_user("reader", password="x-very-long-password")
    assert client.login(request=HttpRequest(), username="reader", password="x-very-long-password")
    assert client.get(ARTICLES).status_code == 302


def test_an_editor_cannot_run_the_sources_or_delete_articles(client, staff, newsroom):
    staff(client, "Editor")
    wire = Source.objects.get(key="adp")
    assert client.post(reverse("admin:newsroom_source_pause", args=[wire.pk])).status_code == 403
    assert client.post(reverse("admin:newsroom_source_fetch", args=[wire.pk])).status_code == 403
    wire.refresh_from_db()
    assert wire.enabled
    article = newsroom.articles["de-politics"]
    assert "delete_selected" not in client.get(ARTICLES).context["action_form"].fields["action"].choices.__str__()
    assert client.post(reverse("admin:newsroom_article_delete", args=[article.pk]), {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_a_desk_chief_pauses_and_resumes_a_source(client, staff, newsroom):
    staff(client, "Desk chief")
    wire = Source.objects.get(key="adp")
    client.post(reverse("admin:newsroom_source_pause", args=[wire.pk]))
    wire.refresh_from_db()
    assert not wire.enabled
    client.post(reverse("admin:newsroom_source_resume", args=[wire.pk]))
    wire.refresh_from_db()
    assert wire.enabled


def test_a_user_who_may_only_view_articles_cannot_act_on_them(client, staff, newsroom):
    viewer = staff(client, None, "viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    article = newsroom.articles["de-politics"]
    assert client.get(reverse("admin:newsroom_article_preview", args=[article.pk])).status_code == 200
    history = client.get(reverse("admin:newsroom_article_history", args=[article.pk]))
    assert history.status_code == 200 and "restore" not in history.content.decode()
    answer = client.post(ARTICLES, {"action": "withdraw", "_selected_action": [article.pk], "apply": "1",
                                    "reason": "no"})
    assert answer.status_code in (200, 302)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
