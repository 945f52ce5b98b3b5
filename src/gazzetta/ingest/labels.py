"""Boilerplate labels of news pages, per language, as data in one place.

Page dumps (plain-text saves of article pages) carry the page's interface text mixed
into the article: the text-size control, share buttons, "read more" links, the heading
of the recommended-articles box, footer links. Parsers drop these lines and use the
language they belong to as a hint. Each entry is spelled as a reader of such a site
sees it; matching ignores case, surrounding punctuation and a trailing colon.

Add a language by adding one `Labels` entry; nothing else needs to change.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Labels:
    """The interface text of one language: lines to drop and recommendation headings."""

    ui: tuple[str, ...]
    recommendations: tuple[str, ...]
    published: tuple[str, ...] = ()


LABELS: dict[str, Labels] = {
    "de": Labels(
        ui=("Textgröße ändern", "Schriftgröße ändern", "Schriftgröße", "Textgröße",
            "Artikel teilen", "Diesen Artikel teilen", "Teilen", "Mehr lesen", "Weiterlesen",
            "Mehr erfahren", "Artikel vorlesen", "Vorlesen", "Drucken", "Artikel drucken",
            "Kommentare", "Kommentieren", "Anzeige", "Werbung", "Zum Artikel",
            "Zur Startseite", "Impressum", "Datenschutz", "Datenschutzerklärung", "Kontakt",
            "Cookie-Einstellungen", "Nach oben", "Link kopieren", "Merken", "Schließen",
            "Newsletter abonnieren", "Bildergalerie"),
        recommendations=("Empfohlen", "Empfehlungen", "Das könnte Sie auch interessieren",
                         "Das könnte dich auch interessieren", "Auch interessant",
                         "Weitere Artikel", "Lesen Sie auch", "Mehr zum Thema", "Meistgelesen"),
        published=("Veröffentlicht", "Aktualisiert", "Zuletzt aktualisiert", "Stand"),
    ),
    "it": Labels(
        ui=("Dimensione del testo", "Dimensione testo", "Modifica dimensione testo",
            "Condividi", "Condividi l'articolo", "Condividi questo articolo", "Leggi di più",
            "Leggi tutto", "Continua a leggere", "Stampa", "Stampa l'articolo", "Commenti",
            "Commenta", "Pubblicità", "Ascolta l'articolo", "Torna su", "Note legali",
            "Informativa sulla privacy", "Contatti", "Impostazioni cookie", "Copia link",
            "Iscriviti alla newsletter", "Fotogallery"),
        recommendations=("Consigliati", "Consigliato", "Articoli consigliati",
                         "Potrebbe interessarti anche", "Potrebbe interessarti",
                         "Leggi anche", "Ti potrebbe interessare", "I più letti",
                         "Altri articoli"),
        published=("Pubblicato", "Aggiornato", "Ultimo aggiornamento"),
    ),
    "en": Labels(
        ui=("Change text size", "Text size", "Font size", "Share this article", "Share",
            "Share this", "Read more", "Continue reading", "Read full article",
            "Listen to this article", "Listen to article", "Print", "Print this article",
            "Comments", "Comment", "Advertisement", "Sponsored", "Back to top",
            "Privacy policy", "Cookie settings", "Terms of use", "Contact us", "Copy link",
            "Sign up for our newsletter", "Subscribe", "Gallery", "Save", "Close"),
        recommendations=("Recommended", "Recommended for you", "Recommended articles",
                         "Related", "Related articles", "Related stories", "More stories",
                         "You may also like", "You might also like", "Read next",
                         "Most read", "Also read"),
        published=("Published", "Updated", "Last updated"),
    ),
    "fr": Labels(
        ui=("Taille du texte", "Modifier la taille du texte", "Changer la taille du texte",
            "Partager", "Partager cet article", "Lire la suite", "Lire plus",
            "Écouter cet article", "Écouter l'article", "Imprimer", "Imprimer l'article",
            "Commentaires", "Commenter", "Publicité", "Retour en haut", "Mentions légales",
            "Politique de confidentialité", "Paramètres des cookies", "Nous contacter",
            "Copier le lien", "S'abonner à la newsletter", "Diaporama", "Fermer"),
        recommendations=("Recommandé", "Recommandés", "Articles recommandés",
                         "À lire aussi", "A lire aussi", "Lire aussi", "Sur le même sujet",
                         "Vous aimerez aussi", "Les plus lus"),
        published=("Publié", "Mis à jour", "Dernière mise à jour"),
    ),
    "es": Labels(
        ui=("Tamaño del texto", "Tamaño de letra", "Cambiar tamaño del texto",
            "Compartir", "Compartir este artículo", "Compartir artículo", "Leer más",
            "Seguir leyendo", "Escuchar este artículo", "Escuchar noticia", "Imprimir",
            "Comentarios", "Comentar", "Publicidad", "Volver arriba", "Aviso legal",
            "Política de privacidad", "Configuración de cookies", "Contacto", "Copiar enlace",
            "Suscríbete al boletín", "Galería", "Cerrar"),
        recommendations=("Recomendados", "Recomendado", "Artículos recomendados",
                         "Te puede interesar", "También te puede interesar", "Lee también",
                         "Noticias relacionadas", "Lo más leído"),
        published=("Publicado", "Actualizado", "Última actualización"),
    ),
    "pt": Labels(
        ui=("Tamanho do texto", "Tamanho da letra", "Alterar tamanho do texto",
            "Compartilhar", "Partilhar", "Partilhar este artigo", "Compartilhe",
            "Leia mais", "Ler mais", "Continuar a ler", "Ouvir este artigo", "Ouvir notícia",
            "Imprimir artigo", "Comentários", "Comentar", "Publicidade", "Voltar ao topo",
            "Política de privacidade", "Definições de cookies", "Contactos", "Copiar link",
            "Assine a newsletter", "Fechar"),
        recommendations=("Recomendadas", "Artigos recomendados", "Leia também",
                         "Leia tambem", "Veja também", "Você pode gostar",
                         "Notícias relacionadas", "Mais lidas"),
        published=("Publicado em", "Atualizado", "Atualizado em", "Actualizado em"),
    ),
    "nl": Labels(
        ui=("Tekstgrootte", "Tekstgrootte aanpassen", "Lettergrootte", "Delen",
            "Deel dit artikel", "Lees meer", "Lees verder", "Luister naar dit artikel",
            "Afdrukken", "Printen", "Reacties", "Reageer", "Advertentie", "Naar boven",
            "Privacybeleid", "Cookie-instellingen", "Link kopiëren",
            "Schrijf je in voor de nieuwsbrief", "Sluiten"),
        recommendations=("Aanbevolen", "Aanbevolen artikelen", "Lees ook", "Meer nieuws",
                         "Gerelateerde artikelen", "Ook interessant", "Meest gelezen"),
        published=("Gepubliceerd", "Bijgewerkt", "Laatst bijgewerkt"),
    ),
    "pl": Labels(
        ui=("Rozmiar tekstu", "Zmień rozmiar tekstu", "Rozmiar czcionki", "Udostępnij",
            "Udostępnij artykuł", "Czytaj więcej", "Czytaj dalej", "Posłuchaj artykułu",
            "Drukuj", "Komentarze", "Skomentuj", "Reklama", "Do góry",
            "Polityka prywatności", "Ustawienia cookies", "Kontakt z redakcją",
            "Kopiuj link", "Zapisz się do newslettera", "Zamknij"),
        recommendations=("Polecane", "Polecamy", "Polecane artykuły", "Czytaj także",
                         "Zobacz także", "Zobacz też", "Najczęściej czytane"),
        published=("Opublikowano", "Aktualizacja", "Zaktualizowano"),
    ),
}

# Interface text that reads the same in every language (social networks, mail).
NEUTRAL_UI: tuple[str, ...] = (
    "Facebook", "X", "Twitter", "WhatsApp", "LinkedIn", "Telegram", "Pinterest", "Reddit",
    "Threads", "Bluesky", "Mastodon", "Flipboard", "E-Mail", "Email", "Mail", "RSS",
    "Newsletter", "Instagram", "YouTube", "TikTok",
)

# Words that introduce a picture credit in a caption line ("Caption / Foto: Credit").
CREDIT_MARKERS: tuple[str, ...] = (
    "Foto", "Fotos", "Photo", "Photos", "Bild", "Bilder", "Ph", "Pic", "Image", "Credit",
    "Credits", "Crédit", "Crédits", "Crédito", "Créditos", "Fot", "Fotografia", "Zdjęcie",
    "Beeld",
)

_SIZE_CONTROLS = re.compile(r"(?:\s+A[-+−–]*)+$")
SIZE_CONTROLS_TAIL = 32


def normalise(line: str) -> str:
    """Return `line` in the form labels are compared in (case, punctuation and A− A A+ gone)."""
    text = unicodedata.normalize("NFKC", line).replace("’", "'")
    head, tail = text[:-SIZE_CONTROLS_TAIL], text[-SIZE_CONTROLS_TAIL:]
    text = head + _SIZE_CONTROLS.sub("", " " + tail)[1:]
    return " ".join(_trim_to_alphanumerics(text).casefold().split())


def _trim_to_alphanumerics(text: str) -> str:
    """Drop the punctuation and symbols around `text` ("» Read more …" → "Read more")."""
    start = next((index for index, char in enumerate(text) if char.isalnum()), len(text))
    end = next((index for index in range(len(text), start, -1) if text[index - 1].isalnum()),
               start)
    return text[start:end]


def _index(texts_by_language: dict[str, tuple[str, ...]]) -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for language, texts in texts_by_language.items():
        for text in texts:
            index.setdefault(normalise(text), set()).add(language)
    return {key: frozenset(languages) for key, languages in index.items()}


UI_INDEX = _index({**{lang: labels.ui for lang, labels in LABELS.items()}, "": NEUTRAL_UI})
RECOMMENDATION_INDEX = _index({lang: labels.recommendations for lang, labels in LABELS.items()})
LONGEST_LABEL = max(len(label) for label in (*UI_INDEX, *RECOMMENDATION_INDEX)) + 16
PUBLISHED_PREFIXES = tuple(sorted(
    {normalise(prefix) for labels in LABELS.values() for prefix in labels.published},
    key=len, reverse=True))


def ui_languages(line: str) -> frozenset[str] | None:
    """Return the languages of interface label `line` ('' = any), None when it is not one."""
    return UI_INDEX.get(normalise(line)) if len(line) <= LONGEST_LABEL else None


def recommendation_languages(line: str) -> frozenset[str] | None:
    """Return the languages of recommendations heading `line`, None when it is not one."""
    return RECOMMENDATION_INDEX.get(normalise(line)) if len(line) <= LONGEST_LABEL else None


def is_decoration(line: str) -> bool:
    """Tell whether `line` holds no word at all (rules, bullets, the A− A A+ control)."""
    if len(line) <= LONGEST_LABEL:
        return not normalise(line)
    return not any(char.isalnum() for char in line)
