//! What every command of the command-line tool shares: the global options, credentials from
//! the environment, the client, printing responses and errors, and exit codes.
//!
//! Parameter values are checked by the same types the library uses (`params`, `models`), as
//! clap value parsers, so a bad value stops the tool before any request is sent.

use std::ffi::OsString;
use std::fmt::Display;
use std::io::{self, Write};

use clap::{Arg, ArgAction, ArgMatches, Command};
use futures_util::StreamExt;
use serde::Serialize;

use crate::operation::{Operation, PagedOperation};
use crate::{Client, Error};

/// The command succeeded.
pub const EXIT_OK: u8 = 0;
/// The request was sent and failed: an API error, a transport error, a body that did not decode.
pub const EXIT_FAILURE: u8 = 1;
/// The command line was wrong (an unknown option, a missing or invalid value, no credentials):
/// nothing was sent.
pub const EXIT_USAGE: u8 = 2;

const BASE_URL: &str = "base-url";
const OUTPUT: &str = "output";
/// Where the help lists the options every command has.
const GLOBAL_HEADING: &str = "Global options";
/// The option of paged operations that walks every page.
// Only APIs with paged operations use it.
#[allow(dead_code)]
pub const ALL_PAGES: &str = "all-pages";

/// What the tool knows of the API besides its commands.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Prefix of the environment variables the tool reads.
    pub env_prefix: &'static str,
    /// Whether the API accepts a service account (OAuth 2.0 client credentials).
    pub service_account: bool,
    /// Whether the API accepts an API key with HTTP digest authentication.
    pub digest: bool,
    /// Whether the API accepts a bearer token.
    pub bearer: bool,
}

impl Settings {
    fn var(&self, suffix: &str) -> String {
        format!("{}{suffix}", self.env_prefix)
    }

    /// Where credentials come from, for the top-level help.
    pub fn credentials_help(&self) -> String {
        let mut ways = Vec::new();
        if self.service_account {
            ways.push(format!(
                "{} and {} (a service account)",
                self.var("CLIENT_ID"),
                self.var("CLIENT_SECRET")
            ));
        }
        if self.digest {
            ways.push(format!(
                "{} and {} (an API key, HTTP digest authentication)",
                self.var("PUBLIC_KEY"),
                self.var("PRIVATE_KEY")
            ));
        }
        if self.service_account || self.bearer {
            ways.push(format!(
                "{} (a bearer access token)",
                self.var("ACCESS_TOKEN")
            ));
        }
        let mut text = String::new();
        if !ways.is_empty() {
            text.push_str(
                "Credentials come from the environment, the first of these that is set:\n",
            );
            for way in ways {
                text.push_str("  ");
                text.push_str(&way);
                text.push('\n');
            }
            text.push('\n');
        }
        text.push_str(
            "Exit codes: 0 success; 1 the request failed (the API's error is printed on stderr); \
             2 bad command line or parameter value, nothing was sent.",
        );
        text
    }
}

/// The options every command takes: `--base-url` and `--output`.
pub fn global_args(settings: &Settings) -> [Arg; 2] {
    [
        Arg::new(BASE_URL)
            .long(BASE_URL)
            .value_name("URL")
            .global(true)
            .help_heading(GLOBAL_HEADING)
            .help(format!(
                "The API's server [default: {}; env: {}]",
                crate::DEFAULT_BASE_URL,
                settings.var("BASE_URL")
            )),
        Arg::new(OUTPUT)
            .long(OUTPUT)
            .value_name("FORMAT")
            .global(true)
            .help_heading(GLOBAL_HEADING)
            .value_parser(["raw", "pretty"])
            .help(
                "How to print response bodies: `raw` as the server sent them, `pretty` indented \
                 [default: raw]",
            ),
    ]
}

/// The `--all-pages` option of paged operations.
// Only APIs with paged operations use it.
#[allow(dead_code)]
pub fn all_pages_arg() -> Arg {
    Arg::new(ALL_PAGES)
        .long(ALL_PAGES)
        .action(ArgAction::SetTrue)
        .help("Fetch every page from the requested one on and print each item as one JSON document per line")
}

/// Parses the command line. `--help` and `--version` are printed here; so are usage errors,
/// which come back as the exit code to end with.
pub fn parse<I, T>(
    command: Command,
    args: I,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ArgMatches, u8>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    match command.try_get_matches_from(args) {
        Ok(matches) => Ok(matches),
        Err(error) => {
            let text = error.render().to_string();
            let code = u8::try_from(error.exit_code()).unwrap_or(EXIT_USAGE);
            // A closed stream leaves nowhere to report to; the exit code still tells.
            let _ = if error.use_stderr() {
                err.write_all(text.as_bytes())
            } else {
                out.write_all(text.as_bytes())
            };
            Err(code)
        }
    }
}

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// The command line was wrong; nothing was sent.
    Usage(String),
    /// The request failed.
    Request(Error),
    /// Writing the output failed.
    Output(io::Error),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Request(error)
    }
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Failure::Output(error)
    }
}

