#!/usr/bin/env bash
# First-time (and repeatable) setup: tools, dependencies, browser for the UI tests, database.
set -euo pipefail
cd "$(dirname "$0")/.."

pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null || true)" != "$pnpm_version" ]; then
  echo "Installing pnpm $pnpm_version"
  npm install --global "pnpm@$pnpm_version"
fi

# Also generates the Prisma client (postinstall of prisma/).
pnpm install --frozen-lockfile

# Browser tests drive Debian's Chromium: browsers downloaded by test tools are not reachable here.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Note: /usr/bin/chromium is missing; install it (apt-get install chromium) to run the browser tests." >&2
  fi
fi

# The proxy tests start their own nginx in front of the server.
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing nginx for the proxy tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  else
    echo "Note: nginx is missing; install it (apt-get install nginx) to run the proxy tests." >&2
  fi
fi

# The fault tests start a private PostgreSQL (initdb, pg_ctl) that they stop and start.
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing PostgreSQL's server programs for the fault tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "Note: initdb and pg_ctl are missing; install them (apt-get install postgresql) to run the fault tests." >&2
  fi
fi

pnpm run db:migrate
# The collection starts empty: the web app's first page offers to import one or load the demo.
echo "Setup done. Start with: npm start"
