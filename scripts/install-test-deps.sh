#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK on a fresh Debian machine; idempotent.
# Today that is nothing: every server the tests use (TCP listeners, a DNS server, the Alidns emulator)
# runs inside the test process on loopback. Providers tested against real daemons add their packages here.
set -euo pipefail

if ! command -v dotnet >/dev/null 2>&1; then
  echo "install-test-deps: the .NET 10 SDK is required (https://dotnet.microsoft.com/download)" >&2
  exit 1
fi
