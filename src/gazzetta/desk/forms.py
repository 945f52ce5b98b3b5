"""The editors' forms: writing an article, its pictures, and the questions actions ask (reason, story)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from gazzetta.ingest.normalise import BLOCK_TAG, paragraphs_to_html, plain_text, sanitise_html
from gazzetta.newsroom import images
from gazzetta.newsroom.models import Article, Image, Story

ACCEPTED_UPLOADS = "image/jpeg,image/png,image/webp"


class AuthorsField(forms.CharField):
    """Authors typed as one line, separated by commas; stored as a list."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value) -> list[str]:
        return [name.strip() for name in (value or "").split(",") if name.strip()]


class ArticleForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("edition"), choices=settings.LANGUAGES)
    authors = AuthorsField(label=_("authors"), required=False, help_text=_("full names, separated by commas"))
    slug = forms.SlugField(label=_("slug"), max_length=120, required=False,
                           help_text=_("empty: made from the headline"))
    source_url = forms.URLField(label=_("URL at source"), max_length=1000, required=False, assume_scheme="https")

    class Meta:
        model = Article
        exclude = ["guid", "content_hash", "version", "version_created_at", "subjects"]
        widgets = {"lead": forms.Textarea(attrs={"rows": 3}), "body_html": forms.Textarea(attrs={"rows": 18})}
        help_texts = {
            "body_html": _("paragraphs separated by an empty line, or HTML; scripts and styles are removed"),
            "correction_note": _("to correct a published article: say what was wrong; it is shown under the "
                                 "article and the update time is set"),
            "published_at": _("a future time schedules the article"),
            "withdrawn_reason": _("shown to readers of a withdrawn article"),
        }

    def clean_headline(self) -> str:
        return plain_text(self.cleaned_data["headline"])

    def clean_lead(self) -> str:
        return plain_text(self.cleaned_data["lead"])

    def clean_body_html(self) -> str:
        """Sanitise what the editor wrote; plain text becomes paragraphs."""
        body = self.cleaned_data["body_html"].replace("\r\n", "\n")
        if "<" not in body:
            return paragraphs_to_html(tuple(body.split("\n\n")))
        body = sanitise_html(body)
        return body if not body or BLOCK_TAG.search(body) else f"<p>{body}</p>"


class ImageForm(forms.ModelForm):
    """A picture of an article: the upload is checked and cleaned; caption, credit and alt text are required."""

    file = forms.FileField(label=_("file"), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_UPLOADS}))

    class Meta:
        model = Image
        fields = ["file", "caption", "credit", "alt", "position"]
        widgets = {"caption": forms.Textarea(attrs={"rows": 2})}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not isinstance(upload, UploadedFile):
            return upload
        try:
            return images.clean_upload(upload)
        except images.ImageRejected as rejection:
            raise forms.ValidationError(str(rejection), code="image") from None

    def clean(self):
        """Pictures an editor touches need their texts; untouched ones from the wire never block a save."""
        cleaned = super().clean()
        has_file = cleaned.get("file") or (self.instance.file and cleaned.get("file") is not False)
        if has_file and self.has_changed():
            for name in ("caption", "credit", "alt"):
                if not (cleaned.get(name) or "").strip():
                    self.add_error(name, _("Required for a published picture."))
        return cleaned


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("reason, shown to readers"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class MoveForm(forms.Form):
    story = forms.ModelChoiceField(
        label=_("story"), queryset=Story.objects.filter(merged_into__isnull=True), required=False,
        widget=ForeignKeyRawIdWidget(Article._meta.get_field("story").remote_field, admin.site),
        help_text=_("the story's number, or empty to take the articles out of their story"),
    )
