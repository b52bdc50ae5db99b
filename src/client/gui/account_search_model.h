// The account search of the desktop client (the "Find people" tab): a
// wildcard pattern and its results, a page at a time, forward and back. A part
// of ChatViewModel.
//
// Thread safety: the UI thread only. Errors become AccountSearch::error.
#ifndef PARLEY_CLIENT_GUI_ACCOUNT_SEARCH_MODEL_H_
#define PARLEY_CLIENT_GUI_ACCOUNT_SEARCH_MODEL_H_

#include <string>

#include "chat/v1/chat.pb.h"
#include "client/gui/async_caller.h"
#include "client/gui/view_state.h"

namespace parley::gui {

class AccountSearchModel {
 public:
  // `calls` is not owned and must outlive this.
  AccountSearchModel(AsyncCaller* calls, int page_size);

  // The pattern field may be edited in place by the window.
  AccountSearch& search() { return search_; }

  // The first page for the pattern as typed ("*" when blank).
  void Search();
  // The page after, or before, the one shown; nothing while one is loading.
  void NextPage();
  void PreviousPage();
  // Forgets the pattern and results (a new session).
  void Clear() { search_ = AccountSearch(); }

 private:
  enum class PageStep { kFirst, kNext, kPrevious };

  void Fetch(const std::string& token, PageStep step);
  void Apply(const std::string& token, PageStep step,
             const chat::v1::ListAccountsResponse& page);

  AsyncCaller* const calls_;
  const int page_size_;
  AccountSearch search_;
};

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_ACCOUNT_SEARCH_MODEL_H_
