# Shared helpers for stormcpp's Storm scripts (sourced, not run).
# Expects: set -euo pipefail in the caller.

STORMCPP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# The Storm release used unless --storm-version says otherwise: the newest release whose artifacts
# all resolve from Maven Central (see docs/storm.md, "Storm versions").
STORMCPP_DEFAULT_STORM_VERSION="${STORMCPP_STORM_VERSION:-2.8.3}"
STORMCPP_GLUE_VERSION=0.1.0

say() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ensure_tool COMMAND DEBIAN_PACKAGE...: install the packages with apt-get when the command is
# missing and we are root; otherwise tell what is missing and stop.
ensure_tool() {
  local cmd=$1; shift
  command -v "$cmd" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing $* (for $cmd) with apt-get"
    if [ -z "${STORMCPP_APT_UPDATED:-}" ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || die "apt-get update failed"
      STORMCPP_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2 \
      || die "apt-get install $* failed"
    command -v "$cmd" >/dev/null 2>&1 || die "$cmd still missing after installing $*"
  else
    die "$cmd is missing: install the Debian package(s) $* (or the equivalent for your system)"
  fi
}

ensure_java_tools() {
  ensure_tool java openjdk-17-jdk-headless
  ensure_tool jar openjdk-17-jdk-headless
  ensure_tool mvn maven
}

# Maven arguments selecting a Storm version (1.x uses the storm1 profile: storm-core + Flux 1.2.3).
maven_storm_args() {
  local v=$1
  case "$v" in
    1.*) printf '%s\n' -Pstorm1 "-Dstorm.version=$v" ;;
    2.*) printf '%s\n' "-Dstorm.version=$v" ;;
    *) die "unsupported Storm version $v (want 1.x or 2.x)" ;;
  esac
}

storm_target_dir() { printf '%s\n' "$STORMCPP_ROOT/storm/target/$1"; }
base_jar() { printf '%s\n' "$(storm_target_dir "$1")/stormcpp-storm-$STORMCPP_GLUE_VERSION-topology.jar"; }

classpaths_dir() { printf '%s\n' "$STORMCPP_ROOT/storm/target/classpaths/$1"; }

# build_glue VERSION: build storm/ (the topology base jar) and resolve Storm's own classpaths
# (storm/classpaths), unless up to date.
build_glue() {
  local v=$1 jar cpfile args
  jar=$(base_jar "$v")
  cpfile=$(classpaths_dir "$v")/storm-classpath.txt
  mapfile -t args < <(maven_storm_args "$v")
  if [ ! -f "$jar" ] || [ -n "$(find "$STORMCPP_ROOT/storm/pom.xml" "$STORMCPP_ROOT/storm/src" -newer "$jar" -type f 2>/dev/null)" ]; then
    ensure_java_tools
    say "building the Storm glue for Storm $v (Maven; the first run downloads Storm)"
    mvn -B -q -f "$STORMCPP_ROOT/storm/pom.xml" "${args[@]}" package >&2 \
      || die "Maven could not build storm/ for Storm $v"
    [ -f "$jar" ] || die "Maven did not produce $jar"
  fi
  if [ ! -f "$cpfile" ] || [ "$STORMCPP_ROOT/storm/classpaths/pom.xml" -nt "$cpfile" ]; then
    ensure_java_tools
    mvn -B -q -f "$STORMCPP_ROOT/storm/classpaths/pom.xml" "${args[@]}" package >&2 \
      || die "Maven could not resolve Storm $v"
  fi
}

# storm_classpath VERSION: Storm's own jars (storm-server, storm-client and dependencies).
storm_classpath() { cat "$(classpaths_dir "$1")/storm-classpath.txt"; }
# lib_worker_classpath VERSION: what a Supervisor gives workers (storm-client and dependencies).
lib_worker_classpath() { cat "$(classpaths_dir "$1")/lib-worker-classpath.txt"; }

# loopback_netns: sets NETNS to a command prefix that runs a command in a new network namespace
# with only a loopback interface (Storm's local-mode ZooKeeper listens on all interfaces), or
# to nothing where the system does not allow it (or STORMCPP_NO_NAMESPACES is set).
loopback_netns() {
  NETNS=()
  if [ -z "${STORMCPP_NO_NAMESPACES:-}" ] && command -v unshare >/dev/null 2>&1 \
     && command -v ip >/dev/null 2>&1 && unshare --net true 2>/dev/null; then
    NETNS=(unshare --net -- sh -c 'ip link set lo up && exec "$@"' sh)
  fi
}

# kill_group PGID: end a process group we started (setsid), politely, then not.
kill_group() {
  local pgid=$1
  kill -TERM -- "-$pgid" 2>/dev/null || return 0
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    kill -0 -- "-$pgid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -KILL -- "-$pgid" 2>/dev/null || true
}

# build_wordcount BUILD_DIR: configure and build the C++ example with CMake; prints its path.
build_wordcount() {
  local build_dir=$1
  ensure_tool cmake cmake
  ensure_tool c++ g++
  ensure_tool make make
  say "== building wordcount (CMake, $build_dir)"
  cmake -S "$STORMCPP_ROOT" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >&2 || die "cmake configure failed"
  cmake --build "$build_dir" --target wordcount -j "$(nproc 2>/dev/null || echo 2)" >&2 || die "building wordcount failed"
  [ -x "$build_dir/examples/wordcount" ] || die "the build made no $build_dir/examples/wordcount"
  printf '%s\n' "$build_dir/examples/wordcount"
}

# ensure_packages PKG...: installs the Debian packages that are missing (as root), or says
# exactly which are missing and how to install them.
ensure_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]}"
    if [ -z "${STORMCPP_APT_UPDATED:-}" ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      export STORMCPP_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    die "missing packages: ${missing[*]} (install them with: sudo apt-get install ${missing[*]})"
  fi
}

# The packages every build of stormcpp and its tests needs.
ensure_build_deps() {
  ensure_packages cmake ninja-build make g++ nlohmann-json3-dev libspdlog-dev libfmt-dev \
    libgtest-dev libgmock-dev clang-format valgrind
}

jobs() { nproc 2>/dev/null || echo 2; }
