"""An unhandled error ends with our 500 page: the headers every page carries, and the
connection left usable for the next request (issue 21)."""

import http.client
import threading
import time

import pytest
import uvicorn

from tests.conftest import Client, _free_port, app_for


def _failing_app(settings, engine):
    served = app_for(settings.model_copy(update={"raise_server_errors": False}), engine)
    app = served.__enter__()

    def boom():
        raise RuntimeError("a bug in a route")

    app.add_api_route("/boom", boom, methods=["GET", "POST"])
    return served, app


@pytest.fixture
def failing(settings, engine):
    served, app = _failing_app(settings, engine)
    yield app
    served.__exit__(None, None, None)


def test_the_500_page_carries_the_security_headers(failing):
    response = Client(failing, raise_server_exceptions=False).get("/boom")

    assert response.status_code == 500
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "Something went wrong on our side" in response.text


def test_after_a_server_error_the_same_connection_serves_the_next_request(failing):
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(failing, host="127.0.0.1", port=port, log_level="critical")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/boom")
        failed = connection.getresponse()
        failed.read()
        assert failed.status == 500
        assert failed.getheader("content-security-policy")
        socket_before = connection.sock

        connection.request("GET", "/healthz")
        after = connection.getresponse()
        after.read()
        assert after.status == 200
        assert connection.sock is socket_before, "the connection was not reused"

        connection.request("POST", "/boom", body=b"", headers={"Content-Length": "0"})
        second_failure = connection.getresponse()
        second_failure.read()
        connection.request("GET", "/healthz")
        assert connection.getresponse().status == 200
        connection.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
