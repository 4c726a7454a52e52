#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: start it, export DATABASE_URL, run the
# command, stop the cluster and delete it. PostgreSQL refuses to run as root, so when we are root
# the server runs as the `postgres` system user while the tests stay as root and connect over TCP.
set -euo pipefail
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PG_BIN/initdb" ]; then
  echo "PostgreSQL 15 server binaries not found in $PG_BIN (apt-get install postgresql-15)" >&2
  exit 1
fi
# Collation as on a UK production server, so names sort in tests as users see them.
LOCALE=en_GB.UTF-8
if ! locale -a 2>/dev/null | grep -qix 'en_GB\.utf-\?8'; then
  if [ "$(id -u)" != "0" ]; then
    echo "The $LOCALE locale is missing: as root, run scripts/with-postgres.sh once (or locale-gen $LOCALE)" >&2
    exit 1
  fi
  (
    flock 9  # several test runs may start at once; generate the locale once
    dpkg -s locales >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq locales >/dev/null; }
    if ! locale -a | grep -qix 'en_GB\.utf-\?8'; then
      sed -i 's/^# *\(en_GB\.UTF-8 UTF-8\)/\1/' /etc/locale.gen
      grep -qx 'en_GB.UTF-8 UTF-8' /etc/locale.gen || echo 'en_GB.UTF-8 UTF-8' >>/etc/locale.gen
      locale-gen >/dev/null
    fi
  ) 9>/tmp/iro-locale-gen.lock
fi
run_as=()
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  run_as=(runuser -u postgres --)
fi
dir=$(mktemp -d /tmp/iro-pg.XXXXXX)
[ "$(id -u)" = "0" ] && chown postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
cleanup() {
  "${run_as[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${run_as[@]}" "$PG_BIN/initdb" -D "$dir/data" --auth=trust -U iro --encoding=UTF8 --locale=$LOCALE >/dev/null
"${run_as[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60" \
  start >/dev/null
"$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U iro iro
export DATABASE_URL="postgres://iro@127.0.0.1:$port/iro"
"$@"
