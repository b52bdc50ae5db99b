// What a scenario leaves in the results directory: a JSON document, CSV tables
// (one row per run or step, for gnuplot and spreadsheets), a Markdown summary,
// and the targets with their figures. A small ordered JSON builder is
// enough here; no JSON library is needed.
#ifndef PARLEY_BENCH_REPORT_H_
#define PARLEY_BENCH_REPORT_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "interceptors/byte_counter.h"
#include "latency.h"
#include "wire_counter.h"

namespace parley::bench {

// A JSON value: an object keeps its keys in insertion order.
class Json {
 public:
  static Json Object() { return Json(Kind::kObject); }
  static Json Array() { return Json(Kind::kArray); }
  Json() : kind_(Kind::kNull) {}
  Json(bool b) : kind_(Kind::kBool), bool_(b) {}  // NOLINT: implicit on purpose
  Json(int v) : Json(static_cast<int64_t>(v)) {}  // NOLINT
  Json(int64_t v) : kind_(Kind::kInt), int_(v) {}            // NOLINT
  Json(double v) : kind_(Kind::kDouble), double_(v) {}       // NOLINT
  Json(const char* s) : kind_(Kind::kString), string_(s) {}  // NOLINT
  Json(std::string s)  // NOLINT(google-explicit-constructor)
      : kind_(Kind::kString), string_(std::move(s)) {}

  // Object: sets a key (appending it). Array: appends.
  Json& Set(const std::string& key, Json value);
  Json& Push(Json value);
  std::string Dump(int indent = 0) const;

 private:
  enum class Kind { kNull, kBool, kInt, kDouble, kString, kArray, kObject };
  explicit Json(Kind kind) : kind_(kind) {}
  void DumpTo(std::string* out, int indent, int depth) const;

  Kind kind_;
  bool bool_ = false;
  int64_t int_ = 0;
  double double_ = 0;
  std::string string_;
  std::vector<std::pair<std::string, Json>>
      members_;  // objects and arrays (keys empty)
};

Json ToJson(const LatencySummary& s);
Json ToJson(const WireBytes& w);
Json ToJson(const MethodBytes& m);

// A CSV table; fields are quoted only when they need it.
class CsvTable {
 public:
  explicit CsvTable(std::vector<std::string> header)
      : header_(std::move(header)) {}
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string Text() const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// The rows of a CSV file as CsvTable writes it, each row by column name.
// Errors: NOT_FOUND if the file does not exist; INVALID_ARGUMENT if a row
// has a different number of fields than the header.
using CsvRow = std::map<std::string, std::string>;
absl::StatusOr<std::vector<CsvRow>> ReadCsv(const std::string& path);
// A row's field, empty when the column is missing.
std::string Field(const CsvRow& row, const std::string& column);
// A row's field as a number; 0 when the column is missing, empty or not a
// number.
double Number(const CsvRow& row, const std::string& column);

// One of the targets and how this run did against it.
struct Target {
  std::string name;
  std::string goal;
  std::string figure;
  bool met = false;
};
Json ToJson(const std::vector<Target>& targets);

// Formats a number with `digits` decimals.
std::string Fixed(double v, int digits);

// Writes `text` to `dir`/`name`.
absl::Status WriteResult(const std::string& dir, const std::string& name,
                         const std::string& text);

}  // namespace parley::bench

#endif  // PARLEY_BENCH_REPORT_H_
