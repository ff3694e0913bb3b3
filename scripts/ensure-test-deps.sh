#!/usr/bin/env bash
# Installs and starts what the test suite needs on a fresh Debian machine of ours:
# Chromium (Playwright), PostgreSQL (storage tests), kubectl (simulator conformance).
# Idempotent; prints what it does. Source it to get TEST_DATABASE_URL exported.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v kubectl >/dev/null 2>&1 || need+=(kubernetes-client)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-test-deps: installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "ensure-test-deps: missing ${need[*]} and cannot apt-get install (need root)" >&2
    exit 1
  fi
fi

# PostgreSQL: start the default cluster and make a test role/database.
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  ver=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
  if [ -n "$ver" ]; then
    pg_ctlcluster "$ver" main start 2>/dev/null || true
    for _ in $(seq 1 20); do pg_isready -q -h 127.0.0.1 && break; sleep 0.5; done
    su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='runnerscope'\"" | grep -q 1 ||
      su postgres -c "psql -qc \"CREATE USER runnerscope WITH PASSWORD 'runnerscope' SUPERUSER\""
    su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='runnerscope_test'\"" | grep -q 1 ||
      su postgres -c "createdb -O runnerscope runnerscope_test"
    export TEST_DATABASE_URL="postgres://runnerscope:runnerscope@127.0.0.1:5432/runnerscope_test"
  fi
fi
export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}"
