#include "wire/json_message_writer.h"

#include <ctime>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/timestamp.pb.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace parley::wire {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void WriteString(const std::string& s, JsonWriter* w) {
  w->String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

// RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits, as protobuf's
// TimeUtil::ToString writes a Timestamp.
std::string TimestampText(int64_t seconds, int32_t nanos) {
  const auto t = static_cast<time_t>(seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  std::string text = absl::StrFormat(
      "%04d-%02d-%02dT%02d:%02d:%02d", utc.tm_year + 1900, utc.tm_mon + 1,
      utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
  if (nanos != 0) {
    if (nanos % 1'000'000 == 0) {
      absl::StrAppendFormat(&text, ".%03d", nanos / 1'000'000);
    } else if (nanos % 1'000 == 0) {
      absl::StrAppendFormat(&text, ".%06d", nanos / 1'000);
    } else {
      absl::StrAppendFormat(&text, ".%09d", nanos);
    }
  }
  text.push_back('Z');
  return text;
}

void WriteMessage(const Message& message, JsonWriter* w);

// Element `index` of a repeated field, or the field itself when index < 0.
void WriteValue(const Message& message, const FieldDescriptor* field, int index,
                JsonWriter* w) {
  const Reflection* r = message.GetReflection();
  const bool repeated = index >= 0;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      w->Int(repeated ? r->GetRepeatedInt32(message, field, index)
                      : r->GetInt32(message, field));
      return;
    case FieldDescriptor::CPPTYPE_UINT32:
      w->Uint(repeated ? r->GetRepeatedUInt32(message, field, index)
                       : r->GetUInt32(message, field));
      return;
    case FieldDescriptor::CPPTYPE_INT64:
      WriteString(
          absl::StrCat(repeated ? r->GetRepeatedInt64(message, field, index)
                                : r->GetInt64(message, field)),
          w);
      return;
    case FieldDescriptor::CPPTYPE_UINT64:
      WriteString(
          absl::StrCat(repeated ? r->GetRepeatedUInt64(message, field, index)
                                : r->GetUInt64(message, field)),
          w);
      return;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      w->Double(repeated ? r->GetRepeatedDouble(message, field, index)
                         : r->GetDouble(message, field));
      return;
    case FieldDescriptor::CPPTYPE_FLOAT:
      w->Double(repeated ? r->GetRepeatedFloat(message, field, index)
                         : r->GetFloat(message, field));
      return;
    case FieldDescriptor::CPPTYPE_BOOL:
      w->Bool(repeated ? r->GetRepeatedBool(message, field, index)
                       : r->GetBool(message, field));
      return;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const int number = repeated
                             ? r->GetRepeatedEnumValue(message, field, index)
                             : r->GetEnumValue(message, field);
      const auto* value = field->enum_type()->FindValueByNumber(number);
      if (value != nullptr) {
        WriteString(value->name(), w);
      } else {
        w->Int(number);
      }
      return;
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& s =
          repeated
              ? r->GetRepeatedStringReference(message, field, index, &scratch)
              : r->GetStringReference(message, field, &scratch);
      if (field->type() == FieldDescriptor::TYPE_BYTES) {
        WriteString(absl::Base64Escape(s), w);
      } else {
        WriteString(s, w);
      }
      return;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      WriteMessage(repeated ? r->GetRepeatedMessage(message, field, index)
                            : r->GetMessage(message, field),
                   w);
      return;
  }
}

void WriteMessage(const Message& message, JsonWriter* w) {
  if (message.GetDescriptor() == google::protobuf::Timestamp::descriptor()) {
    const auto* seconds = message.GetDescriptor()->FindFieldByNumber(1);
    const auto* nanos = message.GetDescriptor()->FindFieldByNumber(2);
    const Reflection* r = message.GetReflection();
    WriteString(TimestampText(r->GetInt64(message, seconds),
                              r->GetInt32(message, nanos)),
                w);
    return;
  }
  // ListFields gives what MessageToJsonString prints by default: the fields
  // with presence that are set and the others that are not at their
  // defaults, in field-number order.
  std::vector<const FieldDescriptor*> fields;
  message.GetReflection()->ListFields(message, &fields);
  w->StartObject();
  for (const FieldDescriptor* field : fields) {
    const std::string& name = field->json_name();
    w->Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
    if (field->is_repeated()) {
      w->StartArray();
      const int size = message.GetReflection()->FieldSize(message, field);
      for (int i = 0; i < size; ++i) WriteValue(message, field, i, w);
      w->EndArray();
    } else {
      WriteValue(message, field, -1, w);
    }
  }
  w->EndObject();
}

}  // namespace

void AppendMessageJson(const Message& message, std::string* out) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  WriteMessage(message, &writer);
  out->append(buffer.GetString(), buffer.GetSize());
}

}  // namespace parley::wire
