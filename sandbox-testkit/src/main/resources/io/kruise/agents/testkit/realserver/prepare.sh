#!/usr/bin/env bash
# Prepares a real Kubernetes CRD API server (k8s.io/apiextensions-apiserver,
# built from Debian's Go source packages with this directory's main.go) and
# etcd (Debian's etcd-server), using only the Debian package registry.
#
# Usage: prepare.sh [--cache-dir DIR] [--refresh]
#   stdout: one line, the absolute path of a directory holding the executables
#           kruise-test-apiserver and etcd (exit 0)
#   stderr: progress lines "testkit: ..."; on failure one line
#           "testkit: error: ..." naming a log file (exit non-zero)
# See README.md beside this file.
set -Eeuo pipefail

PREPARE_VERSION=1
SUITE=sid
GO_VERSION=1.27
GO_PKGS="golang-${GO_VERSION}-go golang-${GO_VERSION}-src"
ETCD_PKG=etcd-server

say() { printf 'testkit: %s\n' "$*" >&2; }
die() { printf 'testkit: error: %s\n' "$*" >&2; exit 1; }
trap 'rc=$?; printf "testkit: error: prepare.sh failed at line %s (exit %s); logs in %s\n" "$LINENO" "$rc" "${LOGS:-the cache dir}" >&2; exit $rc' ERR

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE_DIR=${KRUISE_TESTKIT_CACHE:-${HOME:-/nonexistent}/.cache/kruise-agents-testkit}
REFRESH=0
while [ $# -gt 0 ]; do
  case "$1" in
    --cache-dir) [ $# -ge 2 ] || die "--cache-dir needs a value"; CACHE_DIR=$2; shift 2 ;;
    --cache-dir=*) CACHE_DIR=${1#--cache-dir=}; shift ;;
    --refresh) REFRESH=1; shift ;;
    -h|--help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 0 ;;
    *) die "unknown argument: $1 (usage: prepare.sh [--cache-dir DIR] [--refresh])" ;;
  esac
done

for f in main.go packages.txt; do
  [ -r "$SCRIPT_DIR/$f" ] || die "$f not found next to prepare.sh ($SCRIPT_DIR)"
done
command -v sha256sum >/dev/null 2>&1 || die "sha256sum not found (coreutils)"
command -v flock >/dev/null 2>&1 || die "flock not found (util-linux)"

mkdir -p "$CACHE_DIR" 2>/dev/null || die "cannot create cache dir $CACHE_DIR"
CACHE_DIR=$(cd "$CACHE_DIR" && pwd -P)
case "$CACHE_DIR" in *'"'*|*$'\n'*) die "cache dir path must not contain quotes or newlines: $CACHE_DIR" ;; esac
[ -w "$CACHE_DIR" ] || die "cache dir $CACHE_DIR is not writable"

LOGS=$CACHE_DIR/logs
BIN=$CACHE_DIR/bin
INDEX=$CACHE_DIR/index
mkdir -p "$LOGS" "$BIN" "$INDEX"

hash_stdin() { sha256sum | cut -c1-64; }

# Key of the inputs known without the network: this script, the package list,
# main.go and the machine architecture.
INPUT_KEY=$( { echo "prepare.sh v$PREPARE_VERSION"; cat "${BASH_SOURCE[0]}";
               echo "--packages.txt"; cat "$SCRIPT_DIR/packages.txt";
               echo "--main.go"; cat "$SCRIPT_DIR/main.go";
               echo "--arch"; uname -m; } | hash_stdin )
INPUT_KEY=${INPUT_KEY:0:24}

# Prints the result dir when the build for these inputs exists already.
cached_result() {
  local f=$INDEX/$INPUT_KEY name
  [ -f "$f" ] || return 1
  name=$(cat "$f")
  [ -n "$name" ] && [ -x "$BIN/$name/kruise-test-apiserver" ] && [ -x "$BIN/$name/etcd" ] || return 1
  printf '%s\n' "$BIN/$name"
}

if [ "$REFRESH" = 0 ] && out=$(cached_result); then
  touch "$BIN/${out##*/}" 2>/dev/null || true
  printf '%s\n' "$out"
  exit 0
fi

exec 9>"$CACHE_DIR/lock"
if ! flock -n 9; then
  say "waiting for another prepare.sh to finish (lock $CACHE_DIR/lock) ..."
  flock 9
