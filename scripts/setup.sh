#!/usr/bin/env bash
# Installs the system libraries heyi builds against when they are missing (Debian/Ubuntu).
set -euo pipefail
need=()
for pkg in libicu-dev libxml2-dev libsqlite3-dev pkg-config; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing missing system packages: ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}"
fi
if ! command -v swift >/dev/null 2>&1; then
  echo "setup: no swift on PATH; install Swift 6.1 or newer (https://swift.org/install)" >&2
  exit 1
fi
