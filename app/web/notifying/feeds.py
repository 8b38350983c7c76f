"""Atom 1.0 feeds (RFC 4287): new ideas, new ideas in a theme, and an idea's debate.

The XML is built with ElementTree, which escapes every text and attribute, so nothing a
member types can break out of its element. Characters XML 1.0 cannot carry at all
(most control characters) are dropped first. Ids and links are absolute, from
`COMMONGROUND_BASE_URL`, so a feed reads the same whichever host served it.
"""

import re
from datetime import datetime
from xml.etree import ElementTree

from fastapi import APIRouter
from fastapi.responses import Response

from app.deps import Id, SessionDep, SettingsDep
from app.links import Links
from app.models import IdeaStatus, utcnow
from app.services.notifying import feeds

router = APIRouter()

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
STANCES = {"for": "For", "against": "Against", "neutral": "Neutral"}


def _comment_title(author: str, stance: str | None) -> str:
    return f"{author} ({STANCES[stance]})" if stance in STANCES else author


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _time(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _child(parent: ElementTree.Element, tag: str, text: str | None = None, **attributes):
    element = ElementTree.SubElement(parent, tag, {k: _clean(v) for k, v in attributes.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def _feed(*, feed_id: str, title: str, alternate: str, entries: list[dict], site: str) -> Response:
    feed = ElementTree.Element("feed", {"xmlns": ATOM})
    _child(feed, "id", feed_id)
    _child(feed, "title", title)
    _child(feed, "link", rel="self", href=feed_id)
    _child(feed, "link", rel="alternate", type="text/html", href=alternate)
    updated = max((entry["updated"] for entry in entries), default=None) or utcnow()
    _child(feed, "updated", _time(updated))
    _child(_child(feed, "author"), "name", site)
    _child(feed, "generator", site)
    for data in entries:
        entry = _child(feed, "entry")
        _child(entry, "id", data["id"])
        _child(entry, "title", data["title"])
        _child(entry, "link", rel="alternate", type="text/html", href=data["id"])
        _child(entry, "published", _time(data["published"]))
        _child(entry, "updated", _time(data["updated"]))
        _child(_child(entry, "author"), "name", data["author"])
        if data.get("category"):
            _child(entry, "category", term=data["category"])
        _child(entry, "content", data["html"] or "<p>No further details.</p>", type="html")
    xml = ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
    return Response(xml, media_type=MEDIA_TYPE)


def _idea_entries(links: Links, ideas: list[feeds.FeedIdea]) -> list[dict]:
    return [
        {
            "id": links.idea(idea.id),
            "title": idea.title,
            "published": idea.created_at,
            "updated": idea.updated_at,
            "author": idea.author_name,
            "category": idea.theme_name,
            "html": idea.body_html,
        }
        for idea in ideas
    ]


@router.get("/feeds/ideas.atom", name="ideas_feed")
def ideas_feed(session: SessionDep, settings: SettingsDep):
    links = Links(settings)
    return _feed(
        feed_id=links.feed(),
        title=f"New ideas on {settings.site_name}",
        alternate=f"{links.home()}ideas?sort=new",
        entries=_idea_entries(links, feeds.newest_ideas(session=session)),
        site=settings.site_name,
    )


@router.get("/feeds/themes/{slug}.atom", name="theme_feed")
def theme_feed(slug: str, session: SessionDep, settings: SettingsDep):
    links = Links(settings)
    theme, ideas = feeds.theme_ideas(session=session, slug=slug)
    return _feed(
        feed_id=links.theme_feed(theme.slug),
        title=f"New ideas in {theme.name} on {settings.site_name}",
        alternate=links.theme(theme.slug),
        entries=_idea_entries(links, ideas),
        site=settings.site_name,
    )


@router.get("/ideas/{idea_id}/feed.atom", name="idea_feed")
def idea_feed(idea_id: Id, session: SessionDep, settings: SettingsDep):
    links = Links(settings)
    idea, comments = feeds.idea_debate(session=session, idea_id=idea_id)
    entries = [
        {
            "id": links.idea(idea.id, comment_id=comment.id),
            "title": _comment_title(comment.author_name, comment.stance),
            "published": comment.created_at,
            "updated": comment.updated_at,
            "author": comment.author_name,
            "category": comment.stance,
            "html": comment.body_html,
        }
        for comment in comments
    ]
    entries += _idea_entries(links, [idea])
    status = IdeaStatus(idea.status).label
    return _feed(
        feed_id=links.idea_feed(idea.id),
        title=f"{idea.title} ({status}): the debate on {settings.site_name}",
        alternate=links.idea(idea.id),
        entries=entries,
        site=settings.site_name,
    )
