// Private to src/report: number formatting and the block/table model shared by Format.cpp
// (results, climb) and Compare.cpp (comparison), so every human-readable output looks alike.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ladder/report/Format.hpp"

namespace ladder::report_detail {

std::string sig3(double v);                  ///< ~3 significant digits: 1.23, 12.3, 123, 1,234
std::string group_thousands(std::string digits);
std::string count(std::uint64_t n);          ///< 1,234,567
std::string count(std::int64_t n);
std::string pct(double fraction);            ///< 0.0123 → "1.23" (no % sign)
std::string usd(double v);                   ///< 2 decimals below $1,000, whole dollars above
std::string plain(double v);                 ///< up to 6 significant digits, no trailing zeros
std::string full(double v);                  ///< shortest round-trip form, for machines

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> align_left;  ///< per column; missing entries: first column left, rest right
  std::string render_text(const std::string& indent) const;
  std::string render_markdown() const;
};

struct Block {
  std::string title;
  std::vector<std::string> lines;  ///< before the table
  Table table;
  std::vector<std::string> after;  ///< after the table
};

/// Text (table) or GitHub markdown rendering of a list of blocks.
std::string render_blocks(const std::vector<Block>& blocks, OutputFormat f);

std::string csv_field(const std::string& s);  ///< RFC 4180 quoting
std::string csv_row(const std::vector<std::string>& fields);  ///< newline-terminated (LF; RFC 4180 quoting)

}  // namespace ladder::report_detail
