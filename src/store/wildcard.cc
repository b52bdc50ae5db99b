#include "store/wildcard.h"

namespace parley::store {

std::string WildcardToLike(std::string_view pattern) {
  if (pattern.empty()) return "%";
  std::string like;
  like.reserve(pattern.size() * 2);
  for (const char c : pattern) {
    switch (c) {
      case '*':
        like += '%';
        break;
      case '?':
        like += '_';
        break;
      case '%':
      case '_':
      case '\\':
        like += '\\';
        like += c;
        break;
      default:
        like += c;
    }
  }
  return like;
}

}  // namespace parley::store
