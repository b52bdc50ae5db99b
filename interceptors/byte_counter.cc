#include "interceptors/byte_counter.h"

namespace parley {

MethodBytes& MethodBytes::operator+=(const MethodBytes& other) {
  calls += other.calls;
  sent_messages += other.sent_messages;
  sent_bytes += other.sent_bytes;
  received_messages += other.received_messages;
  received_bytes += other.received_bytes;
  return *this;
}

ByteCounter::Counts& ByteCounter::For(std::string_view method) {
  {
    absl::ReaderMutexLock lock(&mu_);
    auto it = methods_.find(method);
    if (it != methods_.end()) return *it->second;
  }
  absl::MutexLock lock(&mu_);
  auto [it, inserted] = methods_.try_emplace(std::string(method));
  if (inserted) it->second = std::make_unique<Counts>();
  return *it->second;
}

void ByteCounter::AddCall(std::string_view method) {
  For(method).calls.fetch_add(1, std::memory_order_relaxed);
}

void ByteCounter::AddSent(std::string_view method, int64_t bytes) {
  Counts& counts = For(method);
  counts.sent_messages.fetch_add(1, std::memory_order_relaxed);
  counts.sent_bytes.fetch_add(bytes, std::memory_order_relaxed);
}

void ByteCounter::AddReceived(std::string_view method, int64_t bytes) {
  Counts& counts = For(method);
  counts.received_messages.fetch_add(1, std::memory_order_relaxed);
  counts.received_bytes.fetch_add(bytes, std::memory_order_relaxed);
}

void ByteCounter::AddTcp(int64_t sent, int64_t received) {
  tcp_sent_.fetch_add(sent, std::memory_order_relaxed);
  tcp_received_.fetch_add(received, std::memory_order_relaxed);
}

TcpBytes ByteCounter::Tcp() const {
  return TcpBytes{tcp_sent_.load(std::memory_order_relaxed),
                  tcp_received_.load(std::memory_order_relaxed)};
}

std::map<std::string, MethodBytes> ByteCounter::Snapshot() const {
  absl::ReaderMutexLock lock(&mu_);
  std::map<std::string, MethodBytes> out;
  for (const auto& [method, counts] : methods_) {
    MethodBytes& m = out[method];
    m.calls = counts->calls.load(std::memory_order_relaxed);
    m.sent_messages = counts->sent_messages.load(std::memory_order_relaxed);
    m.sent_bytes = counts->sent_bytes.load(std::memory_order_relaxed);
    m.received_messages =
        counts->received_messages.load(std::memory_order_relaxed);
    m.received_bytes = counts->received_bytes.load(std::memory_order_relaxed);
  }
  return out;
}

MethodBytes ByteCounter::Total() const {
  MethodBytes total;
  for (const auto& [method, bytes] : Snapshot()) total += bytes;
  return total;
}

void ByteCounter::Reset() {
  tcp_sent_.store(0, std::memory_order_relaxed);
  tcp_received_.store(0, std::memory_order_relaxed);
  absl::ReaderMutexLock lock(&mu_);
  for (const auto& [method, counts] : methods_) {
    counts->calls.store(0, std::memory_order_relaxed);
    counts->sent_messages.store(0, std::memory_order_relaxed);
    counts->sent_bytes.store(0, std::memory_order_relaxed);
    counts->received_messages.store(0, std::memory_order_relaxed);
    counts->received_bytes.store(0, std::memory_order_relaxed);
  }
}

}  // namespace parley
