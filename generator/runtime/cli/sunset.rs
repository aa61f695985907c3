//! The warning on stderr before a command whose operation the API stops serving on a given day
//! (the spec's `x-sunset`), so scripts that still call it are noticed before that day comes.

use std::io::Write;

use clap::ArgMatches;

/// Warns on `err` when the command being run is an operation the API stops serving on a given
/// day. `sunsets` lists them as (tag command, operation command, `YYYY-MM-DD`). A warning
/// that cannot be written is dropped: it must not stop the command.
// Only APIs with sunset operations use it.
#[allow(dead_code)]
pub fn warn(matches: &ArgMatches, sunsets: &[(&str, &str, &str)], err: &mut dyn Write) {
    let Some((tag, matches)) = matches.subcommand() else {
        return;
    };
    let Some((command, _)) = matches.subcommand() else {
        return;
    };
    for (_, _, date) in sunsets
        .iter()
        .filter(|(t, c, _)| *t == tag && *c == command)
    {
        let _ = writeln!(
            err,
            "warning: `{tag} {command}` has a sunset date of {date}: the API stops serving it from that day"
        );
    }
}
