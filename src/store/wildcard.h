// Translates the wildcard patterns users type to search accounts into SQL LIKE
// patterns.
//
// Thread safety: a pure function, safe from any thread.
#ifndef PARLEY_STORE_WILDCARD_H_
#define PARLEY_STORE_WILDCARD_H_

#include <string>
#include <string_view>

namespace parley::store {

// The LIKE pattern, for use with `LIKE ? ESCAPE '\'`, that matches what
// `pattern` matches:
// `*` any run of characters (also none), `?` exactly one character, every other
// character itself (including `%`, `_` and `\`, which LIKE would otherwise
// treat specially). An empty pattern matches everything. Case is left to LIKE,
// which ignores ASCII case.
std::string WildcardToLike(std::string_view pattern);

}  // namespace parley::store

#endif  // PARLEY_STORE_WILDCARD_H_
