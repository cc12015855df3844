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

storm_version_ok() {
  case "$1" in
    2.*) ;;
    *) die "unsupported Storm version $1: stormcpp's Java glue needs Storm 2.x (2.8.3 is tested)" ;;
  esac
}

# The Java glue's sources (storm/: runtime, tool, testing, classpaths) and where it is built: in
# place in a source tree; for an installed stormcpp, in a copy under the user's cache, so that
# the installed prefix stays read-only.
glue_dir() {
  if [ -f "$STORMCPP_ROOT/CMakeLists.txt" ]; then
    printf '%s\n' "$STORMCPP_ROOT/storm"
    return
  fi
  local cache=${STORMCPP_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/stormcpp}/glue
  if [ ! -f "$cache/.stamp" ] || [ -n "$(find "$STORMCPP_ROOT/storm" -newer "$cache/.stamp" -print -quit 2>/dev/null)" ]; then
    mkdir -p "$cache" || die "cannot create $cache (set STORMCPP_CACHE_DIR to a writable directory)"
    cp -R "$STORMCPP_ROOT/storm/." "$cache/" && touch "$cache/.stamp"
  fi
  printf '%s\n' "$cache"
}

base_jar() { printf '%s\n' "$(glue_dir)/runtime/target/$1/stormcpp-storm-$STORMCPP_GLUE_VERSION-topology.jar"; }
tool_jar() { printf '%s\n' "$(glue_dir)/tool/target/$1/stormcpp-tool-$STORMCPP_GLUE_VERSION.jar"; }
testing_jar() { printf '%s\n' "$(glue_dir)/testing/target/$1/stormcpp-storm-testing-$STORMCPP_GLUE_VERSION.jar"; }
classpaths_dir() { printf '%s\n' "$(glue_dir)/target/classpaths/$1"; }

# maven LOG ARGS...: a quiet Maven run; its output goes to LOG and, if it fails, its tail to stderr.
maven() {
  local log=$1
  shift
  mkdir -p "$(dirname "$log")"
  if ! mvn -B -q "$@" >"$log" 2>&1; then
    grep -v '^\[INFO\]' "$log" | tail -n 25 >&2
    return 1
  fi
}

# storm_multilang VERSION LANGUAGE FILE DIR: Storm's own adapter FILE (storm.py of multilang-python,
# storm.js of multilang-javascript) into DIR, from the Maven artifact (fetched once).
storm_multilang() {
  local v=$1 lang=$2 file=$3 dir=$4 jars
  jars=$(glue_dir)/target/multilang
  if [ ! -f "$jars/multilang-$lang-$v.jar" ]; then
    ensure_java_tools
    maven "$jars/maven-$lang-$v.log" org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
      -Dartifact="org.apache.storm:multilang-$lang:$v" -DoutputDirectory="$jars" -Dmdep.useBaseVersion=true ||
      die "Maven could not fetch org.apache.storm:multilang-$lang:$v (log: $jars/maven-$lang-$v.log)"
  fi
  mkdir -p "$dir"
  ensure_tool unzip unzip
  unzip -o -q -j "$jars/multilang-$lang-$v.jar" "resources/$file" -d "$dir" ||
    die "no resources/$file in $jars/multilang-$lang-$v.jar"
}