fi
# Someone else may have built it while we waited.
if [ "$REFRESH" = 0 ] && out=$(cached_result); then
  printf '%s\n' "$out"
  exit 0
fi

command -v apt-get >/dev/null 2>&1 || die "apt-get not found: this needs a Debian-like system with apt (and dpkg-deb)"
command -v dpkg-deb >/dev/null 2>&1 || die "dpkg-deb not found: this needs a Debian-like system with dpkg"

# ---------------------------------------------------------------------------
# Private apt state: nothing is added to or installed into the system.
APT_DIR=$CACHE_DIR/apt
DEBS=$CACHE_DIR/debs
mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$APT_DIR/sources.list.d" \
         "$APT_DIR/preferences.d" "$DEBS"
: > "$APT_DIR/status"
: > "$APT_DIR/preferences"

# Debian mirror: the one the system's apt already uses, else deb.debian.org.
find_mirror() {
  local f uri
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    while read -r uri; do
      uri=${uri%/}
      case "$uri" in
        http://*/debian|https://*/debian) printf '%s\n' "$uri"; return 0 ;;
      esac
    done < <(sed -n -e 's/^[[:space:]]*URIs:[[:space:]]*//p' \
                    -e 's/^[[:space:]]*deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]*\).*/\2/p' "$f" \
             | tr ' \t' '\n\n' | grep -v '^$' || true)
  done
  printf '%s\n' "http://deb.debian.org/debian"
}
MIRROR=${KRUISE_TESTKIT_DEBIAN_MIRROR:-$(find_mirror)}
KEYRING=${KRUISE_TESTKIT_DEBIAN_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
echo "deb [signed-by=$KEYRING] $MIRROR $SUITE main" > "$APT_DIR/sources.list"

APT_USER=$(id -un 2>/dev/null || echo root)
cat > "$APT_DIR/apt.conf" <<EOF
Dir::State "$APT_DIR";
Dir::State::Lists "$APT_DIR/lists";
Dir::State::status "$APT_DIR/status";
Dir::Cache "$APT_DIR/cache";
Dir::Cache::Archives "$APT_DIR/cache/archives";
Dir::Etc::sourcelist "$APT_DIR/sources.list";
Dir::Etc::sourceparts "$APT_DIR/sources.list.d";
Dir::Etc::preferences "$APT_DIR/preferences";
Dir::Etc::preferencesparts "$APT_DIR/preferences.d";
Debug::NoLocking "true";
APT::Sandbox::User "$APT_USER";
APT::Get::List-Cleanup "true";
Acquire::Languages "none";
Acquire::PDiffs "false";
#clear APT::Update::Pre-Invoke;
#clear APT::Update::Post-Invoke;
#clear APT::Update::Post-Invoke-Success;
#clear APT::Default-Release;
#clear DPkg::Pre-Invoke;
#clear DPkg::Post-Invoke;
#clear DPkg::Pre-Install-Pkgs;
EOF
apt_() { apt-get -q -c "$APT_DIR/apt.conf" "$@"; }

step() { say "[$1/5] $2"; }

PKGS=$(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$SCRIPT_DIR/packages.txt" | grep -v '^$' | LC_ALL=C sort -u || true)
[ -n "$PKGS" ] || die "packages.txt lists no packages"
# shellcheck disable=SC2086
set -- $GO_PKGS $ETCD_PKG $PKGS

# Package versions resolved earlier for this script + package list are reused
# (no network) as long as their .debs are still here; --refresh re-resolves.
PKG_KEY=$( { echo "prepare.sh v$PREPARE_VERSION"; cat "${BASH_SOURCE[0]}";
             echo "--packages.txt"; cat "$SCRIPT_DIR/packages.txt"; echo "--arch"; uname -m; } | hash_stdin )
RESOLVED_FILE=$CACHE_DIR/resolved/${PKG_KEY:0:24}
mkdir -p "$CACHE_DIR/resolved"
all_debs_present() {
  local file sha
  while read -r file sha; do [ -s "$DEBS/$file" ] || return 1; done < "$RESOLVED_FILE"
}

# ---------------------------------------------------------------------------
if [ "$REFRESH" = 0 ] && [ -s "$RESOLVED_FILE" ] && all_debs_present; then
  RESOLVED=$(cat "$RESOLVED_FILE")
  step 1 "reusing package versions resolved $(date -r "$RESOLVED_FILE" '+%F %T') (no network; --refresh to update)"
else
  step 1 "apt-get update ($SUITE from $MIRROR) ..."
  [ -r "$KEYRING" ] || die "Debian archive keyring $KEYRING not found (install debian-archive-keyring, or set KRUISE_TESTKIT_DEBIAN_KEYRING)"
  if ! apt_ update > "$LOGS/apt-update.log" 2>&1 || grep -q '^\(E:\|Err:\)' "$LOGS/apt-update.log"; then
    die "apt-get update of Debian $SUITE from $MIRROR failed (network or mirror problem); see $LOGS/apt-update.log"
  fi
  # Resolve versions: 'URI' file size SHA256:hex per package.
  if ! apt_ --print-uris download "$@" > "$LOGS/resolve.log" 2>&1 || grep -q '^E:' "$LOGS/resolve.log"; then
    die "cannot resolve the Debian packages (missing from $SUITE?); see $LOGS/resolve.log"
  fi
  RESOLVED=$(grep "^'" "$LOGS/resolve.log" | awk '{print $2, $4}' | LC_ALL=C sort)
  n=$(printf '%s\n' "$RESOLVED" | grep -c .)
  [ "$n" -eq $# ] || die "resolved $n of $# packages; see $LOGS/resolve.log"
  printf '%s\n' "$RESOLVED" > "$RESOLVED_FILE.tmp" && mv -f "$RESOLVED_FILE.tmp" "$RESOLVED_FILE"
  for f in "$CACHE_DIR/resolved"/*; do [ "$f" = "$RESOLVED_FILE" ] || rm -f "$f"; done
fi
VERSIONS_KEY=$(printf '%s\n' "$RESOLVED" | hash_stdin)
VERSIONS_KEY=${VERSIONS_KEY:0:24}
FULL_KEY=$(printf '%s %s\n' "$INPUT_KEY" "$VERSIONS_KEY" | hash_stdin)
FULL_KEY=${FULL_KEY:0:24}
OUT=$BIN/$FULL_KEY

if [ -x "$OUT/kruise-test-apiserver" ] && [ -x "$OUT/etcd" ]; then
  echo "$FULL_KEY" > "$INDEX/$INPUT_KEY.tmp" && mv -f "$INDEX/$INPUT_KEY.tmp" "$INDEX/$INPUT_KEY"
  say "already built for these inputs and package versions: $OUT"
  printf '%s\n' "$OUT"
  exit 0
fi

# ---------------------------------------------------------------------------
WANTED=$(printf '%s\n' "$RESOLVED" | awk '{print $1}')
MISSING=()
while read -r file sha; do
  if [ ! -s "$DEBS/$file" ]; then
    MISSING+=("$file")
  fi
done <<< "$RESOLVED"
if [ ${#MISSING[@]} -gt 0 ]; then
  step 2 "downloading ${#MISSING[@]} of $# Debian packages ..."
  # Package names of the missing files (file = name_version_arch.deb).
  names=()
  for file in "${MISSING[@]}"; do names+=("${file%%_*}"); done
  if ! (cd "$DEBS" && apt_ download "${names[@]}") > "$LOGS/download.log" 2>&1 \
     || grep -q '^\(E:\|Err:\)' "$LOGS/download.log"; then
    die "downloading Debian packages failed (network?); see $LOGS/download.log"
  fi
else
  step 2 "all $# Debian packages already downloaded"
fi
# Verify checksums of everything we use.
while read -r file sha; do
  [ -s "$DEBS/$file" ] || die "package file $DEBS/$file missing after download; see $LOGS/download.log"
  case "$sha" in
    SHA256:*) [ "$(hash_stdin < "$DEBS/$file")" = "${sha#SHA256:}" ] \
                || { rm -f "$DEBS/$file"; die "checksum mismatch for $DEBS/$file (removed; run again)"; } ;;
  esac
done <<< "$RESOLVED"
# Drop .debs no longer wanted.
for f in "$DEBS"/*.deb; do
  [ -e "$f" ] || continue
  grep -qxF "${f##*/}" <<< "$WANTED" || rm -f "$f"
done

# ---------------------------------------------------------------------------
rmtree() { [ -e "$1" ] || return 0; chmod -R u+w "$1" 2>/dev/null || true; rm -rf "$1"; }
UNPACK_ROOT=$CACHE_DIR/unpack
UNPACK=$UNPACK_ROOT/$VERSIONS_KEY
mkdir -p "$UNPACK_ROOT"
if [ ! -d "$UNPACK" ]; then
  step 3 "unpacking $# packages ..."
  rmtree "$UNPACK.tmp"
  mkdir -p "$UNPACK.tmp"
  : > "$LOGS/unpack.log"
  while read -r file sha; do
    echo "dpkg-deb -x $file" >> "$LOGS/unpack.log"
    dpkg-deb -x "$DEBS/$file" "$UNPACK.tmp" >> "$LOGS/unpack.log" 2>&1 \
      || die "unpacking $file failed; see $LOGS/unpack.log"
  done <<< "$RESOLVED"
  mv "$UNPACK.tmp" "$UNPACK"
else
  step 3 "packages already unpacked"
fi
for d in "$UNPACK_ROOT"/*; do
  [ "$d" = "$UNPACK" ] || rmtree "$d"
done

GOROOT_DIR=$UNPACK/usr/lib/go-$GO_VERSION
[ -x "$GOROOT_DIR/bin/go" ] || die "Go toolchain not found at $GOROOT_DIR/bin/go after unpacking"
[ -x "$UNPACK/usr/bin/etcd" ] || die "etcd not found at $UNPACK/usr/bin/etcd after unpacking"

# ---------------------------------------------------------------------------
GOPATH_OWN=$CACHE_DIR/gopath
mkdir -p "$GOPATH_OWN/src/kruisetestapiserver" "$CACHE_DIR/gocache" "$CACHE_DIR/go-config"
cp "$SCRIPT_DIR/main.go" "$GOPATH_OWN/src/kruisetestapiserver/main.go"
chmod u+w "$GOPATH_OWN/src/kruisetestapiserver/main.go"
if [ -n "$(ls -A "$CACHE_DIR/gocache" 2>/dev/null)" ]; then
  step 4 "building apiserver (~10 s with a warm Go build cache, else 3-4 min on 2 cores) ..."
else
  step 4 "building apiserver (3-4 min on 2 cores) ..."
fi
rmtree "$OUT.tmp"
mkdir -p "$OUT.tmp"
start=$(date +%s)
if ! (
  cd "$GOPATH_OWN/src/kruisetestapiserver"
  export GO111MODULE=off GOPATH="$GOPATH_OWN:$UNPACK/usr/share/gocode" GOROOT="$GOROOT_DIR" \
         GOTOOLCHAIN=local GOCACHE="$CACHE_DIR/gocache" CGO_ENABLED=0 GOFLAGS= GOENV=off \
         GOPROXY=off GOWORK=off GOTELEMETRY=off XDG_CONFIG_HOME="$CACHE_DIR/go-config" \
         PATH="$GOROOT_DIR/bin:$PATH"
  unset GOOS GOARCH GOBIN GOEXPERIMENT
  go version
  go build -trimpath -buildvcs=false -ldflags='-s -w' -o "$OUT.tmp/kruise-test-apiserver" .
) > "$LOGS/build.log" 2>&1; then
  rmtree "$OUT.tmp"
  die "building kruise-test-apiserver failed; see $LOGS/build.log"
fi
echo "build took $(( $(date +%s) - start )) s" >> "$LOGS/build.log"

# ---------------------------------------------------------------------------
step 5 "installing into $OUT"
cp "$UNPACK/usr/bin/etcd" "$OUT.tmp/etcd"
chmod 755 "$OUT.tmp/etcd" "$OUT.tmp/kruise-test-apiserver"
{ echo "input-key $INPUT_KEY"; echo "versions-key $VERSIONS_KEY"; echo "mirror $MIRROR $SUITE";
  printf '%s\n' "$RESOLVED"; } > "$OUT.tmp/BUILD-INFO"
rmtree "$OUT"
mv "$OUT.tmp" "$OUT"
echo "$FULL_KEY" > "$INDEX/$INPUT_KEY.tmp" && mv -f "$INDEX/$INPUT_KEY.tmp" "$INDEX/$INPUT_KEY"

# Keep the 3 most recently built/used results; drop index entries pointing elsewhere.
# shellcheck disable=SC2012
{ ls -1t "$BIN" | grep -v '\.tmp$' | tail -n +4 || true; } | while read -r old; do rmtree "${BIN:?}/$old"; done
for f in "$INDEX"/*; do
  [ -f "$f" ] || continue
  [ -d "$BIN/$(cat "$f")" ] || rm -f "$f"
done

printf '%s\n' "$OUT"
