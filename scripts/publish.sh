#!/usr/bin/env bash
# Builds the release artifacts into artifacts/ (or --output DIR):
#   <dir>/linux-x64/aliddnsha, <dir>/linux-arm64/aliddnsha   NativeAOT single-file binaries (no .NET runtime needed)
#   <dir>/nupkg/AliDdnsHa.<version>.nupkg                      the .NET tool package (dotnet tool install)
#   <dir>/deb/aliddnsha_<version>_amd64.deb, _arm64.deb        Debian packages of those binaries (scripts/package-deb.sh)
# usage: scripts/publish.sh [--output DIR] [TARGET...]
#   TARGET: linux-x64 | linux-arm64 | tool | deb (both .debs, building their binaries) | deb-amd64 | deb-arm64
#   (default: linux-x64 linux-arm64 tool)
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
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(linux-x64 linux-arm64 tool)
mkdir -p "$output"
output=$(cd "$output" && pwd)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# publish_binary RID FOLDER [MSBUILD-ARG...]: the NativeAOT binary into FOLDER/aliddnsha.
publish_binary() {
  local rid=$1 folder=$2 work
  shift 2
  work=$(mktemp -d)
  dotnet publish src/AliDdnsHa/AliDdnsHa.csproj -c Release -r "$rid" -p:PublishAot=true "$@" -o "$work" -nologo -v quiet
  mkdir -p "$folder"
  install -m 0755 "$work/aliddnsha" "$folder/aliddnsha"
  rm -rf "$work"
  echo "$folder/aliddnsha ($(stat -c %s "$folder/aliddnsha") bytes)"
}
# A .deb's binary links the system's zlib (Depends: zlib1g) instead of the copy NativeAOT embeds, as Debian policy
# asks (security updates reach it); the binaries and the image keep the embedded copy (chiseled images have no libz).
package_deb() {
  local arch=$1 rid
  rid=linux-${arch/amd64/x64}
  publish_binary "$rid" "$output/deb/build/$rid" -p:UseSystemZlib=true
  bash scripts/package-deb.sh "$arch" "$output/deb/build/$rid/aliddnsha" "$output/deb"
}
for target in "${targets[@]}"; do
  case $target in
    linux-x64|linux-arm64)
      publish_binary "$target" "$output/$target"
      ;;
    deb)
      package_deb amd64
      package_deb arm64
      ;;
    deb-amd64|deb-arm64)
      package_deb "${target#deb-}"
      ;;
    tool)
      dotnet pack src/AliDdnsHa/AliDdnsHa.csproj -c Release -o "$output/nupkg" -nologo -v quiet
      ls "$output"/nupkg/*.nupkg
      ;;
    *)
      echo "publish: unknown target '$target' (linux-x64, linux-arm64, tool, deb, deb-amd64 or deb-arm64)" >&2
      exit 2
      ;;
  esac
done
