// Micro-benchmarks of the wire layer: frame reading, frame decoding, emit encoding.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <stormcpp/stormcpp.hpp>
#include <stormcpp/wire/codec.hpp>
#include <stormcpp/wire/frame_reader.hpp>
#include <stormcpp/wire/io.hpp>

namespace {

std::string tuple_frame(std::int64_t i) {
  return "{\"id\":\"" + std::to_string(4611686018427387904LL + i) +
         "\",\"comp\":\"spout\",\"stream\":\"default\",\"task\":4,\"tuple\":[\"the cow jumped "
         "over the moon\"," +
         std::to_string(i) + "]}";
}

// FrameReader over a StringInput holding 1000 tuple frames (input built outside the timing).
void BM_FrameReader(benchmark::State& state) {
  std::string traffic;
  for (int i = 0; i < 1000; ++i)
    traffic += tuple_frame(i) + "\nend\n";
  const auto chunk = static_cast<std::size_t>(state.range(0));
  std::size_t frames = 0;
  for (auto _ : state) {
    state.PauseTiming();
    storm::detail::StringInput input(traffic, chunk);
    storm::detail::FrameReader reader(input);
    state.ResumeTiming();
    while (auto frame = reader.next()) {
      benchmark::DoNotOptimize(frame->data());
      ++frames;
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(frames));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * traffic.size()));
}
BENCHMARK(BM_FrameReader)->Arg(65536)->Arg(4096);

// parse_frame of one tuple frame (a nlohmann::json DOM, built by JsonReader).
void BM_ParseTupleFrame(benchmark::State& state) {
  const std::string frame = tuple_frame(123456);
  for (auto _ : state) {
    auto json = storm::detail::parse_frame(frame);
    benchmark::DoNotOptimize(json);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseTupleFrame);

// decode_tuple_frame of `frame` (the bolt's hot path), once per iteration.
void decode_each_iteration(benchmark::State& state, const std::string& frame) {
  for (auto _ : state) {
    storm::detail::TupleFrame tuple;
    bool ok = storm::detail::decode_tuple_frame(frame, tuple);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(tuple);
  }
  state.SetItemsProcessed(state.iterations());
}

// ... of the same frame.
void BM_DecodeTupleFrame(benchmark::State& state) {
  decode_each_iteration(state, tuple_frame(123456));
}
BENCHMARK(BM_DecodeTupleFrame);

// ... of a frame with nested values, doubles and escapes.
void BM_DecodeTupleFrameNested(benchmark::State& state) {
  decode_each_iteration(
      state, R"({"id":"4611686018427511360","comp":"spout","stream":"default","task":4,"tuple":[)"
             R"({"url":"\/a\/b?q=1","tags":["x","y\n"],"score":0.8125,"at":1733430000123},)"
             R"([1.5,-2.25e-3,3,[4,[5]]],"caf\u00e9 \"quoted\""]})");
}
BENCHMARK(BM_DecodeTupleFrameNested);

