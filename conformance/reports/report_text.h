// Text helpers the report writers share: escaping for XML, Markdown tables and Mermaid.
#pragma once

#include <string>
#include <string_view>

namespace clrhost::reports {

// Escapes &, <, >, " and ' for XML text and attributes; characters XML 1.0 forbids (control
// characters but tab and newlines) become U+FFFD.
std::string xml_escape(std::string_view text);
// For a Markdown table cell: | escaped, newlines as <br>, < > & as entities.
std::string markdown_cell(std::string_view text);
// For a Mermaid message or note: the characters Mermaid reads as syntax (# ; < >) as its
// entity codes, newlines as spaces.
std::string mermaid_text(std::string_view text);
std::string first_line(std::string_view text);
// Now, in UTC, as ISO 8601 ("2025-01-31T12:00:00Z").
std::string utc_timestamp();

} // namespace clrhost::reports
