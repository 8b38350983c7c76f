"""Static files with long-lived caching for versioned URLs.

A URL that names its version (`?v=<content hash>`, added by templates through
`static_url`) changes whenever the file does, so browsers may keep it for a year
without asking again; an unversioned URL must be revalidated each time.
"""

import hashlib
from functools import cache

from fastapi.staticfiles import StaticFiles
from starlette.types import Scope

from app.config import PROJECT_ROOT

STATIC_DIR = PROJECT_ROOT / "static"
FOREVER = "public, max-age=31536000, immutable"


@cache
def file_version(name: str) -> str:
    """A short hash of a static file's content, computed once per process."""
    return hashlib.blake2b((STATIC_DIR / name).read_bytes(), digest_size=6).hexdigest()


class VersionedStaticFiles(StaticFiles):
    def file_response(self, full_path, stat_result, scope: Scope, status_code: int = 200):
        response = super().file_response(full_path, stat_result, scope, status_code)
        versioned = b"v=" in scope.get("query_string", b"")
        response.headers["Cache-Control"] = FOREVER if versioned else "no-cache"
        return response
