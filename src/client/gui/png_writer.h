// A minimal PNG encoder (8-bit RGB, no interlacing, zlib from the system) for
// the window's screenshots.
//
// Thread safety: a pure function.
#ifndef PARLEY_CLIENT_GUI_PNG_WRITER_H_
#define PARLEY_CLIENT_GUI_PNG_WRITER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace parley::gui {

// Writes `rgb` (height rows of width * 3 bytes, top row first) to `path` as a
// PNG. INVALID_ARGUMENT if the sizes do not match; INTERNAL if compression or
// the write fails.
absl::Status WritePng(const std::string& path, int width, int height,
                      const std::vector<uint8_t>& rgb);

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_PNG_WRITER_H_
