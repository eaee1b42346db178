# The production image: assets built with Node, the app served by gunicorn.
FROM node:20-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# The same copy as `make assets`: icon URLs made relative, the remote web font dropped.
RUN mkdir -p static/nhsuk && cp -r node_modules/nhsuk-frontend/dist/nhsuk/assets static/nhsuk/ && \
    sed -E -e 's#url\(/assets/#url(assets/#g' -e 's#@font-face\{[^}]*\}##g' \
        -e 's#/\*\# sourceMappingURL=[^*]*\*/##' \
        node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css > static/nhsuk/nhsuk-frontend.min.css && \
    sed -e 's#//\# sourceMappingURL=.*##' \
        node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js > static/nhsuk/nhsuk-frontend.min.js

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml ./
COPY gpleadership gpleadership
COPY members members
COPY inbox inbox
COPY decisions decisions
COPY priorities priorities
COPY representation representation
RUN pip install --no-cache-dir .
COPY . .
COPY --from=assets /build/static/nhsuk static/nhsuk
RUN SECRET_KEY=build-only python manage.py collectstatic --no-input
RUN useradd --create-home app && mkdir -p var && chown -R app var
USER app
EXPOSE 8000
CMD ["gunicorn", "gpleadership.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
