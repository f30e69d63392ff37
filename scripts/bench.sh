#!/usr/bin/env bash
# Builds the NativeAOT release binary and runs every benchmark against it; writes bench/results.md.
#   bash scripts/bench.sh            full run (about 15 minutes on 2 cores)
#   bash scripts/bench.sh --quick    a smaller, faster pass (fewer sizes and runs) to check the harness
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
bash scripts/publish.sh linux-x64
dotnet build bench/AliDdnsHa.Bench/AliDdnsHa.Bench.csproj -c Release -nologo -v quiet
# 10,000 listeners and their connections need more than the usual 1,024 open files.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
dotnet bench/AliDdnsHa.Bench/bin/Release/net10.0/AliDdnsHa.Bench.dll --binary artifacts/linux-x64/aliddnsha --out bench/results.md "$@"
