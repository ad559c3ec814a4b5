//! The command line's logic (DESIGN §7), in core so the Node and Python packages can run the
//! same commands. `cli/src/main.rs` is a thin `main()` over [`run`].

use std::ffi::OsString;

/// Runs the command line with these arguments (the first is the program name) and returns
/// the exit code: 0 pass, 1 errors, 2 warnings only, 3 broken contract / usage / unreadable file.
pub fn run(args: Vec<OsString>) -> i32 {
    // Filled in by the CLI work (issue 4).
    let _ = args;
    3
}
