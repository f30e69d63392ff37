#!/usr/bin/env bash
# Measures a build of aliddnsha: size on disk, start-up time to the first probe, and idle CPU and RSS with three
# endpoints (the controller's own port, which answers, and two dead addresses), using the hosts-file provider.
#   scripts/measure-release.sh LABEL COMMAND...     e.g.  scripts/measure-release.sh aot artifacts/linux-x64/aliddnsha
# Start-up is the time from exec to the first probe's timestamp in /api/status (median of 5 starts); idle RSS and CPU
# are read from /proc after 30 s. Needs curl and jq.
set -euo pipefail
label=$1; shift
port=${MEASURE_PORT:-19464}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/config.yaml" <<YAML
Urls: http://127.0.0.1:$port
Logging: { LogLevel: { Default: Warning } }
Providers:
  local: { Type: HostsFile, Path: $work/hosts }
Targets:
  - Name: home.example.test
    Provider: local
    Ttl: 60
    Port: $port
    Sources:
      - { Name: self, Address: 127.0.0.1 }
      - { Name: dead1, Address: 127.0.0.2 }
      - { Name: dead2, Address: 127.0.0.3 }
YAML

size() {
  local target=$1 total=0
  if [ -d "$target" ]; then total=$(du -sb "$target" | cut -f1); else total=$(stat -c %s "$target"); fi
  echo "$total"
}

starts=()
for i in 1 2 3 4 5; do
  t0=$(date +%s%N)
  "$@" run --config "$work/config.yaml" >/dev/null 2>&1 &
  pid=$!
  first=""
  for _ in $(seq 1 2000); do
    first=$(curl -fs "http://127.0.0.1:$port/api/status" 2>/dev/null | jq -r '[.targets[].sources[].endpoints[].lastProbeAt | select(. != null)] | min // empty' || true)
    [ -n "$first" ] && break
    sleep 0.005
  done
  t1=$(date -d "$first" +%s%N)
  starts+=($(( (t1 - t0) / 1000000 )))
  if [ "$i" -lt 5 ]; then kill -TERM "$pid"; wait "$pid" || true; fi
done
sleep 30
rss_kb=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
ticks0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat"); sleep 30; ticks1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
kill -TERM "$pid"; wait "$pid" || true
hz=$(getconf CLK_TCK)
median=$(printf '%s\n' "${starts[@]}" | sort -n | sed -n 3p)
binary=$1
[ "$binary" = dotnet ] && binary=$(dirname "$2")
printf '| %s | %s MB | %s ms (runs: %s) | %s MB | %s %% |\n' "$label" \
  "$(awk -v b="$(size "$binary")" 'BEGIN { printf "%.1f", b / 1048576 }')" "$median" "${starts[*]}" \
  "$(awk -v k="$rss_kb" 'BEGIN { printf "%.0f", k / 1024 }')" \
  "$(awk -v d=$((ticks1 - ticks0)) -v hz="$hz" 'BEGIN { printf "%.2f", 100 * d / hz / 30 }')"
