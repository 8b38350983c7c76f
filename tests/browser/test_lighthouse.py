"""Lighthouse 12.2.3 on a phone (its mobile form factor: a 412 x 823 screen, a slowed CPU
and network) with Debian's Chromium on the main pages: one run a page, floors for each.

Lighthouse judges what the browser receives, which does not depend on the database, so
it runs once, on SQLite. The scores are printed and the HTML reports kept in var/lighthouse/.
"""

import pytest

from app.config import PROJECT_ROOT
from app.security import SESSION_COOKIE
from app.services.accounts import sessions
from tests.browser.judges import lighthouse_scores, require_lighthouse
from tests.factories import make_comment, make_idea, make_theme, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),
]

FLOORS = {"performance": 0.90, "accessibility": 0.95, "best-practices": 0.95, "seo": 0.95}
REPORTS = PROJECT_ROOT / "var" / "lighthouse"


def test_main_pages_meet_the_lighthouse_floors_on_a_phone(live_server, session):
    require_lighthouse()
    theme = make_theme(session, name="Sharing resources across organisations")
    member = make_user(session, display_name="Amara Okafor")
    idea = make_idea(session, theme=theme, title="A shared payroll service for small charities")
    for stance in ("for", "against", "neutral"):
        make_comment(session, idea=idea, stance=stance)
    token = sessions.start_session(session=session, user=member, days=1)
    session.commit()

    pages = {
        "landing": ("/", None),
        "idea-list": ("/ideas", None),
        "idea": (f"/ideas/{idea.id}", None),
        "new-idea-form": ("/ideas/new", f"{SESSION_COOKIE}={token}"),
    }
    failures = []
    for name, (path, cookie) in pages.items():
        run = lighthouse_scores(live_server + path, REPORTS / name, cookie=cookie)
        scores = run.scores
        print(
            f"\nLighthouse {name:14} {run.form_factor} {run.screen[0]}x{run.screen[1]} "
            + "  ".join(f"{k} {v:.2f}" for k, v in scores.items())
        )
        assert run.form_factor == "mobile" and run.screen[0] < 500, f"{name}: not on a phone"
        failures += [
            f"{name}: {category} {scores[category]:.2f} < {floor}"
            for category, floor in FLOORS.items()
            if scores[category] < floor
        ]

    assert failures == []
