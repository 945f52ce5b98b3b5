"""`{% shared_fragment name value ... %}…{% endshared_fragment %}`: render once, reuse on every page.

The masthead, the section navigation, the feed links and the footer are the same on
thousands of pages: they depend on the edition (the active language), the highlighted
section and the section rows only. A shared fragment is rendered the first time and kept
with the sections it was rendered from (`gazzetta.reader.sections.Sections.fragments`), keyed
by its name, the active language, the URL prefix and URL map, and the values named in the tag
(name every value the fragment shows that is neither a section nor a translation); when the
section rows change, the next page reads a new `Sections` and every fragment is rendered afresh.
Only parts that show nothing of the request belong in one.
"""

from django import template
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from gazzetta.reader import sections

register = template.Library()


class SharedFragment(template.Node):
    def __init__(self, name: str, varying: list, nodelist):
        self.name, self.varying, self.nodelist = name, varying, nodelist

    def render(self, context) -> str:
        request = getattr(context, "request", None)
        if request is None:  # rendered outside a request: nothing to keep it with
            return self.nodelist.render(context)
        kept = sections.of(request).fragments
        key = (self.name, get_language(), get_script_prefix(), get_urlconf(),
               *(_hashable(value.resolve(context)) for value in self.varying))
        html = kept.get(key)
        if html is None:
            html = kept[key] = mark_safe(self.nodelist.render(context))
        return html


def _hashable(value):
    return tuple(_hashable(item) for item in value) if isinstance(value, list | tuple) else value


@register.tag
def shared_fragment(parser, token):
    name, *varying = token.split_contents()[1:]
    name = name.strip("\"'")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragment(name, [parser.compile_filter(value) for value in varying], nodelist)
