"""Render the main pages of the demo forum into docs/screenshots/ (`make screenshots`).

Builds a throwaway demo database, serves it on a free port, and photographs it with
Debian's Chromium through Playwright, at desktop and phone widths.
"""

import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from app.config import Settings
from app.db import make_engine, open_session
from app.main import create_app
from app.services.demo.seed import seed_demo
from app.services.insight import compute

OUT = Path(__file__).parent / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}  # an iPhone 12 to 15's screen, in CSS px
PAGES = [  # (file name, path, viewport)
    ("landing", "/", DESKTOP),
    ("ideas", "/ideas", DESKTOP),
    ("idea", "/ideas/1", DESKTOP),
    ("landing-phone", "/", PHONE),
    ("ideas-phone", "/ideas", PHONE),
    ("idea-phone", "/ideas/1", PHONE),
    ("round", "/rounds/wellbeing-and-inclusion", DESKTOP),
    ("round-report", "/rounds/leaders-on-less/report", DESKTOP),
]
FIRST_IDEA_TOP = "document.querySelector('#idea-list > li').getBoundingClientRect().top"


def main() -> None:
    if not Path(CHROMIUM).exists():
        sys.exit(f"screenshots need Chromium at {CHROMIUM} (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as var:
        settings = Settings(var_dir=Path(var), rate_limits="off")
        engine = make_engine(settings.database_url)
        _migrate(engine)
        with open_session(engine) as session:
            seed_demo(session=session)
            # The insight, as the worker would compute it soon after: /insight and the
            # round report's "where the groups agree" have something to show.
            compute.compute_insight(session=session, settings=settings)
        server, url = _serve(create_app(settings, engine=engine))
        try:
            _photograph(url)
        finally:
            server.should_exit = True


def _migrate(engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config(str(Path(__file__).parent.parent / "alembic.ini"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _serve(app) -> tuple[uvicorn.Server, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def _photograph(url: str) -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, path, viewport in PAGES:
            page = browser.new_page(viewport=viewport)
            page.goto(url + path)
            # A report is read top to bottom (and printed): photograph all of it.
            page.screenshot(path=OUT / f"{name}.png", full_page=name == "round-report")
            print(f"docs/screenshots/{name}.png")
            if name == "ideas-phone":
                top = page.evaluate(FIRST_IDEA_TOP)
                print(f"  on a {viewport['width']}x{viewport['height']} phone the first idea "
                      f"starts {top:.0f} px down")  # fmt: skip
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
