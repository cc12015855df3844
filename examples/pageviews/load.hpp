// The page-view topology's load generator and checker.
//
//   pageviews generate --events N [--rate PER_SEC] [--urls U] [--malformed-every K] [--seed S]
//                      --truth FILE | stormcpp kafka produce pageviews
//     N synthetic page views on stdout, one JSON object a line: URL popularity Zipf-skewed over
//     U paths (default 200), referrers skewed over a few domains and direct visits, every Kth
//     event (default 50; 0: none) malformed in one of several ways. FILE gets the truth: the
//     events per URL and per referrer domain, and how many were malformed.
//
//   stormcpp kafka consume pageviews-counts --from-beginning --seconds 10 >counts.jsonl
//   stormcpp kafka consume pageviews-errors --from-beginning --seconds 10 >errors.jsonl
//   pageviews check --truth FILE --counts counts.jsonl [--errors errors.jsonl] [--top top.jsonl]
//     Shows the last rankings of top.jsonl (pageviews-top), then sums the counters' deltas per
//     URL and per referrer and compares them with the truth:
//     exit 0 when every event was counted at least once (nothing missing, nothing invented),
//     printing how many were counted twice (replays: at-least-once); 1 otherwise.
#pragma once

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "components.hpp"

namespace pageviews {

namespace detail {

inline bool option(int argc, char** argv, int& i, const char* name, std::string& value) {
  if (std::string(argv[i]) != name) return false;
  if (i + 1 >= argc) throw std::invalid_argument(std::string(name) + " needs a value");
  value = argv[++i];
  return true;
}

inline std::int64_t whole(const std::string& text, const char* name) {
  std::size_t used = 0;
  long long v = -1;
  try {
    v = std::stoll(text, &used);
  } catch (const std::exception&) {
  }
  if (used != text.size() || v < 0)
    throw std::invalid_argument(std::string(name) + " takes a whole number, not '" + text + "'");
  return v;
}

}  // namespace detail

/// `pageviews generate ...` (see the top of this file).
inline int generate_main(int argc, char** argv) {
  std::int64_t events = -1, rate = 0, urls = 200, malformed_every = 50, seed = 1;
  std::string truth_file;
  try {
    for (int i = 1; i < argc; ++i) {
      std::string v;
      if (detail::option(argc, argv, i, "--events", v))
        events = detail::whole(v, "--events");
      else if (detail::option(argc, argv, i, "--rate", v))
        rate = detail::whole(v, "--rate");
      else if (detail::option(argc, argv, i, "--urls", v))
        urls = detail::whole(v, "--urls");
      else if (detail::option(argc, argv, i, "--malformed-every", v))
        malformed_every = detail::whole(v, "--malformed-every");
      else if (detail::option(argc, argv, i, "--seed", v))
        seed = detail::whole(v, "--seed");
      else if (detail::option(argc, argv, i, "--truth", v))
        truth_file = v;
      else
        throw std::invalid_argument(std::string("unknown argument ") + argv[i]);
    }
    if (events < 0 || truth_file.empty() || urls < 1)
      throw std::invalid_argument("--events N, --urls U >= 1 and --truth FILE are needed");
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr,
                 "pageviews generate: %s\nusage: pageviews generate --events N [--rate PER_SEC] "
                 "[--urls U] [--malformed-every K] [--seed S] --truth FILE\n",
                 e.what());
    return 2;
  }

  std::mt19937_64 random(static_cast<std::uint64_t>(seed));
  // Zipf-like popularity: path k (1-based) has weight 1/k.
  std::vector<double> weights;
  for (std::int64_t k = 1; k <= urls; ++k)
    weights.push_back(1.0 / static_cast<double>(k));
  std::discrete_distribution<std::int64_t> pick_url(weights.begin(), weights.end());
  const std::vector<std::string> referrers = {"https://www.google.com/search?q=storm",
                                              "https://news.ycombinator.com/item?id=1",
                                              "https://t.co/abc",
                                              "https://www.reddit.com/r/cpp/",
                                              "",
                                              "https://Example.org/blog"};
  std::discrete_distribution<std::size_t> pick_referrer({40, 20, 15, 10, 10, 5});
  std::uniform_int_distribution<int> pick_visitor(1, 5000);
  std::uniform_int_distribution<int> pick_fault(0, 4);

