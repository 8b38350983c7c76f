"""The site's own settings, which admins change at /mod/settings: its name, tagline,
landing introduction, logo, accent colours, footer links, contact address and what the
roadmap is called. One row, read by every page (through the page caches' `remembered`,
so a page pays for it once per write), and every change is audited.

An accent colour is refused unless it passes WCAG 2.2 AA (4.5:1) where the stylesheet
uses it: as the header and button background under their text, and as link text on the
page and on cards, in the light scheme, and the same in the dark scheme. No single colour
can pass against both near-white and near-black, so the dark scheme has its own accent;
left empty, it is the light one mixed with white until it passes.

A logo is an uploaded image, or one fetched once from an address when it is saved and
then kept like an upload: pages never load an image from another site (the CSP allows
none, and visitors are not shown to a third party), and the logo outlives that site.
SVG is refused: it can carry script.
"""

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from app.config import Settings
from app.db import lock_row, write_transaction
from app.markdown import render_page_markdown
from app.models import SiteSettings, User, utcnow
from app.services.accounts.registration import email_problem
from app.services.errors import ValidationFailed
from app.services.moderation import audit

SETTINGS_ID = 1
LOGO_MAX_BYTES = 512 * 1024
FOOTER_LINKS_MAX = 8
DEFAULT_ROADMAP_LABEL = "Roadmap"
DEFAULT_TAGLINE = "Where the sector proposes, backs and debates ideas on the problems it shares."
# Where the stylesheet puts the accent (static/app.css): behind this text, and as text on
# these backgrounds (the page, cards, notices and banners, neutral badges, flashes).
LIGHT_TEXT_ON_ACCENT = "#ffffff"
LIGHT_BACKGROUNDS = ("#fbfaf7", "#ffffff", "#fff4d6", "#eceff1", "#e3f4ea")
DARK_TEXT_ON_ACCENT = "#0b0c0c"
DARK_BACKGROUNDS = ("#121416", "#1c1f22", "#3a3214", "#2a3035", "#183226")
AA = 4.5
IMAGE_TYPES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


# --- colour ----------------------------------------------------------------------------


