// Account names as the desktop client compares them: by the server's own key
// (NameKey, common/text_rules.h), so "Alice" and "alice" are one account here
// exactly when they are one account there.
//
// Thread safety: pure functions.
#ifndef PARLEY_CLIENT_GUI_NAMES_H_
#define PARLEY_CLIENT_GUI_NAMES_H_

#include <string_view>

#include "common/text_rules.h"

namespace parley::gui {

// True if `a` and `b` name the same account.
inline bool SameName(std::string_view a, std::string_view b) {
  return NameKey(a) == NameKey(b);
}

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_NAMES_H_
