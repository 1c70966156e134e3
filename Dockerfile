# GraphiQL's assets, from npm at the versions tools/graphiql/package-lock.json pins.
FROM node:20-slim AS graphiql
WORKDIR /graphiql
COPY tools/graphiql/package.json tools/graphiql/package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
# Exact versions with their hashes (scripts/lock writes the file from pyproject.toml).
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY graphql_api ./graphql_api
COPY --from=graphiql /graphiql/node_modules /tmp/node_modules
RUN python -m graphql_api.http.ide /tmp/node_modules && rm -rf /tmp/node_modules \
  && pip install --no-deps . && useradd --system --uid 10001 api
USER api

ENV HOST=0.0.0.0 PORT=8000
EXPOSE 8000
# Ready, not merely alive: /readyz is 503 while MongoDB is away or not yet migrated.
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2)"
CMD ["graphql-api", "serve"]
