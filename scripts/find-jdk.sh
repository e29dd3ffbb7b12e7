# Sourced by the scripts: sets JAVA_HOME to a JDK >= 21 (JAVA_HOME, then PATH, then /usr/lib/jvm/*),
# preferring the newest, or explains what to install and exits 2. Also sets STAMPEDE_JDK_MAJOR to its major version.
# Written with shell builtins where it can (no sed or subshell per JDK): it runs on every start of scripts/stampede,
# where each process started costs milliseconds (docs/engine.md, "Start-up").

stampede_jdk_major_of() { # sets STAMPEDE_JDK_MAJOR_OF to the major version of the JDK at $1, or to nothing
  local v="" line
  STAMPEDE_JDK_MAJOR_OF=""
  [ -x "$1/bin/javac" ] || return 0
  if [ -f "$1/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in JAVA_VERSION=\"*) v=${line#JAVA_VERSION=\"}; v=${v%%\"*}; break ;; esac
    done < "$1/release"
  fi
  if [ -z "$v" ]; then
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)
  fi
  case "$v" in 1.*) v=${v#1.} ;; esac
  v=${v%%.*}
  case "$v" in ''|*[!0-9]*) v="" ;; esac
  STAMPEDE_JDK_MAJOR_OF=$v
}

stampede_jdk_major() { # prints the major version of the JDK at $1, or nothing
  stampede_jdk_major_of "$1"
  printf '%s' "$STAMPEDE_JDK_MAJOR_OF"
}

stampede_find_jdk() {
  local candidate javac best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    stampede_jdk_major_of "$JAVA_HOME"
    if [ -n "$STAMPEDE_JDK_MAJOR_OF" ] && [ "$STAMPEDE_JDK_MAJOR_OF" -ge 21 ]; then
      STAMPEDE_JDK_MAJOR=$STAMPEDE_JDK_MAJOR_OF
      return 0
    fi
  fi
  if javac=$(type -P javac); then
    candidate=$(readlink -f "$javac")
    candidate=${candidate%/bin/javac}
    stampede_jdk_major_of "$candidate"
    if [ -n "$STAMPEDE_JDK_MAJOR_OF" ] && [ "$STAMPEDE_JDK_MAJOR_OF" -ge 21 ]; then
      best=$candidate; best_major=$STAMPEDE_JDK_MAJOR_OF
    fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -d "$candidate" ] && [ ! -L "$candidate" ] || continue
    stampede_jdk_major_of "$candidate"
    if [ -n "$STAMPEDE_JDK_MAJOR_OF" ] && [ "$STAMPEDE_JDK_MAJOR_OF" -ge 21 ] && [ "$STAMPEDE_JDK_MAJOR_OF" -gt "$best_major" ]; then
      best=$candidate; best_major=$STAMPEDE_JDK_MAJOR_OF
    fi
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
  STAMPEDE_JDK_MAJOR=$best_major
}

stampede_find_jdk
export PATH="$JAVA_HOME/bin:$PATH"
