"""What editors type and what wires send is stored clean and escaped on output.

The stored-XSS test through every ingest format is tests/ingest/test_pipeline.py
(test_scripts_handlers_and_javascript_urls_never_survive); this covers the admin's way in.
"""

import re

import lxml.html

from django.contrib.auth.models import User

from gazzetta.newsroom.models import Article, Image

LIVE_SCRIPT = re.compile(r"<script\b[^>]*>[^<]*alert|<[a-z][^>]*\son[a-z]+\s*=|"
                         r"(?:href|src)\s*=\s*[\"']?\s*javascript:", re.I)
HOSTILE_BODY = ('<p onclick="alert(1)">Harbour news.</p><script>alert(2)</script><img src=x onerror=alert(3)>'
                '<p><a href="javascript:alert(4)">link</a> <a href="https://example.org/">fine</a></p>'
                '<iframe src="https://evil.example/"></iframe><style>body{display:none}</style>')


def test_what_an_editor_types_is_sanitised_before_storage(client, newsroom):
    client.force_login(User.objects.create_superuser("root"))
    response = client.post("/admin/newsroom/article/add/", {
        "headline": "Harbour <script>alert(5)</script>news", "lead": "<b>Bold</b> lead", "body_html": HOSTILE_BODY,
        "language": "en", "status": "published", "published_at_0": "2024-05-02", "published_at_1": "10:00:00",
        "siglum": "GZ", "images-TOTAL_FORMS": "0", "images-INITIAL_FORMS": "0", "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "12",
    })
    assert response.status_code == 302
    article = Article.objects.get(lead="Bold lead")
    assert article.headline == "Harbour news"
    assert not LIVE_SCRIPT.search(article.body_html) and "<style" not in article.body_html
    assert '<a href="https://example.org/" rel="noopener nofollow">fine</a>' in article.body_html
    assert not LIVE_SCRIPT.search(client.get(article.get_absolute_url()).content.decode())


def test_picture_texts_are_escaped_on_output(client, newsroom):
    image = Image.objects.get(article=newsroom.articles["de-photo"])
    image.caption, image.credit = "<script>alert(1)</script>", '"><img src=x onerror=alert(2)>'
    image.alt = '" onload="x'
    image.save()
    page = client.get(newsroom.articles["de-photo"].get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "<img src=x onerror" not in page and '" onload="x' not in page
    figure = lxml.html.fromstring(page).xpath("//figure[@class='lead-image']")[0]  # the texts arrive as text, whole
    assert "<script>alert(1)</script>" in figure.findtext("figcaption")
    assert [(img.get("alt"), img.get("onload")) for img in figure.iter("img")] == [('" onload="x', None)]
