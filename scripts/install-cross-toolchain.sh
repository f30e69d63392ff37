#!/usr/bin/env bash
# Installs what NativeAOT needs to link for another CPU architecture than this machine's (Debian 12 or Ubuntu 24.04):
# the target's C runtime and zlib, a cross gcc (for its crt objects and libgcc) and clang as the linker driver.
#   scripts/install-cross-toolchain.sh arm64|amd64
# Does nothing when the target is this machine's own architecture. Used by the Dockerfile's build stage and by people
# running scripts/publish.sh linux-arm64 on an amd64 machine (or the reverse). Needs root.
set -euo pipefail
target=${1:?usage: install-cross-toolchain.sh arm64|amd64}
host=$(dpkg --print-architecture)
[ "$target" = "$host" ] && exit 0

case $target in
  arm64) triplet=aarch64-linux-gnu ;;
  amd64) triplet=x86-64-linux-gnu ;;
  *) echo "install-cross-toolchain: unsupported target architecture '$target'" >&2; exit 2 ;;
esac

. /etc/os-release
if [ "$ID" = ubuntu ] && [ -f /etc/apt/sources.list.d/ubuntu.sources ] && ! grep -q "^Architectures:" /etc/apt/sources.list.d/ubuntu.sources; then
  # Ubuntu serves amd64 from archive/security.ubuntu.com and arm64 from ports.ubuntu.com: pin the existing sources
  # to the host's architecture and add the other archive for the target's.
  sed -i "/^Types: deb\$/a Architectures: $host" /etc/apt/sources.list.d/ubuntu.sources
  if [ "$target" = arm64 ]; then
    uris="http://ports.ubuntu.com/ubuntu-ports/"; suites="$VERSION_CODENAME $VERSION_CODENAME-updates $VERSION_CODENAME-security"
  else
    uris="http://archive.ubuntu.com/ubuntu/ http://security.ubuntu.com/ubuntu/"; suites="$VERSION_CODENAME $VERSION_CODENAME-updates $VERSION_CODENAME-security"
  fi
  cat > "/etc/apt/sources.list.d/cross-$target.sources" <<SOURCES
Types: deb
URIs: $uris
Suites: $suites
Components: main universe
Architectures: $target
Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg
SOURCES
fi
# Debian's mirrors serve every architecture from the same sources.

dpkg --add-architecture "$target"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  clang llvm lld "binutils-$triplet" "gcc-$triplet" "zlib1g-dev:$target" >/dev/null
echo "install-cross-toolchain: ready to link for $target on $host"
