#!/usr/bin/env bash
# Install the Debian packages the build and the tests need, if any is missing.
# Fonts: Noto covers Latin, Arabic, Devanagari, Bengali and CJK in PDFs and screenshots.
# Chromium: the real browser the tests drive (never a downloaded browser build).
set -euo pipefail

packages=(
  chromium
  fonts-noto-core
  fonts-noto-cjk
  fonts-dejavu-core
  poppler-utils
  libpango-1.0-0
  libpangoft2-1.0-0
  libharfbuzz-subset0
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "error: these Debian packages are missing and you are not root: ${missing[*]}" >&2
  echo "hint: ask an administrator to run: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
