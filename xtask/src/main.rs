//! Project automation, run as `cargo xtask <command>`.
//!
//! xtask only does I/O and exit codes; the generator (`atlas-codegen`) returns data and typed
//! errors.

mod test;

use xtask::{check_spec, codegen, update_spec};

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  codegen [--spec PATH] [--out DIR] [--crate-name NAME] [--config PATH] [--check] [--strict]
          [--timings] [--report FILE] [--bump] [--prune-lock] [--lock PATH] [--overlay FILE]
          generate the client crate from an OpenAPI document (default: spec/ -> generated/);
          prints each warning (a construct left out or degraded, a sunset date already past,
          a name the lock could not carry over) and the operations generated and skipped;
          --strict makes warnings errors; compares the crate's API with the lock file's and
          prints the changes (--report: as Markdown); --bump sets the version they need,
          --prune-lock drops retired names;
          --overlay applies a spec-update case (tests/spec-updates/NAME/overlay.yaml) to the
          spec first (a trial: needs --out, reports against the lock, writes only the crate)
  update-spec --from SNAPSHOT [--into DIR] [--report FILE] [--bump] [--prune-lock]
          select the operations codegen.toml names, and what they reference, from a whole
          upstream document into spec/ (or DIR/spec), then run codegen and its report
  check-spec PATH [--build] [--doc] [--out DIR] [--crate-name NAME] [--config PATH]
          generate any spec into a scratch crate and report operations generated and skipped,
          types, errors and warnings with their pointers and phase timings (any warning fails
          it); --build also runs cargo check and clippy on it, --doc cargo doc with warnings
          denied
  test    install and start the local test servers, run every test, stop the servers
";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        Some("codegen") => codegen::run(args.collect()),
        Some("check-spec") => check_spec::run(args.collect()),
        Some("update-spec") => update_spec::run(args.collect()),
        Some("test") => test::run(args.collect()),
        Some("-h" | "--help") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprint!("{USAGE}");
            ExitCode::FAILURE
        }
    }
}

/// See `Cargo.toml`: allocation-heavy generation runs faster on mimalloc than on the system's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
