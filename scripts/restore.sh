#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the (empty) database of DATABASE_URL, then
# check it: migrations complete and the audit log's hash chains intact.
# Usage: scripts/restore.sh FILE.dump   (with the environment file of the installation, so that
# ERVARING_AUDIT_KEY and the other keys are the ones the backup was made with)
set -euo pipefail
file=${1:?usage: scripts/restore.sh FILE.dump}
: "${DATABASE_URL:?set DATABASE_URL}"
cd "$(dirname "$0")/.."
pg_restore --no-owner --exit-on-error --dbname "$DATABASE_URL" "$file"
.venv/bin/ervaring migrate --check
.venv/bin/ervaring verify-audit-log
