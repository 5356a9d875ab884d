# Sourced by ./afferent and bench/run: afferent_find_java prints the path of a `java` of version 25 or
# newer: $JAVA_HOME first, then java on PATH, then the usual install locations.
afferent_java_major() {
  # A JDK's or JRE's 'release' file names its version: reading it takes a millisecond, starting the JVM to ask
  # it takes 50-100 ms for each candidate. Without the file, ask the JVM.
  local home
  home=$(cd "$(dirname "$(readlink -f "$1")")/.." 2>/dev/null && pwd) || home=
  if [ -n "$home" ] && [ -f "$home/release" ] && grep -q '^JAVA_VERSION=' "$home/release"; then
    sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9]*\).*/\1/p' "$home/release" | head -n 1
    return
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

afferent_find_java() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for c in /usr/lib/jvm/*/bin/java /opt/java/*/bin/java /opt/jdk*/bin/java /usr/local/jdk*/bin/java \
           /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java "$HOME"/.sdkman/candidates/java/*/bin/java; do
    [ -x "$c" ] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    [ -x "$c" ] || continue
    major=$(afferent_java_major "$c")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      echo "$c"
      return 0
    fi
  done
  cat >&2 <<'MSG'
afferent: no Java 25 or newer found (looked at $JAVA_HOME, java on PATH, /usr/lib/jvm/*, /opt/java/*).
Install one, for example:
  Raspberry Pi OS / Debian 13 (trixie):  sudo apt-get install openjdk-25-jre-headless
  older Debian/Ubuntu:  sudo apt-get install temurin-25-jdk   (Adoptium apt repository)
  or download a JDK 25 build for your architecture (aarch64 on a Pi 4/5) and set JAVA_HOME to it.
MSG
  return 1
}