def _channels(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _luminance(colour: str) -> float:
    """WCAG 2.2's relative luminance of an sRGB colour `#rrggbb`."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def normalise_colour(value: str) -> str | None:
    """`#rrggbb` in lower case for `#rgb` or `#rrggbb` (with or without the #), else None."""
    value = value.strip().lower().removeprefix("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    if len(value) != 6 or any(c not in "0123456789abcdef" for c in value):
        return None
    return f"#{value}"


def worst_contrast(accent: str, *, dark: bool) -> float:
    text, backgrounds = (
        (DARK_TEXT_ON_ACCENT, DARK_BACKGROUNDS)
        if dark
        else (LIGHT_TEXT_ON_ACCENT, LIGHT_BACKGROUNDS)
    )
    return min(contrast(accent, other) for other in (text, *backgrounds))


def dark_variant(accent: str) -> str:
    """The light accent mixed with white, in steps, until it passes on the dark scheme."""
    r, g, b = _channels(accent)
    for step in range(21):
        t = step / 20
        mixed = "#" + "".join(f"{round(c + (255 - c) * t):02x}" for c in (r, g, b))
        if worst_contrast(mixed, dark=True) >= AA:
            return mixed
    return "#ffffff"


# --- reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FooterLink:
    label: str
    url: str


@dataclass(frozen=True)
class Site:
    """What every page shows of the site; the defaults where an admin set nothing."""

    name: str
    tagline: str
    landing_intro_html: str
    contact_email: str
    roadmap_label: str
    accent: str = ""
    accent_dark: str = ""
    footer_links: tuple[FooterLink, ...] = field(default_factory=tuple)
    logo_version: str = ""  # empty: no logo
    logo_alt: str = ""

    @property
    def style_version(self) -> str:
        return hashlib.sha256(f"{self.accent}{self.accent_dark}".encode()).hexdigest()[:12]

    def style_sheet(self) -> str:
        """The stylesheet that puts the accent in (served as a file: the CSP forbids inline
        style)."""
        if not self.accent:
            return ""
        dark = self.accent_dark or dark_variant(self.accent)
        return (
            f":root {{ --brand: {self.accent}; --link: {self.accent}; }}\n"
            "@media (prefers-color-scheme: dark) {\n"
            f"  :root {{ --brand: {dark}; --link: {dark}; }}\n"
            "}\n"
        )


def lock_site(session: Session) -> SiteSettings:
    """The site's one settings row, locked for the caller's write transaction: what
    site-wide changes queue on (two first saves, two first admins), so they follow each
    other. It is made if missing first, or two first saves at once would both insert it."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(SiteSettings).values(id=SETTINGS_ID).on_conflict_do_nothing())
    return lock_row(session, SiteSettings, SETTINGS_ID)


def _row(session: Session) -> SiteSettings | None:
    return session.get(SiteSettings, SETTINGS_ID)


def parse_footer_links(text: str) -> tuple[list[FooterLink], str | None]:
    """One link a line, `Label | https://...` (or a path on this site); and any problem."""
    links = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label, bar, url = line.partition("|")
        label, url = label.strip(), url.strip()
        parts = urlsplit(url)
        local = url.startswith("/") and not url.startswith("//")
        if not bar or not label or not (local or (parts.scheme in ("http", "https", "mailto"))):
            return (
                [],
                f"Line {number}: write a label, a bar and an address, like About us | https://example.org/about.",
            )
        if len(label) > 60 or len(url) > 500:
            return [], f"Line {number}: keep labels to 60 characters and addresses to 500."
        links.append(FooterLink(label, url))
    if len(links) > FOOTER_LINKS_MAX:
        return [], f"Keep the footer to {FOOTER_LINKS_MAX} links."
    return links, None


def load_site(*, session: Session, settings: Settings) -> Site:
    row = _row(session)
    if row is None:
        return Site(
            name=settings.site_name,
            tagline=DEFAULT_TAGLINE,
            landing_intro_html="",
            contact_email="",
            roadmap_label=DEFAULT_ROADMAP_LABEL,
        )
    links, _ = parse_footer_links(row.footer_links)
    logo_version = hashlib.sha256(row.logo).hexdigest()[:12] if row.logo else ""
    return Site(
        name=row.name or settings.site_name,
        tagline=row.tagline or DEFAULT_TAGLINE,
        landing_intro_html=render_page_markdown(row.landing_intro) if row.landing_intro else "",
        contact_email=row.contact_email,
        roadmap_label=row.roadmap_label or DEFAULT_ROADMAP_LABEL,
        accent=row.accent,
        accent_dark=row.accent_dark,
        footer_links=tuple(links),
        logo_version=logo_version,
        logo_alt=row.logo_alt or (row.name or settings.site_name),
    )


def logo(*, session: Session) -> tuple[bytes, str] | None:
    row = _row(session)
    return (row.logo, row.logo_type) if row and row.logo else None


def form_values(*, session: Session) -> dict[str, str]:
    """The settings as the form shows them (empty where the default is in use)."""
    row = _row(session) or SiteSettings()
    return {
        name: getattr(row, name)
        for name in ("name", "tagline", "landing_intro", "accent", "accent_dark", "footer_links",
                     "contact_email", "roadmap_label", "logo_alt")
    }  # fmt: skip


# --- changing --------------------------------------------------------------------------


@dataclass(frozen=True)
class SettingsDraft:
    name: str = ""
    tagline: str = ""
    landing_intro: str = ""
    accent: str = ""
    accent_dark: str = ""
    footer_links: str = ""
    contact_email: str = ""
    roadmap_label: str = ""
    logo_alt: str = ""
    logo_url: str = ""
    remove_logo: bool = False


@dataclass(frozen=True)
class Upload:
    content: bytes
    filename: str = ""


def image_type(content: bytes) -> str | None:
    for magic, kind in IMAGE_TYPES:
        if content.startswith(magic):
            return kind
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    return None


def _check_image(content: bytes) -> tuple[str | None, str | None]:
    """The image's type, or the problem with it."""
    if len(content) > LOGO_MAX_BYTES:
        return None, f"Use an image of at most {LOGO_MAX_BYTES // 1024} KB."
    kind = image_type(content)
    if kind is None:
        return None, "Use a PNG, JPEG, GIF or WebP image (SVG is not accepted)."
    return kind, None


def fetch_logo(url: str, settings: Settings) -> bytes:
    """The image at `url`, fetched once (no redirects, a size cap); ValidationFailed."""
    from app.services.sharing.webhooks import url_problem  # its guard against inner addresses

    if problem := url_problem(url, settings):
        raise ValidationFailed({"logo_url": problem.replace("/hooks/common-ground", "/logo.png")})
    try:
        with httpx.stream("GET", url, timeout=10.0, follow_redirects=False) as answer:
            if answer.status_code != 200:
                raise ValidationFailed(
                    {"logo_url": f"That address answered {answer.status_code}, not an image."}
                )
            content = b""
            for chunk in answer.iter_bytes():
                content += chunk
                if len(content) > LOGO_MAX_BYTES:
                    break
    except httpx.HTTPError as error:
        raise ValidationFailed(
            {"logo_url": "The image at that address could not be fetched."}
        ) from error
    return content


def _validate(draft: SettingsDraft) -> tuple[dict[str, str], dict[str, str]]:
    """The values to store, and the problems."""
    errors: dict[str, str] = {}
    values = {
        "name": draft.name.strip(),
        "tagline": draft.tagline.strip(),
        "landing_intro": draft.landing_intro.strip(),
        "contact_email": draft.contact_email.strip().lower(),
        "roadmap_label": draft.roadmap_label.strip(),
        "footer_links": "\n".join(line.strip() for line in draft.footer_links.strip().splitlines()),
        "logo_alt": draft.logo_alt.strip(),
    }
    for name, limit in (("name", 80), ("tagline", 200), ("roadmap_label", 40), ("logo_alt", 120)):
        if len(values[name]) > limit:
            errors[name] = f"Keep it to {limit} characters."
    if len(values["landing_intro"]) > 5000:
        errors["landing_intro"] = "Keep the introduction to 5,000 characters."
    if values["contact_email"] and (problem := email_problem(values["contact_email"])):
        errors["contact_email"] = problem
    _, problem = parse_footer_links(values["footer_links"])
    if problem:
        errors["footer_links"] = problem
    for name, dark in (("accent", False), ("accent_dark", True)):
        raw = getattr(draft, name).strip()
        if not raw:
            values[name] = ""
            continue
        colour = normalise_colour(raw)
        if colour is None:
            errors[name] = "Enter a colour like #0b5d4b."
            continue
        values[name] = colour
        worst = worst_contrast(colour, dark=dark)
        if worst < AA:
            scheme = "dark" if dark else "light"
            errors[name] = (
                f"{colour} has a contrast of {worst:.2f}:1 in the {scheme} scheme; it needs "
                f"at least {AA}:1 against the text on it and the page behind it. Choose a "
                f"{'lighter' if dark else 'darker'} colour."
            )
    # An accent that is not a colour has no value here, only its error.
    if values.get("accent_dark") and not values.get("accent") and "accent" not in errors:
        errors["accent_dark"] = "Set the light scheme's accent first."
    return values, errors


def update_settings(
    *,
    session: Session,
    settings: Settings,
    actor: User,
    draft: SettingsDraft,
    upload: Upload | None = None,
) -> None:
    """Change the site settings; audited with what changed. ValidationFailed with each
    field's problem."""
    values, errors = _validate(draft)
    logo_content: bytes | None = None
    if upload is not None and upload.content:
        kind, problem = _check_image(upload.content)
        if problem:
            errors["logo"] = problem
        logo_content = upload.content
    elif draft.logo_url.strip() and not errors:
        logo_content = fetch_logo(draft.logo_url.strip(), settings)
        kind, problem = _check_image(logo_content)
        if problem:
            errors["logo_url"] = problem
    if errors:
        raise ValidationFailed(errors)
    with write_transaction(session):
        row = lock_site(session)
        before = {name: getattr(row, name) for name in values}
        before["logo"] = hashlib.sha256(row.logo).hexdigest()[:12] if row.logo else ""
        for name, value in values.items():
            setattr(row, name, value)
        if logo_content is not None:
            row.logo, row.logo_type = logo_content, kind
        elif draft.remove_logo:
            row.logo, row.logo_type = None, ""
        row.updated_at = utcnow()
        session.add(row)
        after = {name: getattr(row, name) for name in values}
        after["logo"] = hashlib.sha256(row.logo).hexdigest()[:12] if row.logo else ""
        changed = [name for name in after if after[name] != before[name]]
        audit.record(
            session,
            actor=actor,
            action="site.settings",
            target_type="site",
            target_id=SETTINGS_ID,
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )
