#include "report.h"

#include <cmath>
#include <cstdio>
#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace parley::bench {
namespace {

void Quote(const std::string& s, std::string* out) {
  out->push_back('"');
  for (char c : s) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(out, "\\u%04x", static_cast<int>(c));
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

}  // namespace

Json& Json::Set(const std::string& key, Json value) {
  members_.emplace_back(key, std::move(value));
  return *this;
}

Json& Json::Push(Json value) {
  members_.emplace_back("", std::move(value));
  return *this;
}

std::string Json::Dump(int indent) const {
  std::string out;
  DumpTo(&out, indent, 0);
  out.push_back('\n');
  return out;
}

void Json::DumpTo(std::string* out, int indent, int depth) const {
  auto newline = [&](int d) {
    if (indent <= 0) return;
    out->push_back('\n');
    out->append(static_cast<size_t>(indent) * d, ' ');
  };
  switch (kind_) {
    case Kind::kNull:
      out->append("null");
      return;
    case Kind::kBool:
      out->append(bool_ ? "true" : "false");
      return;
    case Kind::kInt:
      absl::StrAppend(out, int_);
      return;
    case Kind::kDouble:
      if (std::isfinite(double_)) {
        absl::StrAppendFormat(out, "%.6g", double_);
      } else {
        out->append("null");
      }
      return;
    case Kind::kString:
      Quote(string_, out);
      return;
    case Kind::kArray:
    case Kind::kObject: {
      const bool object = kind_ == Kind::kObject;
      out->push_back(object ? '{' : '[');
      for (size_t i = 0; i < members_.size(); ++i) {
        if (i > 0) out->push_back(',');
        newline(depth + 1);
        if (object) {
          Quote(members_[i].first, out);
          out->append(indent > 0 ? ": " : ":");
        }
        members_[i].second.DumpTo(out, indent, depth + 1);
      }
      if (!members_.empty()) newline(depth);
      out->push_back(object ? '}' : ']');
      return;
    }
  }
}

Json ToJson(const LatencySummary& s) {
  return Json::Object()
      .Set("count", s.count)
      .Set("mean_us", s.mean_us)
      .Set("p50_us", s.p50_us)
      .Set("p90_us", s.p90_us)
      .Set("p99_us", s.p99_us)
      .Set("p999_us", s.p999_us)
      .Set("max_us", s.max_us);
}

Json ToJson(const WireBytes& w) {
  return Json::Object()
      .Set("sent", w.sent)
      .Set("received", w.received)
      .Set("segments_out", w.segments_out)
      .Set("segments_in", w.segments_in)
      .Set("connections", w.connections);
}

Json ToJson(const MethodBytes& m) {
  return Json::Object()
      .Set("calls", m.calls)
      .Set("sent_messages", m.sent_messages)
      .Set("sent_bytes", m.sent_bytes)
      .Set("received_messages", m.received_messages)
      .Set("received_bytes", m.received_bytes);
}

Json ToJson(const std::vector<Target>& targets) {
  Json array = Json::Array();
  for (const Target& t : targets) {
    array.Push(Json::Object()
                   .Set("name", t.name)
                   .Set("goal", t.goal)
                   .Set("figure", t.figure)
                   .Set("met", t.met));
  }
  return array;
}

std::string CsvTable::Text() const {
  auto line = [](const std::vector<std::string>& fields) {
    std::vector<std::string> quoted;
    for (const std::string& f : fields) {
      if (f.find_first_of(",\"\n") == std::string::npos) {
        quoted.push_back(f);
      } else {
        std::string q = "\"";
        for (char c : f) {
          if (c == '"') q.push_back('"');
          q.push_back(c);
        }
        q.push_back('"');
        quoted.push_back(q);
      }
    }
    return absl::StrCat(absl::StrJoin(quoted, ","), "\n");
  };
  std::string out = line(header_);
  for (const auto& row : rows_) out += line(row);
  return out;
}

namespace {

// The fields of one CSV line, quotes undone (CsvTable::Text's inverse; no
// field of the bench's spans lines).
std::vector<std::string> CsvFields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c != '"') {
        fields.back().push_back(c);
      } else if (i + 1 < line.size() && line[i + 1] == '"') {
        fields.back().push_back('"');
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back().push_back(c);
    }
  }
  return fields;
}

}  // namespace

absl::StatusOr<std::vector<CsvRow>> ReadCsv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("no file ", path));
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = CsvFields(line);
  std::vector<CsvRow> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> fields = CsvFields(line);
    if (fields.size() != header.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": a row of ", fields.size(), " fields under ",
                       header.size(), " column names"));
    }
    CsvRow& row = rows.emplace_back();
    for (size_t i = 0; i < header.size(); ++i) {
      row[header[i]] = std::move(fields[i]);
    }
  }
  return rows;
}

std::string Field(const CsvRow& row, const std::string& column) {
  auto it = row.find(column);
  return it == row.end() ? "" : it->second;
}

double Number(const CsvRow& row, const std::string& column) {
  double v = 0;
  auto it = row.find(column);
  if (it == row.end() || !absl::SimpleAtod(it->second, &v)) return 0;
  return v;
}

std::string Fixed(double v, int digits) {
  return absl::StrFormat("%.*f", digits, v);
}

absl::Status WriteResult(const std::string& dir, const std::string& name,
                         const std::string& text) {
  const std::string path = absl::StrCat(dir, "/", name);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

}  // namespace parley::bench
