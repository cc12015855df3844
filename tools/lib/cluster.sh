# The development cluster of `stormcpp cluster up|down|status` (sourced, not run).
#
# A real Storm cluster on this machine: ZooKeeper (the copy Storm ships), Nimbus and a
# Supervisor with worker slots, Storm's own daemons from the Maven artifacts. They run inside
# fresh network and PID namespaces (unshare): only a loopback interface exists there, so nothing
# is reachable from outside and ports cannot clash with the host's; when the namespace's first
# process ends, the kernel ends every process in it, so `down` leaves nothing behind. Clients
# (submit, list, kill, stats, ...) join the network namespace with nsenter.
#
# State lives in STORMCPP_CLUSTER_DIR (default ~/.local/state/stormcpp/cluster): `pid` (the
# namespace's holder, as the host sees it), `storm-home/` (conf, logs: workers-artifacts/ has
# each worker's log), `storm-local/`, `zk/`.

cluster_dir() { printf '%s\n' "${STORMCPP_CLUSTER_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/stormcpp/cluster}"; }
CLUSTER_NIMBUS=127.0.0.1:6627

cluster_pid() { cat "$(cluster_dir)/pid" 2>/dev/null || true; }
cluster_running() {
  local pid
  pid=$(cluster_pid)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ -e "/proc/$pid/ns/net" ]
}

# The prefix that runs a command inside the cluster's network namespace.
cluster_ns_prefix() {
  local pid
  pid=$(cluster_pid)
  if [ "$(id -u)" = 0 ]; then
    printf '%s\n' nsenter "--net=/proc/$pid/ns/net" --
  else
    printf '%s\n' nsenter -t "$pid" -U -n --preserve-credentials --
  fi
}

# unshare arguments for new network + PID namespaces (user namespace too when not root).
cluster_unshare_args() {
  local args=(--net --pid --fork --mount-proc --kill-child)
  [ "$(id -u)" = 0 ] || args=(--user --map-root-user "${args[@]}")
  printf '%s\n' "${args[@]}"
}

# cluster_up VERSION SLOTS: start the daemons and wait until Nimbus has a Supervisor with free slots.
cluster_up() {
  local version=$1 slots=$2 dir pid
  dir=$(cluster_dir)
  if cluster_running; then
    say "the dev cluster is already up (Nimbus $CLUSTER_NIMBUS in its namespace; state in $dir)"
    return 0
  fi
  ensure_tool unshare util-linux
  ensure_tool nsenter util-linux
  ensure_tool ip iproute2
  local unshare_args
  mapfile -t unshare_args < <(cluster_unshare_args)
  unshare "${unshare_args[@]}" true 2>/dev/null ||
    die "cannot create network/PID namespaces here (unshare ${unshare_args[*]} failed): run as root, or enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1)"
  build_glue "$version"
  rm -rf "$dir"
  mkdir -p "$dir"
  say "starting the dev cluster (Storm $version: ZooKeeper, Nimbus, a Supervisor with $slots slots) in new network and PID namespaces; state in $dir"
  setsid unshare "${unshare_args[@]}" bash "$STORMCPP_ROOT/tools/lib/cluster-daemons" "$dir" "$version" "$slots" \
    >"$dir/cluster.out" 2>&1 </dev/null &
  pid=$!
  disown "$pid" 2>/dev/null || true
  echo "$pid" >"$dir/pid"
  local out=
  for _ in $(seq 1 90); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$dir/cluster.out" >&2 || true
      die "the dev cluster stopped while starting (see $dir/cluster.out and $dir/storm-home/logs)"
    fi
    if out=$(cluster_client "$version" ready --nimbus "$CLUSTER_NIMBUS" 2>&1); then
      say "$out"
      say "the dev cluster is up: Nimbus $CLUSTER_NIMBUS inside its namespace (environments with dev_cluster: true use it); stop it with stormcpp cluster down"
      return 0
    fi
    sleep 2
  done
  say "$out"
  cluster_down
  die "the dev cluster did not come up in 180 s (logs kept in $dir/storm-home/logs)"
}

# cluster_client VERSION ARGS...: stormcpp.tool.Main inside the cluster's network namespace.
cluster_client() {
  local version=$1 ns
  shift
  mapfile -t ns < <(cluster_ns_prefix)
  "${ns[@]}" java -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlog4j.configurationFile="$(glue_dir)/conf/log4j2-local.xml" \
    -Dstormcpp.log.file="$(cluster_dir)/storm-home/logs/client.log" \
    -cp "$(tool_jar "$version"):$(base_jar "$version"):$(storm_classpath "$version")" stormcpp.tool.Main "$@" </dev/null
}

# cluster_down: end the namespace (and with it every daemon, worker and subprocess), check that
# nothing of the cluster is left.
cluster_down() {
  local dir pid
  dir=$(cluster_dir)
  pid=$(cluster_pid)
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
    say "the dev cluster is not running"
    rm -f "$dir/pid"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -KILL "$pid" 2>/dev/null || true
  local left=
  for _ in $(seq 1 40); do
    left=$(cluster_processes "$dir")
    [ -z "$left" ] && break
    sleep 0.25
  done
  rm -f "$dir/pid"
  if [ -n "$left" ]; then
    kill -KILL $left 2>/dev/null || true
    die "processes of the dev cluster were left behind and had to be killed: $left"
  fi
  say "the dev cluster is down; nothing of it is left running (logs stay in $dir/storm-home/logs)"
}

# cluster_processes DIR: pids (as this namespace sees them) of processes that belong to the cluster.
cluster_processes() {
  local dir=$1 d
  for d in /proc/[0-9]*; do
    if { tr '\0' ' ' <"$d/cmdline"; } 2>/dev/null | grep -qF "$dir" ||
       readlink "$d/cwd" 2>/dev/null | grep -qF "$dir"; then
      printf '%s ' "${d#/proc/}"
    fi
  done
}
