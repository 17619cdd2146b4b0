"""The accessibility helpers must be able to fail, or the layout tests prove nothing."""

import pytest

from .axe import assert_accessible, assert_usable_at_400_percent_zoom

ACCESSIBLE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Fine</title></head>
<body><main><h1>Fine</h1><p>Nothing wrong here.</p></main></body></html>
"""


def test_axe_passes_a_page_with_nothing_wrong(page):
    page.set_content(ACCESSIBLE_PAGE)

    assert_accessible(page)


def test_axe_reports_an_image_without_alt_text_with_its_selector_and_html(page):
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Broken</title></head>'
        '<body><main><h1>Broken</h1><img id="no-alt" src="data:,"></main></body></html>'
    )

    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)

    message = str(failure.value)
    assert "image-alt (critical)" in message
    assert "Images must have alternative text" in message
    assert "#no-alt" in message
    assert '<img id="no-alt" src="data:,">' in message


def test_axe_checks_only_the_context_it_is_given(page):
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Part broken</title></head>'
        '<body><main><h1>Part broken</h1><div id="fine"><p>Fine</p></div>'
        '<div id="broken"><img src="data:,"></div></main></body></html>'
    )

    assert_accessible(page, context="#fine")
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page, context="#broken")


def test_axe_runs_wcag_2_2_aa_rules(page):
    # Two 10px buttons side by side fail 2.5.8 Target Size (Minimum), tagged wcag22aa.
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Tiny</title></head><body><main>'
        "<h1>Tiny</h1>"
        '<button style="width:10px;height:10px;padding:0;margin:0;border:0" aria-label="A">'
        '</button><button style="width:10px;height:10px;padding:0;margin:0;border:0" '
        'aria-label="B"></button></main></body></html>'
    )

    with pytest.raises(AssertionError, match="target-size"):
        assert_accessible(page)


def test_axe_explains_that_it_cannot_run_with_javascript_off(page_without_js):
    page_without_js.set_content(ACCESSIBLE_PAGE)

    with pytest.raises(RuntimeError, match="axe needs JavaScript"):
        assert_accessible(page_without_js)


def test_zoom_check_passes_a_page_that_reflows(page):
    page.set_content(ACCESSIBLE_PAGE)

    assert_usable_at_400_percent_zoom(page)


def test_zoom_check_reports_the_element_that_makes_the_page_scroll_sideways(page):
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Wide</title></head><body style="margin:0">'
        '<main><div class="wide-table" style="width:600px">Too wide</div></main></body></html>'
    )

    with pytest.raises(AssertionError) as failure:
        assert_usable_at_400_percent_zoom(page)

    message = str(failure.value)
    assert "scrolls sideways at 400% zoom" in message
    assert "600px wide in a 320px viewport" in message
    assert "div.wide-table (left 0px, width 600px)" in message


def test_zoom_check_puts_the_viewport_back(page):
    page.set_content(ACCESSIBLE_PAGE)

    assert_usable_at_400_percent_zoom(page)

    assert page.viewport_size == {"width": 1280, "height": 900}


def test_page_without_js_really_has_javascript_off(page_without_js):
    page_without_js.set_content(
        "<!DOCTYPE html><html><body><script>document.body.className = 'ran';</script></body></html>"
    )

    assert page_without_js.evaluate("document.body.className") == ""
