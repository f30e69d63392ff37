#!/usr/bin/env bash
# Builds the release artifacts into artifacts/ (or --output DIR):
#   <dir>/linux-x64/aliddnsha, <dir>/linux-arm64/aliddnsha   NativeAOT single-file binaries (no .NET runtime needed)
#   <dir>/nupkg/AliDdnsHa.<version>.nupkg                      the .NET tool package (dotnet tool install)
# usage: scripts/publish.sh [--output DIR] [TARGET...]    TARGET: linux-x64 | linux-arm64 | tool (default: all three)
# NativeAOT needs clang and, for a RID of another architecture than this machine's, a cross toolchain; on Debian or
# Ubuntu (amd64 building arm64):
#   dpkg --add-architecture arm64 && apt-get update
#   apt-get install clang llvm lld binutils-aarch64-linux-gnu gcc-aarch64-linux-gnu libc6-dev-arm64-cross zlib1g-dev:arm64
# The Dockerfile runs this script, so what it builds is what this script builds.
set -euo pipefail
cd "$(dirname "$0")/.."

output=artifacts
targets=()
while [ $# -gt 0 ]; do
  case $1 in
    --output) output=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(linux-x64 linux-arm64 tool)
mkdir -p "$output"
output=$(cd "$output" && pwd)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
for target in "${targets[@]}"; do
  case $target in
    linux-x64|linux-arm64)
      work=$(mktemp -d)
      dotnet publish src/AliDdnsHa/AliDdnsHa.csproj -c Release -r "$target" -p:PublishAot=true -o "$work" -nologo -v quiet
      mkdir -p "$output/$target"
      install -m 0755 "$work/aliddnsha" "$output/$target/aliddnsha"
      rm -rf "$work"
      echo "$output/$target/aliddnsha ($(stat -c %s "$output/$target/aliddnsha") bytes)"
      ;;
    tool)
      dotnet pack src/AliDdnsHa/AliDdnsHa.csproj -c Release -o "$output/nupkg" -nologo -v quiet
      ls "$output"/nupkg/*.nupkg
      ;;
    *)
      echo "publish: unknown target '$target' (linux-x64, linux-arm64 or tool)" >&2
      exit 2
      ;;
  esac
done
