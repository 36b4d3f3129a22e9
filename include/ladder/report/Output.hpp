// Where results go: standard output or a file written all at once. Write errors are bad input
// (exit 2) with the reason; a broken pipe is not an error; an interrupted write leaves nothing.
#pragma once

#include <string>
#include <string_view>

namespace ladder {

/// Writes `text` to standard output. A write error (a full disk, a closed stdout) throws
/// InputError naming stdout and the reason. A broken pipe (the reader went away, `| head -1`) is
/// not an error: output stops quietly, later writes are dropped, and the command ends with the
/// exit code it would have had.
void write_stdout(std::string_view text);
/// Whether a broken pipe has stopped standard output.
bool stdout_broken();

/// Writes `text` to `path` ("" or "-": standard output) all at once: a temporary FILE.tmp-PID
/// next to it, renamed into place, so a failed or interrupted write never leaves half a file.
/// An existing device or pipe (-o /dev/stdout) is written in place. Throws InputError naming -o.
void write_output(const std::string& text, const std::string& path);

/// Sets up the process for the above; call once at the start of main:
/// - SIGPIPE is ignored (a broken pipe becomes EPIPE, handled by write_stdout);
/// - SIGXFSZ is ignored (a file-size limit becomes a write error, EFBIG);
/// - SIGINT, SIGTERM and SIGHUP remove the temporary file of a write in progress, then end the
///   process as the signal would have;
/// - a closed standard stream (`>&-`) is occupied by /dev/null opened read-only, so writing to it
///   fails (and reports) instead of landing in a file opened later on the same descriptor.
void install_output_guards();

}  // namespace ladder
