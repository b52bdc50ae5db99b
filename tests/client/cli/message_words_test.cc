// ProtectMessageWords: every word after a send's recipient is text.
#include "client/cli/message_words.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, words_test_server, "", "a flag that takes a value");
ABSL_FLAG(bool, words_test_yes, false, "a flag that takes none");

namespace parley::cli {
namespace {

std::vector<std::string> Protect(std::vector<std::string> words) {
  std::vector<char*> argv;
  argv.reserve(words.size());
  for (std::string& word : words) argv.push_back(word.data());
  std::vector<std::string> out;
  for (char* word :
       ProtectMessageWords(static_cast<int>(argv.size()), argv.data())) {
    out.emplace_back(word);
  }
  return out;
}

TEST_CASE("words after a send's recipient are kept from the flag parser",
          "[cli]") {
  CHECK(Protect({"parley", "send", "bob", "see", "you", "--words_test_yes",
                 "tomorrow"}) ==
        std::vector<std::string>{"parley", "send", "bob", "--", "see", "you",
                                 "--words_test_yes", "tomorrow"});
  CHECK(Protect({"parley", "send", "bob", "-1"}) ==
        std::vector<std::string>{"parley", "send", "bob", "--", "-1"});
}

TEST_CASE("flags before the text stay flags, with their values", "[cli]") {
  CHECK(
      Protect({"parley", "--words_test_server", "h:1", "send", "bob", "hi"}) ==
      std::vector<std::string>{"parley", "--words_test_server", "h:1", "send",
                               "bob", "--", "hi"});
  CHECK(Protect({"parley", "send", "--words_test_yes", "bob", "hi"}) ==
        std::vector<std::string>{"parley", "send", "--words_test_yes", "bob",
                                 "--", "hi"});
  CHECK(Protect({"parley", "send", "--words_test_server=h:1", "bob", "hi"}) ==
        std::vector<std::string>{"parley", "send", "--words_test_server=h:1",
                                 "bob", "--", "hi"});
}

TEST_CASE("other commands, and a -- already there, are left alone", "[cli]") {
  const std::vector<std::string> read = {"parley", "read", "--words_test_yes",
                                         "x", "y"};
  CHECK(Protect(read) == read);
  const std::vector<std::string> ended = {"parley", "send", "--", "bob", "-x"};
  CHECK(Protect(ended) == ended);
}

}  // namespace
}  // namespace parley::cli
