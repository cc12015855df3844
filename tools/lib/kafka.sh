# The dev Kafka broker of `stormcpp kafka ...` (sourced, not run).
#
# One Kafka node in KRaft mode, Apache Kafka's own broker and tools from the Maven artifacts
# (storm/kafka-broker/pom.xml; no Kafka distribution), at 192.0.2.9:9092 (tools/lib/kafka-broker):
# in a lab of its own (network and PID namespaces, see common.sh) on its loopback, or, when the
# dev cluster is up, as host `kafka` on the cluster's bridge, where its workers reach it. Nothing
# outside the lab can reach it and nothing of it outlives `down`. Clients (the console producer
# and consumer, topic admin, a local `stormcpp run`) join the broker's network namespace.
#
# State lives in STORMCPP_KAFKA_DIR (default ~/.local/state/stormcpp/kafka): `pid` (the broker's
# JVM, the first process of its namespaces), `data/` (the log segments and KRaft metadata), `broker.log`, `server.properties`.

# (kafka_up needs cluster.sh too: with the dev cluster up, the broker joins its lab)
STORMCPP_KAFKA_VERSION=${STORMCPP_KAFKA_VERSION:-4.1.1}
KAFKA_BOOTSTRAP=192.0.2.9:9092

# kafka_new_cluster_id: a new KRaft cluster id, in Kafka's Uuid form (16 random bytes, URL-safe
# base64 without padding). Like Kafka's own Uuid.randomUuid, never one starting with '-', which
# kafka-storage's argument parser would take for an option.
kafka_new_cluster_id() {
  local id=-
  while [ "${id#-}" != "$id" ]; do id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='); done
  printf '%s\n' "$id"
}

kafka_dir() { printf '%s\n' "${STORMCPP_KAFKA_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/stormcpp/kafka}"; }
kafka_pid() { cat "$(kafka_dir)/pid" 2>/dev/null || true; }
kafka_running() {
  local pid
  pid=$(kafka_pid)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ -e "/proc/$pid/ns/net" ]
}

# kafka_classpath VERSION: Kafka's broker and tools with their dependencies (resolved once).
kafka_classpath() {
  local v=$1 glue file
  glue=$(glue_dir)
  file=$glue/target/kafka-broker/$v/kafka-classpath.txt
  if [ ! -f "$file" ] || [ "$glue/kafka-broker/pom.xml" -nt "$file" ]; then
    ensure_java_tools
    say "resolving Apache Kafka $v (Maven; the first run downloads it)"
    maven "$glue/target/maven-kafka-$v.log" -f "$glue/kafka-broker/pom.xml" "-Dkafka.version=$v" package ||
      die "Maven could not resolve Apache Kafka $v (log: $glue/target/maven-kafka-$v.log)"
  fi
  cat "$file"
}

# kafka_java VERSION LOG CLASS ARGS...: one of Kafka's main classes, its log at INFO into LOG
# (warnings and errors on stderr too). With exec_java=1, the shell becomes the JVM; kafka_ns (an
# array) is a prefix for the command.
kafka_ns=()
kafka_java() {
  local v=$1 log=$2 cp
  shift 2
  cp=$(kafka_classpath "$v")
  local cmd=("${kafka_ns[@]}" java -Xmx512m -XX:+UseSerialGC -Dlog4j2.configurationFile="$(glue_dir)/conf/log4j2-local.xml"
    -Dstormcpp.log.file="$log" -cp "$cp" "$@")
  if [ "${exec_java:-}" = 1 ]; then exec "${cmd[@]}"; fi
  "${cmd[@]}"
}

# kafka_client CLASS ARGS...: a Kafka tool inside the broker's lab (its log: STATE/client.log).
kafka_client() {
  local kafka_ns
  mapfile -t kafka_ns < <(ns_enter_prefix "$(kafka_pid)")
  kafka_java "$STORMCPP_KAFKA_VERSION" "$(kafka_dir)/client.log" "$@"
}

