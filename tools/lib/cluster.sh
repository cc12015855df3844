# The development cluster of `stormcpp cluster ...` (sourced, not run).
#
# A real Storm cluster of several hosts on this machine: Storm's own daemons from the Maven
# artifacts, each host a network and PID namespace of its own with its own address on a bridge
# (tools/lib/cluster-daemons, tools/lib/cluster-host): host `nimbus` 192.0.2.10 (ZooKeeper, the
# copy Storm ships, and Nimbus) and hosts `sup1`..`supN` 192.0.2.11.. (a Supervisor each). The
# whole lab sits in fresh network and PID namespaces (unshare): nothing is reachable from
# outside, ports cannot clash with the machine's, and when the lab's first process ends the
# kernel ends every process in it, so `down` leaves nothing behind. Clients (submit, list, kill,
# stats, ...) join the lab's network namespace with nsenter.
#
# State lives in STORMCPP_CLUSTER_DIR (default ~/.local/state/stormcpp/cluster): `pid` (the
# lab's holder, as the machine sees it), `hosts.txt` (name address role), and per host
# `hosts/NAME/storm-home/` (conf; logs/, whose workers-artifacts/ has each worker's log) and
# `hosts/NAME/storm-local/`.

cluster_dir() { printf '%s\n' "${STORMCPP_CLUSTER_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/stormcpp/cluster}"; }
CLUSTER_NIMBUS=192.0.2.10:6627
# Every host's workers-artifacts directory (worker logs and metrics logs), one per line.
cluster_artifact_dirs() {
  local d
  for d in "$(cluster_dir)"/hosts/*/storm-home/logs/workers-artifacts; do [ -d "$d" ] && printf '%s\n' "$d"; done
  return 0
}

cluster_pid() { cat "$(cluster_dir)/pid" 2>/dev/null || true; }
cluster_running() {
  local pid
  pid=$(cluster_pid)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ -e "/proc/$pid/ns/net" ]
}

# The prefix that runs a command inside the cluster's network namespace.
cluster_ns_prefix() { ns_enter_prefix "$(cluster_pid)"; }

# cluster_up VERSION SLOTS SUPERVISORS: start the hosts and wait until Nimbus has every
# Supervisor, with free slots.
cluster_up() {
  local version=$1 slots=$2 supervisors=$3 dir pid
  dir=$(cluster_dir)
  if cluster_running; then
    say "the dev cluster is already up (Nimbus $CLUSTER_NIMBUS in its namespace; state in $dir)"
    return 0
  fi
  lab_possible
  local unshare_args
  mapfile -t unshare_args < <(lab_unshare_args)
  build_glue "$version"
  rm -rf "$dir"
  mkdir -p "$dir"
  say "starting the dev cluster (Storm $version: host nimbus with ZooKeeper and Nimbus, $supervisors Supervisor host(s) with $slots slots each) in new network and PID namespaces; state in $dir"
  setsid unshare "${unshare_args[@]}" bash "$STORMCPP_ROOT/tools/lib/cluster-daemons" "$dir" "$version" "$slots" "$supervisors" \
    >"$dir/cluster.out" 2>&1 </dev/null &
  pid=$!
  disown "$pid" 2>/dev/null || true
  echo "$pid" >"$dir/pid"
  local out=
  for _ in $(seq 1 90); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$dir/cluster.out" >&2 || true
      die "the dev cluster stopped while starting (see $dir/cluster.out and $dir/hosts/*/)"
    fi
    if out=$(cluster_client "$version" ready --nimbus "$CLUSTER_NIMBUS" --supervisors "$supervisors" 2>&1); then
      say "$out"
      say "the dev cluster is up: Nimbus $CLUSTER_NIMBUS inside its namespace (environments with dev_cluster: true use it); stop it with stormcpp cluster down"
      return 0
    fi
    sleep 2
  done
  say "$out"
  cluster_down
  die "the dev cluster did not come up in 180 s (logs kept in $dir/hosts/*/storm-home/logs)"
}

# cluster_client VERSION ARGS...: stormcpp.tool.Main inside the cluster's network namespace.
cluster_client() {
  local version=$1 ns
  shift
  mapfile -t ns < <(cluster_ns_prefix)
  "${ns[@]}" java -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlog4j.configurationFile="$(glue_dir)/conf/log4j2-local.xml" \
    -Dstormcpp.log.file="$(cluster_dir)/client.log" \
    -cp "$(tool_jar "$version"):$(base_jar "$version"):$(storm_classpath "$version")" stormcpp.tool.Main "$@" </dev/null
}

# cluster_down: end the namespace (and with it every daemon, worker and subprocess), check that
# nothing of the cluster is left.
cluster_down() {
  lab_stop "$(cluster_dir)" "the dev cluster" || return 0
  say "the dev cluster is down; nothing of it is left running (logs stay in $(cluster_dir)/hosts/*/storm-home/logs)"
}

# The pid (as the machine sees it) of host NAME's PID 1 (tools/lib/cluster-host), if it runs.
cluster_host_pid() {
  local d
  for d in /proc/[0-9]*; do
    case "$({ tr '\0' ' ' <"$d/cmdline"; } 2>/dev/null)" in
      "bash $STORMCPP_ROOT/tools/lib/cluster-host $(cluster_dir) $1 "*) echo "${d#/proc/}"; return 0 ;;
    esac
  done
  return 1
}

# cluster_kill_host NAME: a supervisor host dies at once, with its Supervisor, workers and their
# C++ subprocesses (SIGKILL to its PID 1 ends its PID namespace).
cluster_kill_host() {
  local name=$1 pid
  grep -q "^$name .* supervisor$" "$(cluster_dir)/hosts.txt" 2>/dev/null ||
    die "no supervisor host '$name' in the dev cluster (hosts: $(awk '{printf "%s ", $1}' "$(cluster_dir)/hosts.txt" 2>/dev/null))"
  pid=$(cluster_host_pid "$name") || die "host '$name' is not running"
  kill -KILL "$pid"
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  ! kill -0 "$pid" 2>/dev/null || die "host '$name' (pid $pid) did not end"
  say "host $name is gone (SIGKILL to its PID 1, pid $pid: its Supervisor, workers and C++ subprocesses with it)"
}

# cluster_restart_nimbus: Nimbus crashes (SIGKILL); host nimbus starts it again after 1 s.
cluster_restart_nimbus() {
  local host d pid=
  host=$(cluster_host_pid nimbus) || die "the nimbus host is not running"
  for d in /proc/[0-9]*; do
    case "$({ tr '\0' ' ' <"$d/cmdline"; } 2>/dev/null)" in
      *"-Dstorm.home=$(cluster_dir)/hosts/nimbus/storm-home "*org.apache.storm.daemon.nimbus.Nimbus*) pid=${d#/proc/} ;;
    esac
  done
  [ -n "$pid" ] || die "no Nimbus process on host nimbus"
  kill -KILL "$pid"
  say "Nimbus (pid $pid) killed; host nimbus restarts it"
}
