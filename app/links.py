"""Absolute links for mail and feeds, built from `COMMONGROUND_BASE_URL`.

Mail is composed outside any request (by services and the mail worker), where the route
table is not at hand, so the paths are written here once. They are the public web
contract (DESIGN.md): links in mail that was sent years ago must keep working.
`tests/test_links.py` checks every one against the app's own route table.
"""

from urllib.parse import quote

from app.config import Settings


class Links:
    def __init__(self, settings: Settings) -> None:
        self.base = settings.base_url.rstrip("/")

    def home(self) -> str:
        return f"{self.base}/"

    def login(self) -> str:
        return f"{self.base}/login"

    def idea(self, idea_id: int, *, comment_id: int | None = None) -> str:
        anchor = f"#comment-{comment_id}" if comment_id else ""
        return f"{self.base}/ideas/{idea_id}{anchor}"

    def theme(self, slug: str) -> str:
        return f"{self.base}/themes/{quote(slug)}"

    def round(self, slug: str) -> str:
        return f"{self.base}/rounds/{quote(slug)}"

    def round_report(self, slug: str) -> str:
        return f"{self.base}/rounds/{quote(slug)}/report"

    def report_queue(self) -> str:
        return f"{self.base}/mod/flags"

    def notifications(self) -> str:
        return f"{self.base}/notifications"

    def notification_settings(self) -> str:
        return f"{self.base}/settings/notifications"

    def unsubscribe(self, token: str) -> str:
        return f"{self.base}/unsubscribe/{token}"

    def verify_email(self, token: str) -> str:
        return f"{self.base}/verify/{token}"

    def sign_in_link(self, token: str) -> str:
        return f"{self.base}/login/link/{token}"

    def sign_in_code(self) -> str:
        return f"{self.base}/login/code"

    def password_reset(self, token: str) -> str:
        return f"{self.base}/password/reset/{token}"

    def forgot_password(self) -> str:
        return f"{self.base}/password/forgot"

    def email_change(self, token: str) -> str:
        return f"{self.base}/settings/email/confirm/{token}"

    def account_delete(self, token: str) -> str:
        return f"{self.base}/settings/account/delete/{token}"

    def data_download(self, token: str) -> str:
        return f"{self.base}/settings/data/download/{token}"

    def data_settings(self) -> str:
        return f"{self.base}/settings/data"

    def feed(self) -> str:
        return f"{self.base}/feeds/ideas.atom"

    def theme_feed(self, slug: str) -> str:
        return f"{self.base}/feeds/themes/{quote(slug)}.atom"

    def idea_feed(self, idea_id: int) -> str:
        return f"{self.base}/ideas/{idea_id}/feed.atom"

    def setup(self, token: str) -> str:
        return f"{self.base}/setup/{token}"
