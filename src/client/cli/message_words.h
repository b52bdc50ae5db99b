// The words of a message are the message: in `parley send bob see you --yes
// tomorrow` or `parley send bob -1`, every word after the recipient belongs to
// the text, however it looks, so flag parsing must stop there.
#ifndef PARLEY_CLIENT_CLI_MESSAGE_WORDS_H_
#define PARLEY_CLIENT_CLI_MESSAGE_WORDS_H_

#include <vector>

namespace parley::cli {

// `argv` (argc entries) with a "--" inserted before the first word of a send
// command's text, so that Abseil's parser returns those words as they are.
// Flags before the text stay flags wherever they are (`parley --server X send
// bob hi`, `parley send --server X bob hi`); a flag that takes a value may
// take it from the next word (`--server X`). Unchanged for other commands or
// when a "--" is already there. The returned pointers are argv's (the "--" is
// a literal). Flags after the recipient are text. Thread safety: reads the
// registered flags only.
std::vector<char*> ProtectMessageWords(int argc, char** argv);

}  // namespace parley::cli

#endif  // PARLEY_CLIENT_CLI_MESSAGE_WORDS_H_
