#!/usr/bin/env bash
# Installs the Debian packages the real-process tests and `npm run local -- --real` need: Redis and a Celery 5
# worker for examples/omnidoc-app (Debian's own packages, no pip). Idempotent: installs only what is missing
# and says what it did. Exits 0 when it cannot install (no root, no apt-get): the tests that need the
# packages then skip and print why, and the rest of the suite runs.
set -euo pipefail

# Debian names: redis-server, the `celery` command (package celery) and its Python 3 library with the
# Redis transport (python3-celery, python3-kombu, python3-redis).
PACKAGES=(redis-server celery python3-celery python3-kombu python3-redis)

usage() {
  cat <<USAGE
Usage: npm run system-packages [-- --help]

Installs what the real-process tests and \`npm run local -- --real\` need from Debian's packages when it is
missing: ${PACKAGES[*]}. Needs root (or sudo) and apt-get; says why and exits 0 when it cannot, and those
tests then skip with the reason. Installs nothing that is already there.

  --help   this text

Examples:
  npm run system-packages
  sudo bash scripts/system-packages.sh
USAGE
}

case "${1:-}" in
  "") ;;
  --help | -h) usage; exit 0 ;;
  *) echo "system-packages: unknown argument $1. See npm run system-packages -- --help" >&2; exit 2 ;;
esac

missing() {
  local list=()
  for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || list+=("$package")
  done
  echo "${list[@]:-}"
}

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system packages: not a Debian system (no dpkg-query); real-process tests will skip." >&2
  exit 0
fi

todo="$(missing)"
if [ -z "$todo" ]; then
  echo "system packages: all present ($(dpkg-query -W -f='${Package} ${Version}, ' "${PACKAGES[@]}" | sed 's/, $//'))"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "system packages: missing $todo, and installing needs root (run: sudo apt-get install -y $todo); real-process tests will skip." >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "system packages: missing $todo, and there is no apt-get; real-process tests will skip." >&2
  exit 0
fi

echo "system packages: installing $todo"
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086 # one word per package
if ! apt-get install -y --no-install-recommends $todo >/tmp/omnidoc-apt.log 2>&1; then
  # A clean machine has no package lists yet.
  apt-get update >>/tmp/omnidoc-apt.log 2>&1 || true
  # shellcheck disable=SC2086
  if ! apt-get install -y --no-install-recommends $todo >>/tmp/omnidoc-apt.log 2>&1; then
    echo "system packages: apt-get could not install $todo (log: /tmp/omnidoc-apt.log); real-process tests will skip." >&2
    tail -n 5 /tmp/omnidoc-apt.log >&2 || true
    exit 0
  fi
fi
echo "system packages: installed $(dpkg-query -W -f='${Package} ${Version}, ' "${PACKAGES[@]}" | sed 's/, $//')"
