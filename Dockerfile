# GrowthDoc's app image: the locked dependencies, the package (prompts and knowledge inside), a non-root user.
# The same image runs the app instances, the one-shot `growthdoc db upgrade` and `growthdoc ingest`, and the
# Chroma server (`chroma run`, from the chromadb package the app uses: client and server never drift apart).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

COPY requirements.lock pyproject.toml README.md ./
RUN pip install -r requirements.lock
COPY assistant assistant
COPY prompts prompts
COPY knowledge knowledge
RUN pip install --no-deps . \
    && useradd --system --uid 10001 --home-dir /data growthdoc \
    && mkdir -p /data && chown growthdoc /data

USER growthdoc
ENV GROWTHDOC_DATA_DIR=/data GROWTHDOC_HOST=0.0.0.0 GROWTHDOC_PORT=8000 GROWTHDOC_LOG_FORMAT=json
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
CMD ["growthdoc", "serve"]