# build_glue VERSION: build the Java glue (storm/pom.xml) and resolve Storm's own classpaths
# (storm/classpaths), unless up to date. The first run downloads Storm from Maven Central.
build_glue() {
  local v=$1 glue jar cpfile
  storm_version_ok "$v"
  glue=$(glue_dir)
  jar=$(tool_jar "$v")
  cpfile=$(classpaths_dir "$v")/storm-classpath.txt
  if [ ! -f "$jar" ] || [ ! -f "$(base_jar "$v")" ] ||
     [ -n "$(find "$glue/pom.xml" "$glue/runtime" "$glue/tool" "$glue/testing" -path "$glue/*/target" -prune -o \( -name pom.xml -o -name '*.java' \) -newer "$jar" -print 2>/dev/null)" ]; then
    ensure_java_tools
    say "building stormcpp's Java glue for Storm $v (Maven; the first run downloads Storm)"
    maven "$glue/target/maven-glue-$v.log" -f "$glue/pom.xml" "-Dstorm.version=$v" -Dmaven.test.skip=true package \
      || die "Maven could not build the Java glue ($glue) for Storm $v"
    [ -f "$jar" ] || die "Maven did not produce $jar"
  fi
  if [ ! -f "$cpfile" ] || [ "$glue/classpaths/pom.xml" -nt "$cpfile" ]; then
    ensure_java_tools
    maven "$glue/target/maven-classpaths-$v.log" -f "$glue/classpaths/pom.xml" "-Dstorm.version=$v" package \
      || die "Maven could not resolve Storm $v"
  fi
}

# kafka_connector_jar VERSION: storm-kafka-client and kafka-clients for a topology jar (built
# once, from storm/kafka-connector, when a spec first needs them).
kafka_connector_jar() {
  local v=$1 glue jar
  glue=$(glue_dir)
  jar=$glue/target/kafka-connector/$v/stormcpp-kafka-connector.jar
  if [ ! -f "$jar" ] || [ "$glue/kafka-connector/pom.xml" -nt "$jar" ]; then
    ensure_java_tools
    say "building Storm's Kafka connector for topology jars (storm-kafka-client $v; Maven, the first run downloads it)"
    maven "$glue/target/maven-kafka-connector-$v.log" -f "$glue/kafka-connector/pom.xml" "-Dstorm.version=$v" package ||
      die "Maven could not build storm-kafka-client $v for the topology jar (log: $glue/target/maven-kafka-connector-$v.log)"
  fi
  printf '%s\n' "$jar"
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

# A lab (the dev cluster, the dev Kafka broker): its own network and PID namespaces, whose first
# process is the lab's holder; when it ends, the kernel ends every process in the lab.
# lab_unshare_args: unshare's arguments for one (a user namespace too when not root).
lab_unshare_args() {
  local args=(--net --pid --fork --mount-proc --kill-child)
  [ "$(id -u)" = 0 ] || args=(--user --map-root-user "${args[@]}")
  printf '%s\n' "${args[@]}"
}
# ns_enter_prefix PID: the prefix that runs a command inside the network namespace of lab holder PID.
ns_enter_prefix() {
  if [ "$(id -u)" = 0 ]; then
    printf '%s\n' nsenter "--net=/proc/$1/ns/net" --
  else
    printf '%s\n' nsenter -t "$1" -U -n --preserve-credentials --
  fi
}
# lab_attach PID NAME: inside a lab, once PID (just started by `unshare --net ...`) has a network
# namespace of its own, give it eth0 on the lab's bridge br0 (this side: veth-NAME).
lab_attach() {
  for _ in $(seq 1 50); do [ "$(readlink "/proc/$1/ns/net")" != "$(readlink /proc/self/ns/net)" ] && break; sleep 0.1; done
  ip link add "veth-$2" type veth peer name eth0 netns "$1"
  ip link set "veth-$2" master br0 up
}
# lab_eth0 ADDR: inside a host attached by lab_attach: wait for eth0, give it ADDR/24.
lab_eth0() {
  for _ in $(seq 1 100); do ip link show eth0 >/dev/null 2>&1 && break; sleep 0.1; done
  ip link set lo up
  ip addr add "$1/24" dev eth0 || die "no eth0 from the lab for $1"
  ip link set eth0 up
}
# lab_possible: whether this machine lets us create a lab, else dies saying what to do.
lab_possible() {
  ensure_tool unshare util-linux
  ensure_tool nsenter util-linux
  ensure_tool ip iproute2
  local unshare_args
  mapfile -t unshare_args < <(lab_unshare_args)
  unshare "${unshare_args[@]}" true 2>/dev/null ||
    die "cannot create network/PID namespaces here (unshare ${unshare_args[*]} failed): run as root, or enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1)"
}

# lab_stop DIR WHAT: end the lab whose holder's pid is in DIR/pid (the kernel ends all in it) and
# check that no process of DIR is left; 1 if it was not running.
lab_stop() {
  local dir=$1 what=$2 pid d left=
  pid=$(cat "$dir/pid" 2>/dev/null || true)
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
    say "$what is not running"
    rm -f "$dir/pid"
    return 1
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -KILL "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do
    left=
    for d in /proc/[0-9]*; do
      if { tr '\0' ' ' <"$d/cmdline"; } 2>/dev/null | grep -F "$dir" >/dev/null ||
         readlink "$d/cwd" 2>/dev/null | grep -F "$dir" >/dev/null; then
        left+="${d#/proc/} "
      fi
    done
    [ -z "$left" ] && break
    sleep 0.25
  done
  rm -f "$dir/pid"
  if [ -n "$left" ]; then
    kill -KILL $left 2>/dev/null || true
    die "processes of $what were left behind and had to be killed: $left"
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

# ---- prerequisites of single stages (tools/bench, tools/fuzz, tools/test) --------------------

# require_packages PURPOSE PKG...: like ensure_packages, but a package that cannot be installed
# (not root, no apt-get, or apt-get fails: unknown on this release, no network) stops the run at
# once with one line naming it and how to install it.
require_packages() {
  local purpose=$1 missing=() pkg
  shift
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    die "$purpose needs the Debian package(s) ${missing[*]}: install them with: sudo apt-get install ${missing[*]}"
  fi
  (ensure_packages "${missing[@]}") ||
    die "$purpose needs the Debian package(s) ${missing[*]}, which apt-get could not install (try: apt-get update && apt-get install ${missing[*]})"
  export STORMCPP_APT_UPDATED=1
}

# ensure_python_venv: a python3 whose venv module can create an environment with pip (the
# benchmarks' peers come from PyPI). Debian's python3 needs python3-venv for that; any other
# python3 first in PATH (pyenv, a custom build) must bring venv and ensurepip itself.
ensure_python_venv() {
  ensure_tool python3 python3
  python3 -c 'import venv, ensurepip' 2>/dev/null && return 0
  local exe
  exe=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) || exe=$(command -v python3)
  if [ "$(readlink -f "$exe")" = "$(readlink -f /usr/bin/python3)" ]; then
    require_packages "python3 -m venv" python3-venv
    python3 -c 'import venv, ensurepip' 2>/dev/null ||
      die "python3 ($exe) still cannot import venv and ensurepip after installing python3-venv"
    return 0
  fi
  die "python3 in PATH ($exe, not Debian's /usr/bin/python3) lacks venv/ensurepip: reinstall it with ensurepip, or put /usr/bin/python3 first in PATH (Debian: apt-get install python3-venv)"
}

# ensure_libfuzzer: clang++ that links -fsanitize=fuzzer,address,undefined (tools/fuzz). Debian's
# clang only recommends the runtimes (libFuzzer, ASan, UBSan): they are libclang-rt-N-dev, N the
# major version of the clang that package clang brings (on Debian 12: clang 14, so the package
# installed is libclang-rt-14-dev).
ensure_libfuzzer() {
  require_packages "tools/fuzz (clang++)" clang
  command -v clang++ >/dev/null 2>&1 || die "clang++ is missing although the Debian package clang is installed"
  local major dir status=0
  major=$(clang++ -dumpversion 2>/dev/null | cut -d. -f1)
  [ -n "$major" ] || die "clang++ -dumpversion printed no version: check the clang++ in PATH ($(command -v clang++))"
  if [ "$major" = 14 ]; then  # Debian 12's clang
    (ensure_packages libclang-rt-14-dev) ||
      die "tools/fuzz needs libclang-rt-14-dev (libFuzzer and the sanitizer runtimes of clang 14): apt-get install libclang-rt-14-dev"
    export STORMCPP_APT_UPDATED=1
  else
    require_packages "tools/fuzz (libFuzzer and sanitizer runtimes for clang $major)" "libclang-rt-$major-dev"
  fi
  dir=$(mktemp -d)
  printf '%s\n' '#include <cstddef>' '#include <cstdint>' \
    'extern "C" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }' >"$dir/probe.cpp"
  clang++ -fsanitize=fuzzer,address,undefined "$dir/probe.cpp" -o "$dir/probe" >"$dir/log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    local first
    first=$(head -n1 "$dir/log")
    rm -rf "$dir"
    die "clang++ $major cannot link a libFuzzer target ($first): install libclang-rt-$major-dev"
  fi
  rm -rf "$dir"
}
