"""The page follows the visitor's own settings: colour scheme and reduced motion."""

import pytest
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

_STYLE = """() => ({
    background: getComputedStyle(document.body).backgroundColor,
    transition: getComputedStyle(document.querySelector('.button')).transitionDuration,
})"""


def test_dark_scheme_and_reduced_motion_are_honoured(browser: Browser, live_server, engine):
    styles = {}
    for name, options in {
        "default": {},
        "dark": {"color_scheme": "dark"},
        "still": {"reduced_motion": "reduce"},
    }.items():
        context = browser.new_context(**options)
        page = context.new_page()
        page.goto(live_server + "/")
        styles[name] = page.evaluate(_STYLE)
        context.close()

    assert styles["default"]["background"] == "rgb(251, 250, 247)"
    assert styles["dark"]["background"] == "rgb(18, 20, 22)"
    assert styles["default"]["transition"].startswith("0.15s")
    assert all(float(part.rstrip("s")) < 0.001 for part in styles["still"]["transition"].split(","))
