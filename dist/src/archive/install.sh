#!/usr/bin/env bash
# Installs Afferent from this release archive as a systemd service, or removes it.
#
#   sudo ./install.sh                    install (or upgrade) and enable the service
#   sudo ./install.sh --uninstall        remove it; keeps /etc/afferent and the reports
#   sudo ./install.sh --uninstall --purge   ... and the configuration, the reports and the afferent user
#
# Options: --profile NAME  the shipped profile copied to /etc/afferent/robot.yaml on the first install
#                          (default sim-laptop.yaml; never overwritten later: it is yours to edit)
#          --no-packages   do not apt-get install the font packages that the charts need; only say so
#          --root DIR      install into DIR as the system's root (a scratch root for tests or an image
#                          being prepared): nothing is started, no package is installed
#
# What it does, each step printed: the groups dialout and gpio (created if absent) and a system user
# afferent in them; the archive in /opt/afferent; the shipped profiles in /etc/afferent/profiles (an edited
# one is never overwritten: the new version goes beside it as NAME.yaml.new); /var/lib/afferent/reports;
# the unit in /etc/systemd/system and the udev rules in /etc/udev/rules.d; the unit enabled. A second run
# changes nothing and says so.
set -euo pipefail

invocation="$0 $*"
src=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
version=$(cat "$src/VERSION" 2>/dev/null || echo unknown)
root=""
mode=install
purge=0
packages=1
profile=sim-laptop.yaml
user=afferent
unit=afferent.service
rules=60-afferent.rules
font_packages=(fontconfig libharfbuzz0b fonts-dejavu-core)

usage() { sed -n '2,/^set /{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --uninstall) mode=uninstall ;;
    --purge) purge=1 ;;
    --no-packages) packages=0 ;;
    --profile) [ $# -ge 2 ] || die "--profile needs a NAME (one of: $(cd "$src/config/profiles" && echo *.yaml))"
               profile=$2; shift ;;
    --root) [ $# -ge 2 ] || die "--root needs a directory"
            root=$(readlink -f "$2") || die "--root $2: no such directory"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
  shift
done
[ "$purge" = 0 ] || [ "$mode" = uninstall ] || die "--purge goes with --uninstall"
[ -z "$root" ] || [ -d "$root" ] || die "--root $root: no such directory"
case "$profile" in */*) die "--profile takes a name from config/profiles, e.g. sim-laptop.yaml" ;; esac

# --- preconditions ----------------------------------------------------------------------------------
[ "$(id -u)" = 0 ] || die "must run as root (it creates a system user and installs a service): sudo $invocation"

on_host() { [ -z "$root" ]; }
systemd_running() { on_host && [ -d /run/systemd/system ]; }

require_systemd() {
  if ! { [ -d "$root/etc/systemd/system" ] || [ -x "$root/usr/lib/systemd/systemd" ] || [ -x "$root/lib/systemd/systemd" ]; } \
     || { on_host && ! command -v systemctl >/dev/null 2>&1; }; then
    die "systemd not found${root:+ in $root} (no systemctl, no /etc/systemd/system): this installer sets Afferent up as a systemd service. Without systemd, run $src/bin/afferent directly."
  fi
}
for tool in useradd groupadd usermod sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found (package passwd / coreutils)"
done

# shellcheck source=SCRIPTDIR/../../../deploy/bin/find-jdk.sh
source "$src/lib/find-jdk.sh"
find_target_java() {
  # The Java the service will find: no JAVA_HOME, the system PATH, the usual install locations (of the target root).
  if on_host; then
    (unset JAVA_HOME; PATH=/usr/local/bin:/usr/bin:/bin HOME=/var/lib/afferent afferent_find_java 2>/dev/null)
    return
  fi
  local c major
  for c in "$root"/usr/lib/jvm/*/bin/java "$root"/opt/java/*/bin/java "$root"/opt/jdk*/bin/java; do
    [ -x "$c" ] || continue
    major=$(afferent_java_major "$c")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then echo "$c"; return 0; fi
  done
  return 1
}

changes=0
did() { changes=$((changes + 1)); printf '  done:      %s\n' "$*"; }
kept() { printf '  unchanged: %s\n' "$*"; }
note() { printf '  note:      %s\n' "$*"; }