/// Prints a failure on `err` and returns the exit code.
pub fn report(result: Result<(), Failure>, err: &mut dyn Write) -> u8 {
    let failure = match result {
        Ok(()) => return EXIT_OK,
        // The reader went away (`| head`): not the tool's failure.
        Err(Failure::Output(error)) if error.kind() == io::ErrorKind::BrokenPipe => return EXIT_OK,
        Err(failure) => failure,
    };
    // Failing to write the report leaves only the exit code to tell.
    let _ = write_failure(&failure, err);
    match failure {
        Failure::Usage(_) => EXIT_USAGE,
        Failure::Request(_) | Failure::Output(_) => EXIT_FAILURE,
    }
}

fn write_failure(failure: &Failure, err: &mut dyn Write) -> io::Result<()> {
    match failure {
        Failure::Usage(message) => writeln!(err, "error: {message}"),
        Failure::Output(error) => writeln!(err, "error: writing the output: {error}"),
        Failure::Request(Error::Api { status, body, .. }) => {
            writeln!(err, "error: the API answered HTTP {status}")?;
            write_json(err, body.as_ref(), true)
        }
        Failure::Request(Error::RateLimited { rate_limit, body }) => {
            match rate_limit.retry_after {
                Some(after) => writeln!(
                    err,
                    "error: rate limited (HTTP 429), retry after {}s",
                    after.as_secs()
                )?,
                None => writeln!(err, "error: rate limited (HTTP 429)")?,
            }
            match body {
                Some(body) => write_json(err, body.as_ref(), true),
                None => Ok(()),
            }
        }
        Failure::Request(error) => {
            writeln!(err, "error: {error}")?;
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                writeln!(err, "  caused by: {cause}")?;
                source = cause.source();
            }
            Ok(())
        }
    }
}

fn write_json<T: Serialize + ?Sized>(
    out: &mut dyn Write,
    value: &T,
    pretty: bool,
) -> io::Result<()> {
    let written = if pretty {
        serde_json::to_writer_pretty(&mut *out, value)
    } else {
        serde_json::to_writer(&mut *out, value)
    };
    written.map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// A JSON option value: the text itself, or `@PATH` for a file's contents.
// Only operations with a request body use it.
#[allow(dead_code)]
pub fn json_value<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let parsed = match text.strip_prefix('@') {
        Some(path) => {
            let bytes =
                std::fs::read(path).map_err(|error| format!("cannot read `{path}`: {error}"))?;
            serde_json::from_slice(&bytes)
        }
        None => serde_json::from_str(text),
    };
    parsed.map_err(|error| format!("not a valid JSON value of this type: {error}"))
}

/// A text body: the option's text, or with `@PATH` the file's.
// Only APIs with text bodies use it.
#[allow(dead_code)]
pub fn text_value(text: &str) -> Result<String, String> {
    match text.strip_prefix('@') {
        Some(path) => {
            std::fs::read_to_string(path).map_err(|error| format!("cannot read `{path}`: {error}"))
        }
        None => Ok(text.to_owned()),
    }
}

/// A binary body: with `@PATH` the file's bytes, else the text's.
// Only APIs with binary bodies use it.
#[allow(dead_code)]
pub fn bytes_value(text: &str) -> Result<Vec<u8>, String> {
    match text.strip_prefix('@') {
        Some(path) => std::fs::read(path).map_err(|error| format!("cannot read `{path}`: {error}")),
        None => Ok(text.as_bytes().to_vec()),
    }
}

/// The value of a required option.
pub fn required<T: Clone + Send + Sync + 'static>(
    matches: &ArgMatches,
    id: &str,
) -> Result<T, Failure> {
    optional(matches, id)?.ok_or_else(|| Failure::Usage(format!("`--{id}` is required")))
}

/// The value of an option, if given.
pub fn optional<T: Clone + Send + Sync + 'static>(
    matches: &ArgMatches,
    id: &str,
) -> Result<Option<T>, Failure> {
    matches
        .try_get_one::<T>(id)
        .map(|value| value.cloned())
        .map_err(|error| internal(id, error))
}

/// Every value of a repeatable option, if given.
// Only operations with list parameters use it.
#[allow(dead_code)]
pub fn list<T: Clone + Send + Sync + 'static>(
    matches: &ArgMatches,
    id: &str,
) -> Result<Option<Vec<T>>, Failure> {
    matches
        .try_get_many::<T>(id)
        .map(|values| values.map(|values| values.cloned().collect()))
        .map_err(|error| internal(id, error))
}

/// Whether a flag is set.
// Only APIs with paged operations use it.
#[allow(dead_code)]
pub fn flag(matches: &ArgMatches, id: &str) -> Result<bool, Failure> {
    matches
        .try_get_one::<bool>(id)
        .map(|value| value.copied().unwrap_or(false))
        .map_err(|error| internal(id, error))
}

