"""Markdown that members write, turned into HTML that is safe to show.

markdown-it-py renders CommonMark with raw HTML switched off; nh3 (ammonia) then keeps
only an allow-list of tags and URL schemes, so nothing a member types can run as script.
Links get `rel="nofollow ugc"` so the forum lends no search-engine weight to them.
"""

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_renderer.enable("strikethrough").enable("table")


def _shift_headings(state) -> None:
    """A member's `# Heading` becomes an h3: the page's own h1 and h2 stay the outline."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 2, 6)}"


_renderer.core.ruler.push("shift_headings", _shift_headings)


def _image_as_link(self, tokens, idx, options, env) -> str:
    """Pictures are not shown (no outside images: privacy, tracking, layout); the reader
    is told one was there, with a link to it, rather than it vanishing without a word."""
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    label = f"Image not shown: {alt}" if alt else "Image not shown"
    src = escapeHtml(token.attrGet("src") or "")
    return f'<em>[<a href="{src}">{escapeHtml(label)}</a>]</em>'


_renderer.add_render_rule("image", _image_as_link)

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(source: str) -> str:
    html = _renderer.render(source)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow ugc noopener",
    )


_page_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_page_renderer.enable("strikethrough").enable("table")


def render_page_markdown(source: str) -> str:
    """The site's own pages, written by admins: `## Heading` is the page's h2 (the page
    title is its h1), and links are the site's own, so they keep their weight."""
    return nh3.clean(
        _page_renderer.render(source),
        tags=ALLOWED_TAGS | {"h2"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener",
    )