in_group() { grep -Eq "^$2:[^:]*:[^:]*:(.*,)?$1(,|$)" "$root/etc/group"; }
has_group() { grep -q "^$1:" "$root/etc/group"; }
has_user() { grep -q "^$1:" "$root/etc/passwd"; }
uid_of() { awk -F: -v u="$1" '$1 == u { print $3 }' "$root/etc/passwd"; }
gid_of() { awk -F: -v u="$1" '$1 == u { print $4 }' "$root/etc/passwd"; }
rootopt=()
[ -z "$root" ] || rootopt=(--root "$root")

# The same content in both places (files, or whole directories).
same() { [ -e "$2" ] && diff -rq "$1" "$2" >/dev/null 2>&1; }
sha() { sha256sum "$1" | cut -d' ' -f1; }

# --- install ------------------------------------------------------------------------------------------
install_all() {
  local java
  require_systemd
  java=$(find_target_java) || die "no Java 25 or newer found${root:+ in $root} (the service looks at /usr/lib/jvm/*, /opt/java/* and java on the system PATH, not \$JAVA_HOME). Install one first:
  Raspberry Pi OS / Debian 13:  sudo apt-get install openjdk-25-jre-headless"
  [ -f "$src/config/profiles/$profile" ] || die "--profile $profile: not a shipped profile (one of: $(cd "$src/config/profiles" && echo *.yaml))"

  echo "Installing Afferent $version${root:+ into $root} (Java: $java)"

  local g
  for g in dialout gpio; do
    if has_group "$g"; then kept "group $g exists"; else groupadd --system "${rootopt[@]}" "$g"; did "created group $g"; fi
  done
  if has_user "$user"; then
    kept "system user $user exists"
  else
    local group_opt=(--user-group) shell=/usr/sbin/nologin
    if has_group "$user"; then group_opt=(--gid "$user"); fi   # left by an earlier uninstall
    useradd --system "${group_opt[@]}" --home-dir /var/lib/afferent --no-create-home --shell "$shell" \
      --comment "Afferent sensor runtime" "${rootopt[@]}" "$user"
    did "created system user $user (home /var/lib/afferent, no login shell)"
  fi
  for g in dialout gpio; do
    if in_group "$user" "$g"; then kept "$user is in group $g"; else usermod -a -G "$g" "${rootopt[@]}" "$user"; did "added $user to group $g"; fi
  done

  # The archive in /opt/afferent, replaced as a whole when anything differs.
  local dest="$root/opt/afferent" items=(bin lib config systemd udev licenses README.md THIRD-PARTY.md VERSION install.sh)
  local differs=0 i
  for i in "${items[@]}"; do
    [ -e "$src/$i" ] || continue
    same "$src/$i" "$dest/$i" || differs=1
  done
  if [ "$differs" = 0 ]; then
    kept "/opt/afferent holds this archive ($version)"
  else
    rm -rf "$dest.new"
    mkdir -p "$dest.new"
    for i in "${items[@]}"; do if [ -e "$src/$i" ]; then cp -R "$src/$i" "$dest.new/"; fi; done
    chown -R 0:0 "$dest.new"
    chmod -R u=rwX,go=rX "$dest.new"
    chmod 0755 "$dest.new"/bin/* "$dest.new/install.sh"
    rm -rf "$dest.old"
    if [ -e "$dest" ]; then mv "$dest" "$dest.old"; fi
    mv "$dest.new" "$dest"
    rm -rf "$dest.old"
    did "installed the archive in /opt/afferent ($version)"
  fi

  # Profiles: a shipped file the user has not edited is updated; an edited one stays, the new one beside it.
  local etc="$root/etc/afferent" record="$root/etc/afferent/.shipped.sha256" p name new cur old
  mkdir -p "$etc/profiles"
  [ -e "$record" ] || : >"$record"
  for p in "$src"/config/profiles/*.yaml; do
    name=profiles/$(basename "$p")
    new=$(sha "$p")
    old=$(awk -v n="$name" '$2 == n { print $1 }' "$record")
    if [ ! -e "$etc/$name" ]; then
      install -m 0644 "$p" "$etc/$name"; did "installed /etc/afferent/$name"
    else
      cur=$(sha "$etc/$name")
      if [ "$cur" = "$new" ]; then
        kept "/etc/afferent/$name"
      elif [ -n "$old" ] && [ "$cur" = "$old" ]; then
        install -m 0644 "$p" "$etc/$name"; did "updated /etc/afferent/$name (you had not edited it)"
      elif [ "$new" = "$old" ]; then
        kept "/etc/afferent/$name (edited by you)"
      elif same "$p" "$etc/$name.new"; then
        kept "/etc/afferent/$name (edited by you; the shipped version is beside it as $name.new)"
      else
        install -m 0644 "$p" "$etc/$name.new"
        did "kept your edited /etc/afferent/$name; the shipped version is beside it: $name.new"
      fi
    fi
    # Remember what was shipped, so that the next upgrade knows whether the file was edited.
    if [ "$old" != "$new" ] && { [ -z "$old" ] || [ "$(sha "$etc/$name")" = "$new" ]; }; then
      { grep -v "  $name\$" "$record" || true; printf '%s  %s\n' "$new" "$name"; } >"$record.tmp"
      mv "$record.tmp" "$record"
    fi
  done
  if [ -e "$etc/robot.yaml" ]; then
    kept "/etc/afferent/robot.yaml (the service's profile; yours to edit)"
  else
    install -m 0644 "$src/config/profiles/$profile" "$etc/robot.yaml"
    did "created /etc/afferent/robot.yaml from $profile: the profile the service runs, edit it for your robot"
  fi

  local uid gid
  uid=$(uid_of "$user"); gid=$(gid_of "$user")
  if [ -d "$root/var/lib/afferent/reports" ] && [ "$(stat -c %u:%g "$root/var/lib/afferent/reports")" = "$uid:$gid" ]; then
    kept "/var/lib/afferent/reports (where the service writes its reports)"
  else
    install -d -m 0750 -o "$uid" -g "$gid" "$root/var/lib/afferent" "$root/var/lib/afferent/reports"
    did "created /var/lib/afferent/reports, owned by $user"
  fi

  local unit_changed=0
  if same "$src/systemd/$unit" "$root/etc/systemd/system/$unit"; then
    kept "/etc/systemd/system/$unit"
  else
    install -D -m 0644 "$src/systemd/$unit" "$root/etc/systemd/system/$unit"
    did "installed /etc/systemd/system/$unit"; unit_changed=1
  fi
  if same "$src/udev/$rules" "$root/etc/udev/rules.d/$rules"; then
    kept "/etc/udev/rules.d/$rules"
  else
    install -D -m 0644 "$src/udev/$rules" "$root/etc/udev/rules.d/$rules"
    did "installed /etc/udev/rules.d/$rules (gpiochip group, FTDI latency_timer 1 ms, /dev/gps-ublox)"
    if on_host && command -v udevadm >/dev/null 2>&1 && [ -d /run/udev ]; then
      if ! { udevadm control --reload && udevadm trigger --action=change --subsystem-match=tty \
               --subsystem-match=gpio --subsystem-match=usb-serial --subsystem-match=misc; }; then
        note "udevadm could not apply the rules now; they apply at the next boot or plug-in"
      fi
    fi
  fi
  if systemd_running && [ "$unit_changed" = 1 ]; then systemctl daemon-reload; fi

  local wants="$root/etc/systemd/system/multi-user.target.wants/$unit"
  if [ -L "$wants" ]; then
    kept "$unit is enabled (starts at boot)"
  else
    if command -v systemctl >/dev/null 2>&1; then
      systemctl "${rootopt[@]}" enable "$unit" >/dev/null 2>&1 || true
    fi
    if [ ! -L "$wants" ]; then   # systemctl missing from the build host, or it refused offline
      mkdir -p "$(dirname "$wants")" && ln -sf "/etc/systemd/system/$unit" "$wants"
    fi
    did "enabled $unit (starts at boot)"
  fi

  fonts
  if systemd_running && [ "$changes" -gt 0 ] && systemctl is-active --quiet "$unit"; then
    systemctl restart "$unit"; did "restarted $unit (it was running the previous installation)"
  fi

  echo
  if [ "$changes" = 0 ]; then
    echo "Nothing changed: Afferent $version is already installed as above."
  else
    echo "$changes change(s) made."
  fi
  cat <<EOF
Next: edit /etc/afferent/robot.yaml, check the machine with
  sudo -u $user /opt/afferent/bin/afferent doctor --config /etc/afferent/robot.yaml
then start the service and follow its log:
  sudo systemctl start $unit && journalctl -u $unit -f
Reports: /var/lib/afferent/reports. Remove: sudo /opt/afferent/install.sh --uninstall
EOF
  systemd_running || note "systemd is not running${root:+ (installed into $root)}: the unit starts at the next boot"
}

# Charts need AWT's font libraries, which Debian's openjdk-*-jre-headless does not pull in.
fonts() {
  local missing=() pkg admin=()
  [ -z "$root" ] || admin=(--admindir="$root/var/lib/dpkg")
  if ! command -v dpkg-query >/dev/null 2>&1 || [ ! -f "$root/var/lib/dpkg/status" ]; then
    note "charts need the packages ${font_packages[*]} (or your distribution's fontconfig, HarfBuzz and a font): not checked here"
    return
  fi
  for pkg in "${font_packages[@]}"; do
    dpkg-query "${admin[@]}" -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null | grep -q '^ii' || missing+=("$pkg")
  done
  if [ ${#missing[@]} = 0 ]; then
    kept "packages for the charts are installed (${font_packages[*]})"
  elif on_host && [ "$packages" = 1 ] && command -v apt-get >/dev/null 2>&1; then
    if DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; then
      did "installed ${missing[*]} (fonts for the report's charts)"
    else
      note "could not install ${missing[*]}: runs work, charts are skipped with a warning until: sudo apt-get install ${missing[*]}"
    fi
  else
    note "charts need: sudo apt-get install ${missing[*]} (runs work without them; the charts are skipped with a warning)"
  fi
}

# --- uninstall ------------------------------------------------------------------------------------------
uninstall_all() {
  echo "Removing Afferent${root:+ from $root}"
  local wants="$root/etc/systemd/system/multi-user.target.wants/$unit"
  if systemd_running && systemctl is-active --quiet "$unit"; then
    systemctl stop "$unit"; did "stopped $unit"
  fi
  if [ -L "$wants" ]; then
    if command -v systemctl >/dev/null 2>&1; then systemctl "${rootopt[@]}" disable "$unit" >/dev/null 2>&1 || true; fi
    rm -f "$wants"
    did "disabled $unit"
  fi
  if [ -e "$root/etc/systemd/system/$unit" ]; then
    rm -f "$root/etc/systemd/system/$unit"; did "removed /etc/systemd/system/$unit"
    if systemd_running; then systemctl daemon-reload; fi
  fi
  if [ -e "$root/etc/udev/rules.d/$rules" ]; then
    rm -f "$root/etc/udev/rules.d/$rules"; did "removed /etc/udev/rules.d/$rules"
    if on_host && command -v udevadm >/dev/null 2>&1 && [ -d /run/udev ]; then udevadm control --reload || true; fi
  fi
  if [ -e "$root/opt/afferent" ]; then
    rm -rf "$root/opt/afferent"; did "removed /opt/afferent"
  fi
  if [ "$purge" = 1 ]; then
    if [ -e "$root/etc/afferent" ]; then rm -rf "$root/etc/afferent"; did "removed /etc/afferent (--purge)"; fi
    if [ -e "$root/var/lib/afferent" ]; then rm -rf "$root/var/lib/afferent"; did "removed /var/lib/afferent and its reports (--purge)"; fi
    if has_user "$user"; then userdel "${rootopt[@]}" "$user"; did "removed system user $user (--purge)"; fi
    # userdel removes the user's own group only where login.defs says USERGROUPS_ENAB yes.
    if has_group "$user" && grep -Eq "^$user:[^:]*:[^:]*:$" "$root/etc/group"; then groupdel "${rootopt[@]}" "$user"; did "removed group $user (--purge)"; fi
  else
    if [ -e "$root/etc/afferent" ]; then kept "/etc/afferent kept (your profiles; --uninstall --purge removes it)"; fi
    if [ -e "$root/var/lib/afferent" ]; then kept "/var/lib/afferent kept (the reports; --uninstall --purge removes them)"; fi
    if has_user "$user"; then kept "system user $user kept (--uninstall --purge removes it)"; fi
  fi
  echo
  if [ "$changes" = 0 ]; then echo "Nothing to remove: Afferent is not installed${root:+ in $root}."; else echo "$changes change(s) made."; fi
}

if [ "$mode" = install ]; then install_all; else uninstall_all; fi
