#!/usr/bin/env bash
# Packages a NativeAOT binary as a Debian package with dpkg-deb (no debhelper needed; the maintainer scripts are the
# ones dh_installsystemd and adduser-using packages generate, written out).
# usage: scripts/package-deb.sh ARCH BINARY OUTDIR        ARCH: amd64 | arm64
# scripts/publish.sh deb builds both binaries and calls this for each.
#
# The package holds:
#   /usr/bin/aliddnsha                                the binary
#   /usr/lib/systemd/system/aliddnsha.service         config/systemd/aliddnsha.service with the packaged paths and a
#                                                     static user instead of DynamicUser (every hardening line kept)
#   /etc/aliddnsha/aliddnsha.yaml        (conffile)   config/aliddnsha.example.yaml: hosts-file mode, harmless to start
#   /etc/default/aliddnsha               (conffile)   secrets as environment variables, mode 0600
#   /usr/share/doc/aliddnsha/                         copyright, changelog, the web config example
#   /usr/share/man/man1/aliddnsha.1.gz                config/man/aliddnsha.1
# postinst creates the system user aliddnsha and /var/lib/aliddnsha, enables the unit, and starts it only where
# systemd runs; prerm stops it; postrm purge removes /var/lib/aliddnsha and the user.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 3 ]; then
  sed -n '2,7p' "$0" >&2
  exit 2
fi
arch=$1 binary=$2 outdir=$3
case $arch in amd64|arm64) ;; *) echo "package-deb: ARCH is amd64 or arm64, not '$arch'" >&2; exit 2 ;; esac
[ -x "$binary" ] || { echo "package-deb: '$binary' is not an executable" >&2; exit 2; }

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)
[ -n "$version" ] || { echo "package-deb: no <Version> in Directory.Build.props" >&2; exit 1; }
maintainer="AliDdnsHa maintainers <maintainers@aliddnsha.invalid>"
# Reproducible: every timestamp is the last commit's (or SOURCE_DATE_EPOCH when set).
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
umask 0022

install -D -m 0755 "$binary" "$root/usr/bin/aliddnsha"
strip --strip-unneeded "$root/usr/bin/aliddnsha" 2>/dev/null || aarch64-linux-gnu-strip --strip-unneeded "$root/usr/bin/aliddnsha" 2>/dev/null || true

# The unit: the repository's hardened unit, with the binary in /usr/bin, the static user the package creates (state in
# /var/lib/aliddnsha, owned by it, instead of a dynamic user's /var/lib/private) and Debian's /etc/default file.
mkdir -p "$root/usr/lib/systemd/system"
{
  echo "# AliDdnsHa as installed by its Debian package. Configuration: /etc/aliddnsha/aliddnsha.yaml;"
  echo "# secrets: /etc/default/aliddnsha (mode 0600). Edit those, then: systemctl restart aliddnsha"
  echo "# To change this unit, use a drop-in: systemctl edit aliddnsha"
  sed -e '1,/^$/d' \
      -e 's:/usr/local/bin/aliddnsha:/usr/bin/aliddnsha:g' \
      -e 's:^DynamicUser=yes$:User=aliddnsha\nGroup=aliddnsha:' \
      -e 's:^# A throwaway user per start; state:# The package'"'"'s system user; state:' \
      -e 's:^EnvironmentFile=-/etc/aliddnsha/aliddnsha.env$:EnvironmentFile=-/etc/default/aliddnsha:' \
      config/systemd/aliddnsha.service
} > "$root/usr/lib/systemd/system/aliddnsha.service"
chmod 0644 "$root/usr/lib/systemd/system/aliddnsha.service"
for expected in 'ExecStart=/usr/bin/aliddnsha run' 'User=aliddnsha' 'EnvironmentFile=-/etc/default/aliddnsha' 'ProtectSystem=strict'; do
  grep -q "^$expected" "$root/usr/lib/systemd/system/aliddnsha.service" || { echo "package-deb: the unit lacks '$expected'" >&2; exit 1; }
done

