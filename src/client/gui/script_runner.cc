#include "client/gui/script_runner.h"

#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace parley::gui {
namespace {

// Frames drawn before a screenshot, so that layout and scrolling have settled.
constexpr int kSettleFrames = 4;

// The fewest words each verb needs after it.
const std::map<std::string, size_t>& Verbs() {
  static const auto* verbs =
      new std::map<std::string, size_t>{{"connect", 0},
                                        {"login", 2},
                                        {"open", 1},
                                        {"read", 1},
                                        {"send", 1},
                                        {"wait_for", 1},
                                        {"wait_live", 0},
                                        {"search", 1},
                                        {"select", 1},
                                        {"sleep", 1},
                                        {"screenshot", 1},
                                        {"quit", 0},
                                        {"delete_selected", 0},
                                        {"delete_account", 0},
                                        {"confirm", 0},
                                        {"cancel", 0},
                                        {"wait_gone", 1}};
  return *verbs;
}

bool Shows(const ConversationView& view, const std::string& text) {
  for (const auto& [id, message] : view.shown) {
    if (absl::StrContains(message.text(), text)) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<ScriptRunner> ScriptRunner::Parse(const std::string& text,
                                                 absl::Duration step_timeout) {
  std::vector<Step> steps;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    Step step;
    step.line = line_number;
    std::vector<std::string> words =
        absl::StrSplit(line, ' ', absl::SkipEmpty());
    step.verb = words[0];
    step.words.assign(words.begin() + 1, words.end());
    step.rest =
        std::string{absl::StripAsciiWhitespace(line.substr(step.verb.size()))};
    auto verb = Verbs().find(step.verb);
    if (verb == Verbs().end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "script line ", line_number, ": unknown step '", step.verb, "'"));
    }
    if (step.words.size() < verb->second) {
      return absl::InvalidArgumentError(
          absl::StrCat("script line ", line_number, ": '", step.verb,
                       "' needs ", verb->second, " argument(s)"));
    }
    steps.push_back(std::move(step));
  }
  return ScriptRunner(std::move(steps), step_timeout);
}

absl::StatusOr<ScriptRunner> ScriptRunner::Load(const std::string& path,
                                                absl::Duration step_timeout) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::ostringstream text;
  text << in.rdbuf();
  return Parse(text.str(), step_timeout);
}

ScriptRunner::ScriptRunner(std::vector<Step> steps, absl::Duration step_timeout)
    : steps_(std::move(steps)), step_timeout_(step_timeout) {}

void ScriptRunner::Advance(ChatViewModel& model, absl::Time now) {
  while (!finished() && !quit_) {
    const Step& step = steps_[next_];
    Progress progress;
    if (!started_) {
      std::cout << "script: line " << step.line << ": " << step.verb << " "
                << (step.verb == "login" ? step.words[0] : step.rest)
                << std::endl;
      started_ = true;
      deadline_ = now + step_timeout_;
      progress = Begin(model, now);
    } else {
      progress = Check(model, now);
    }
    if (progress == Progress::kFailed) return;
    if (progress == Progress::kWaiting) {
      if (now > deadline_) {
        Fail(absl::StrCat("still waiting after ",
                          absl::FormatDuration(step_timeout_)));
      }
      return;
    }
    ++next_;
    started_ = false;
  }
}

void ScriptRunner::ScreenshotSaved(const absl::Status& status) {
  screenshot_due_.reset();
  if (!status.ok()) {
    Fail(absl::StrCat("screenshot: ", status.message()));
    return;
  }
  screenshot_saved_ = true;
}

ScriptRunner::Progress ScriptRunner::Fail(const std::string& why) {
  const Step& step = steps_[next_];
  std::cerr << "script: line " << step.line << " (" << step.verb
            << ") failed: " << why << std::endl;
  failed_ = true;
  return Progress::kFailed;
}

