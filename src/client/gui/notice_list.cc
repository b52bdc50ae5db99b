#include "client/gui/notice_list.h"

#include <cstddef>
#include <utility>

namespace parley::gui {
namespace {

constexpr size_t kMaxNotices = 4;

}  // namespace

void NoticeList::Add(bool error, std::string text) {
  notices_.push_back(Notice{error, std::move(text)});
  while (notices_.size() > kMaxNotices) notices_.pop_front();
}

void NoticeList::Dismiss(size_t index) {
  if (index < notices_.size()) {
    notices_.erase(notices_.begin() + static_cast<std::ptrdiff_t>(index));
  }
}

}  // namespace parley::gui
