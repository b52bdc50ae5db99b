#include "server/metrics/prometheus_text.h"

#include <charconv>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace parley {
namespace {

// A label value with backslash, double quote and line feed escaped.
void AppendEscaped(std::string_view value, std::string* out) {
  for (const char c : value) {
    switch (c) {
      case '\\':
        out->append("\\\\");
        break;
      case '"':
        out->append("\\\"");
        break;
      case '\n':
        out->append("\\n");
        break;
      default:
        out->push_back(c);
    }
  }
}

std::string FormatDouble(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (std::isnan(value)) return "NaN";
  // The shortest text that reads back as the same double.
  char buffer[32];
  const std::to_chars_result result =
      std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

}  // namespace

void PrometheusText::Family(std::string_view name, std::string_view type,
                            std::string_view help) {
  // HELP text escapes backslash and line feed only.
  std::string escaped;
  for (const char c : help) {
    if (c == '\\') {
      escaped.append("\\\\");
    } else if (c == '\n') {
      escaped.append("\\n");
    } else {
      escaped.push_back(c);
    }
  }
  text_.append("# HELP ").append(name).append(" ").append(escaped);
  text_.append("\n# TYPE ").append(name).append(" ").append(type);
  text_.push_back('\n');
}

void PrometheusText::Sample(std::string_view name, MetricLabels labels,
                            int64_t value) {
  Line(name, labels, {}, {}, absl::StrCat(value));
}

void PrometheusText::Sample(std::string_view name, MetricLabels labels,
                            double value) {
  Line(name, labels, {}, {}, FormatDouble(value));
}

void PrometheusText::Histogram(std::string_view name, MetricLabels labels,
                               const HistogramSnapshot& histogram) {
  const std::string base(name);
  for (size_t i = 0; i < histogram.bounds.size(); ++i) {
    Line(base + "_bucket", labels, "le", FormatDouble(histogram.bounds[i]),
         absl::StrCat(histogram.cumulative[i]));
  }
  Line(base + "_bucket", labels, "le", "+Inf", absl::StrCat(histogram.count));
  Line(base + "_sum", labels, {}, {}, FormatDouble(histogram.sum));
  Line(base + "_count", labels, {}, {}, absl::StrCat(histogram.count));
}

void PrometheusText::Line(std::string_view name, MetricLabels labels,
                          std::string_view extra_label,
                          std::string_view extra_value,
                          std::string_view value) {
  text_.append(name);
  bool first = true;
  auto label = [&](std::string_view key, std::string_view label_value) {
    text_.push_back(first ? '{' : ',');
    first = false;
    text_.append(key);
    text_.append("=\"");
    AppendEscaped(label_value, &text_);
    text_.push_back('"');
  };
  for (const auto& [key, label_value] : labels) label(key, label_value);
  if (!extra_label.empty()) label(extra_label, extra_value);
  if (!first) text_.push_back('}');
  text_.push_back(' ');
  text_.append(value);
  text_.push_back('\n');
}

}  // namespace parley
