#!/usr/bin/env bash
# Installs the Debian packages the project needs, once; a second run does nothing.
#   scripts/system-deps.sh        chromium (browser tests) and fonts-noto-cjk: for `make test`
#   scripts/system-deps.sh fonts  fonts-noto-cjk only (Chinese labels in the charts): for `make run`
# Never downloads a browser of its own: Playwright drives Debian's chromium.
set -euo pipefail
mode="${1:-all}"
need=()
if [ "$mode" = "all" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
fi
# grep without -q reads to the end: with pipefail, an early exit would fail fc-list on SIGPIPE.
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "缺少系统软件包 / missing system packages: ${need[*]} (run: sudo apt-get install ${need[*]})" >&2
  # The app runs without them (charts then lack Chinese glyphs); the tests do not.
  [ "$mode" = "fonts" ] && exit 0
  exit 1
fi
echo "installing ${need[*]} ..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
