//! What every command of the command-line tool shares: parsing the command line, reading
//! option values, the run's client and where its output goes, printing responses and errors,
//! and exit codes. The global options, profiles, the token cache, progress, the output file,
//! `--debug` and the sunset warning each have a module of their own beside this one.
//!
//! Parameter values are checked by the same types the library uses (`params`, `models`), as
//! clap value parsers, so a bad value stops the tool before any request is sent.

use std::ffi::OsString;
use std::fmt::Display;
use std::io::{self, Write};
use std::str::FromStr;
use std::sync::Arc;

use clap::{Arg, ArgAction, ArgMatches, Command};
use futures_util::StreamExt;
use serde::Serialize;

use super::credentials::{Credentials, Sources};
use super::debug_log::DebugLog;
use super::options::{self, Output};
use super::output_file::OutputFile;
use super::progress::Progress;
use super::token_cache::TokenFile;
use super::{folders, profile, token_cache};
use crate::operation::{Operation, PagedOperation};
use crate::{Client, Error, RetryPolicy};

/// Reads an environment variable of the run (the process's, or a test's).
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The command succeeded.
pub const EXIT_OK: u8 = 0;
/// The request was sent and failed: an API error, a transport error, a body that did not decode.
pub const EXIT_FAILURE: u8 = 1;
/// The command line was wrong (an unknown option, a missing or invalid value, no credentials):
/// nothing was sent.
pub const EXIT_USAGE: u8 = 2;

/// The option of paged operations that walks every page.
// Only APIs with paged operations use it.
#[allow(dead_code)]
pub const ALL_PAGES: &str = "all-pages";

/// What the tool knows of the API besides its commands.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// The tool's name: its binary, and its folder in the user's cache folder.
    pub bin_name: &'static str,
    /// Prefix of the environment variables the tool reads.
    pub env_prefix: &'static str,
    /// The folder of the Atlas CLI's configuration file in the user's configuration folder
    /// (`atlascli`), if the tool reads profiles.
    pub profile_folder: Option<&'static str>,
    /// Whether the API accepts a service account (OAuth 2.0 client credentials).
    pub service_account: bool,
    /// Whether the API accepts an API key with HTTP digest authentication.
    pub digest: bool,
    /// Whether the API accepts a bearer token.
    pub bearer: bool,
}

impl Settings {
    /// The environment variable `PREFIX_SUFFIX`.
    pub fn var(&self, suffix: &str) -> String {
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
                "{} and {} (an API key, HTTP digest authentication; also {} and {})",
                self.var("PUBLIC_API_KEY"),
                self.var("PRIVATE_API_KEY"),
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
            if let Some(folder) = self.profile_folder {
                text.push_str(&format!(
                    "else from the profile (`--profile`, else `default`) of {folder}/config.toml \
                     in the user's configuration folder ($XDG_CONFIG_HOME, else ~/.config), \
                     with the Atlas CLI's keys: client_id and client_secret, public_api_key and \
                     private_api_key, or access_token.\n"
                ));
            }
            text.push('\n');
        }
        if self.profile_folder.is_some() {
            text.push_str(
                "Settings: the command line first, then the environment, then the profile.\n\n",
            );
        }
        if self.service_account {
            text.push_str(&format!(
                "A service account's token is kept until shortly before it expires in \
                 {}/ under the user's cache folder ($XDG_CACHE_HOME, else ~/.cache), readable \
                 only by the user; --no-token-cache turns that off.\n\n",
                self.bin_name
            ));
        }
        text.push_str(
            "Exit codes: 0 success; 1 the request failed (the API's error is printed on stderr); \
             2 bad command line or parameter value, nothing was sent.",
        );
        text
    }
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

/// The most bytes of a server's error body the tool prints.
const MAX_PRINTED_ERROR_BYTES: usize = 64 * 1024;

