#include "store/postgres/message_row.h"

namespace parley::store::postgres {

MessageRecord ReadMessageRow(const pqxx::row& row, int first) {
  MessageRecord message;
  message.id = row[first].as<int64_t>();
  message.sender_id = row[first + 1].as<int64_t>();
  message.sender = row[first + 2].as<std::string>();
  message.recipient_id = row[first + 3].as<int64_t>();
  message.recipient = row[first + 4].as<std::string>();
  message.text = pqxx::binarystring(row[first + 5]).str();
  message.sent_at_us = row[first + 6].as<int64_t>();
  message.read = row[first + 7].as<bool>();
  return message;
}

std::vector<MessageRecord> ReadMessageRows(const pqxx::result& rows) {
  std::vector<MessageRecord> messages;
  messages.reserve(rows.size());
  for (const pqxx::row& row : rows) messages.push_back(ReadMessageRow(row));
  return messages;
}

}  // namespace parley::store::postgres
