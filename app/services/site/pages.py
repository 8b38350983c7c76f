"""The pages that build trust: about, privacy notice, code of conduct, accessibility
statement and contact. Markdown, versioned, edited by admins.

A page's text is its newest `SitePageVersion`; until an admin first edits it, the text
shipped in `pages/<slug>.md` is its version 1. Publishing never changes a version, it adds
the next one, so a member's agreement (`PageAgreement`) always names the words they agreed
to. In the text, `{site_name}` and `{contact_email}` are filled in from the site settings.

Members agree to the code of conduct (the forum's terms) and are shown the privacy notice
at sign-up; both are recorded with their version and time. A UK GDPR privacy notice
informs rather than asks for consent (the lawful bases are contract and legitimate
interests), so its record says the member was shown that version. A new version published
with `asks_again` asks every member who agreed to an older one, once: they agree, and are
not asked again until the next such version.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.db import write_transaction
from app.markdown import render_page_markdown
from app.models import PageAgreement, SitePageVersion, User, utcnow
from app.services.errors import NotFound, ValidationFailed
from app.services.moderation import audit

SHIPPED = Path(__file__).parent / "pages"
TITLE_MAX = 120
BODY_MAX = 50_000


@dataclass(frozen=True)
class PageKind:
    slug: str
    title: str  # the shipped title
    summary: str  # what the page is for (the admins' list)
    agreed: bool = False  # members agree to it (or are shown it) at sign-up


_KINDS = (
    PageKind(
        "about", "About this inquiry",
        "Who runs the inquiry, how it works and what happens to ideas.",
    ),
    PageKind(
        "privacy", "Privacy notice",
        "What data is collected, why, for how long, and members' rights (UK GDPR).",
        agreed=True,
    ),
    PageKind(
        "code-of-conduct", "Code of conduct", "What members agree to when they join.",
        agreed=True,
    ),
    PageKind(
        "accessibility", "Accessibility statement",
        "How accessible the site is, what is known not to be, and how to report a problem.",
    ),
    PageKind("contact", "Contact", "How to reach the people who run the inquiry."),
)  # fmt: skip
PAGES = {kind.slug: kind for kind in _KINDS}
# The accessibility statement's "How we check" section, kept beside what the page judges
# (tests/browser/test_pages.py, test_keyboard.py, test_lighthouse.py) actually run, so the
# statement cannot claim a check the suite does not make.
ACCESSIBILITY_CHECKS = (
    "Every page, as a visitor, a member, a moderator and an admin sees it, is checked by axe-core "
    "against WCAG 2.2 AA and best practice, in the light and the dark scheme, at 375 pixels wide.",
    "Every page is checked by the Nu HTML Checker for valid HTML.",
    "Every page is checked for sideways scrolling, for controls smaller than 24 by 24 pixels, "
    "and for errors in the browser's console.",
    "Forms shown again with errors, and pages after each in-place update, are checked the "
    "same way.",
    "Signing up, proposing an idea, voting and commenting are tested with the keyboard alone, "
    "checking that focus is visible and moves, and that updates are announced.",
    "Lighthouse checks the landing page, the idea list, an idea and the new-idea form on a phone: "
    "accessibility, best practice and SEO at least 95 out of 100, performance at least 90.",
)
AGREED = tuple(slug for slug, kind in PAGES.items() if kind.agreed)


@dataclass(frozen=True)
class Page:
    slug: str
    version: int
    title: str
    body: str  # Markdown, with its {placeholders}
    published_at: datetime | None  # None: the shipped text, never edited
    asks_again: bool

    def html(self, *, site_name: str, contact_email: str) -> str:
        return render_page_markdown(
            fill(self.body, site_name=site_name, contact_email=contact_email)
        )


def fill(body: str, *, site_name: str, contact_email: str) -> str:
    contact = f"<{contact_email}>" if contact_email else "the organisers (no address is set yet)"
    return body.replace("{site_name}", site_name).replace("{contact_email}", contact)


def _kind(slug: str) -> PageKind:
    if slug not in PAGES:
        raise NotFound("There is no page at this address.")
    return PAGES[slug]


def _shipped(kind: PageKind) -> Page:
    body = (SHIPPED / f"{kind.slug}.md").read_text(encoding="utf-8")
    return Page(kind.slug, 1, kind.title, body, None, asks_again=False)


def _page(row: SitePageVersion) -> Page:
    return Page(row.slug, row.version, row.title, row.body, row.created_at, row.asks_again)


def get_page(*, session: Session, slug: str) -> Page:
    """The page as it is now; NotFound for a slug that is not one of PAGES."""
    kind = _kind(slug)
    row = session.exec(
        select(SitePageVersion)
        .where(SitePageVersion.slug == slug)
        .order_by(col(SitePageVersion.version).desc())
        .limit(1)
    ).first()
    return _page(row) if row else _shipped(kind)


def list_pages(*, session: Session) -> list[tuple[PageKind, Page]]:
    return [(kind, get_page(session=session, slug=slug)) for slug, kind in PAGES.items()]


def history(*, session: Session, slug: str) -> list[Page]:
    """Every published version, newest first (the shipped text last, unless replaced)."""
    kind = _kind(slug)
    rows = session.exec(
        select(SitePageVersion)
        .where(SitePageVersion.slug == slug)
        .order_by(col(SitePageVersion.version).desc())
    ).all()
    pages = [_page(row) for row in rows]
    return pages if any(p.version == 1 for p in pages) else [*pages, _shipped(kind)]


def publish(
    *, session: Session, actor: User, slug: str, title: str, body: str, asks_again: bool
) -> Page:
    """Publish the next version of a page; audited."""
    kind = _kind(slug)
    title, body = title.strip(), body.strip()
    errors = {}
    if not title:
        errors["title"] = "Give the page a title."
    elif len(title) > TITLE_MAX:
        errors["title"] = f"Keep the title to {TITLE_MAX} characters."
    if not body:
        errors["body"] = "Write the page's text."
    elif len(body) > BODY_MAX:
        errors["body"] = f"Keep the page to {BODY_MAX:,} characters."
    if errors:
        raise ValidationFailed(errors)
    with write_transaction(session):
        current = session.exec(
            select(func.max(SitePageVersion.version)).where(SitePageVersion.slug == slug)
        ).one()
        row = SitePageVersion(
            slug=slug,
            version=(current or 1) + 1,
            title=title,
            body=body,
            asks_again=asks_again and kind.agreed,
            created_by_id=actor.id,
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=actor,
            action="page.publish",
            target_type="page",
            target_id=row.id,
            after={
                "page": slug,
                "version": row.version,
                "title": title,
                "asks_again": row.asks_again,
            },
        )
    return _page(row)


# --- agreements ------------------------------------------------------------------------


def asking_versions(*, session: Session) -> dict[str, int]:
    """For each agreed page, the newest version that asks members to agree (1 at least)."""
    rows = session.exec(
        select(SitePageVersion.slug, func.max(SitePageVersion.version))
        .where(col(SitePageVersion.slug).in_(AGREED), col(SitePageVersion.asks_again).is_(True))
        .group_by(SitePageVersion.slug)
    ).all()
    found = {slug: version for slug, version in rows}
    return {slug: found.get(slug, 1) for slug in AGREED}


def record_sign_up_agreement(session: Session, user_id: int) -> None:
    """Inside the sign-up's transaction: the member agreed to the current versions."""
    now = utcnow()
    for slug in AGREED:
        page = get_page(session=session, slug=slug)
        session.add(PageAgreement(user_id=user_id, slug=slug, version=page.version, agreed_at=now))