ScriptRunner::Progress ScriptRunner::Begin(ChatViewModel& model,
                                           absl::Time now) {
  const Step& step = steps_[next_];
  const std::string& verb = step.verb;
  if (verb == "connect") {
    if (!step.words.empty()) model.connect_form().address = step.words[0];
    model.Connect();
  } else if (verb == "login") {
    model.sign_in_form().name = step.words[0];
    model.sign_in_form().password = step.words[1];
    model.SignIn();
  } else if (verb == "open") {
    model.OpenConversation(step.words[0]);
  } else if (verb == "read" || verb == "send" || verb == "select") {
    ConversationView* view = model.conversation_view();
    if (view == nullptr) return Fail("no conversation is open");
    if (verb == "read") {
      if (!absl::SimpleAtoi(step.words[0], &view->read_batch)) {
        return Fail("read needs a number");
      }
      model.ReadUnread();
    } else if (verb == "send") {
      view->composer = step.rest;
      model.Send();
    } else {
      int selected = 0;
      for (const auto& [id, message] : view->shown) {
        if (absl::StrContains(message.text(), step.rest) &&
            !view->selected.contains(id)) {
          model.ToggleSelected(id);
          ++selected;
        }
      }
      if (selected == 0) return Fail("no shown message contains that text");
    }
  } else if (verb == "delete_selected") {
    model.RequestDeleteSelected();
  } else if (verb == "delete_account") {
    model.RequestDeleteAccount();
  } else if (verb == "confirm" || verb == "cancel") {
    if (model.dialog() == Dialog::kNone) return Fail("no dialog is open");
    if (verb == "confirm") {
      model.ConfirmDialog();
    } else {
      model.CancelDialog();
    }
    return Progress::kDone;
  } else if (verb == "search") {
    model.search().pattern = step.words[0];
    model.Search();
  } else if (verb == "sleep") {
    double seconds;
    if (!absl::SimpleAtod(step.words[0], &seconds)) {
      return Fail("sleep needs a number of seconds");
    }
    sleep_until_ = now + absl::Seconds(seconds);
    deadline_ = sleep_until_ + step_timeout_;
  } else if (verb == "screenshot") {
    frames_ = 0;
    screenshot_saved_ = false;
  } else if (verb == "quit") {
    quit_ = true;
    return Progress::kDone;
  }
  return Check(model, now);
}

ScriptRunner::Progress ScriptRunner::Check(ChatViewModel& model,
                                           absl::Time now) {
  const Step& step = steps_[next_];
  const std::string& verb = step.verb;
  if (verb == "connect") {
    const ConnectForm& form = model.connect_form();
    if (model.screen() != Screen::kConnect) return Progress::kDone;
    if (form.busy) return Progress::kWaiting;
    return Fail(absl::StrCat(form.address_error, form.ca_error));
  }
  if (verb == "login") {
    const SignInForm& form = model.sign_in_form();
    if (model.screen() == Screen::kChat) return Progress::kDone;
    if (form.busy) return Progress::kWaiting;
    return Fail(absl::StrCat(form.name_error, form.password_error, form.error));
  }
  if (verb == "wait_live") {
    return model.link().state == LinkState::kLive ? Progress::kDone
                                                  : Progress::kWaiting;
  }
  if (verb == "search") {
    const AccountSearch& search = model.search();
    if (search.busy) return Progress::kWaiting;
    return search.error.empty() ? Progress::kDone : Fail(search.error);
  }
  if (verb == "sleep") {
    return now >= sleep_until_ ? Progress::kDone : Progress::kWaiting;
  }
  if (verb == "screenshot") {
    if (screenshot_saved_) return Progress::kDone;
    if (++frames_ >= kSettleFrames && !screenshot_due_) {
      screenshot_due_ = step.words[0];
    }
    return Progress::kWaiting;
  }
  if (verb == "quit") return Progress::kDone;
  if (verb == "delete_selected" || verb == "delete_account") {
    return model.dialog() != Dialog::kNone ? Progress::kDone
                                           : Fail("nothing to confirm");
  }

  const ConversationView* view = model.conversation_view();
  if (view == nullptr) return Fail("the conversation is not open any more");
  if (!view->error.empty()) return Fail(view->error);
  if (verb == "open") {
    return view->history_loaded ? Progress::kDone : Progress::kWaiting;
  }
  if (verb == "read") {
    return view->reading ? Progress::kWaiting : Progress::kDone;
  }
  if (verb == "send") {
    if (!view->composer_error.empty()) return Fail(view->composer_error);
    const bool pending = !model.PendingTo(view->peer).empty();
    return !pending && Shows(*view, step.rest) ? Progress::kDone
                                               : Progress::kWaiting;
  }
  if (verb == "wait_for") {
    return Shows(*view, step.rest) ? Progress::kDone : Progress::kWaiting;
  }
  if (verb == "wait_gone") {
    return Shows(*view, step.rest) ? Progress::kWaiting : Progress::kDone;
  }
  return Progress::kDone;  // select: done in Begin
}

}  // namespace parley::gui
