#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL server on 127.0.0.1 and a free port.
# The cluster lives in a temporary directory and is removed afterwards; DATABASE_URL points
# the command at it. Used by `make test`; needs the Debian postgresql package
# (scripts/ensure-system-packages.sh installs it).
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
dir=$(mktemp -d /tmp/ervaring-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$dir"
  # From /, because the postgres user may not enter the project's directory.
  as_pg=(env -C / runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
"$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -q -c \
  "CREATE ROLE ervaring LOGIN CREATEDB PASSWORD 'ervaring'" >/dev/null
"$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -q -c \
  "CREATE DATABASE ervaring OWNER ervaring" >/dev/null
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
DATABASE_URL="postgres://ervaring:ervaring@127.0.0.1:$port/ervaring" "$@"
