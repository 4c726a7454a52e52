#!/usr/bin/env bash
# Install the Debian packages named on the command line that are not installed yet.
# Each is checked by its own package name with dpkg-query; apt-get update runs once, and only
# when something is missing. DEBIAN_PACKAGES_DRY_RUN=1 prints the apt-get commands instead.
set -euo pipefail

missing=()
for package in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

apt=(apt-get)
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then
  apt=(sudo apt-get)
fi
echo "Installing Debian packages: ${missing[*]}"
if [ "${DEBIAN_PACKAGES_DRY_RUN:-0}" = 1 ]; then
  echo "${apt[*]} update -qq"
  echo "${apt[*]} install -y -qq --no-install-recommends ${missing[*]}"
  exit 0
fi
"${apt[@]}" update -qq
DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}"
