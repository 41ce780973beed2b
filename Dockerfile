# Production image: gunicorn serves the portal (static files through whitenoise);
# the same image runs the Celery worker and beat (see docker-compose.yml).

FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json build-assets.mjs ./
RUN npm ci --no-audit --no-fund && npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       build-essential libpq-dev gettext curl \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-thai-tlwg \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
COPY --from=assets /app/static/vendor ./static/vendor
RUN SECRET_KEY=build ALLOWED_HOSTS=localhost python manage.py compilemessages -v0 \
    && SECRET_KEY=build ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput -v0
RUN useradd --system --uid 1000 portal && mkdir -p /app/var/media /app/var/backups && chown -R portal /app/var
USER portal
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
