// The connection URLs the PostgreSQL store is opened with
// (postgresql://user@host:port/database?key=value), as libpq reads them: how
// to tell one from an SQLite path, how to add a connection parameter, and how
// to show one in a log line or an error without its password.
//
// Thread safety: pure functions, safe from any thread.
#ifndef PARLEY_STORE_POSTGRES_POSTGRES_URL_H_
#define PARLEY_STORE_POSTGRES_POSTGRES_URL_H_

#include <string>
#include <string_view>

namespace parley::store::postgres {

// True if `db` is a PostgreSQL connection URL: it starts with postgresql://
// or postgres://. Anything else names an SQLite file.
bool IsPostgresUrl(std::string_view db);

// `url` with the query parameter `key`=`value` added, unless `url` already
// sets `key` (the caller's choice wins). `value` is percent-encoded here.
std::string WithUrlParameter(std::string_view url, std::string_view key,
                             std::string_view value);

// `url` with the password of its user, if any, replaced by "***", for logs
// and error messages.
std::string RedactedUrl(std::string_view url);

}  // namespace parley::store::postgres

#endif  // PARLEY_STORE_POSTGRES_POSTGRES_URL_H_
