#!/usr/bin/env bash
# Installs the Debian 12 packages Parley needs to build, test and run. Idempotent: packages
# already present are skipped, and apt-get is not touched at all when nothing is missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git libssl-dev openssl
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler grpc-proto
  libabsl-dev libsqlitecpp-dev libsqlite3-dev sqlite3 libgsasl-dev
  catch2 libimgui-dev libglfw3-dev libgl1-mesa-dev libgl1-mesa-dri
  xvfb xauth gnuplot-nox zlib1g-dev fonts-dejavu-core
  libasio-dev rapidjson-dev clang libfuzzer-14-dev libclang-rt-14-dev
  postgresql-15 libpqxx-dev libpq-dev
  libcpp-httplib-dev prometheus
)
# postgresql-15 is for the PostgreSQL store's tests, which start a throw-away server of their own
# (scripts/pg-dev.sh); the cluster the package may set up is not used. libcpp-httplib-dev serves
# the metrics page; prometheus is only for its promtool, which checks that page in the tests
# (about 19 MB to download; its service is not used).

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

# Node.js runs the third-party reflection client in the tests. Some machines carry a Node.js build
# that bundles npm (and conflicts with Debian's npm package), so look for the commands instead.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: need root to run apt-get (run as root or with sudo)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
