# Common Ground: one image, configured by COMMONGROUND_* environment variables.
#   docker build -t commonground .
#   docker run -p 8000:8000 -e COMMONGROUND_SECRET_KEY=... -v commonground-var:/app/var commonground
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system --gid 10001 commonground \
    && useradd --system --uid 10001 --gid commonground --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin commonground

WORKDIR /app

COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
COPY templates ./templates
COPY static ./static

# Editable on purpose: app/config.py finds templates/, static/, migrations/ and alembic.ini
# next to the app package (PROJECT_ROOT), so the code must run from /app, not site-packages.
RUN pip install --no-cache-dir -e . \
    && mkdir -p /app/var \
    && chown commonground:commonground /app/var

ENV COMMONGROUND_ENV=production \
    COMMONGROUND_VAR_DIR=/app/var \
    COMMONGROUND_HOST=0.0.0.0 \
    COMMONGROUND_PORT=8000 \
    WEB_CONCURRENCY=2

# The SQLite database (when COMMONGROUND_DATABASE_URL is not set) and file mail live here.
VOLUME ["/app/var"]
EXPOSE 8000

USER commonground

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('COMMONGROUND_PORT', '8000'), timeout=4)"]

# serve reads COMMONGROUND_HOST, COMMONGROUND_PORT and WEB_CONCURRENCY itself.
CMD ["sh", "-c", "commonground migrate && commonground reindex --if-model && exec commonground serve"]
