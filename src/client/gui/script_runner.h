// Drives a ChatViewModel from a text script, for the smoke test, screenshots
// and measuring an idle window: the intents a person would give, one step at a
// time, each waiting until the view-model shows its outcome.
//
// One step per line; blank lines and lines starting with '#' are ignored.
//   connect [ADDRESS]    connect (to ADDRESS, else the --server one)
//   login NAME PASSWORD  sign in, or create the account; waits for the chat
//   open PEER            open a conversation; waits for its newest page
//   read N               show the next N unread messages of the conversation
//   send TEXT...         send the rest of the line; waits until it is stored
//   wait_for TEXT...     wait until a shown message contains TEXT
//   wait_gone TEXT...    wait until no shown message contains TEXT
//   wait_live            wait until the live stream is up
//   search PATTERN       search accounts; waits for the results
//   select TEXT...       select the shown messages containing TEXT
//   delete_selected      ask to delete the selection (opens the confirmation)
//   delete_account       ask to delete the account (opens the confirmation)
//   confirm | cancel     answer the open confirmation
//   sleep SECONDS        keep drawing for a while
//   screenshot PATH      save the window as a PNG, after a few settled frames
//   quit                 close the window
// A step that shows an error, or waits longer than the timeout, fails the
// script.
//
// Thread safety: use on the UI thread, like the view-model.
#ifndef PARLEY_CLIENT_GUI_SCRIPT_RUNNER_H_
#define PARLEY_CLIENT_GUI_SCRIPT_RUNNER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/gui/chat_view_model.h"

namespace parley::gui {

class ScriptRunner {
 public:
  struct Step {
    int line = 0;
    std::string verb;
    std::vector<std::string> words;  // after the verb
    std::string rest;                // the line after the verb, as written
  };

  // INVALID_ARGUMENT naming the line for an unknown verb or missing arguments.
  static absl::StatusOr<ScriptRunner> Parse(const std::string& text,
                                            absl::Duration step_timeout);
  // NOT_FOUND if the file cannot be read; otherwise as Parse.
  static absl::StatusOr<ScriptRunner> Load(const std::string& path,
                                           absl::Duration step_timeout);

  // Runs as many steps as the model's state allows. Call once per frame, after
  // Poll().
  void Advance(ChatViewModel& model, absl::Time now);

  // A screenshot step is due: save the frame just drawn to this path, then
  // report.
  std::optional<std::string> screenshot_due() const { return screenshot_due_; }
  void ScreenshotSaved(const absl::Status& status);

  // Every step ran, or one failed.
  bool finished() const { return next_ >= steps_.size() || failed_; }
  // The script asked to close the window (or failed).
  bool quit_requested() const { return quit_ || failed_; }
  // 0 unless a step failed.
  int exit_code() const { return failed_ ? 1 : 0; }

 private:
  enum class Progress { kDone, kWaiting, kFailed };

  ScriptRunner(std::vector<Step> steps, absl::Duration step_timeout);
  // Starts the current step; returns its first progress.
  Progress Begin(ChatViewModel& model, absl::Time now);
  Progress Check(ChatViewModel& model, absl::Time now);
  Progress Fail(const std::string& why);

  std::vector<Step> steps_;
  absl::Duration step_timeout_;
  size_t next_ = 0;
  bool started_ = false;
  absl::Time deadline_;
  absl::Time sleep_until_;
  int frames_ = 0;
  std::optional<std::string> screenshot_due_;
  bool screenshot_saved_ = false;
  bool quit_ = false;
  bool failed_ = false;
};

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_SCRIPT_RUNNER_H_