  nlohmann::json truth = {{"events", events},
                          {"malformed", 0},
                          {"url", nlohmann::json::object()},
                          {"referrer", nlohmann::json::object()}};
  auto started = std::chrono::steady_clock::now();
  for (std::int64_t n = 0; n < events; ++n) {
    if (rate > 0)
      std::this_thread::sleep_until(started + std::chrono::microseconds(n * 1000000 / rate));
    std::string path = "/story/" + std::to_string(pick_url(random) + 1);
    const std::string& referrer = referrers[pick_referrer(random)];
    std::int64_t ts = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
    nlohmann::json event = {{"url", path + "?utm=" + std::to_string(n % 7)},
                            {"referrer", referrer},
                            {"visitor", "v" + std::to_string(pick_visitor(random))},
                            {"ts", ts}};
    std::string line;
    if (malformed_every > 0 && n % malformed_every == malformed_every - 1) {
      truth["malformed"] = truth["malformed"].get<std::int64_t>() + 1;
      switch (pick_fault(random)) {
        case 0:
          line = "{\"url\": \"/story/1\", \"visitor\": ";
          break;  // cut short: not JSON
        case 1:
          event.erase("url");
          line = event.dump();
          break;
        case 2:
          event["ts"] = "yesterday";
          line = event.dump();
          break;
        case 3:
          event["url"] = "/" + std::string(70000, 'x');
          line = event.dump();
          break;  // a huge field
        default:
          line = "[1, 2, 3]";
          break;
      }
    } else {
      line = event.dump();
      auto& u = truth["url"][path];
      u = u.is_null() ? 1 : u.get<std::int64_t>() + 1;
      std::string domain = referrer_domain(referrer);
      auto& r = truth["referrer"][domain];
      r = r.is_null() ? 1 : r.get<std::int64_t>() + 1;
    }
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
  }
  std::fflush(stdout);
  std::ofstream(truth_file) << truth.dump(1) << '\n';
  return std::ferror(stdout) ? 1 : 0;
}

