// The strip of notices above the window: what happened that belongs to no
// field ("Signed in as bob.", "carol deleted their account; ..."), newest
// last, a handful at most so old news falls off.
//
// Thread safety: the UI thread only.
#ifndef PARLEY_CLIENT_GUI_NOTICE_LIST_H_
#define PARLEY_CLIENT_GUI_NOTICE_LIST_H_

#include <cstddef>
#include <deque>
#include <string>

#include "client/gui/view_state.h"

namespace parley::gui {

class NoticeList {
 public:
  // Adds a notice, dropping the oldest beyond the handful kept.
  void Add(bool error, std::string text);
  // Removes the notice at `index` (of notices()); out of range does nothing.
  void Dismiss(size_t index);
  const std::deque<Notice>& notices() const { return notices_; }

 private:
  std::deque<Notice> notices_;
};

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_NOTICE_LIST_H_