/// Prints a failure on `err` and returns the exit code.
pub fn report(result: Result<(), Failure>, err: &mut dyn Write) -> u8 {
    let failure = match result {
        Ok(()) => return EXIT_OK,
        // The reader went away (`| head`): not the tool's failure.
        Err(Failure::Output(error)) if error.kind() == io::ErrorKind::BrokenPipe => return EXIT_OK,
        Err(failure) => failure,
    };
    // The report holds a server's words: it is bounded, and its control characters are
    // escaped, so an error body cannot drive the terminal. Failing to write it leaves only
    // the exit code to tell.
    let mut report = Vec::new();
    let _ = write_failure(&failure, &mut report);
    let _ = err.write_all(printable_report(&report).as_bytes());
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

/// `report` as text for a terminal: at most [`MAX_PRINTED_ERROR_BYTES`] bytes, control
/// characters other than line breaks escaped.
fn printable_report(report: &[u8]) -> String {
    let shown = report.len().min(MAX_PRINTED_ERROR_BYTES);
    let text = String::from_utf8_lossy(&report[..shown]);
    let mut out = crate::error::escape_controls(&text).into_owned();
    if shown < report.len() {
        let hidden = report.len() - shown;
        out.push_str(&format!("\n… ({hidden} more bytes not shown)\n"));
    }
    out
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

/// The value of an option, else of the setting `key` (its environment variable, else the
/// profile's value): `--owner-id`, else `PREFIX_TEAM_ID`, else `team_id`.
// Only APIs whose codegen settings map a parameter to a setting use it.
#[allow(dead_code)]
pub fn optional_or_setting<T>(
    matches: &ArgMatches,
    id: &str,
    context: &Context<'_>,
    key: &str,
) -> Result<Option<T>, Failure>
where
    T: FromStr + Clone + Send + Sync + 'static,
    T::Err: Display,
{
    if let Some(value) = optional::<T>(matches, id)? {
        return Ok(Some(value));
    }
    let Some(found) = context.sources.setting(key) else {
        return Ok(None);
    };
    found
        .value
        .parse::<T>()
        .map(Some)
        .map_err(|error| Failure::Usage(format!("{error} (the value of {})", found.origin)))
}

/// Like [`optional_or_setting`], for a required parameter.
// Only APIs whose codegen settings map a parameter to a setting use it.
#[allow(dead_code)]
pub fn required_or_setting<T>(
    matches: &ArgMatches,
    id: &str,
    context: &Context<'_>,
    key: &str,
) -> Result<T, Failure>
where
    T: FromStr + Clone + Send + Sync + 'static,
    T::Err: Display,
{
    optional_or_setting(matches, id, context, key)?.ok_or_else(|| {
        Failure::Usage(format!(
            "`--{id}` is required: give it, or set {} or `{key}` in the profile",
            context.sources.variable(key)
        ))
    })
}

/// Where a run's output goes.
enum Sink<'a> {
    Stream(&'a mut dyn Write),
    File(OutputFile),
}

impl Write for Sink<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stream(out) => out.write(buf),
            Sink::File(file) => file.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stream(out) => out.flush(),
            Sink::File(file) => file.flush(),
        }
    }
}

/// One run of a command: the client, the settings it came from, and where output, progress
/// and debug lines go.
pub struct Context<'a> {
    client: Client,
    sources: Sources<'a>,
    output: Output,
    out: Sink<'a>,
    err: &'a mut dyn Write,
    progress: Progress,
    debug: Option<DebugLog>,
}

