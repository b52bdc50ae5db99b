// gui_png_check: tells whether a PNG screenshot shows something. Reads an 8-bit
// RGB or RGBA PNG (any filter), prints its size, its number of distinct colours
// and the share of pixels that differ from the most common one, and exits 0
// only if the picture is not blank: at least 16 colours, and at least 2% of the
// pixels away from the background.
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

namespace {

uint32_t BigEndian32(const std::string& data, size_t at) {
  return (uint32_t{static_cast<uint8_t>(data[at])} << 24) |
         (uint32_t{static_cast<uint8_t>(data[at + 1])} << 16) |
         (uint32_t{static_cast<uint8_t>(data[at + 2])} << 8) |
         uint32_t{static_cast<uint8_t>(data[at + 3])};
}

int Fail(const char* why) {
  std::fprintf(stderr, "gui_png_check: %s\n", why);
  return 1;
}

uint8_t Paeth(int a, int b, int c) {
  const int p = a + b - c;
  const int pa = std::abs(p - a);
  const int pb = std::abs(p - b);
  const int pc = std::abs(p - c);
  if (pa <= pb && pa <= pc) return static_cast<uint8_t>(a);
  return static_cast<uint8_t>(pb <= pc ? b : c);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return Fail("usage: gui_png_check FILE.png");
  std::ifstream in(argv[1], std::ios::binary);
  const std::string data((std::istreambuf_iterator<char>(in)),
                         std::istreambuf_iterator<char>());
  if (data.size() < 8 || data.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) {
    return Fail("not a PNG file");
  }
  uint32_t width = 0;
  uint32_t height = 0;
  size_t channels = 0;
  std::string idat;
  for (size_t at = 8; at + 12 <= data.size();) {
    const uint32_t length = BigEndian32(data, at);
    const std::string type = data.substr(at + 4, 4);
    if (at + 12 + length > data.size()) return Fail("truncated chunk");
    const std::string body = data.substr(at + 8, length);
    const uint32_t crc = crc32(
        0, reinterpret_cast<const Bytef*>(data.data() + at + 4), length + 4);
    if (crc != BigEndian32(data, at + 8 + length)) return Fail("bad chunk CRC");
    if (type == "IHDR") {
      width = BigEndian32(body, 0);
      height = BigEndian32(body, 4);
      if (body[8] != 8 || body[12] != 0) {
        return Fail("only 8-bit, non-interlaced");
      }
      channels = body[9] == 2 ? 3 : body[9] == 6 ? 4 : 0;
      if (channels == 0) return Fail("only RGB or RGBA");
    } else if (type == "IDAT") {
      idat += body;
    }
    at += 12 + length;
  }
  if (width == 0 || height == 0) return Fail("no image header");
  const size_t stride = width * channels;
  std::vector<uint8_t> raw((stride + 1) * height);
  uLongf raw_size = raw.size();
  if (uncompress(raw.data(), &raw_size,
                 reinterpret_cast<const Bytef*>(idat.data()),
                 idat.size()) != Z_OK ||
      raw_size != raw.size()) {
    return Fail("image data does not decompress to its size");
  }
  std::vector<uint8_t> pixels(stride * height);
  for (size_t y = 0; y < height; ++y) {
    const uint8_t filter = raw[y * (stride + 1)];
    const uint8_t* line = &raw[y * (stride + 1) + 1];
    uint8_t* out = &pixels[y * stride];
    const uint8_t* up = y > 0 ? &pixels[(y - 1) * stride] : nullptr;
    for (size_t x = 0; x < stride; ++x) {
      const int a = x >= channels ? out[x - channels] : 0;
      const int b = up != nullptr ? up[x] : 0;
      const int c = (up != nullptr && x >= channels) ? up[x - channels] : 0;
      int predictor = 0;
      switch (filter) {
        case 0:
          predictor = 0;
          break;
        case 1:
          predictor = a;
          break;
        case 2:
          predictor = b;
          break;
        case 3:
          predictor = (a + b) / 2;
          break;
        case 4:
          predictor = Paeth(a, b, c);
          break;
        default:
          return Fail("unknown filter");
      }
      out[x] = static_cast<uint8_t>(line[x] + predictor);
    }
  }
  std::map<uint32_t, size_t> colours;
  for (size_t i = 0; i < pixels.size(); i += channels) {
    ++colours[(uint32_t{pixels[i]} << 16) | (uint32_t{pixels[i + 1]} << 8) |
              pixels[i + 2]];
  }
  size_t background = 0;
  for (const auto& [colour, count] : colours) {
    background = std::max(background, count);
  }
  const double total = static_cast<double>(width) * height;
  const double foreground =
      100.0 * (total - static_cast<double>(background)) / total;
  std::printf(
      "%ux%u, %zu colours, %.1f%% of pixels differ from the background\n",
      width, height, colours.size(), foreground);
  return colours.size() >= 16 && foreground >= 2.0 ? 0 : 1;
}
