#include "wire/samples.h"

#include <cstdint>
#include <limits>

#include "absl/strings/str_cat.h"
#include "google/protobuf/reflection.h"
#include "google/protobuf/timestamp.pb.h"

namespace parley::wire::testing {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::OneofDescriptor;
using google::protobuf::Reflection;

// The value of the `index`th element (0 for a singular field).
std::string StringValue(const FieldDescriptor& field, int index) {
  if (field.type() == FieldDescriptor::TYPE_BYTES) {
    return absl::StrCat(std::string("\x00\x01\x7f\x80\xfe\xff", 6),
                        field.name(), index);
  }
  return absl::StrCat("Gr\xC3\xBC\xC3\x9F \xE2\x9C\x93 \xF0\x9F\x99\x82 \"",
                      field.name(), "\" \\ line\n", index);
}

void Fill(Message* message, const OneofDescriptor* chosen_oneof,
          int chosen_member);

// Sets the `index`th value of `field` (appending it if repeated).
void SetValue(Message* message, const FieldDescriptor& field, int index) {
  const Reflection* r = message->GetReflection();
  const bool repeated = field.is_repeated();
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
      const int32_t v = index == 0 ? std::numeric_limits<int32_t>::max()
                                   : std::numeric_limits<int32_t>::min();
      repeated ? r->AddInt32(message, &field, v)
               : r->SetInt32(message, &field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      const int64_t v = index == 0 ? std::numeric_limits<int64_t>::max()
                                   : -(int64_t{1} << 53) - 1;
      repeated ? r->AddInt64(message, &field, v)
               : r->SetInt64(message, &field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      const uint32_t v = std::numeric_limits<uint32_t>::max() - index;
      repeated ? r->AddUInt32(message, &field, v)
               : r->SetUInt32(message, &field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      const uint64_t v = std::numeric_limits<uint64_t>::max() - index;
      repeated ? r->AddUInt64(message, &field, v)
               : r->SetUInt64(message, &field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      const double v = 0.1 + index;
      repeated ? r->AddDouble(message, &field, v)
               : r->SetDouble(message, &field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_FLOAT: {
      const float v = 0.5F + static_cast<float>(index);
      repeated ? r->AddFloat(message, &field, v)
               : r->SetFloat(message, &field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      repeated ? r->AddBool(message, &field, index == 0)
               : r->SetBool(message, &field, true);
      break;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const int count = field.enum_type()->value_count();
      const int v =
          field.enum_type()->value(count - 1 - index % count)->number();
      repeated ? r->AddEnumValue(message, &field, v)
               : r->SetEnumValue(message, &field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_STRING:
      repeated ? r->AddString(message, &field, StringValue(field, index))
               : r->SetString(message, &field, StringValue(field, index));
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      Message* nested = repeated ? r->AddMessage(message, &field)
                                 : r->MutableMessage(message, &field);
      Fill(nested, nullptr, 0);
      break;
    }
  }
}

// A timestamp the JSON mapping can print (years 1 to 9999), with nanos.
void FillTimestamp(Message* message) {
  auto* timestamp = static_cast<google::protobuf::Timestamp*>(message);
  timestamp->set_seconds(1767225600);  // 2026-01-01T00:00:00Z
  timestamp->set_nanos(123456789);
}

// Fills every field; of a real oneof only one member: `chosen_member` of
// `chosen_oneof`, the first member of any other.
void Fill(Message* message, const OneofDescriptor* chosen_oneof,
          int chosen_member) {
  const Descriptor* type = message->GetDescriptor();
  if (type == google::protobuf::Timestamp::descriptor()) {
    FillTimestamp(message);
    return;
  }
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor& field = *type->field(i);
    if (const OneofDescriptor* oneof = field.real_containing_oneof()) {
      const int member = oneof == chosen_oneof ? chosen_member : 0;
      if (oneof->field(member) != &field) continue;
    }
    for (int index = 0; index < (field.is_repeated() ? 2 : 1); ++index) {
      SetValue(message, field, index);
    }
  }
}

void CollectUnset(const Message& message, const std::string& prefix,
                  std::vector<std::string>* unset) {
  const Descriptor* type = message.GetDescriptor();
  const Reflection* r = message.GetReflection();
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor& field = *type->field(i);
    const std::string name = absl::StrCat(prefix, ".", field.name());
    if (const OneofDescriptor* oneof = field.real_containing_oneof()) {
      if (r->GetOneofFieldDescriptor(message, oneof) != &field) continue;
    }
    const bool set = field.is_repeated() ? r->FieldSize(message, &field) > 0
                                         : r->HasField(message, &field);
    if (!set) {
      unset->push_back(name);
      continue;
    }
    if (field.cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (field.is_repeated()) {
      for (int j = 0; j < r->FieldSize(message, &field); ++j) {
        CollectUnset(r->GetRepeatedMessage(message, &field, j), name, unset);
      }
    } else {
      CollectUnset(r->GetMessage(message, &field), name, unset);
    }
  }
}

}  // namespace

std::vector<std::unique_ptr<Message>> FilledSamples(const Descriptor& type) {
  const Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(
          &type);
  std::vector<std::unique_ptr<Message>> samples;
  auto add = [&](const OneofDescriptor* oneof, int member) {
    std::unique_ptr<Message> sample(prototype->New());
    Fill(sample.get(), oneof, member);
    samples.push_back(std::move(sample));
  };
  bool has_oneof = false;
  for (int i = 0; i < type.real_oneof_decl_count(); ++i) {
    has_oneof = true;
    const OneofDescriptor* oneof = type.oneof_decl(i);
    for (int member = 0; member < oneof->field_count(); ++member) {
      add(oneof, member);
    }
  }
  if (!has_oneof) add(nullptr, 0);
  return samples;
}

std::vector<std::string> UnsetFields(const Message& message) {
  std::vector<std::string> unset;
  CollectUnset(message, message.GetDescriptor()->name(), &unset);
  return unset;
}

}  // namespace parley::wire::testing
