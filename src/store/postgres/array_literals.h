// PostgreSQL array literals for statement parameters, so that one prepared
// statement takes a whole list (`id = ANY($1::bigint[])`, a batch of messages
// through unnest) instead of one round trip per element.
//
// Thread safety: pure functions, safe from any thread.
#ifndef PARLEY_STORE_POSTGRES_ARRAY_LITERALS_H_
#define PARLEY_STORE_POSTGRES_ARRAY_LITERALS_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace parley::store::postgres {

// The text of a bigint[]: {1,2,3}.
std::string BigintArray(std::span<const int64_t> values);

// The text of a bytea[] holding each of `values` byte for byte (in the hex
// form, which needs no escaping of its own): {"\\x6869",...}.
std::string ByteaArray(std::span<const std::string_view> values);

}  // namespace parley::store::postgres

#endif  // PARLEY_STORE_POSTGRES_ARRAY_LITERALS_H_
