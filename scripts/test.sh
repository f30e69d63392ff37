#!/usr/bin/env bash
# Runs every test: installs the test dependencies, builds in Release, runs all test projects,
# and ends with one line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build AliDdnsHa.sln -c Release -nologo -v quiet

log=$(mktemp)
# Integration tests append what they measured (failover against BIND, alert latency in Prometheus) here.
export ALIDDNSHA_MEASUREMENTS
ALIDDNSHA_MEASUREMENTS=$(mktemp)
set +e
dotnet test AliDdnsHa.sln -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# Sum the per-assembly summaries: "Passed!  - Failed:     0, Passed:   148, Skipped:     0, Total: ..."
passed=$(awk '/(Passed|Failed)! +- +Failed:/ { for (i = 1; i <= NF; i++) if ($i == "Passed:") { gsub(",", "", $(i+1)); n += $(i+1) } } END { print n + 0 }' "$log")
failed=$(awk '/(Passed|Failed)! +- +Failed:/ { for (i = 1; i <= NF; i++) if ($i == "Failed:") { gsub(",", "", $(i+1)); n += $(i+1) } } END { print n + 0 }' "$log")
# A test process that dies mid-run ("Catastrophic failure") reports only the tests it finished: count it as a failure
# so a crash can never pass for a green run.
crashed=$(grep -c 'Catastrophic failure' "$log" || true)
failed=$(( ${failed:-0} + crashed ))
if [ "$crashed" -gt 0 ] && [ "$status" -eq 0 ]; then status=1; fi
rm -f "$log"
if [ -s "$ALIDDNSHA_MEASUREMENTS" ]; then
  echo "Measured by the integration tests:"
  sed 's/^/  /' "$ALIDDNSHA_MEASUREMENTS"
fi
rm -f "$ALIDDNSHA_MEASUREMENTS"
echo "${passed:-0} passed, ${failed:-0} failed"
if [ "$status" -ne 0 ] || [ "${passed:-0}" -eq 0 ]; then
  exit 1
fi
