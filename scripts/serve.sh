#!/usr/bin/env bash
# Serve Ervaring locally: the background worker and the web server, stopped together.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-8000}
.venv/bin/ervaring db_worker --interval 2 &
worker=$!
# Every minute: enqueue every periodic job (ervaring/schedule/jobs.py) for the worker, as cron
# or a systemd timer does in production.
( while sleep 60; do
    .venv/bin/ervaring run-schedule >/dev/null 2>&1 || true
  done ) &
schedule=$!
trap 'kill $worker $schedule 2>/dev/null || true' EXIT INT TERM
echo "Ervaring runs on http://127.0.0.1:$port/ (stop with Ctrl+C)"
# The access and error logs name personal links as /k/[code]: ervaring/wsgi.py redacts them
# (docs/deploy.md shows how production is started).
.venv/bin/gunicorn ervaring.wsgi --bind "127.0.0.1:$port" --workers 2 --access-logfile - \
  --error-logfile - --log-level warning
