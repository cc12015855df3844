# The dev Kafka broker of `stormcpp kafka ...` (sourced, not run).
#
# One Kafka node in KRaft mode, Apache Kafka's own broker and tools from the Maven artifacts
# (storm/kafka-broker/pom.xml; no Kafka distribution), in a lab of its own (network and PID namespaces,
# see common.sh) where it listens on loopback only, at 192.0.2.9:9092 (tools/lib/kafka-broker).
# Nothing outside the lab can reach it and nothing of it outlives `down`. Clients (the console
# producer and consumer, topic admin, a local `stormcpp run`) join the lab's network namespace,
# where the bootstrap address is 192.0.2.9:9092.
#
# State lives in STORMCPP_KAFKA_DIR (default ~/.local/state/stormcpp/kafka): `pid` (the lab's
# holder), `data/` (the log segments and KRaft metadata), `broker.log`, `server.properties`.

STORMCPP_KAFKA_VERSION=${STORMCPP_KAFKA_VERSION:-4.1.1}
KAFKA_BOOTSTRAP=192.0.2.9:9092

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

# kafka_up PARTITIONS: start the broker (default partitions of new topics: PARTITIONS) and wait
# until it answers.
kafka_up() {
  local partitions=$1 dir pid
  dir=$(kafka_dir)
  if kafka_running; then
    say "the dev Kafka broker is already up ($KAFKA_BOOTSTRAP in its namespace; state in $dir)"
    return 0
  fi
  lab_possible
  local unshare_args
  mapfile -t unshare_args < <(lab_unshare_args)
  kafka_classpath "$STORMCPP_KAFKA_VERSION" >/dev/null
  rm -rf "$dir"
  mkdir -p "$dir"
  say "starting the dev Kafka broker (Apache Kafka $STORMCPP_KAFKA_VERSION, one KRaft node) in new network and PID namespaces; state in $dir"
  setsid unshare "${unshare_args[@]}" bash "$STORMCPP_ROOT/tools/lib/kafka-broker" "$dir" "$STORMCPP_KAFKA_VERSION" "$partitions" \
    >"$dir/broker.out" 2>&1 </dev/null &
  pid=$!
  disown "$pid" 2>/dev/null || true
  echo "$pid" >"$dir/pid"
  for _ in $(seq 1 60); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$dir/broker.out" >&2 || true
      rm -f "$dir/pid"
      die "the dev Kafka broker stopped while starting (see $dir/broker.out and $dir/broker.log)"
    fi
    if kafka_client org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" --list >/dev/null 2>&1; then
      say "the dev Kafka broker is up: $KAFKA_BOOTSTRAP inside its namespace (stormcpp run and the kafka subcommands join it); stop it with stormcpp kafka down"
      return 0
    fi
    sleep 1
  done
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
