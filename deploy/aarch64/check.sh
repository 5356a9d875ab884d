#!/usr/bin/env bash
# Proof on aarch64: the release archive runs in an arm64 Debian root with Debian's own Java 25, under
# qemu-user-static, on any x86_64 Linux machine. Emulated timing means nothing; the point is that it starts,
# loads its native libraries and computes.
#
#   sudo deploy/aarch64/check.sh [ARCHIVE]     (default: dist/target/afferent-*.tar.gz, from mvn -Pdist package)
#
# It builds two arm64 roots once (mmdebstrap --variant=extract, cached under $AFFERENT_AARCH64_CACHE,
# default /var/cache/afferent-aarch64): "jre" with only openjdk-25-jre-headless, as a Pi user installs it,
# and "jre-fonts" with the packages the install declares for the charts. In them it runs:
#   jre:        bin/afferent run sim-laptop.yaml --duration 10s  -> exit 0, summary.json, the table in UTF-8
#               under LC_ALL=C, and one warning naming the font packages instead of the charts;
#               bin/afferent doctor                              -> exit 0 or 1 (a "fail" is the VM's, not ours)
#               sim serve + probe serial (NMEA over a pseudo-terminal) -> jSerialComm's linux-aarch64 library
#               loads and decodes fixes
#               Pi4J's linux-aarch64 gpiod libraries link against the root's C library (ld.so --list)
#   jre-fonts:  the same run draws its charts (non-empty PNGs)
#   cross-platform: sim-laptop and sim-waypoints runs recorded on this x86_64 host (the archive on the host's
#               JDK 25) replay in the arm64 root with --verify -> "identical" (the stages compute the same bits)
# Any UnsatisfiedLinkError in any log fails the check. Needs root (mmdebstrap, binfmt_misc, chroot, mount).
set -euo pipefail

repo=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
cache=${AFFERENT_AARCH64_CACHE:-/var/cache/afferent-aarch64}
suite=${AFFERENT_AARCH64_SUITE:-stable}
archive=${1:-$(ls -t "$repo"/dist/target/afferent-*.tar.gz 2>/dev/null | head -n 1 || true)}
fonts=(fontconfig libharfbuzz0b fonts-dejavu-core)
start=$(date +%s)

fail() { echo "aarch64 check: FAIL: $*" >&2; exit 1; }
step() { echo "== [$(($(date +%s) - start)) s] $*"; }

[ "$(id -u)" = 0 ] || fail "needs root (mmdebstrap, binfmt_misc, chroot): sudo $0"
[ -n "$archive" ] && [ -f "$archive" ] || fail "no archive: build it with 'mvn -B package -Pdist -DskipTests' or pass its path"
name=$(basename "$archive" .tar.gz)   # the archive's top folder is named as the file

step "tools: qemu-user-static, mmdebstrap, binfmt-support"
if ! command -v mmdebstrap >/dev/null || ! command -v qemu-aarch64-static >/dev/null || ! command -v update-binfmts >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user-static mmdebstrap binfmt-support >/dev/null
fi
mountpoint -q /proc/sys/fs/binfmt_misc || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || update-binfmts --import qemu-aarch64 >/dev/null 2>&1 || true
update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
grep -q '^enabled' /proc/sys/fs/binfmt_misc/qemu-aarch64 || fail "binfmt_misc has no enabled qemu-aarch64 entry"
fix_binary=0
grep -q '^flags:.*F' /proc/sys/fs/binfmt_misc/qemu-aarch64 && fix_binary=1

