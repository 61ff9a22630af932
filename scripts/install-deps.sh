#!/usr/bin/env bash
# Installs the Debian 12 packages clockko needs to build, test and benchmark.
# Idempotent: asks dpkg which packages are missing and only then runs apt-get (update once, install).
# Runs as root, or through sudo otherwise. Boost is pinned to 1.81: plain libboost-dev is 1.74,
# which lacks Boost.URL.
set -euo pipefail

PACKAGES=(
  # build tools
  cmake ninja-build g++ ccache pkg-config make
  # libraries
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libexpected-dev libspdlog-dev libcli11-dev libcrypt-dev libssl-dev
  libsodium-dev
  libsqlite3-dev sqlite3 libcurl4-openssl-dev
  # tests and benchmarks
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  python3-pytest python3-requests python3-passlib python3-aiosmtpd
  # data: common-password lists (SECURITY.md), time zones
  libdata-password-zxcvbn-perl john-data tzdata
  # tools (openssl: the SMTP test fixture generates its certificate at test time)
  curl wrk openssl
)

is_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" == "installed" ]]
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  is_installed "$pkg" || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
if [[ "$(id -u)" -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi

"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${missing[@]}"
echo "install-deps: done"