# The configuration: the commented example, in hosts-file mode, with the state under /var/lib/aliddnsha.
install -d -m 0755 "$root/etc/aliddnsha"
{
  echo "# AliDdnsHa configuration (installed by the Debian package; your edits are kept on upgrade)."
  echo "# Check it with:  aliddnsha check-config --config /etc/aliddnsha/aliddnsha.yaml   then: systemctl restart aliddnsha"
  echo "# Secrets (AccessKey, TSIG) go in /etc/default/aliddnsha, never here."
  sed -e '1,2d' -e 's:\./data/hosts:/var/lib/aliddnsha/hosts:g' config/aliddnsha.example.yaml
} > "$root/etc/aliddnsha/aliddnsha.yaml"
chmod 0644 "$root/etc/aliddnsha/aliddnsha.yaml"

install -d -m 0755 "$root/etc/default"
cat > "$root/etc/default/aliddnsha" <<'EOF'
# Environment of the aliddnsha service (systemd EnvironmentFile): secrets stay here, mode 0600, readable by root only.
# systemd reads it before it drops to the aliddnsha user. After a change: systemctl restart aliddnsha
#
# Alibaba Cloud DNS (a RAM user's AccessKey with the AliyunDNSFullAccess policy, or narrower):
#ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI...
#ALIBABA_CLOUD_ACCESS_KEY_SECRET=...
#
# The TSIG secret of an RFC 2136 provider called "bind" in aliddnsha.yaml:
#ALIDDNSHA__Providers__bind__TsigSecret=...
#
# Any setting of aliddnsha.yaml can be overridden here too, e.g.:
#ALIDDNSHA__DryRun=true
EOF
chmod 0600 "$root/etc/default/aliddnsha"

install -d -m 0755 "$root/usr/share/man/man1"
gzip -9n < config/man/aliddnsha.1 > "$root/usr/share/man/man1/aliddnsha.1.gz"
chmod 0644 "$root/usr/share/man/man1/aliddnsha.1.gz"

doc=$root/usr/share/doc/aliddnsha
install -d -m 0755 "$doc"
install -m 0644 config/web.example.yml "$doc/web.example.yml"
cat > "$doc/copyright" <<'EOF'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: aliddnsha
Source: https://github.com/aliddnsha/aliddnsha

Files: *
Copyright: 2026 The AliDdnsHa authors
License: MIT

License: MIT
 Permission is hereby granted, free of charge, to any person obtaining a copy of
 this software and associated documentation files (the "Software"), to deal in
 the Software without restriction, including without limitation the rights to
 use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
 the Software, and to permit persons to whom the Software is furnished to do so,
 subject to the following conditions:
 .
 The above copyright notice and this permission notice shall be included in all
 copies or substantial portions of the Software.
 .
 THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
 FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
 COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
 IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
 CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