/// The generated command tree and the code reading it disagree: a defect of the generator.
fn internal(id: &str, error: impl Display) -> Failure {
    Failure::Usage(format!("option `--{id}`: {error}"))
}

/// How response bodies are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Raw,
    Pretty,
}

/// One run of a command: the client and where the output goes.
pub struct Context<'a> {
    client: Client,
    output: Output,
    out: &'a mut dyn Write,
}

impl<'a> Context<'a> {
    /// The client for `matches`' global options and the credentials in `env`.
    pub fn new(
        settings: &Settings,
        matches: &ArgMatches,
        env: &dyn Fn(&str) -> Option<String>,
        out: &'a mut dyn Write,
    ) -> Result<Self, Failure> {
        let output = match optional::<String>(matches, OUTPUT)?.as_deref() {
            Some("pretty") => Output::Pretty,
            _ => Output::Raw,
        };
        let base_url = optional::<String>(matches, BASE_URL)?
            .or_else(|| env(&settings.var("BASE_URL")))
            .unwrap_or_else(|| crate::DEFAULT_BASE_URL.to_owned());
        let mut builder = Client::builder().base_url(base_url.clone());
        if let Some(token_url) = token_url_for(&base_url) {
            builder = builder.token_url(token_url);
        }
        let var = |suffix: &str| env(&settings.var(suffix)).filter(|v| !v.is_empty());
        builder = match (
            var("CLIENT_ID"),
            var("CLIENT_SECRET"),
            var("PUBLIC_KEY"),
            var("PRIVATE_KEY"),
            var("ACCESS_TOKEN"),
        ) {
            (Some(id), Some(secret), ..) if settings.service_account => {
                builder.service_account(id, secret)
            }
            (_, _, Some(public), Some(private), _) if settings.digest => {
                builder.digest_auth(public, private)
            }
            (.., Some(token)) if settings.service_account || settings.bearer => {
                builder.bearer_token(token)
            }
            _ if settings.service_account || settings.digest || settings.bearer => {
                return Err(Failure::Usage(format!(
                    "no credentials.\n\n{}",
                    settings.credentials_help()
                )));
            }
            _ => builder,
        };
        Ok(Context {
            client: builder.build()?,
            output,
            out,
        })
    }

    /// Sends one request and prints the response body.
    pub async fn call<O: Operation>(&mut self, operation: O) -> Result<(), Failure> {
        let request = operation.to_http(self.client.base_url())?;
        let response = self.client.execute(request).await?;
        let (parts, body) = response.into_parts();
        // Decoding checks the status and the body against the spec and turns errors into
        // typed ones; what is printed is the body as it came, members the models do not
        // know included.
        O::parse_response(http::Response::from_parts(parts, body.as_slice()))?;
        if body.is_empty() {
            return Ok(());
        }
        // Only JSON can be indented; any other body (a CSV or gzip download) is printed as is.
        let json = match self.output {
            Output::Pretty => serde_json::from_slice::<serde_json::Value>(&body).ok(),
            Output::Raw => None,
        };
        match json {
            Some(value) => write_json(self.out, &value, true)?,
            None => {
                self.out.write_all(&body)?;
                if !body.ends_with(b"\n") {
                    self.out.write_all(b"\n")?;
                }
            }
        }
        self.out.flush()?;
        Ok(())
    }

    /// Walks every page and prints each item as it arrives, one JSON document per line
    /// (indented with `--output pretty`).
    // Only APIs with paged operations use it.
    #[allow(dead_code)]
    pub async fn all_pages<O>(&mut self, operation: O) -> Result<(), Failure>
    where
        O: PagedOperation,
        O::Item: Clone + PartialEq + Serialize,
    {
        let items = crate::pagination::items(&self.client, operation);
        let mut items = std::pin::pin!(items);
        while let Some(item) = items.next().await {
            write_json(self.out, &item?, self.output == Output::Pretty)?;
            self.out.flush()?;
        }
        Ok(())
    }
}

/// The token endpoint for a server other than the spec's: when the spec's token URL is on the
/// spec's server, the same path on the given one.
fn token_url_for(base_url: &str) -> Option<String> {
    let default_base = crate::DEFAULT_BASE_URL.trim_end_matches('/');
    let path = crate::DEFAULT_TOKEN_URL?.strip_prefix(default_base)?;
    if base_url.trim_end_matches('/') == default_base || !path.starts_with('/') {
        return None;
    }
    Some(format!("{}{path}", base_url.trim_end_matches('/')))
}

/// Runs a future to completion on a single-threaded runtime: one command is one request at a
/// time.
pub fn block_on<F: std::future::Future<Output = u8>>(future: F) -> u8 {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(future),
        Err(error) => {
            let _ = writeln!(
                io::stderr(),
                "error: cannot start the async runtime: {error}"
            );
            EXIT_FAILURE
        }
    }
}