def pages_to_agree(
    *, session: Session, user: User, asking: dict[str, int] | None = None
) -> list[Page]:
    """The agreed pages that changed (and ask again) since this member last agreed.
    `asking`: `asking_versions()`, if the caller has it at hand."""
    asking = asking if asking is not None else asking_versions(session=session)
    if all(version == 1 for version in asking.values()):
        return []  # nothing has asked again: the common case costs one query
    agreed = dict(
        session.exec(
            select(PageAgreement.slug, func.max(PageAgreement.version))
            .where(PageAgreement.user_id == user.id)
            .group_by(PageAgreement.slug)
        ).all()
    )
    return [
        get_page(session=session, slug=slug)
        for slug, version in asking.items()
        if version > 1 and agreed.get(slug, 0) < version
    ]


def agree(*, session: Session, user: User) -> list[Page]:
    """The member agrees to every page that asks them; returns those pages."""
    due = pages_to_agree(session=session, user=user)
    if due:
        with write_transaction(session):
            for page in due:
                session.add(PageAgreement(user_id=user.id, slug=page.slug, version=page.version))
    return due


def agreements(*, session: Session, user: User) -> list[PageAgreement]:
    return list(
        session.exec(
            select(PageAgreement)
            .where(PageAgreement.user_id == user.id)
            .order_by(col(PageAgreement.agreed_at), col(PageAgreement.id))
        ).all()
    )
