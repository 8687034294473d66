# SOP Bot: `docker build -t sopbot .` then
#   docker run -d -e TELEGRAM_BOT_TOKEN=<token> -v sopbot-data:/data sopbot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# bot/i18n.py finds the catalogs next to the package (<bot>/../locales), so the
# package stays in /app (an editable install) instead of moving to site-packages.
WORKDIR /app

RUN groupadd --system --gid 10001 sopbot \
    && useradd --system --uid 10001 --gid sopbot --home-dir /app --shell /usr/sbin/nologin sopbot \
    && mkdir /data \
    && chown sopbot:sopbot /data

COPY pyproject.toml README.md ./
COPY bot/ bot/
COPY locales/ locales/
COPY sops/ sops/
RUN pip install -e . \
    && pybabel --quiet compile -d locales -D messages

USER sopbot
ENV DATABASE_URL=sqlite+aiosqlite:////data/sopbot.db \
    SOPS_DIR=/app/sops
VOLUME /data

ENTRYPOINT ["sopbot"]
CMD ["run"]
