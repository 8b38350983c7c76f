import pytest
from bs4 import BeautifulSoup

from app.markdown import render_markdown

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=//evil.example></iframe>",
    '<svg onload="alert(1)"></svg>',
    "[x](JaVaScRiPt:alert(1))",
    "![x](javascript:alert(1))",
    '<div style="background:url(javascript:alert(1))">x</div>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_output_is_inert(payload):
    soup = BeautifulSoup(render_markdown(payload), "html.parser")

    assert not soup.find_all(["script", "iframe", "img", "svg", "style", "div"])
    for tag in soup.find_all(True):
        assert not any(name.startswith("on") or name == "style" for name in tag.attrs)
        assert not tag.get("href", "").lower().startswith("javascript:")


def test_links_are_nofollow_ugc():
    soup = BeautifulSoup(render_markdown("[guide](https://example.org/guide)"), "html.parser")
    rel = soup.a["rel"]

    assert "nofollow" in rel and "ugc" in rel
    assert soup.a["href"] == "https://example.org/guide"


def test_member_headings_sit_below_the_page_outline():
    soup = BeautifulSoup(render_markdown("# Big\n\n## Smaller"), "html.parser")

    assert [tag.name for tag in soup.find_all(["h1", "h2", "h3", "h4"])] == ["h3", "h4"]


def test_an_image_is_not_shown_but_the_reader_is_told_it_was_there():
    html = render_markdown("See ![a chart of costs](https://example.org/chart.png).")

    assert "<img" not in html
    assert "Image not shown: a chart of costs" in html
    assert 'href="https://example.org/chart.png"' in html
