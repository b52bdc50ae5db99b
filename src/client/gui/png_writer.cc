#include "client/gui/png_writer.h"

#include <zlib.h>

#include <fstream>

#include "absl/strings/str_cat.h"

namespace parley::gui {
namespace {

void PutBigEndian32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xFF));
  }
}

// Length, type, data, and the CRC of type and data.
void PutChunk(std::string& out, const char type[4], const std::string& data) {
  PutBigEndian32(out, static_cast<uint32_t>(data.size()));
  const std::string body = absl::StrCat(std::string(type, 4), data);
  out += body;
  PutBigEndian32(out, crc32(crc32(0, nullptr, 0),
                            reinterpret_cast<const Bytef*>(body.data()),
                            static_cast<uInt>(body.size())));
}

}  // namespace

absl::Status WritePng(const std::string& path, int width, int height,
                      const std::vector<uint8_t>& rgb) {
  const size_t row_bytes = static_cast<size_t>(width) * 3;
  if (width <= 0 || height <= 0 || rgb.size() != row_bytes * height) {
    return absl::InvalidArgumentError("image size does not match its pixels");
  }
  // Each scanline starts with its filter type: 0, none.
  std::string raw;
  raw.reserve((row_bytes + 1) * height);
  for (int y = 0; y < height; ++y) {
    raw.push_back('\0');
    raw.append(reinterpret_cast<const char*>(rgb.data()) + y * row_bytes,
               row_bytes);
  }
  uLongf compressed_size = compressBound(raw.size());
  std::string compressed(compressed_size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(compressed.data()), &compressed_size,
                reinterpret_cast<const Bytef*>(raw.data()), raw.size(),
                Z_BEST_COMPRESSION) != Z_OK) {
    return absl::InternalError("zlib could not compress the image");
  }
  compressed.resize(compressed_size);

  std::string header;
  PutBigEndian32(header, static_cast<uint32_t>(width));
  PutBigEndian32(header, static_cast<uint32_t>(height));
  header += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit, RGB, deflate, ...
  std::string png = "\x89PNG\r\n\x1a\n";
  PutChunk(png, "IHDR", header);
  PutChunk(png, "IDAT", compressed);
  PutChunk(png, "IEND", "");

  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(png.data(), static_cast<std::streamsize>(png.size()));
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

}  // namespace parley::gui
