// parley_gui: the Parley desktop client, a Dear ImGui window on GLFW and
// OpenGL 3.
//
// The frame loop sleeps in glfwWaitEventsTimeout until there is input or the
// view-model has news (it wakes the loop with glfwPostEmptyEvent from the
// thread the news came from), then draws a few frames so ImGui's layout
// settles, and sleeps again.
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "backends/imgui_impl_glfw.h"
#include "backends/imgui_impl_opengl3.h"
#include "client/gui/chat_view_model.h"
#include "client/gui/chat_window.h"
#include "client/gui/screenshot.h"
#include "client/gui/script_runner.h"
#include "common/text_rules.h"
#include "imgui.h"

ABSL_FLAG(std::string, protocol, "grpc",
          "grpc, binary or json: the protocol the connect screen starts with");
ABSL_FLAG(std::string, server, "",
          "server address (host:port) the connect screen starts with "
          "(default: 127.0.0.1 on the protocol's port: grpc 50051, binary "
          "50052, json 50053)");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM CA certificate to verify the server with (turns TLS on)");
ABSL_FLAG(std::string, script, "",
          "run the steps in this file (connect, login, open, send, wait_for, "
          "screenshot, quit, ...; see src/client/gui/script_runner.h); exit "
          "status 1 if one fails");
ABSL_FLAG(absl::Duration, script_step_timeout, absl::Seconds(30),
          "how long one script step may wait for its outcome");
ABSL_FLAG(std::string, screenshot, "",
          "save the last frame drawn before the window closes as a PNG here");
ABSL_FLAG(std::string, font, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
          "TrueType font (Latin, Greek, Cyrillic, ...); ImGui's built-in "
          "ASCII font if it cannot be loaded");
ABSL_FLAG(double, font_size, 17, "font size in pixels");
ABSL_FLAG(int, max_message_chars,
          static_cast<int>(parley::kDefaultMaxMessageChars),
          "the server's --max_message_chars, for the composer's counter");
ABSL_FLAG(int, width, 1100, "initial window width");
ABSL_FLAG(int, height, 720, "initial window height");

namespace {

// A safety net only: input and the view-model wake the loop whenever there is
// news.
constexpr double kIdleWaitSeconds = 10.0;
// While a script runs, how often it is given a chance to check its step.
constexpr double kScriptWaitSeconds = 0.05;
// Frames drawn after each wake-up: ImGui settles layout and hover state within
// a couple.
constexpr int kFramesAfterWake = 3;

void LoadFont(const std::string& path, float size) {
  ImGuiIO& io = ImGui::GetIO();
  // Latin with its extensions, Greek, Cyrillic, punctuation, currency, arrows,
  // shapes.
  static const ImWchar kRanges[] = {
      0x0020, 0x024F, 0x0370, 0x03FF, 0x0400, 0x052F, 0x1E00, 0x1EFF, 0x2000,
      0x206F, 0x20A0, 0x20CF, 0x2100, 0x214F, 0x2190, 0x21FF, 0x2200, 0x22FF,
      0x2500, 0x25FF, 0x2600, 0x26FF, 0x2700, 0x27BF, 0};
  std::error_code error;
  if (!path.empty() && std::filesystem::exists(path, error) &&
      io.Fonts->AddFontFromFileTTF(path.c_str(), size, nullptr, kRanges) !=
          nullptr) {
    return;
  }
  std::fprintf(stderr,
               "parley_gui: cannot load the font %s; using ImGui's built-in "
               "font (ASCII only)\n",
               path.c_str());
  io.Fonts->AddFontDefault();
}

void SaveAndReport(int width, int height, const std::string& path,
                   parley::gui::ScriptRunner* script) {
  const absl::Status saved = parley::gui::SaveScreenshot(width, height, path);
  if (saved.ok()) {
    std::printf("parley_gui: saved a %dx%d screenshot to %s\n", width, height,
                path.c_str());
  } else {
    std::fprintf(stderr, "parley_gui: screenshot: %s\n",
                 std::string{saved.message()}.c_str());
  }
  std::fflush(stdout);
  if (script != nullptr) script->ScreenshotSaved(saved);
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Parley desktop client: parley_gui [--protocol grpc|binary|json] "
      "[--server HOST:PORT] [--tls_ca FILE]");
  absl::ParseCommandLine(argc, argv);
  const std::optional<parley::Protocol> protocol =
      parley::ParseProtocol(absl::GetFlag(FLAGS_protocol));
  if (!protocol) {
    std::fprintf(stderr,
                 "parley_gui: --protocol must be grpc, binary or json\n");
    return 2;
  }
  std::string server = absl::GetFlag(FLAGS_server);
  if (server.empty()) {
    server = absl::StrCat("127.0.0.1:", parley::DefaultPort(*protocol));
  }

