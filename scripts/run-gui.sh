#!/usr/bin/env bash
# One command from a fresh Debian 12 clone to the Parley desktop window: installs what is
# missing, builds parley_gui, and opens it against a server (default 127.0.0.1:50051, the one
# scripts/run-server.sh starts). Extra arguments go to parley_gui (see --help), e.g.
#   scripts/run-gui.sh --server chat.example.org:50051 --tls_ca ca.pem
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/install-deps.sh"
PARLEY_BUILD_TESTS=OFF "$root/scripts/build.sh" parley_gui
build_dir=${PARLEY_BUILD_DIR:-$root/build}

server=127.0.0.1:50051
args=()
while (($# > 0)); do
  case $1 in
    --server) server=$2; shift 2 ;;
    --server=*) server=${1#--server=}; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} ]]; then
  echo "run-gui: no display (DISPLAY is not set); on a headless machine try:" >&2
  echo "  xvfb-run -a -s '-screen 0 1280x800x24' $build_dir/parley_gui" >&2
  exit 1
fi
echo "run-gui: opening the window against $server"
exec "$build_dir/parley_gui" --server "$server" "${args[@]}"