EOF
chmod 0644 "$doc/copyright"
{
  echo "aliddnsha ($version) unstable; urgency=medium"
  echo
  echo "  * Release $version; see https://github.com/aliddnsha/aliddnsha/releases."
  echo
  echo " -- $maintainer  $(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n > "$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"
# Deliberate: the secrets file is readable by root only (systemd reads it before dropping privileges).
install -d -m 0755 "$root/usr/share/lintian/overrides"
cat > "$root/usr/share/lintian/overrides/aliddnsha" <<'EOF'
# /etc/default/aliddnsha holds the AccessKey and TSIG secrets: root only, as systemd reads it before dropping privileges.
aliddnsha: non-standard-file-perm 0600 != 0644 [etc/default/aliddnsha]
EOF
chmod 0644 "$root/usr/share/lintian/overrides/aliddnsha"

# Maintainer scripts.
install -d -m 0755 "$root/DEBIAN"
installed_size=$(du -k -s --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<EOF
Package: aliddnsha
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_size
Depends: adduser, libc6 (>= 2.31), libssl3 | libssl3t64, zlib1g (>= 1:1.2.11)
Section: net
Priority: optional
Homepage: https://github.com/aliddnsha/aliddnsha
Description: health-checking DNS failover controller for multi-line networks
 AliDdnsHa keeps one public name's A (or AAAA) record set holding exactly the
 healthy addresses of several internet lines: it discovers each line's address
 (static, a DDNS name, an interface or a record), probes the service port from
 one or more vantage points, and reconciles the record set at Alibaba Cloud DNS,
 an RFC 2136 server (BIND, Knot, PowerDNS) or a hosts file, make-before-break.
 It exports Prometheus metrics and serves a status page.
EOF
printf '/etc/aliddnsha/aliddnsha.yaml\n/etc/default/aliddnsha\n' > "$root/DEBIAN/conffiles"

cat > "$root/DEBIAN/postinst" <<'EOF'
#!/bin/sh
set -e

if [ "$1" = "configure" ]; then
	if ! getent passwd aliddnsha >/dev/null; then
		adduser --system --group --quiet --home /var/lib/aliddnsha --no-create-home \
			--shell /usr/sbin/nologin --gecos "AliDdnsHa DNS failover controller" aliddnsha
	fi
	if [ ! -d /var/lib/aliddnsha ]; then
		install -d -o aliddnsha -g aliddnsha -m 0750 /var/lib/aliddnsha
	fi
fi

# As dh_installsystemd writes it: enable on first install (or keep the admin's choice), start only under systemd.
if [ "$1" = "configure" ] || [ "$1" = "abort-upgrade" ] || [ "$1" = "abort-deconfigure" ] || [ "$1" = "abort-remove" ]; then
	deb-systemd-helper unmask 'aliddnsha.service' >/dev/null || true
	if deb-systemd-helper --quiet was-enabled 'aliddnsha.service'; then
		deb-systemd-helper enable 'aliddnsha.service' >/dev/null || true
	else
		deb-systemd-helper update-state 'aliddnsha.service' >/dev/null || true
	fi
	if [ -z "$2" ]; then
		deb-systemd-helper enable 'aliddnsha.service' >/dev/null || true
	fi
	if [ -d /run/systemd/system ]; then
		systemctl --system daemon-reload >/dev/null || true
		if [ -n "$2" ]; then
			_dh_action=restart
		else
			_dh_action=start
		fi
		deb-systemd-invoke $_dh_action 'aliddnsha.service' >/dev/null || true
	fi
fi
EOF

cat > "$root/DEBIAN/prerm" <<'EOF'
#!/bin/sh
set -e

if [ -d /run/systemd/system ] && [ "$1" = "remove" -o "$1" = "upgrade" -o "$1" = "deconfigure" ]; then
	deb-systemd-invoke stop 'aliddnsha.service' >/dev/null || true
fi
EOF

cat > "$root/DEBIAN/postrm" <<'EOF'
#!/bin/sh
set -e

if [ -d /run/systemd/system ] && [ "$1" = "remove" ]; then
	systemctl --system daemon-reload >/dev/null || true
fi

if [ "$1" = "remove" ]; then
	if [ -x "/usr/bin/deb-systemd-helper" ]; then
		deb-systemd-helper mask 'aliddnsha.service' >/dev/null || true
	fi
fi

if [ "$1" = "purge" ]; then
	if [ -x "/usr/bin/deb-systemd-helper" ]; then
		deb-systemd-helper purge 'aliddnsha.service' >/dev/null || true
		deb-systemd-helper unmask 'aliddnsha.service' >/dev/null || true
	fi
	# The user's data goes only on purge: the hosts file and anything else the service kept.
	rm -rf /var/lib/aliddnsha
	rmdir --ignore-fail-on-non-empty /etc/aliddnsha 2>/dev/null || true
	if getent passwd aliddnsha >/dev/null && command -v deluser >/dev/null; then
		deluser --system --quiet aliddnsha >/dev/null 2>&1 || true
	fi
	if getent group aliddnsha >/dev/null && command -v delgroup >/dev/null; then
		delgroup --system --quiet aliddnsha >/dev/null 2>&1 || true
	fi
fi
EOF
chmod 0755 "$root/DEBIAN/postinst" "$root/DEBIAN/prerm" "$root/DEBIAN/postrm"

(cd "$root" && find . -path ./DEBIAN -prune -o -type f -print | sed 's:^\./::' | LC_ALL=C sort | xargs md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/conffiles" "$root/DEBIAN/md5sums"
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

mkdir -p "$outdir"
deb="$outdir/aliddnsha_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb ($(stat -c %s "$deb") bytes)"
