#!/usr/bin/env bash
# Checks the container image: builds it (scripts/container/build.sh) unless it exists, then runs inside it
#   stampede --version                                   (must print the version the image is labelled with)
#   stampede sim scenarios/short-burst.yaml --duration 10s --json ... --html ...
# and checks the result JSON, that the HTML report has its charts (they need the image's fonts), and that the
# figures equal those of the same sim run by the JDK on this machine (the simulator is deterministic).
#
#   scripts/container/test.sh [--rebuild]
#
# It runs the image with `podman run`. Where podman cannot start a container (on the machine this was written on,
# crun's setrlimit is refused: the sandbox lacks CAP_SYS_RESOURCE), it runs the same entrypoint, environment, user
# and working directory in a chroot of the image's exported root filesystem, in a private mount namespace
# (needs root). It prints which one it used. Every command inside is bounded by `timeout`.
# Not part of scripts/test: the first build takes minutes (debootstrap downloads Debian packages).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$root/scripts/find-jdk.sh"
export STORAGE_DRIVER="${STORAGE_DRIVER:-vfs}"
podman() { command podman --storage-driver "$STORAGE_DRIVER" "$@"; }
say() { echo "test.sh: $*" >&2; }
fail() { echo "test.sh: FAIL: $*" >&2; exit 1; }
limit=300        # seconds for any one command inside the image

image=localhost/stampede:latest
if [ "${1:-}" = --rebuild ] || ! podman image exists "$image"; then
  bash "$root/scripts/container/build.sh" >/dev/null
fi
version=$(podman image inspect "$image" --format '{{index .Labels "org.opencontainers.image.version"}}')
size=$(podman image inspect "$image" --format '{{.Size}}')
say "image $image, version $version, $((size / 1000000)) MB"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/results"
cp "$root/scenarios/short-burst.yaml" "$work/short-burst.yaml"
chmod 0777 "$work/results"                             # the image runs as user 10001

# in_image ARGS...: runs the image's entrypoint with ARGS; /scenarios holds the scenario, /results is shared.
mode=podman
in_image() {
  timeout "$limit" podman run --rm --network none -v "$work:/scenarios:ro" -v "$work/results:/results" "$image" "$@"
}
if ! probe=$(in_image --version 2>&1); then
  say "podman run failed here: $(printf '%s' "$probe" | tail -n1)"
  mode=chroot
  rootfs="$work/rootfs"
  mkdir -p "$rootfs"
  cid=$(podman create "$image")
  podman export "$cid" | tar -C "$rootfs" -x
  podman rm "$cid" >/dev/null
  user=$(podman image inspect "$image" --format '{{.Config.User}}')
  dir=$(podman image inspect "$image" --format '{{.Config.WorkingDir}}')
  mapfile -t entrypoint < <(podman image inspect "$image" --format '{{range .Config.Entrypoint}}{{println .}}{{end}}' | sed '/^$/d')
  mapfile -t env < <(podman image inspect "$image" --format '{{range .Config.Env}}{{println .}}{{end}}' | sed '/^$/d')
  mkdir -p "$rootfs/scenarios" "$rootfs/results"
  cp "$work/short-burst.yaml" "$rootfs/scenarios/"
  chmod 0777 "$rootfs/results"
  in_image() {
    # A private mount namespace: /dev and /proc are mounted for the JVM and vanish with it.
    timeout "$limit" unshare --mount --propagation private --fork /bin/sh -c '
      r=$1; shift
      mount --bind /dev "$r/dev" && mount -t proc proc "$r/proc" || exit 125
      exec chroot --userspec="$USERSPEC" "$r" "$@"' sh "$rootfs" \
      env -i "${env[@]}" /bin/sh -c 'cd "$0" && exec "$@"' "$dir" "${entrypoint[@]}" "$@"
  }
  export USERSPEC="$user"
  probe=$(in_image --version 2>&1) || fail "stampede --version in the chroot: $probe"
  results="$rootfs/results"
else
  results="$work/results"
fi
say "running inside the image with: $mode"

# 1. --version
printf '%s\n' "$probe" | sed 's/^/  | /' >&2
[ "$(printf '%s\n' "$probe" | awk 'NR==1 {print $2}')" = "$version" ] || fail "--version did not print $version"

# 2. a short sim, with its JSON and HTML report
start=$SECONDS
in_image sim /scenarios/short-burst.yaml --duration 10s --no-live --quiet \
  --json /results/sim.json --html /results/sim.html | sed 's/^/  | /' >&2 || fail "stampede sim exited ${PIPESTATUS[0]}"
say "sim inside the image: $((SECONDS - start)) s"
grep -q '"schema" *: *"stampede.result/v1"' "$results/sim.json" || fail "sim.json is not a stampede.result/v1 document"
[ "$(grep -c '<svg' "$results/sim.html")" -ge 1 ] || fail "sim.html has no charts"

# 3. the same figures as the JDK on this machine gives
java=("$JAVA_HOME/bin/java" -Djava.awt.headless=true -jar "$root/target/stampede.jar")
[ -f "$root/target/stampede.jar" ] || (cd "$root" && ./mvnw -B -q -DskipTests package)
timeout "$limit" "${java[@]}" sim "$work/short-burst.yaml" --duration 10s --no-live --quiet --json "$work/host.json" >/dev/null
"${java[@]}" report "$results/sim.json" >"$work/image.txt"
"${java[@]}" report "$work/host.json" >"$work/host.txt"
diff -u "$work/host.txt" "$work/image.txt" >&2 || fail "the image's sim differs from the host's"
say "PASS ($mode): --version, sim with JSON and HTML, figures equal to the host's"