  std::optional<parley::gui::ScriptRunner> script;
  if (const std::string path = absl::GetFlag(FLAGS_script); !path.empty()) {
    absl::StatusOr<parley::gui::ScriptRunner> loaded =
        parley::gui::ScriptRunner::Load(
            path, absl::GetFlag(FLAGS_script_step_timeout));
    if (!loaded.ok()) {
      std::fprintf(stderr, "parley_gui: %s\n",
                   std::string{loaded.status().message()}.c_str());
      return 2;
    }
    script = *std::move(loaded);
  }

  glfwSetErrorCallback([](int code, const char* description) {
    std::fprintf(stderr, "parley_gui: GLFW error %d: %s\n", code, description);
  });
  if (!glfwInit()) {
    std::fprintf(stderr,
                 "parley_gui: cannot open a window (is DISPLAY set? without a "
                 "screen, run it under xvfb-run)\n");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  GLFWwindow* window =
      glfwCreateWindow(absl::GetFlag(FLAGS_width), absl::GetFlag(FLAGS_height),
                       "Parley", nullptr, nullptr);
  if (window == nullptr) {
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  // A blinking cursor would need a frame twice a second: an idle window draws
  // nothing.
  io.ConfigInputTextCursorBlink = false;
  ImGui::StyleColorsDark();
  ImGui::GetStyle().WindowRounding = 0;
  LoadFont(absl::GetFlag(FLAGS_font),
           static_cast<float>(absl::GetFlag(FLAGS_font_size)));
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");

  int exit_code = 0;
  {
    parley::gui::ViewModelOptions options;
    options.protocol = *protocol;
    options.server_address = server;
    options.tls_ca_path = absl::GetFlag(FLAGS_tls_ca);
    options.max_message_chars = absl::GetFlag(FLAGS_max_message_chars);
    // Called from RPC and stream threads; GLFW allows this one call from any
    // thread.
    parley::gui::ChatViewModel model(options, [] { glfwPostEmptyEvent(); });
    parley::gui::ChatWindow chat_window(&model);
    const std::string final_screenshot = absl::GetFlag(FLAGS_screenshot);
    std::string title;
    int frames_to_draw = kFramesAfterWake;
    while (!glfwWindowShouldClose(window)) {
      const bool scripting = script.has_value() && !script->finished();
      if (frames_to_draw > 0) {
        glfwPollEvents();
      } else {
        const double timeout =
            scripting ? kScriptWaitSeconds : kIdleWaitSeconds;
        const double waited_from = glfwGetTime();
        glfwWaitEventsTimeout(timeout);
        // Woken by input or news: let the layout settle. Timed out: one frame
        // will do.
        const bool timed_out = glfwGetTime() - waited_from >= timeout;
        frames_to_draw = timed_out ? 1 : kFramesAfterWake;
      }
      if (model.Poll()) frames_to_draw = kFramesAfterWake;
      if (scripting) {
        script->Advance(model, absl::Now());
        if (script->quit_requested()) glfwSetWindowShouldClose(window, 1);
      }
      const std::string wanted_title =
          model.username().empty() ? "Parley" : "Parley - " + model.username();
      if (wanted_title != title) {
        title = wanted_title;
        glfwSetWindowTitle(window, title.c_str());
      }

      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      ImGui::NewFrame();
      chat_window.Draw();
      ImGui::Render();
      int width = 0;
      int height = 0;
      glfwGetFramebufferSize(window, &width, &height);
      glViewport(0, 0, width, height);
      glClearColor(0.08f, 0.08f, 0.10f, 1.0f);
      glClear(GL_COLOR_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
      if (script.has_value() && script->screenshot_due()) {
        SaveAndReport(width, height, *script->screenshot_due(), &*script);
      }
      if (glfwWindowShouldClose(window) && !final_screenshot.empty()) {
        SaveAndReport(width, height, final_screenshot, nullptr);
      }
      glfwSwapBuffers(window);
      frames_to_draw = std::max(0, frames_to_draw - 1);
    }
    if (script.has_value()) exit_code = script->exit_code();
  }  // the model stops its stream and worker here, before GLFW goes away

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return exit_code;
}
