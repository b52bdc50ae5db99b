#include "store/postgres/postgres_url.h"

#include <cctype>
#include <cstddef>

namespace parley::store::postgres {
namespace {

constexpr std::string_view kSchemes[] = {"postgresql://", "postgres://"};

// Percent-encodes everything but RFC 3986's unreserved characters.
std::string PercentEncoded(std::string_view value) {
  constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' ||
        c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

}  // namespace

bool IsPostgresUrl(std::string_view db) {
  for (const std::string_view scheme : kSchemes) {
    if (db.starts_with(scheme)) return true;
  }
  return false;
}

std::string WithUrlParameter(std::string_view url, std::string_view key,
                             std::string_view value) {
  const size_t query = url.find('?');
  if (query != std::string_view::npos) {
    std::string_view rest = url.substr(query + 1);
    while (!rest.empty()) {
      const size_t amp = rest.find('&');
      const std::string_view pair = rest.substr(0, amp);
      if (pair.substr(0, pair.find('=')) == key) return std::string(url);
      if (amp == std::string_view::npos) break;
      rest.remove_prefix(amp + 1);
    }
  }
  std::string out(url);
  out += query == std::string_view::npos ? '?' : '&';
  out += key;
  out += '=';
  out += PercentEncoded(value);
  return out;
}

std::string RedactedUrl(std::string_view url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  const size_t authority = scheme_end + 3;
  const size_t at = url.find('@', authority);
  const size_t path = url.find_first_of("/?", authority);
  if (at == std::string_view::npos ||
      (path != std::string_view::npos && path < at)) {
    return std::string(url);
  }
  const size_t colon = url.find(':', authority);
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  std::string out(url.substr(0, colon + 1));
  out += "***";
  out += url.substr(at);
  return out;
}

}  // namespace parley::store::postgres