// nlohmann::json::parse of the first frame (for comparison: not used by stormcpp).
void BM_NlohmannParseTupleFrame(benchmark::State& state) {
  const std::string frame = tuple_frame(123456);
  for (auto _ : state) {
    auto json = nlohmann::json::parse(frame);
    benchmark::DoNotOptimize(json);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NlohmannParseTupleFrame);

// parse_frame of a task-id list and of a spout command.
void BM_ParseSmallFrames(benchmark::State& state) {
  const std::string ids = "[2]";
  const std::string next = "{\"command\":\"next\",\"id\":\"\"}";
  for (auto _ : state) {
    auto a = storm::detail::parse_frame(ids);
    auto b = storm::detail::parse_frame(next);
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
  }
  state.SetItemsProcessed(state.iterations() * 2);
}
BENCHMARK(BM_ParseSmallFrames);

// encode_emit of an anchored bolt emit (the pass-through bolt's output).
void BM_EncodeEmitAnchored(benchmark::State& state) {
  const nlohmann::json values = {"the cow jumped over the moon", 123456};
  const std::string_view anchor = "4611686018427511360";
  std::string out;
  for (auto _ : state) {
    storm::detail::encode_emit(out, {storm::detail::ValuesRef(storm::values_from(values)),
                                     "default", &anchor, 1, nullptr, std::nullopt, false});
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeEmitAnchored);

// The same emit from C++ values (`emit(sentence, n)`): no JSON tree is built.
void BM_EncodeEmitAnchoredCppValues(benchmark::State& state) {
  const std::string sentence = "the cow jumped over the moon";
  const std::int64_t n = 123456;
  const std::string_view anchor = "4611686018427511360";
  std::string out;
  for (auto _ : state) {
    std::tuple<const std::string&, const std::int64_t&> values(sentence, n);
    storm::detail::encode_emit(out, {storm::detail::ValuesRef(values), "default", &anchor, 1,
                                     nullptr, std::nullopt, false});
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeEmitAnchoredCppValues);

// encode_emit of doubles and a string that needs escaping, from C++ values.
void BM_EncodeEmitDoublesAndEscapes(benchmark::State& state) {
  const double a = 0.8125, b = -2.25e-3, c = 123456.789;
  const std::string text = "caf\xc3\xa9 \"quoted\"\n";
  std::string out;
  for (auto _ : state) {
    std::tuple<const double&, const double&, const double&, const std::string&> values(a, b, c,
                                                                                       text);
    storm::detail::encode_emit(out, {storm::detail::ValuesRef(values), "default", nullptr, 0,
                                     nullptr, std::nullopt, false});
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeEmitDoublesAndEscapes);

// encode_emit of a reliable spout emit.
void BM_EncodeEmitSpout(benchmark::State& state) {
  const nlohmann::json values = {"the cow jumped over the moon", 42};
  const nlohmann::json id = 42;
  std::string out;
  for (auto _ : state) {
    storm::detail::encode_emit(out, {storm::detail::ValuesRef(storm::values_from(values)),
                                     "default", nullptr, 0, &id, std::nullopt, false});
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeEmitSpout);

// encode_ack.
void BM_EncodeAck(benchmark::State& state) {
  std::string out;
  for (auto _ : state) {
    storm::detail::encode_ack(out, "4611686018427511360");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeAck);

}  // namespace

// The per-call cost of a component's metrics (docs/metrics.md). Threads > 1: contended.
void BM_MetricCounterInc(benchmark::State& state) {
  static storm::Metrics metrics;
  storm::Counter& c = metrics.counter("events");
  for (auto _ : state)
    c.inc();
  benchmark::DoNotOptimize(c.count());
}
BENCHMARK(BM_MetricCounterInc)->Threads(1)->Threads(2);

void BM_MetricGaugeSet(benchmark::State& state) {
  storm::Metrics metrics;
  storm::Gauge& g = metrics.gauge("depth");
  double v = 0;
  for (auto _ : state)
    g.set(v += 1);
  benchmark::DoNotOptimize(g.value());
}
BENCHMARK(BM_MetricGaugeSet);

void BM_MetricTimerRecord(benchmark::State& state) {
  storm::Metrics metrics;
  storm::Timer& t = metrics.timer("work");
  std::int64_t ns = 0;
  for (auto _ : state)
    t.record(std::chrono::nanoseconds(++ns % 1000));
  benchmark::DoNotOptimize(t.count());
}
BENCHMARK(BM_MetricTimerRecord);

// A scope: the two clock reads included.
void BM_MetricTimerScope(benchmark::State& state) {
  storm::Metrics metrics;
  storm::Timer& t = metrics.timer("work");
  for (auto _ : state) {
    auto s = t.scope();
  }
  benchmark::DoNotOptimize(t.count());
}
BENCHMARK(BM_MetricTimerScope);

// Looked up by name on every call, among 10 registered metrics.
void BM_MetricCounterByName(benchmark::State& state) {
  storm::Metrics metrics;
  for (int i = 0; i < 10; ++i)
    metrics.counter("metric" + std::to_string(i));
  for (auto _ : state)
    metrics.counter("metric7").inc();
}
BENCHMARK(BM_MetricCounterByName);

// What the runtime does once a second: a report of 10 changed counters and a timer.
void BM_MetricReport(benchmark::State& state) {
  storm::Metrics metrics;
  for (auto _ : state) {
    for (int i = 0; i < 10; ++i)
      metrics.counter("metric" + std::to_string(i)).inc();
    metrics.timer("t").record(std::chrono::microseconds(3));
    benchmark::DoNotOptimize(metrics.take_report());
  }
}
BENCHMARK(BM_MetricReport);

BENCHMARK_MAIN();
