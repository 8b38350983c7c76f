"""The ceiling: a raw ASGI callable answering every request with a ~100-byte HTML page
(`app`), and the same page from a minimal FastAPI app (`fastapi_app`).

Served by the same uvicorn command as the app (`tests.bench.reference:app`) and loaded
by the same wrk, in the same run, the raw page measures what this machine, uvicorn and
wrk manage with no application work at all. Every case is reported as a share of it,
which carries from one machine to another where requests per second do not.
"""

BODY = (
    b"<!doctype html><html lang=en><title>Reference</title>"
    b"<p>The ceiling on this machine.</p></html>"
)
HEADERS = [
    (b"content-type", b"text/html; charset=utf-8"),
    (b"content-length", str(len(BODY)).encode()),
]


async def app(scope, receive, send) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})


def _fastapi_app():
    """The same page from a one-route FastAPI app (`async def`, no middleware): the
    reference issue 6's "Why" and shared/PERFORMANCE.md speak of (~4,000 requests/s
    there). Its share is printed beside the raw ASGI one: the gap between the two is
    the framework's own cost, which no page of the app can avoid."""
    from fastapi import FastAPI
    from fastapi.responses import HTMLResponse

    fastapi_app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    page = BODY.decode()

    @fastapi_app.get("/", response_class=HTMLResponse)
    async def reference_page() -> str:
        return page

    return fastapi_app


def __getattr__(name: str):
    # Built on first use, so that serving the raw `app` never imports FastAPI.
    if name == "fastapi_app":
        return _fastapi_app()
    raise AttributeError(name)