# An arm64 root, built once: extract variant (no maintainer scripts run), then the merged-/usr links that
# the extract variant does not make.
make_root() {
  local dir=$1 include=$2
  if [ -f "$dir/.afferent-root" ] && [ "$(cat "$dir/.afferent-root")" = "$suite $include" ]; then
    step "root $dir: cached ($suite: $include)"
    return
  fi
  step "root $dir: mmdebstrap --arch=arm64 --variant=extract --include=$include $suite"
  rm -rf "$dir.tmp" "$dir"
  mkdir -p "$(dirname "$dir")"
  # The clock may run ahead of the mirror's Valid-Until (a stale mirror, a VM's clock): accept its Release files.
  mmdebstrap --quiet --arch=arm64 --variant=extract --include="$include" \
    --aptopt='Acquire::Check-Valid-Until "false"' --aptopt='Acquire::Check-Date "false"' "$suite" "$dir.tmp"
  local d
  for d in bin sbin lib; do
    [ -e "$dir.tmp/$d" ] || ln -s "usr/$d" "$dir.tmp/$d"
  done
  mkdir -p "$dir.tmp/proc" "$dir.tmp/dev" "$dir.tmp/tmp" "$dir.tmp/opt" "$dir.tmp/root"
  chmod 1777 "$dir.tmp/tmp"
  echo "$suite $include" >"$dir.tmp/.afferent-root"
  mv "$dir.tmp" "$dir"
}

