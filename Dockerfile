# SOP Bot: `docker build -t sopbot .` then
#   docker run -d --restart unless-stopped -e TELEGRAM_BOT_TOKEN=<token> -v sopbot-data:/data sopbot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system --gid 10001 sopbot \
    && useradd --system --uid 10001 --gid sopbot --home-dir /app --shell /usr/sbin/nologin sopbot \
    && mkdir -p /app /data \
    && chown sopbot:sopbot /data

# Dependencies first, from pyproject.toml alone: a change to the code reuses this layer.
WORKDIR /src
COPY pyproject.toml ./
RUN python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' \
        > requirements.txt \
    && pip install -r requirements.txt

# Then the package itself, non-editable: the build (setup.py) compiles the translation
# catalogs into it, so the installed `sopbot` works from any folder.
COPY setup.py MANIFEST.in LICENSE README.md ./
COPY bot/ bot/
COPY locales/ locales/
RUN pip install --no-deps . \
    && cd / && rm -rf /src

WORKDIR /app
COPY sops/ sops/

USER sopbot
ENV DATABASE_URL=sqlite+aiosqlite:////data/sopbot.db \
    SOPS_DIR=/app/sops
VOLUME /data

# Healthy: the database answers at the current schema and the bot reached the Bot API
# within the last three minutes (it records each contact every minute).
HEALTHCHECK --interval=60s --timeout=15s --start-period=90s --retries=3 CMD ["sopbot", "health"]

ENTRYPOINT ["sopbot"]
CMD ["run"]
