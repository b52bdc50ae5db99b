#include "client/gui/screenshot.h"

#include <GL/gl.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "client/gui/png_writer.h"

namespace parley::gui {

absl::Status SaveScreenshot(int width, int height, const std::string& path) {
  const size_t row_bytes = static_cast<size_t>(width) * 3;
  std::vector<uint8_t> pixels(row_bytes * height);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  // OpenGL's rows run bottom to top; PNG's top to bottom.
  for (int y = 0; y < height / 2; ++y) {
    const auto row = static_cast<std::ptrdiff_t>(row_bytes);
    std::swap_ranges(pixels.begin() + y * row, pixels.begin() + (y + 1) * row,
                     pixels.begin() + (height - 1 - y) * row);
  }
  return WritePng(path, width, height, pixels);
}

}  // namespace parley::gui
