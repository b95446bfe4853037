// GetLastError()'s code as text, for the Windows implementations of the platform seams.
#pragma once

#include <string>

namespace clrhost::platform {

std::string windows_error_text(unsigned long code);

} // namespace clrhost::platform
