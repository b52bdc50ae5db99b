#include "store/sqlite/message_row.h"

namespace parley::store {

MessageRecord ReadMessageRow(const SQLite::Statement& row, int first) {
  MessageRecord message;
  message.id = row.getColumn(first).getInt64();
  message.sender_id = row.getColumn(first + 1).getInt64();
  message.sender = row.getColumn(first + 2).getString();
  message.recipient_id = row.getColumn(first + 3).getInt64();
  message.recipient = row.getColumn(first + 4).getString();
  message.text = row.getColumn(first + 5).getString();
  message.sent_at_us = row.getColumn(first + 6).getInt64();
  message.read = row.getColumn(first + 7).getInt() != 0;
  return message;
}

std::vector<MessageRecord> ReadMessageRows(SQLite::Statement& query) {
  std::vector<MessageRecord> messages;
  while (query.executeStep()) messages.push_back(ReadMessageRow(query));
  return messages;
}

}  // namespace parley::store