impl<'a> Context<'a> {
    /// The run of `matches`: its profile, client and output. `stderr_is_terminal` turns on
    /// the progress of long work.
    pub fn new(
        settings: &'a Settings,
        matches: &ArgMatches,
        env: Env<'a>,
        out: &'a mut dyn Write,
        err: &'a mut dyn Write,
        stderr_is_terminal: bool,
    ) -> Result<Self, Failure> {
        let globals = options::read(matches)?;
        let debug = globals.debug.then(DebugLog::default);
        let note = |text: String| {
            if let Some(debug) = &debug {
                debug.note(text);
            }
        };
        let profile = match settings.profile_folder {
            Some(folder) => {
                let (name, explicit) =
                    profile::name(globals.profile.clone(), env, &settings.var("PROFILE"));
                match folders::config(env) {
                    Some(config) => {
                        let path = profile::file_path(&config, folder);
                        let loaded = profile::load(&path, &name, explicit)?;
                        note(match &loaded {
                            Some(profile) => format!("settings from the {}", profile.describe()),
                            None => format!("no profile `{name}` in {}", path.display()),
                        });
                        loaded
                    }
                    None if explicit => {
                        return Err(Failure::Usage(format!(
                            "profile `{name}` asked for, but there is no configuration folder \
                             (neither XDG_CONFIG_HOME nor HOME is set)"
                        )));
                    }
                    None => None,
                }
            }
            None => None,
        };
        let sources = Sources {
            settings,
            env,
            profile,
        };
        let base_url = match globals.base_url {
            Some(url) => url,
            None => sources
                .setting("base_url")
                .map_or_else(|| crate::DEFAULT_BASE_URL.to_owned(), |found| found.value),
        };
        let token_url = token_url_for(&base_url);
        let mut builder = Client::builder()
            .base_url(base_url.clone())
            .retry(RetryPolicy::new(globals.retries.saturating_add(1)));
        if let Some(token_url) = &token_url {
            builder = builder.token_url(token_url.clone());
        }
        if let Some(timeout) = globals.timeout {
            // A bound on the whole request as a person waits for it: each exchange, and the
            // retries with their waits.
            builder = builder.timeout(timeout).deadline(timeout);
        }
        if let Some(debug) = &debug {
            builder = builder.observer(debug.observer());
        }
        let chosen = sources.credentials()?;
        note(format!("credentials: {}", chosen.origin));
        builder = match chosen.credentials {
            Credentials::None => builder,
            Credentials::ApiKey {
                public_key,
                private_key,
            } => builder.digest_auth(public_key, private_key),
            Credentials::Bearer(token) => builder.bearer_token(token),
            Credentials::ServiceAccount {
                client_id,
                client_secret,
            } => {
                let endpoint = token_url.as_deref().or(crate::DEFAULT_TOKEN_URL);
                let cache = folders::cache(env).filter(|_| globals.token_cache);
                if let (Some(cache), Some(endpoint)) = (cache, endpoint) {
                    let file = TokenFile::new(&cache.join(settings.bin_name), &client_id, endpoint);
                    if debug.is_some() {
                        note(token_cache::describe(&file));
                    }
                    builder = builder.token_store(Arc::new(file));
                } else {
                    note("token cache: off".to_owned());
                }
                builder.service_account(client_id, client_secret)
            }
        };
        let client = match builder.build() {
            Ok(client) => client,
            // A base URL the client refuses (not a URL, or plain http to a remote host with
            // credentials) is a bad command line: nothing was sent.
            Err(error @ Error::InvalidBaseUrl { .. }) => {
                return Err(Failure::Usage(error.to_string()));
            }
            Err(error) => return Err(error.into()),
        };
        let out = match &globals.output_file {
            Some(path) => Sink::File(OutputFile::create(path).map_err(|error| {
                Failure::Output(io::Error::new(
                    error.kind(),
                    format!("cannot create a file beside {}: {error}", path.display()),
                ))
            })?),
            None => Sink::Stream(out),
        };
        let context = Context {
            client,
            sources,
            output: globals.output,
            out,
            err,
            progress: Progress::new(stderr_is_terminal),
            debug,
        };
        Ok(context)
    }

    /// Sends one request and prints the response body.
    pub async fn call<O: Operation>(&mut self, operation: O) -> Result<(), Failure> {
        let request = operation.to_http(self.client.base_url())?;
        let response = self.client.execute(request).await;
        self.flush_debug()?;
        let (parts, body) = response?.into_parts();
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
            Some(value) => write_json(&mut self.out, &value, true)?,
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

    /// Walks every page and prints each item as its page arrives, one JSON document per line
    /// (indented with `--output pretty`), with progress on a terminal.
    // Only APIs with paged operations use it.
    #[allow(dead_code)]
    pub async fn all_pages<O>(&mut self, operation: O) -> Result<(), Failure>
    where
        O: PagedOperation,
        O::Item: Clone + PartialEq + Serialize,
    {
        // The walk holds its own handle, leaving `self` free to print.
        let client = self.client.clone();
        let pages = crate::pagination::pages(&client, operation);
        let mut pages = std::pin::pin!(pages);
        while let Some(page) = pages.next().await {
            self.flush_debug()?;
            let page = page?.into_body();
            let total = O::total_count(&page);
            let items = O::into_items(page);
            self.progress.clear(self.err)?;
            for item in &items {
                write_json(&mut self.out, item, self.output == Output::Pretty)?;
            }
            self.out.flush()?;
            self.progress.page(items.len(), total, self.err)?;
        }
        self.flush_debug()?;
        Ok(())
    }

    /// Ends the run with `result`: clears the progress, writes the last debug lines, and puts
    /// the output file in place if the command succeeded (a failed one leaves none).
    pub fn finish(mut self, result: Result<(), Failure>) -> Result<(), Failure> {
        // Stderr failing now must not hide the command's own result.
        let _ = self.progress.clear(self.err);
        let _ = self.flush_debug();
        result?;
        if let Sink::File(file) = self.out {
            file.commit()?;
        }
        Ok(())
    }

    fn flush_debug(&mut self) -> io::Result<()> {
        match &self.debug {
            Some(debug) => debug.flush_to(self.err),
            None => Ok(()),
        }
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
