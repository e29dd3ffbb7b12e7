# Sourced by the scripts: sets JAVA_HOME to a JDK >= 21 (JAVA_HOME, then PATH, then /usr/lib/jvm/*),
# preferring the newest, or explains what to install and exits 2.

stampede_jdk_major() { # prints the major version of the JDK at $1, or nothing
  local v=""
  [ -x "$1/bin/javac" ] || return 0
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release" | head -n1)
  fi
  if [ -z "${v:-}" ]; then
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)
  fi
  case "$v" in 1.*) v=${v#1.}; v=${v%%.*} ;; esac
  printf '%s' "${v%%.*}"
}

stampede_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(stampede_jdk_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then return 0; fi
  fi
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(stampede_jdk_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then best=$candidate; best_major=$major; fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -d "$candidate" ] && [ ! -L "$candidate" ] || continue
    major=$(stampede_jdk_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
  done
  if [ -z "$best" ]; then
    cat >&2 <<'MSG'
stampede needs a JDK 21 or newer, and none was found (looked at JAVA_HOME, javac on PATH, /usr/lib/jvm/*).
Install one, for example:
  Debian/Ubuntu:  sudo apt-get install openjdk-21-jdk   (or a Temurin 21+ JDK from adoptium.net)
  macOS:          brew install openjdk@21
or point JAVA_HOME at an existing JDK 21+ and run again.
MSG
    exit 2
  fi
  export JAVA_HOME=$best
}

stampede_find_jdk
export PATH="$JAVA_HOME/bin:$PATH"