/// `pageviews check ...` (see the top of this file).
inline int check_main(int argc, char** argv) {
  std::string truth_file, counts_file, errors_file, top_file;
  try {
    for (int i = 1; i < argc; ++i) {
      std::string v;
      if (detail::option(argc, argv, i, "--truth", v))
        truth_file = v;
      else if (detail::option(argc, argv, i, "--counts", v))
        counts_file = v;
      else if (detail::option(argc, argv, i, "--errors", v))
        errors_file = v;
      else if (detail::option(argc, argv, i, "--top", v))
        top_file = v;
      else
        throw std::invalid_argument(std::string("unknown argument ") + argv[i]);
    }
    if (truth_file.empty() || counts_file.empty())
      throw std::invalid_argument("--truth FILE and --counts FILE are needed");
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr,
                 "pageviews check: %s\nusage: pageviews check --truth FILE --counts FILE [--errors "
                 "FILE] [--top FILE]\n",
                 e.what());
    return 2;
  }
  std::ifstream truth_in(truth_file);
  nlohmann::json truth = nlohmann::json::parse(truth_in, nullptr, false);
  if (truth.is_discarded() || !truth.contains("url")) {
    std::fprintf(stderr, "pageviews check: %s is not a truth file of pageviews generate\n",
                 truth_file.c_str());
    return 2;
  }

  std::string line;
  if (!top_file.empty()) {
    std::map<std::string, nlohmann::json> last;  // kind -> its newest ranking
    std::ifstream top_in(top_file);
    while (std::getline(top_in, line)) {
      nlohmann::json m = nlohmann::json::parse(line, nullptr, false);
      if (!m.is_discarded() && m.contains("kind") && m.contains("top"))
        last[m["kind"].get<std::string>()] = m;
    }
    for (const auto& [kind, m] : last) {
      std::printf("top %ss of the last %lld s:\n", kind.c_str(),
                  static_cast<long long>(m["window_secs"].get<std::int64_t>()));
      int rank = 0;
      for (const auto& entry : m["top"]) {
        if (++rank > 5) break;
        std::printf("  %d. %-28s %lld\n", rank, entry["key"].get<std::string>().c_str(),
                    static_cast<long long>(entry["count"].get<std::int64_t>()));
      }
    }
  }

  std::map<std::string, std::map<std::string, std::int64_t>>
      counted;  // kind -> key -> sum of deltas
  std::ifstream counts_in(counts_file);
  std::int64_t messages = 0, unreadable = 0;
  while (std::getline(counts_in, line)) {
    nlohmann::json m = nlohmann::json::parse(line, nullptr, false);
    if (m.is_discarded() || !m.contains("kind") || !m.contains("delta")) {
      ++unreadable;
      continue;
    }
    ++messages;
    counted[m["kind"].get<std::string>()][m["key"].get<std::string>()] +=
        m["delta"].get<std::int64_t>();
  }

  bool ok = unreadable == 0;
  std::int64_t valid = truth["events"].get<std::int64_t>() - truth["malformed"].get<std::int64_t>();
  std::printf("events produced: %lld (%lld valid, %lld malformed); %lld count messages read\n",
              static_cast<long long>(truth["events"].get<std::int64_t>()),
              static_cast<long long>(valid),
              static_cast<long long>(truth["malformed"].get<std::int64_t>()),
              static_cast<long long>(messages));
  if (unreadable > 0)
    std::printf("FAIL: %lld lines of the counts are not count messages\n",
                static_cast<long long>(unreadable));
  std::map<std::string, std::int64_t> duplicates;
  for (const char* kind : {"url", "referrer"}) {
    std::int64_t sum = 0, missing = 0, invented = 0, twice = 0;
    for (const auto& [key, expected] : truth[kind].items()) {
      std::int64_t got = counted[kind].count(key) ? counted[kind][key] : 0;
      sum += got;
      if (got < expected.get<std::int64_t>()) {
        if (missing++ < 5)
          std::printf("FAIL: %s %s counted %lld times, produced %lld\n", kind, key.c_str(),
                      static_cast<long long>(got),
                      static_cast<long long>(expected.get<std::int64_t>()));
      } else {
        twice += got - expected.get<std::int64_t>();
      }
    }
    for (const auto& [key, got] : counted[kind]) {
      if (!truth[kind].contains(key) && got != 0) {
        sum += got;
        if (invented++ < 5)
          std::printf("FAIL: %s %s counted %lld times, never produced\n", kind, key.c_str(),
                      static_cast<long long>(got));
      }
    }
    std::printf(
        "per %s: %lld counted for %lld valid events: %lld keys short, %lld unknown, %lld counted "
        "twice (replayed)\n",
        kind, static_cast<long long>(sum), static_cast<long long>(valid),
        static_cast<long long>(missing), static_cast<long long>(invented),
        static_cast<long long>(twice));
    ok = ok && missing == 0 && invented == 0;
    duplicates[kind] = twice;
  }
  if (!errors_file.empty()) {
    std::ifstream errors_in(errors_file);
    std::map<std::string, int> records;  // partition@offset -> times dead-lettered
    while (std::getline(errors_in, line)) {
      nlohmann::json m = nlohmann::json::parse(line, nullptr, false);
      if (!m.is_discarded() && m.contains("offset"))
        ++records[m["partition"].dump() + "@" + m["offset"].dump()];
    }
    auto malformed = truth["malformed"].get<std::int64_t>();
    auto distinct = static_cast<std::int64_t>(records.size());
    std::printf("dead-lettered: %lld distinct records for %lld malformed events\n",
                static_cast<long long>(distinct), static_cast<long long>(malformed));
    if (distinct < malformed)
      std::printf("FAIL: %lld malformed events were not dead-lettered\n",
                  static_cast<long long>(malformed - distinct));
    ok = ok && distinct >= malformed;
  }
  std::printf(
      "duplicates: %lld events counted twice per URL, %lld per referrer (replayed after a failure: "
      "at-least-once)\n",
      static_cast<long long>(duplicates["url"]), static_cast<long long>(duplicates["referrer"]));
  std::printf("RESULT: %s\n", ok ? "OK (every event counted at least once)" : "FAIL");
  return ok ? 0 : 1;
}

}  // namespace pageviews
