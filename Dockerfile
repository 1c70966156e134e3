FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graphql_api ./graphql_api
RUN pip install . && useradd --system --uid 10001 api
USER api

ENV HOST=0.0.0.0 PORT=8000
EXPOSE 8000
# Ready, not merely alive: /readyz is 503 while MongoDB is away or not yet migrated.
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2)"
CMD ["graphql-api", "serve"]
