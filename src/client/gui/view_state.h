// The plain state the desktop client's view-model holds and its window draws:
// the forms, the conversation list, the open conversation, the account search
// and the connection status. No behaviour lives here (see chat_view_model.h);
// the window may edit the text fields in place, on the UI thread.
#ifndef PARLEY_CLIENT_GUI_VIEW_STATE_H_
#define PARLEY_CLIENT_GUI_VIEW_STATE_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "chat/v1/chat.pb.h"
#include "client/protocol.h"

namespace parley::gui {

enum class Screen {
  kConnect,  // protocol, server address and TLS
  kSignIn,   // name and password: signs in, or creates the account
  kChat,     // signed in
};

// A question that blocks the rest of the window until answered.
enum class Dialog {
  kNone,
  kDeleteMessages,  // the selected messages, for both sides
  kDeleteAccount,
};

// The live event stream, as the status bar shows it.
enum class LinkState {
  kSignedOut,     // no stream
  kConnecting,    // opening it
  kLive,          // events arrive as they happen
  kReconnecting,  // the server went away; retrying with growing delays
  kStopped,       // for good (an error retrying cannot fix)
};

struct ConnectForm {
  Protocol protocol = Protocol::kGrpc;
  std::string address;
  bool use_tls = false;
  std::string ca_path;
  // Shown next to the field they concern; empty when fine.
  std::string address_error;
  std::string ca_error;
  bool busy = false;  // checking that the server answers
};

struct SignInForm {
  std::string name;
  std::string password;
  // The server said the name is taken: the form is now the password prompt of
  // that account.
  bool existing_account = false;
  std::string name_error;
  std::string password_error;
  std::string
      error;  // neither field's fault (server unreachable, session ended, ...)
  bool busy = false;
};

// One entry of the conversation list.
struct ConversationSummary {
  std::string peer;
  int64_t unread = 0;  // messages from the peer not read yet
  int64_t message_count = 0;
  chat::v1::Message last_message;  // id 0 when not known
};

// A message handed to the worker but not yet confirmed by the server.
struct PendingMessage {
  int64_t local_id = 0;
  std::string peer;
  std::string text;
};

// The conversation on the right-hand side. Unread messages from the peer are
// not in `shown` until the user reveals them with the "read N" control (or they
// arrive live while nothing older is waiting), so the transcript never skips
// ahead of what was read.
struct ConversationView {
  std::string peer;
  std::map<int64_t, chat::v1::Message> shown;  // by id, oldest first
  std::set<int64_t> selected;
  std::string composer;
  std::string composer_error;
  std::string error;             // loading, reading or deleting failed
  bool history_loaded = false;   // the newest page arrived
  std::string older_page_token;  // empty: nothing older (once history_loaded)
  bool loading_older = false;
  int read_batch = 5;  // N of "show the next N unread"
  bool reading = false;
  bool deleting = false;
  // Shown live messages whose MarkRead has not been answered yet.
  std::set<int64_t> marking_read;
  // Bumped whenever messages are added at the bottom, so the window can follow
  // them.
  uint64_t appended = 0;
};

struct AccountSearch {
  std::string pattern = "*";  // the field as typed
  std::string searched_pattern;
  std::vector<std::string> results;
  int64_t total = 0;
  // Tokens of the pages before the current one, for "previous".
  std::vector<std::string> previous_tokens;
  std::string current_token;
  std::string next_token;  // empty on the last page
  int first_index = 0;     // 0-based index of results[0] among all matches
  bool searched = false;
  bool busy = false;
  std::string error;
};

struct LinkStatus {
  LinkState state = LinkState::kSignedOut;
  std::string reason;  // why the stream last ended
  int attempts = 0;    // reconnection attempts since it was last live
};

struct Notice {
  bool error = false;
  std::string text;
};

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_VIEW_STATE_H_
