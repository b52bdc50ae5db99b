// Writes metrics in the Prometheus text exposition format (version 0.0.4):
// each family's # HELP and # TYPE lines, then its samples, label values
// escaped. It knows the format only, not what the server counts.
//
// Thread safety: not thread-safe; one writer per page.
#ifndef PARLEY_SERVER_METRICS_PROMETHEUS_TEXT_H_
#define PARLEY_SERVER_METRICS_PROMETHEUS_TEXT_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "server/engine/metrics.h"

namespace parley {

using MetricLabels =
    std::initializer_list<std::pair<std::string_view, std::string_view>>;

class PrometheusText {
 public:
  // The content type of the page.
  static constexpr char kContentType[] = "text/plain; version=0.0.4";

  // Starts the family `name` of `type` ("counter", "gauge" or "histogram").
  // Each family once; its samples follow before the next family starts.
  void Family(std::string_view name, std::string_view type,
              std::string_view help);
  // One sample of the current family; a counter's `name` ends in _total.
  void Sample(std::string_view name, MetricLabels labels, int64_t value);
  void Sample(std::string_view name, MetricLabels labels, double value);
  // The _bucket, _sum and _count samples of one histogram of the current
  // family `name`.
  void Histogram(std::string_view name, MetricLabels labels,
                 const HistogramSnapshot& histogram);

  // The page written so far.
  const std::string& text() const { return text_; }

 private:
  void Line(std::string_view name, MetricLabels labels,
            std::string_view extra_label, std::string_view extra_value,
            std::string_view value);

  std::string text_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_METRICS_PROMETHEUS_TEXT_H_
