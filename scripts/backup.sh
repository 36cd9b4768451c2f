#!/usr/bin/env bash
# Back up Ervaring's PostgreSQL database into one compressed file (pg_dump's custom format).
# Usage: scripts/backup.sh DIRECTORY   (DATABASE_URL as for the application)
# The keys in the environment file (SECRET_KEY, ERVARING_CODE_KEY, ERVARING_AUDIT_KEY) are not
# in the dump: back that file up separately. docs/deploy.md has the schedule and the restore.
set -euo pipefail
dir=${1:?usage: scripts/backup.sh DIRECTORY}
: "${DATABASE_URL:?set DATABASE_URL}"
mkdir -p "$dir"
file="$dir/ervaring-$(date +%Y-%m-%dT%H%M).dump"
pg_dump --format=custom --no-owner --file "$file.partial" "$DATABASE_URL"
mv "$file.partial" "$file"
echo "$file"
