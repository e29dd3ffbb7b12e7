#!/usr/bin/env bash
# Builds the stampede container image from OS packages only: no base image is pulled from any registry.
#
#   scripts/container/build.sh [--rebuild-base]
#
# 1. base: `debootstrap --variant=minbase` of Debian bookworm plus fontconfig and one font (the HTML report's
#    charts measure text) with its cache built, trimmed of docs and apt lists, with a user 10001; imported as
#    localhost/stampede-base. Reused when it exists (--rebuild-base forces it).
# 2. runtime: `jlink` from the JDK found by scripts/find-jdk.sh (>= 21), with the modules `jdeps` finds in the jar.
# 3. image: Containerfile (COPY only) built by buildah, tagged localhost/stampede:VERSION and :latest.
#
# Needs root (debootstrap) and the Debian packages debootstrap, buildah and podman (installed when missing).
# STORAGE_DRIVER (default vfs) and BUILDAH_ISOLATION (default chroot) suit machines without overlayfs or a
# container runtime; on a workstation STORAGE_DRIVER=overlay is faster. Prints the image name on the last line.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$root/scripts/container"
. "$root/scripts/find-jdk.sh"

rebuild_base=false
for a in "$@"; do
  case "$a" in
    --rebuild-base) rebuild_base=true ;;
    -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown argument '$a' (see --help)" >&2; exit 2 ;;
  esac
done

export STORAGE_DRIVER="${STORAGE_DRIVER:-vfs}"
export BUILDAH_ISOLATION="${BUILDAH_ISOLATION:-chroot}"
suite="${DEBIAN_SUITE:-bookworm}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
base="localhost/stampede-base:$suite"
work="${STAMPEDE_IMAGE_WORK:-$root/target/container}"
say() { echo "build.sh: $*" >&2; }
# Every call names the driver: podman keeps the first driver it used in its database and refuses another later.
podman() { command podman --storage-driver "$STORAGE_DRIVER" "$@"; }
buildah() { command buildah --storage-driver "$STORAGE_DRIVER" "$@"; }

missing=()
for tool in debootstrap buildah podman; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { say "missing ${missing[*]}; install them (apt-get install ${missing[*]})"; exit 1; }
  say "installing ${missing[*]}"
  apt-get install -y -q "${missing[@]}" >/dev/null
fi

# The jar, and the version it reports, which is the image tag (the Kubernetes manifests use the same one).
if [ ! -f "$root/target/stampede.jar" ] \
   || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$root/target/stampede.jar" -type f -print -quit)" ]; then
  say "building target/stampede.jar"
  (cd "$root" && ./mvnw -B -q -DskipTests package)
fi
version=$("$JAVA_HOME/bin/java" -jar "$root/target/stampede.jar" --version | awk 'NR==1 {print $2}')
image="localhost/stampede:$version"

# 1. The base root filesystem, from Debian packages.
if $rebuild_base || ! podman image exists "$base"; then
  [ "$(id -u)" = 0 ] || { say "debootstrap needs root"; exit 1; }
  rootfs="$work/rootfs"
  rm -rf "$rootfs" && mkdir -p "$rootfs"
  say "debootstrap --variant=minbase $suite from $mirror (a few minutes)"
  mkdir -p "$work/debs"                               # kept: a rebuild downloads nothing new
  debootstrap --variant=minbase --cache-dir="$work/debs" --include=fontconfig,fonts-dejavu-core \
    "$suite" "$rootfs" "$mirror" \
    >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  # Nothing in the image installs packages: drop what only apt, dpkg's maintainer scripts (perl), man and
  # translators read, and glibc's iconv modules (Java converts charsets itself). 17 MB of the 100.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/var/log/* \
         "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
         "$rootfs"/usr/share/locale/* "$rootfs"/usr/share/lintian "$rootfs"/tmp/* \
         "$rootfs"/usr/lib/x86_64-linux-gnu/gconv "$rootfs"/usr/lib/x86_64-linux-gnu/perl-base \
         "$rootfs"/usr/bin/perl "$rootfs"/usr/bin/perl5.*
  # The font cache, built now: at run time fontconfig would try to write one (and complain when it cannot).
  chroot "$rootfs" fc-cache -s
  echo 'stampede:x:10001:10001:stampede:/home/stampede:/bin/sh' >>"$rootfs/etc/passwd"
  echo 'stampede:x:10001:' >>"$rootfs/etc/group"
  install -d -o 10001 -g 10001 "$rootfs/home/stampede"
  install -d -o 10001 -g 10001 "$rootfs/out"          # mount point of the shared results volume on Kubernetes
  podman rmi -f "$base" >/dev/null 2>&1 || true
  tar --numeric-owner -C "$rootfs" -c . | podman import --quiet - "$base" >/dev/null
  rm -rf "$rootfs"
  say "base $base imported"
fi

# 2. The Java runtime: only the modules the jar uses, plus jdk.crypto.ec (TLS key exchange on JDK 21, where it is
#    still a separate module) and jdk.jfr (so JAVA_OPTS=-XX:StartFlightRecording works in a pod).
ctx="$work/context"
rm -rf "$ctx" && mkdir -p "$ctx"
modules=$("$JAVA_HOME/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 21 "$root/target/stampede.jar")
modules="$modules,jdk.crypto.ec,jdk.jfr"
say "jlink $modules"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=zip-6 --output "$ctx/runtime"
cp "$root/target/stampede.jar" "$ctx/stampede.jar"
cp "$here/stampede" "$ctx/stampede"
chmod 0755 "$ctx/stampede"

# 3. The image. The one it replaces is removed (vfs keeps a full copy of every image).
old=$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
say "buildah build $image (storage $STORAGE_DRIVER, isolation $BUILDAH_ISOLATION)"
buildah build --quiet --isolation "$BUILDAH_ISOLATION" \
  --build-arg "BASE=$base" --label "org.opencontainers.image.version=$version" \
  --label "org.opencontainers.image.title=stampede" \
  -f "$here/Containerfile" -t "$image" -t localhost/stampede:latest "$ctx" >/dev/null
rm -rf "$ctx"
new=$(podman image inspect --format '{{.Id}}' "$image")
if [ -n "$old" ] && [ "$old" != "$new" ]; then podman rmi "$old" >/dev/null 2>&1 || true; fi
echo "$image"