# The broker's JVM (PID 1 of its namespaces), as this machine sees it.
kafka_broker_pid() {
  local d
  for d in /proc/[0-9]*; do
    case "$({ tr '\0' ' ' <"$d/cmdline"; } 2>/dev/null)" in
      java*" kafka.Kafka $(kafka_dir)/server.properties"*) echo "${d#/proc/}"; return 0 ;;
    esac
  done
  return 1
}

# kafka_up PARTITIONS: start the broker (default partitions of new topics: PARTITIONS) and wait
# until it answers. With the dev cluster up, the broker is a host of the cluster's lab, on its
# bridge, so that the cluster's workers reach it too; otherwise it has a lab of its own.
kafka_up() {
  local partitions=$1 dir holder where
  dir=$(kafka_dir)
  if kafka_running; then
    say "the dev Kafka broker is already up ($KAFKA_BOOTSTRAP in its namespace; state in $dir)"
    return 0
  fi
  lab_possible
  kafka_classpath "$STORMCPP_KAFKA_VERSION" >/dev/null
  rm -rf "$dir"
  mkdir -p "$dir"
  if cluster_running; then
    where="as host kafka of the dev cluster (its workers reach it)"
    local enter lab
    lab=$(pgrep -P "$(cluster_pid)" | head -n 1) || die "the dev cluster's lab has no first process"
    enter=(nsenter -t "$lab" -n -p -m)
    [ "$(id -u)" = 0 ] || enter=(nsenter -t "$lab" -U -n -p -m --preserve-credentials)
    setsid "${enter[@]}" -- bash "$STORMCPP_ROOT/tools/lib/kafka-broker" "$dir" "$STORMCPP_KAFKA_VERSION" "$partitions" in-lab \
      >"$dir/broker.out" 2>&1 </dev/null &
  else
    where="in new network and PID namespaces"
    local unshare_args
    mapfile -t unshare_args < <(lab_unshare_args)
    setsid unshare "${unshare_args[@]}" bash "$STORMCPP_ROOT/tools/lib/kafka-broker" "$dir" "$STORMCPP_KAFKA_VERSION" "$partitions" alone \
      >"$dir/broker.out" 2>&1 </dev/null &
  fi
  holder=$!
  disown "$holder" 2>/dev/null || true
  say "starting the dev Kafka broker (Apache Kafka $STORMCPP_KAFKA_VERSION, one KRaft node) $where; state in $dir"
  local pid=
  for _ in $(seq 1 60); do
    if ! kill -0 "$holder" 2>/dev/null; then
      tail -n 20 "$dir/broker.out" >&2 || true
      rm -f "$dir/pid"
      die "the dev Kafka broker stopped while starting (see $dir/broker.out and $dir/broker.log)"
    fi
    # the pid file names the broker's JVM: its namespaces are the broker's, and it is their PID 1
    [ -n "$pid" ] || { pid=$(kafka_broker_pid) && echo "$pid" >"$dir/pid"; } || pid=
    if [ -n "$pid" ] && kafka_client org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" --list >/dev/null 2>&1; then
      say "the dev Kafka broker is up: $KAFKA_BOOTSTRAP (stormcpp run and the kafka subcommands join its namespace); stop it with stormcpp kafka down"
      return 0
    fi
    sleep 1
  done
  echo "$holder" >"$dir/pid"
  kafka_down
  die "the dev Kafka broker did not answer in 60 s (its log: $dir/broker.log)"
}

# kafka_down: end the lab (and the broker with it), check that nothing of it is left.
kafka_down() {
  lab_stop "$(kafka_dir)" "the dev Kafka broker" || return 0
  say "the dev Kafka broker is down; nothing of it is left running (its log stays in $(kafka_dir)/broker.log)"
}

# kafka_topic_exists NAME
kafka_topic_exists() {
  kafka_client org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" --list </dev/null 2>/dev/null |
    grep -xF -- "$1" >/dev/null
}
