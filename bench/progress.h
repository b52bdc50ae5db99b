// The one progress line the bench keeps on stderr while it runs. On a terminal
// it is rewritten in place; otherwise (a log file, ctest) lines are printed at
// most once a second, so logs stay short.
#ifndef PARLEY_BENCH_PROGRESS_H_
#define PARLEY_BENCH_PROGRESS_H_

#include <string>

namespace parley::bench {

// Sets the scenario shown in front of every progress line.
void SetProgressScope(const std::string& scope);
// Shows `text` as the current progress. Thread-safe.
void Progress(const std::string& text);
// Prints `text` as a finished line of its own. Thread-safe.
void Note(const std::string& text);

}  // namespace parley::bench

#endif  // PARLEY_BENCH_PROGRESS_H_
