//! The options every command has (`--base-url`, `--profile`, `--retries`, ...) and reading
//! them.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches};

use super::run::{Failure, Settings, optional};

pub const BASE_URL: &str = "base-url";
pub const OUTPUT: &str = "output";
pub const OUTPUT_FILE: &str = "output-file";
pub const PROFILE: &str = "profile";
pub const RETRIES: &str = "retries";
pub const TIMEOUT: &str = "timeout";
pub const NO_TOKEN_CACHE: &str = "no-token-cache";
pub const DEBUG: &str = "debug";
/// Where the help lists the options every command has.
const GLOBAL_HEADING: &str = "Global options";
/// Retries after the first attempt unless `--retries` says otherwise.
const DEFAULT_RETRIES: u32 = 3;

/// How response bodies are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Raw,
    Pretty,
}

/// The global options of one run.
#[derive(Debug)]
pub struct Globals {
    pub base_url: Option<String>,
    pub output: Output,
    pub output_file: Option<PathBuf>,
    pub profile: Option<String>,
    pub retries: u32,
    pub timeout: Option<Duration>,
    pub token_cache: bool,
    pub debug: bool,
}

/// The options every command takes; `--profile` only with profiles, `--no-token-cache` only
/// with service accounts.
pub fn global_args(settings: &Settings) -> Vec<Arg> {
    let global = |arg: Arg| arg.global(true).help_heading(GLOBAL_HEADING);
    let mut args = vec![
        global(
            Arg::new(BASE_URL)
                .long(BASE_URL)
                .value_name("URL")
                .help(format!(
                    "The API's server [default: {}; env: {}{}]",
                    crate::DEFAULT_BASE_URL,
                    settings.var("BASE_URL"),
                    if settings.profile_folder.is_some() {
                        "; profile: base_url"
                    } else {
                        ""
                    }
                )),
        ),
        global(
            Arg::new(OUTPUT)
                .long(OUTPUT)
                .value_name("FORMAT")
                .value_parser(["raw", "pretty"])
                .help(
                    "How to print response bodies: `raw` as the server sent them, `pretty` \
                     indented [default: raw]",
                ),
        ),
        global(
            Arg::new(OUTPUT_FILE)
                .long(OUTPUT_FILE)
                .value_name("PATH")
                .value_parser(clap::value_parser!(PathBuf))
                .help(
                    "Write the output to this file instead of stdout; it appears only when \
                     the command succeeds",
                ),
        ),
    ];
    if let Some(folder) = settings.profile_folder {
        args.push(global(
            Arg::new(PROFILE)
                .long(PROFILE)
                .short('P')
                .value_name("NAME")
                .help(format!(
                    "The profile of {folder}/config.toml (in the user's configuration folder) \
                     to read settings from [default: default; env: {}]",
                    settings.var("PROFILE")
                )),
        ));
    }
    args.push(global(
        Arg::new(RETRIES)
            .long(RETRIES)
            .value_name("N")
            .value_parser(clap::value_parser!(u32).range(0..=10))
            .help(format!(
                "Send a request again up to N times when the server answers 429 (too many \
                 requests), or, to a GET, PUT or DELETE, a 5xx error or nothing; after the \
                 wait the server asks for, else a growing random one; 0 turns retries off \
                 [default: {DEFAULT_RETRIES}]"
            )),
    ));
    args.push(global(
        Arg::new(TIMEOUT)
            .long(TIMEOUT)
            .value_name("DURATION")
            .value_parser(parse_duration)
            .help(
                "Give up on a request after this long, retries included: `30s`, `500ms`, `2m` \
                 (seconds without a unit)",
            ),
    ));
    if settings.service_account {
        args.push(global(
            Arg::new(NO_TOKEN_CACHE)
                .long(NO_TOKEN_CACHE)
                .action(ArgAction::SetTrue)
                .help(
                    "Neither read nor keep the service account's token in the user's cache \
                     folder",
                ),
        ));
    }
    args.push(global(
        Arg::new(DEBUG).long(DEBUG).action(ArgAction::SetTrue).help(
            "Print each request, its status, attempt and duration on stderr (never a \
                 credential)",
        ),
    ));
    args
}

/// The global options in `matches`.
pub fn read(matches: &ArgMatches) -> Result<Globals, Failure> {
    // Options absent from this tool (`--no-token-cache` without service accounts) are off.
    let flag = |id: &str| matches!(matches.try_get_one::<bool>(id), Ok(Some(true)));
    Ok(Globals {
        base_url: optional::<String>(matches, BASE_URL)?,
        output: match optional::<String>(matches, OUTPUT)?.as_deref() {
            Some("pretty") => Output::Pretty,
            _ => Output::Raw,
        },
        output_file: optional::<PathBuf>(matches, OUTPUT_FILE)?,
        profile: matches
            .try_get_one::<String>(PROFILE)
            .ok()
            .flatten()
            .cloned(),
        retries: optional::<u32>(matches, RETRIES)?.unwrap_or(DEFAULT_RETRIES),
        timeout: optional::<Duration>(matches, TIMEOUT)?,
        token_cache: !flag(NO_TOKEN_CACHE),
        debug: flag(DEBUG),
    })
}

/// `30s`, `1.5s`, `500ms`, `2m`, `1h`, or seconds without a unit; above zero.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let scale = match unit.trim() {
        "ms" => 0.001,
        "" | "s" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        other => return Err(format!("unknown unit `{other}`: use ms, s, m or h")),
    };
    let seconds = number
        .parse::<f64>()
        .map(|n| n * scale)
        .map_err(|_| format!("`{text}` is not a duration such as 30s, 500ms or 2m"))?;
    if !(seconds > 0.0 && seconds <= 86_400.0) {
        return Err(format!("`{text}` must be above zero and at most a day"));
    }
    Ok(Duration::from_secs_f64(seconds))
}