# Whatever happens, leave no mount behind in the cache.
cleanup() {
  local m
  for m in $(awk -v c="$cache/" 'index($2, c) == 1 { print $2 }' /proc/mounts | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
}
trap cleanup EXIT

# Runs a command in the root under qemu, with /proc, /dev and a fresh /tmp mounted, and the C locale.
in_root() {
  local dir=$1; shift
  if [ "$fix_binary" = 0 ]; then   # the kernel looks for the interpreter inside the root: put it there
    local interp
    interp=$(sed -n 's/^interpreter //p' /proc/sys/fs/binfmt_misc/qemu-aarch64)
    install -D -m 0755 "$interp" "$dir$interp"
  fi
  mount -t proc proc "$dir/proc"
  mount --rbind /dev "$dir/dev"
  mount -t tmpfs tmpfs "$dir/tmp"
  local rc=0
  chroot "$dir" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root LC_ALL=C "$@" || rc=$?
  umount "$dir/tmp"
  umount -R "$dir/dev" || umount -l "$dir/dev"
  umount "$dir/proc"
  return "$rc"
}

unpack() {
  local dir=$1
  rm -rf "$dir/opt/$name" "$dir/root/out"
  tar -xzf "$archive" -C "$dir/opt"
  mkdir -p "$dir/root/out"
}

# Any native library that failed to load, except the one the no-fonts root is there to show: AWT's font
# manager, reported by the run's single "charts not drawn" warning.
no_link_errors() {
  if grep -n "UnsatisfiedLinkError\|cannot open shared object" "$@" | grep -v "WARN  \[main\] charts not drawn: "; then
    fail "a native library failed to load (above)"
  fi
}

# The extract variant installs only what is named and its dependencies: the shell and tools that
# bin/afferent and this script use come along by name.
tools=bash,coreutils,dash,grep,sed
jre="$cache/jre"
make_root "$jre" "openjdk-25-jre-headless,$tools"
make_root "$cache/jre-fonts" "openjdk-25-jre-headless,$tools,$(IFS=,; echo "${fonts[*]}")"
step "java -version in the arm64 root"
unpack "$jre"
t=$(date +%s%N)
in_root "$jre" /bin/sh -c 'exec "$(ls -d /usr/lib/jvm/*/bin/java | head -n 1)" -version' 2>&1 | sed 's/^/   /'
echo "   ($(( ($(date +%s%N) - t) / 1000000 )) ms)"

step "jre root: bin/afferent run sim-laptop.yaml --duration 10s (LC_ALL=C)"
t=$(date +%s)
rc=0
in_root "$jre" /bin/sh -c "cd /root/out && /opt/$name/bin/afferent run /opt/$name/config/profiles/sim-laptop.yaml --duration 10s --report-dir /root/out/reports >/root/out/run.out 2>/root/out/run.err" || rc=$?
echo "   exit $rc after $(($(date +%s) - t)) s of wall time"
head -n 40 "$jre/root/out/run.out" | sed 's/^/   | /'   # head reads the file itself: no SIGPIPE under pipefail
grep -E "WARN|ERROR" "$jre/root/out/run.err" | sed 's/^/   ! /' || true
[ "$rc" = 0 ] || { cat "$jre/root/out/run.err" >&2; fail "the run exited $rc"; }
summary=$(ls "$jre"/root/out/reports/*/summary.json 2>/dev/null | head -n 1)
[ -n "$summary" ] || fail "no summary.json written"
grep -q '"exit_code" *: *0' "$summary" || fail "summary.json does not say exit_code 0"
grep -q '"arch" *: *"aarch64"' "$summary" || fail "summary.json's host.arch is not aarch64: not emulated?"
grep -q 'µs' "$jre/root/out/run.out" || fail "the table has no 'µs' (UTF-8 output) under LC_ALL=C"
grep -q "charts not drawn.*apt-get install ${fonts[*]}" "$jre/root/out/run.err" \
  || fail "without font libraries the run should warn once naming ${fonts[*]}"
[ "$(grep -c 'charts not drawn' "$jre/root/out/run.err")" = 1 ] || fail "the charts warning is not given exactly once"
if ls "$(dirname "$summary")"/*.png >/dev/null 2>&1; then fail "a PNG was left although the charts could not be drawn"; fi
echo "   report: ${summary#"$jre"}; no PNG, one warning naming ${fonts[*]}"
# What the run reported about itself (an emulated CPU may not keep up, nor drain its rings within the
# shutdown bound: said here, not failed on).
python3 - "$summary" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print("   summary: stop_reason %r, exit_code %d, errors %s" % (s["stop_reason"], s["exit_code"],
      [e["message"] for e in s["errors"]] or "none"))
for name, src in s["sources"].items():
    print("   source %-7s samples %6d dropped %5d" % (name, src["samples"], src["dropped"]))
PY

step "jre root: bin/afferent doctor"
rc=0
in_root "$jre" "/opt/$name/bin/afferent" doctor >"$jre/root/out/doctor.out" 2>"$jre/root/out/doctor.err" || rc=$?
sed 's/^/   | /' "$jre/root/out/doctor.out"
[ "$rc" = 0 ] || [ "$rc" = 1 ] || { cat "$jre/root/out/doctor.err" >&2; fail "doctor exited $rc (0 = all pass/warn, 1 = a check failed)"; }
echo "   exit $rc"

step "jre root: jSerialComm on linux-aarch64: sim serve + probe serial over a pseudo-terminal"
rc=0
in_root "$jre" /bin/sh -c "
  cd /root/out
  /opt/$name/bin/afferent sim serve /opt/$name/config/profiles/sim-serial.yaml --duration 600s >serve.out 2>serve.err &
  serve=\$!
  # An emulated JVM takes a minute or more to start, more on a busy machine; the server is stopped after the
  # probe. The profile unplugs the GPS from 20 s to 23 s after serving starts: probe once it is back.
  i=0; while ! grep -q '^serving' serve.out 2>/dev/null && [ \$i -lt 400 ]; do sleep 1; i=\$((i + 1)); done
  sleep 24
  /opt/$name/bin/afferent probe serial --port /tmp/afferent/gps0 --protocol nmea --baud 38400 --duration 5s >probe.out 2>probe.err
  rc=\$?; kill \$serve 2>/dev/null; wait \$serve; exit \$rc" || rc=$?
head -n 5 "$jre/root/out/probe.out" | sed 's/^/   | /'
[ "$rc" = 0 ] || { cat "$jre/root/out/probe.err" "$jre/root/out/serve.err" >&2; fail "probe serial exited $rc"; }
grep -q " lat [0-9-]" "$jre/root/out/probe.out" || fail "probe serial decoded no fix"
echo "   exit 0: jSerialComm's Linux/armv8_64 library loaded and read the pseudo-terminal"

step "jre root: Pi4J's linux-aarch64 gpiod libraries resolve against the root's C library"
gpiod=$(ls "$jre/opt/$name/lib/"pi4j-library-gpiod-*.jar)
rm -rf "$jre/root/out/gpiod" && mkdir -p "$jre/root/out/gpiod"
python3 - "$gpiod" "$jre/root/out/gpiod" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for n in ("lib/aarch64/pi4j-gpiod/libgpiod.so", "lib/aarch64/pi4j-gpiod/libpi4j-gpiod.so"):
    open(sys.argv[2] + "/" + n.rsplit("/", 1)[1], "wb").write(z.read(n))
PY
ln -sf libgpiod.so "$jre/root/out/gpiod/libgpiod.so.2"   # its soname, as Pi4J's loader registers it
rc=0
in_root "$jre" /lib/ld-linux-aarch64.so.1 --library-path /root/out/gpiod --list /root/out/gpiod/libpi4j-gpiod.so \
  >"$jre/root/out/ldd.out" 2>&1 || rc=$?
sed 's/^/   | /' "$jre/root/out/ldd.out"
[ "$rc" = 0 ] && ! grep -q "not found" "$jre/root/out/ldd.out" || fail "libpi4j-gpiod.so does not link in the arm64 root"

no_link_errors "$jre"/root/out/*.err

step "jre-fonts root: the same run draws its charts"
unpack "$cache/jre-fonts"
rc=0
in_root "$cache/jre-fonts" /bin/sh -c "cd /root/out && /opt/$name/bin/afferent run /opt/$name/config/profiles/sim-laptop.yaml --duration 10s --report-dir /root/out/reports >/root/out/run.out 2>/root/out/run.err" || rc=$?
[ "$rc" = 0 ] || { cat "$cache/jre-fonts/root/out/run.err" >&2; fail "the run with fonts exited $rc"; }
no_link_errors "$cache/jre-fonts/root/out/run.err"
pngs=$(find "$cache"/jre-fonts/root/out/reports -name '*.png' -size +1k | wc -l)
[ "$pngs" -ge 4 ] || fail "expected the run's charts (4+ non-empty PNGs), found $pngs"
echo "   exit 0, $pngs charts"

# Fusion and the waypoint follower compute the same bits on both (PortableMath; Math's sin/cos intrinsics differ
# by an ulp between x86_64 and aarch64): recordings made here replay identically in the arm64 root.
for profile in sim-laptop sim-waypoints; do
  step "cross-platform: record $profile on this $(uname -m) host, replay it in the arm64 root with --verify"
  host="$cache/host-$name"
  rm -rf "$host" && mkdir -p "$host"
  tar -xzf "$archive" -C "$host"
  rc=0
  "$host/$name/bin/afferent" run "$host/$name/config/profiles/$profile.yaml" --duration 10s --record \
    --report-dir "$host/reports" >"$host/run.out" 2>"$host/run.err" || rc=$?
  [ "$rc" = 0 ] || { cat "$host/run.err" >&2; fail "the $profile recording run on the host exited $rc"; }
  mcap=$(ls "$host"/reports/*/run.mcap 2>/dev/null | head -n 1)
  [ -n "$mcap" ] || fail "the host run of $profile wrote no run.mcap"
  echo "   recorded on $(uname -m): ${mcap#"$host/"} ($(stat -c %s "$mcap") bytes)"
  cp "$mcap" "$jre/root/out/x86.mcap"
  rc=0
  in_root "$jre" "/opt/$name/bin/afferent" replay /root/out/x86.mcap --verify \
    >"$jre/root/out/replay.out" 2>"$jre/root/out/replay.err" || rc=$?
  sed 's/^/   | /' "$jre/root/out/replay.out"
  [ "$rc" = 0 ] || { cat "$jre/root/out/replay.err" >&2; fail "replay --verify of $profile in the arm64 root exited $rc (0 = identical)"; }
  grep -q "^identical: " "$jre/root/out/replay.out" || fail "replay --verify of $profile did not print 'identical: ...'"
  no_link_errors "$jre/root/out/replay.err"
  rm -rf "$host"
done

step "PASS: aarch64 check in $(($(date +%s) - start)) s"
