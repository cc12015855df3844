// The word-count topology: sentences -> words -> running counts.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include <stormcpp/stormcpp.hpp>

namespace wordcount {

/// Emits sentences reliably, each with a message id; a failed sentence is emitted again with
/// the same id. `wordcount.max_sentences` (topology conf) bounds how many it emits, and
/// `wordcount.sentences_per_second` how fast (for the fault tests, which need a run to last).
class SentenceSpout : public storm::Spout {
 public:
  static constexpr const char* sentences[] = {
      "the cow jumped over the moon",   "an apple a day keeps the doctor away",
      "four score and seven years ago", "snow white and the seven dwarfs",
      "i am at two with nature",
  };

  SentenceSpout() { declare_output({"sentence"}); }

  void initialize(const nlohmann::json& conf, const storm::Context&) override {
    max_sentences_ = conf.value("wordcount.max_sentences", std::int64_t{-1});
    double rate = conf.value("wordcount.sentences_per_second", 0.0);
    if (rate > 0) {
      interval_ = std::chrono::duration_cast<storm::Clock::duration>(
          std::chrono::duration<double>(1.0 / rate));
    }
    next_due_ = now();
  }

  void next_tuple() override {
    if (max_sentences_ >= 0 && next_id_ >= max_sentences_) return;
    if (interval_.count() > 0) {
      if (now() < next_due_) return;
      next_due_ += interval_;
    }
    std::int64_t id = next_id_++;
    std::string sentence = sentences[id % std::size(sentences)];
    pending_.emplace(id, sentence);
    emit(storm::message_id(id), sentence);
  }

  void ack(const nlohmann::json& id) override { pending_.erase(id.get<std::int64_t>()); }

  void fail(const nlohmann::json& id) override {
    auto found = pending_.find(id.get<std::int64_t>());
    if (found == pending_.end()) return;
    logger()->warn("sentence {} failed, emitting it again", found->first);
    emit(storm::message_id(found->first), found->second);
  }

 private:
  std::int64_t next_id_ = 0;
  std::int64_t max_sentences_ = -1;
  storm::Clock::duration interval_{0};
  storm::Clock::time_point next_due_;
  std::map<std::int64_t, std::string> pending_;  // emitted, not yet acked
};

/// Splits each sentence into words: one emit per word, in order, anchored to the sentence.
/// Metrics: counters `sentences` and `words`, timer `split` (docs/metrics.md).
/// Fault injection for the reliability tests: with `wordcount.fail_every` = N it throws after
/// emitting the words of every Nth sentence, so the sentence is failed and replayed.
class SplitSentenceBolt : public storm::Bolt {
 public:
  SplitSentenceBolt() { declare_output({"word"}); }

  void initialize(const nlohmann::json& conf, const storm::Context&) override {
    fail_every_ = conf.value("wordcount.fail_every", std::int64_t{0});
    sentences_ = &metrics().counter("sentences");
    words_ = &metrics().counter("words");
    split_ = &metrics().timer("split");
  }

  void process(const storm::Tuple& tuple) override {
    auto timing = split_->scope();
    sentences_->inc();
    std::istringstream words(tuple.get<std::string>(0));
    std::string word;
    while (words >> word) {
      emit(word);
      words_->inc();
    }
    if (fail_every_ > 0 && ++processed_ % fail_every_ == 0) {
      throw std::runtime_error("injected fault (wordcount.fail_every)");
    }
  }

 private:
  std::int64_t fail_every_ = 0;
  std::int64_t processed_ = 0;
  storm::Counter* sentences_ = nullptr;
  storm::Counter* words_ = nullptr;
  storm::Timer* split_ = nullptr;
};

/// Counts words, emitting [word, count] after each one. On a tick tuple it logs a summary.
/// Metrics: gauge `distinct_words`.
/// With `wordcount.report_tasks` set it asks Storm which tasks got each count and logs them.
class WordCountBolt : public storm::Bolt {
 public:
  WordCountBolt() { declare_output({"word", "count"}); }

  void initialize(const nlohmann::json& conf, const storm::Context&) override {
    report_tasks_ = conf.value("wordcount.report_tasks", false);
    distinct_ = &metrics().gauge("distinct_words");
  }

  void process(const storm::Tuple& tuple) override {
    const auto& word = tuple[0].get_ref<const std::string&>();
    std::int64_t count = ++counts_[word];
    ++total_;
    distinct_->set(static_cast<double>(counts_.size()));
    if (!report_tasks_) {
      emit(word, count);
      return;
    }
    std::string tasks;
    for (int task : emit_with_task_ids(word, count)) {
      tasks += (tasks.empty() ? "" : ",") + std::to_string(task);
    }
    logger()->info("{}={} went to tasks [{}]", word, count, tasks);
  }

  void process_tick(const storm::Tuple&) override {
    logger()->info("{} distinct words, {} counted", counts_.size(), total_);
  }

 private:
  bool report_tasks_ = false;
  storm::Gauge* distinct_ = nullptr;
  std::int64_t total_ = 0;
  std::unordered_map<std::string, std::int64_t> counts_;
};

}  // namespace wordcount
