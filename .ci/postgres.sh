#!/usr/bin/env bash
# Source this file: installs PostgreSQL from Debian packages when missing, starts a throwaway server on
# 127.0.0.1 (idempotent: reuses one already answering on the port) and exports RASID_TEST_PG_URL.
# Any failure is loud: the store tests must run against a real server in CI, never skip silently.

rasid_pg_bindir() {
    # Empty output (and success, for `set -euo pipefail` callers) when PostgreSQL is not installed.
    { ls -d /usr/lib/postgresql/*/bin 2>/dev/null || true; } | sort -V | tail -n 1
}

rasid_pg_as_owner() {
    # initdb and the server refuse to run as root, so root hands them to the postgres user.
    if [ "$(id -u)" = "0" ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

rasid_pg_start() {
    local port="${RASID_PG_PORT:-54329}"
    local data="${RASID_PG_DIR:-/tmp/rasid-ci-pg-$port}"
    local bin
    bin="$(rasid_pg_bindir)"
    if [ -z "$bin" ]; then
        if [ "$(id -u)" != "0" ]; then
            echo "PostgreSQL is not installed and this is not root: install the 'postgresql' package" >&2
            return 1
        fi
        echo "installing PostgreSQL from Debian packages..." >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
        bin="$(rasid_pg_bindir)"
        if [ -z "$bin" ]; then
            echo "PostgreSQL was installed but no /usr/lib/postgresql/*/bin was found" >&2
            return 1
        fi
    fi
    if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
        rm -rf "$data"
        mkdir -p "$data"
        if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$data"; fi
        rasid_pg_as_owner "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
        rasid_pg_as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off" start >/dev/null || {
            echo "PostgreSQL failed to start; its log:" >&2
            cat "$data/server.log" >&2 || true
            return 1
        }
    fi
    if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='rasid_test'" \
        | grep -q 1; then
        "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres rasid_test
    fi
    export RASID_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/rasid_test"
    echo "PostgreSQL ready at $RASID_TEST_PG_URL" >&2
}
