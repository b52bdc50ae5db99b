// Saves what the current OpenGL context has drawn as a PNG file (glReadPixels
// of the back buffer, before it is swapped).
//
// Thread safety: call on the thread whose OpenGL context is current.
#ifndef PARLEY_CLIENT_GUI_SCREENSHOT_H_
#define PARLEY_CLIENT_GUI_SCREENSHOT_H_

#include <string>

#include "absl/status/status.h"

namespace parley::gui {

// Errors as WritePng (png_writer.h).
absl::Status SaveScreenshot(int width, int height, const std::string& path);

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_SCREENSHOT_H_
