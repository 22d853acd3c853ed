# syntax=docker/dockerfile:1
# winloss's image: the app under gunicorn by default; `winloss worker`, `winloss migrate` and
# every other command run from the same image (compose.yaml, docs/deploy.md).

# --- Builder: the project and its pinned dependencies in a virtualenv -----------------------
FROM python:3.11-slim-bookworm AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/winloss
WORKDIR /src
COPY pyproject.toml README.md ./
COPY requirements/constraints.txt requirements/constraints.txt
COPY winloss winloss
# The same versions the tests ran on (the constraints file), gunicorn with them (the "server"
# extra). The cache mount keeps downloaded wheels between builds, out of the image.
RUN --mount=type=cache,target=/root/.cache/pip \
    /opt/winloss/bin/pip install --constraint requirements/constraints.txt ".[server]"

# --- Runtime ---------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm
# The PostgreSQL client tools `winloss backup` and `restore` run: at the server's major
# version (compose.yaml's postgres image). Debian bookworm ships 15.
ARG PG_MAJOR=15
# WeasyPrint's libraries for the report PDF (its documented list for Debian: Pango, its
# FreeType backend, HarfBuzz's subsetter) and the font the report and its charts are set in.
# Not pinned to versions: Debian replaces a version on its mirrors with each security fix.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
        postgresql-client-${PG_MAJOR} \
    && rm -rf /var/lib/apt/lists/*
# A user and a group of its own, both 10001 (USER below, and the owner docs/deploy.md gives
# to a backups folder); /data is the only place it writes (and its home, for caches).
RUN groupadd --system --gid 10001 winloss \
    && useradd --system --uid 10001 --gid winloss --create-home --home-dir /home/winloss \
        --shell /usr/sbin/nologin winloss \
    && mkdir /data && chown winloss:winloss /data
COPY --from=builder /opt/winloss /opt/winloss
ENV PATH=/opt/winloss/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DATA_DIR=/data \
    STATIC_DIR=/opt/winloss/static
# Static files are part of the release: collected (hashed, compressed) here, owned by root,
# outside the /data volume, which would keep the first release's files for good. Nothing in
# the settings is secret at this step; the key below exists only for it.
RUN SECRET_KEY=collectstatic-only winloss collectstatic --noinput -v0
# By number, so a platform can tell it is not root without reading /etc/passwd.
USER 10001:10001
# matplotlib's font cache (the fonts above), built once here in the user's home: otherwise
# each new container builds it, seconds into the first request that draws a chart.
RUN python -c "import matplotlib.font_manager"
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8000
# Liveness: the process answers. Whether it can work (database, files) is /readyz, which
# compose.yaml checks for the web service.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
# WEB_CONCURRENCY sets the number of processes (gunicorn reads it; 1 if unset). Four threads
# each, so a slow upload does not hold a whole process. /dev/shm for the workers' heartbeat
# files, which stall on a container's overlay file system (gunicorn's FAQ).
CMD ["gunicorn", "winloss.wsgi", "--bind", "0.0.0.0:8000", "--threads", "4", \
     "--worker-tmp-dir", "/dev/shm"]
