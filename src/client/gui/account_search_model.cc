#include "client/gui/account_search_model.h"

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "client/gui/display_text.h"

namespace parley::gui {

AccountSearchModel::AccountSearchModel(AsyncCaller* calls, int page_size)
    : calls_(calls), page_size_(page_size) {}

void AccountSearchModel::Search() {
  if (search_.busy) return;
  const std::string pattern(absl::StripAsciiWhitespace(search_.pattern));
  search_.searched_pattern = pattern.empty() ? "*" : pattern;
  Fetch("", PageStep::kFirst);
}

void AccountSearchModel::NextPage() {
  if (search_.busy || search_.next_token.empty()) return;
  Fetch(search_.next_token, PageStep::kNext);
}

void AccountSearchModel::PreviousPage() {
  if (search_.busy || search_.previous_tokens.empty()) return;
  Fetch(search_.previous_tokens.back(), PageStep::kPrevious);
}

void AccountSearchModel::Fetch(const std::string& token, PageStep step) {
  search_.busy = true;
  search_.error.clear();
  const std::string pattern = search_.searched_pattern;
  const int page_size = page_size_;
  calls_->Run(
      [pattern, page_size, token](ChatClient& c) {
        return c.ListAccounts(pattern, page_size, token);
      },
      [this, token,
       step](const absl::StatusOr<chat::v1::ListAccountsResponse>& page) {
        search_.busy = false;
        if (!page.ok()) {
          search_.error = DescribeError(page.status());
          return;
        }
        Apply(token, step, *page);
      });
}

void AccountSearchModel::Apply(const std::string& token, PageStep step,
                               const chat::v1::ListAccountsResponse& page) {
  switch (step) {
    case PageStep::kFirst:
      search_.previous_tokens.clear();
      break;
    case PageStep::kNext:
      search_.previous_tokens.push_back(search_.current_token);
      break;
    case PageStep::kPrevious:
      search_.previous_tokens.pop_back();
      break;
  }
  search_.current_token = token;
  search_.next_token = page.next_page_token();
  search_.total = page.total_count();
  search_.results.clear();
  for (const chat::v1::Account& account : page.accounts()) {
    search_.results.push_back(account.username());
  }
  search_.first_index =
      static_cast<int>(search_.previous_tokens.size()) * page_size_;
  search_.searched = true;
}

}  // namespace parley::gui
