#include "client/socket/utf8_fields.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/text_rules.h"

namespace parley {

using google::protobuf::FieldDescriptor;

namespace {

absl::Status NotUtf8(const FieldDescriptor& field) {
  return absl::InvalidArgumentError(
      absl::StrCat(field.full_name(),
                   " is not valid UTF-8, and the JSON protocol carries only "
                   "Unicode text"));
}

}  // namespace

absl::Status CheckUtf8Fields(const google::protobuf::Message& message) {
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          if (!Utf8Length(reflection->GetRepeatedString(message, field, i))) {
            return NotUtf8(*field);
          }
        }
      } else if (!Utf8Length(reflection->GetString(message, field))) {
        return NotUtf8(*field);
      }
    } else if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          absl::Status nested = CheckUtf8Fields(
              reflection->GetRepeatedMessage(message, field, i));
          if (!nested.ok()) return nested;
        }
      } else {
        absl::Status nested =
            CheckUtf8Fields(reflection->GetMessage(message, field));
        if (!nested.ok()) return nested;
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace parley
