// Who is calling: the account behind a valid session token.
#ifndef PARLEY_SERVER_ENGINE_PRINCIPAL_H_
#define PARLEY_SERVER_ENGINE_PRINCIPAL_H_

#include <cstdint>
#include <string>

namespace parley {

struct Principal {
  int64_t account_id = 0;
  std::string username;
  std::string
      token_hash;  // SHA-256 of the session token; identifies the session
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_PRINCIPAL_H_
