// Routes libprotobuf's own log lines (for example "String field ... contains
// invalid UTF-8 data", which any client can trigger) into Parley's logger, in
// its format and under its rate limits, instead of libprotobuf's own
// "[libprotobuf ERROR ...]" lines on stderr.
#ifndef PARLEY_COMMON_PROTOBUF_LOG_H_
#define PARLEY_COMMON_PROTOBUF_LOG_H_

namespace parley {

// Installs the route for the whole process; later calls do nothing.
// Thread-safe. libprotobuf's errors arrive as warnings: in a server they are
// about input a client sent, and the call that carried it is answered with
// its own error.
void RouteProtobufLogs();

}  // namespace parley

#endif  // PARLEY_COMMON_PROTOBUF_LOG_H_
