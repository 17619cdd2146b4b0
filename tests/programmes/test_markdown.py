"""Round guidance is typed in Markdown and shown sanitised: nothing typed can run a script."""

from html.parser import HTMLParser

import pytest

from innovation_fund.core.markdown import render_markdown


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    """Every element's tag and attributes (nh3 does not promise an order of attributes)."""
    parser = _Elements()
    parser.feed(str(html))
    return parser.elements


def test_markdown_becomes_govuk_html():
    html = render_markdown(
        "## Before you apply\n\nRead **all** of this, *then* apply.\n\n- one\n- two\n\n"
        "1. first\n2. second\n\n[Contact us](https://example.org/contact)"
    )
    assert '<h2 class="govuk-heading-m">Before you apply</h2>' in html
    assert (
        '<p class="govuk-body">Read <strong>all</strong> of this, <em>then</em> apply.</p>' in html
    )
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert '<ol class="govuk-list govuk-list--number">' in html
    assert (
        "a",
        {
            "href": "https://example.org/contact",
            "class": "govuk-link",
            "rel": "noreferrer noopener",
        },
    ) in elements(html)
    assert ">Contact us</a>" in html


def test_the_result_is_marked_safe_for_templates():
    assert hasattr(render_markdown("Hello"), "__html__")
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_a_script_tag_is_removed_with_its_content():
    html = render_markdown(
        "Before\n\n<script>alert('stolen')</script>\n\nAfter <script>x()</script>"
    )
    assert "<script" not in html
    assert "alert" not in html
    assert "x()" not in html
    assert "Before" in html and "After" in html


@pytest.mark.parametrize(
    "text",
    [
        "[Click me](javascript:alert(1))",
        "[Click me](JaVaScRiPt:alert(1))",
        "[Click me](  javascript:alert(1))",
        '<a href="javascript:alert(1)">Click me</a>',
        "[Click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[Click me](vbscript:msgbox(1))",
    ],
)
def test_javascript_and_other_unsafe_links_lose_their_address(text):
    html = render_markdown(text)
    assert "javascript" not in html.lower()
    assert "data:" not in html
    assert "vbscript" not in html
    assert "href" not in html
    assert "Click me" in html


def test_only_http_https_and_mailto_links_are_kept():
    html = render_markdown(
        "[a](http://example.org) [b](https://example.org) [c](mailto:team@example.org) "
        "[d](/relative/page) [e](ftp://example.org/file)"
    )
    assert 'href="http://example.org"' in html
    assert 'href="https://example.org"' in html
    assert 'href="mailto:team@example.org"' in html
    assert "/relative/page" not in html
    assert "ftp:" not in html
    assert html.count("<a ") == 3
    assert html.count('rel="noreferrer noopener"') == 3


@pytest.mark.parametrize(
    "text",
    [
        '<p onclick="steal()">Hello</p>',
        '<div onclick="steal()">Hello</div>',
        'Some <span onmouseover="steal()">Hello</span> text',
        '<img src="x" onerror="steal()">Hello',
        '[Hello](https://example.org "title" onclick="steal()")',
    ],
)
def test_event_handler_attributes_are_removed(text):
    html = render_markdown(text)
    attributes = {name for _, attrs in elements(html) for name in attrs}
    assert attributes <= {"class", "href", "rel"}
    assert "<img" not in html
    assert "Hello" in html


def test_raw_html_is_removed_keeping_only_its_words():
    html = render_markdown(
        '<div class="hero" style="color:red">Big <strong>claim</strong></div>\n\n'
        '<iframe src="https://evil.example"></iframe>\n\n<style>body{display:none}</style>\n\n'
        'Text with <b>raw bold</b> and <form action="/x"><input name="q"></form> in it.'
    )
    for tag in ("<div", "<iframe", "<style", "<b>", "<form", "<input", "<img", "<strong"):
        assert tag not in html
    assert "style=" not in html
    assert "display:none" not in html
    assert 'class="hero"' not in html
    assert "Big claim" in html
    assert "raw bold" in html


def test_a_class_typed_in_markdown_cannot_reach_the_page():
    html = render_markdown('<p class="govuk-panel">Fake panel</p>')
    assert "govuk-panel" not in html


def test_headings_start_at_level_two_because_the_page_has_its_h1():
    html = render_markdown("# Title\n\n### Section\n\n###### Small")
    assert "<h1" not in html
    assert '<h2 class="govuk-heading-m">Title</h2>' in html
    assert '<h3 class="govuk-heading-s">Section</h3>' in html
    assert '<h4 class="govuk-heading-s">Small</h4>' in html


def test_tables_quotes_and_code_are_allowed():
    html = render_markdown(
        "| Year | Amount |\n|---|---|\n| 2027-28 | £1m |\n\n> Quoted\n\n    code block"
    )
    found = elements(html)
    assert ("table", {"class": "govuk-table"}) in found
    assert ("th", {"class": "govuk-table__header", "scope": "col"}) in found
    assert ("td", {"class": "govuk-table__cell"}) in found
    assert ("blockquote", {"class": "govuk-inset-text"}) in found
    assert "<pre><code>code block" in html


def test_text_that_looks_like_markup_is_escaped():
    html = render_markdown("If x < 3 & y > 2 then")
    assert "x &lt; 3 &amp; y &gt; 2" in html


def test_no_attribute_but_href_survives_from_what_was_typed():
    html = render_markdown('[Hello](https://example.org "A title") <p title="x" lang="fr">Hi</p>')
    assert {name for _, attrs in elements(html) for name in attrs} <= {"class", "href", "rel"}
