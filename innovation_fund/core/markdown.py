"""Markdown that people type (round guidance and the like) turned into safe GOV.UK HTML.

Three steps, each of which would be enough to stop a script on its own:

1. Raw HTML typed into the Markdown is not passed through: its tags are dropped and only its
   text is kept (the text of <script> and <style> is dropped as well).
2. The HTML that Markdown makes is sanitised with nh3 against a short allowlist of tags, with
   `href` the only attribute kept, and only for http, https and mailto links.
3. GOV.UK classes are set by the sanitiser once the typed attributes have been removed, so a
   class can never come from what was typed; every link gets rel="noreferrer noopener". A
   link whose address was refused (javascript:, a relative address…) is left as its words.

Headings start at h2 (the page has its own h1): "# Title" becomes an h2, and h5 or h6 an h4.
"""

import re
import xml.etree.ElementTree as ElementTree

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.postprocessors import RawHtmlPostprocessor
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "a",
    "strong",
    "em",
    "blockquote",
    "code",
    "pre",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href"}, "*": set()}  # no title, no lang
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noreferrer noopener"
GOVUK_CLASSES = {
    "p": {"class": "govuk-body"},
    "h2": {"class": "govuk-heading-m"},
    "h3": {"class": "govuk-heading-s"},
    "h4": {"class": "govuk-heading-s"},
    "ul": {"class": "govuk-list govuk-list--bullet"},
    "ol": {"class": "govuk-list govuk-list--number"},
    "a": {"class": "govuk-link"},
    "blockquote": {"class": "govuk-inset-text"},
    "table": {"class": "govuk-table"},
    "thead": {"class": "govuk-table__head"},
    "tbody": {"class": "govuk-table__body"},
    "tr": {"class": "govuk-table__row"},
    "th": {"class": "govuk-table__header", "scope": "col"},
    "td": {"class": "govuk-table__cell"},
}
HEADING_LEVELS = {"h1": "h2", "h5": "h4", "h6": "h4"}
# Tidying nh3's output: a link whose address was refused, and a paragraph left with nothing in
# it once raw HTML was dropped. (nh3 does not promise an order of attributes.)
_LINK_WITHOUT_HREF = re.compile(r"<a\b(?![^>]*\bhref=)[^>]*>(.*?)</a>", re.S)
# Scripts and styles typed inline lose their content too; nh3 below is what makes it safe.
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_EMPTY_PARAGRAPH = re.compile(r"<p\b[^>]*>\s*</p>\n?")


def render_markdown(text: str | None) -> SafeString:
    """Markdown to HTML that is safe to put on a page as it is."""
    if not text or not text.strip():
        return mark_safe("")
    converter = markdown.Markdown(extensions=["tables", "sane_lists", _SafeExtension()])
    html = converter.convert(_SCRIPT_OR_STYLE.sub("", text))
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        url_relative="deny",
        link_rel=LINK_REL,
        strip_comments=True,
        set_tag_attribute_values=GOVUK_CLASSES,
    )
    cleaned = _LINK_WITHOUT_HREF.sub(r"\1", cleaned)
    cleaned = _EMPTY_PARAGRAPH.sub("", cleaned)
    return mark_safe(cleaned.strip())  # noqa: S308 (sanitised by nh3 just above)


class _DropRawHtml(RawHtmlPostprocessor):
    """Raw HTML typed into the Markdown keeps only its text: no tags, no script content."""

    def stash_to_string(self, text) -> str:
        return nh3.clean(str(text), tags=set(), clean_content_tags={"script", "style"})


class _HeadingLevels(Treeprocessor):
    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            if element.tag in HEADING_LEVELS:
                element.tag = HEADING_LEVELS[element.tag]


class _SafeExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Markdown's name)
        md.postprocessors.register(_DropRawHtml(md), "raw_html", 30)
        md.treeprocessors.register(_HeadingLevels(md), "heading_levels", 5)
