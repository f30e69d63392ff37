#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK, on a fresh Debian machine.
# Idempotent: skips what is already there. Run as root (CI is root).
set -euo pipefail

need=()
command -v curl >/dev/null 2>&1 || need+=(curl)

if ((${#need[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
