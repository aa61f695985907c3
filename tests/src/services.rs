//! Local test servers that behaviour tests start and stop themselves.
//!
//! This module owns everything about the oracles a test talks to over HTTP:
//! - [`Prism`]: Stoplight Prism mocking an OpenAPI document; it validates each request against the
//!   document (answering 400, 401 or 406 to a request the document does not allow) and, because it
//!   runs with `--errors`, answers 500 when its own mock response would break the document.
//! - [`Httpbin`]: httpbin, whose `/digest-auth/...` endpoints check HTTP digest authentication.
//! - [`raw_request`]: a tiny HTTP/1.1 client over `TcpStream`, so that a test can talk to a server
//!   with no client library in between.
//!
//! The tools are installed by `cargo xtask test`, which tells the tests where they are through
//! `ATLAS_TEST_PRISM` and `ATLAS_TEST_PYTHON`. Tests using them are marked
//! `#[ignore = "needs local test servers: run `cargo xtask test`"]`.
//!
//! Each server binds 127.0.0.1 on a free port and is stopped, with every process it spawned, when
//! its guard is dropped (also when the test panics). Should the test process exit or die without
//! dropping it (as with the `shared` servers, which live in statics), a watchdog in the server's
//! process group notices and stops the group.
//!
//! A test file uses them like this:
//! ```no_run
//! use atlas_admin_tests::services::{Httpbin, Prism, atlas_spec_path, raw_request};
//!
//! // One Prism per test binary, serving the project's document with generated bodies...
//! let prism = Prism::shared(&atlas_spec_path(), true);
//! // ...or one of its own, stopped when `own` drops.
//! let own = Prism::start(&atlas_spec_path(), true);
//! let target = "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters/c1/restoreJobs";
//! let headers = ["Accept: application/vnd.atlas.2023-01-01+json", "Authorization: Bearer t"];
//! let response = raw_request(&prism.base_url, "GET", target, &headers);
//! assert_eq!(response.status, 200, "{response:?}\n{}", prism.log());
//! let httpbin = Httpbin::shared();
//! # let _ = (own, httpbin);
//! ```

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Names the environment variable holding the absolute path of the `prism` executable.
pub const PRISM_ENV: &str = "ATLAS_TEST_PRISM";
/// Names the environment variable holding the absolute path of the venv's Python (with httpbin).
pub const PYTHON_ENV: &str = "ATLAS_TEST_PYTHON";

/// How long a server may take to answer its first request. Generous, because the machine has two
/// cores and other test binaries compile and run in parallel.
const READY_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a stopped server may take to exit on SIGTERM before it gets SIGKILL.
const STOP_TIMEOUT: Duration = Duration::from_secs(5);
/// How many times a start is retried when another process took the free port first.
const PORT_ATTEMPTS: usize = 3;
/// The seed that makes Prism's dynamic responses reproducible from run to run.
const PRISM_SEED: &str = "atlas-admin";

/// The workspace root (the folder holding `spec/`, `generated/`, `tests/`).
pub fn workspace_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lives inside the workspace")
        .to_path_buf()
}

/// The project's OpenAPI document, `spec/atlas-admin.yaml`.
pub fn atlas_spec_path() -> PathBuf {
    workspace_dir().join("spec").join("atlas-admin.yaml")
}

/// The `prism` executable installed by `cargo xtask test`.
pub fn prism_program() -> PathBuf {
    tool_from_env(PRISM_ENV)
}

/// The Python of the venv in which `cargo xtask test` installed httpbin.
pub fn python_program() -> PathBuf {
    tool_from_env(PYTHON_ENV)
}

fn tool_from_env(var: &str) -> PathBuf {
    let path = match std::env::var_os(var) {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => panic!(
            "{var} is not set: this test needs the local test servers; \
             run the tests through `cargo xtask test`, which installs them and sets {var}"
        ),
    };
    assert!(
        path.is_file(),
        "{var}={} does not exist: run the tests through `cargo xtask test`, which installs it",
        path.display()
    );
    path
}

/// A running Prism mock server for one OpenAPI document; stopped on drop.
pub struct Prism {
    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub base_url: String,
    server: Server,
}

impl Prism {
    /// Starts `prism mock <spec_path> --errors` on a free loopback port and waits until it answers.
    ///
    /// With `dynamic`, Prism generates each response body from the schemas (seeded, so the same
    /// request gets the same body in every run). Without it, Prism answers the document's examples,
    /// or bodies it derives from the schemas when there are none; such a derived body does not
    /// honour `pattern`s, and with `--errors` Prism then answers 500 instead: static mode needs a
    /// document with valid examples.
    pub fn start(spec_path: &Path, dynamic: bool) -> Prism {
        let prism = prism_program();
        let spec = spec_path.to_path_buf();
        assert!(spec.is_file(), "no OpenAPI document at {}", spec.display());
        let server = Server::start("prism", |port| {
            let mut command = Command::new(&prism);
            command
                .arg("mock")
                .arg(&spec)
                .args(["--host", "127.0.0.1", "--port", &port.to_string()])
                .arg("--errors");
            if dynamic {
                command.args(["--dynamic", "--seed", PRISM_SEED]);
            }
            command
        });
        Prism {
            base_url: server.base_url(),
            server,
        }
    }

    /// The Prism for `spec_path` and `dynamic` shared by every test of this test binary: started
    /// by the first test asking for it, stopped when the test process exits (by the watchdog,
    /// since statics are never dropped). Starting Prism takes seconds; sharing it keeps a test
    /// binary with many Prism tests quick.
    pub fn shared(spec_path: &Path, dynamic: bool) -> &'static Prism {
        type Key = (PathBuf, bool);
        static SHARED: Mutex<Vec<(Key, &'static Prism)>> = Mutex::new(Vec::new());
        let key = (spec_path.to_path_buf(), dynamic);
        // Held while starting, so that tests asking at once wait for the same server. A start
        // that panicked leaves the list as it was: the next test tries again.
        let mut shared = SHARED.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, prism)) = shared.iter().find(|(k, _)| *k == key) {
            return prism;
        }
        let prism: &'static Prism = Box::leak(Box::new(Prism::start(spec_path, dynamic)));
        shared.push((key, prism));
        prism
    }

    /// What Prism logged so far: one entry per request, with the violations it found.
    pub fn log(&self) -> String {
        self.server.log()
    }
}

/// A running httpbin server; stopped on drop.
pub struct Httpbin {
    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub base_url: String,
    server: Server,
}

impl Httpbin {
    /// Starts httpbin (Werkzeug's threaded server) on a free loopback port and waits until it
    /// answers.
    pub fn start() -> Httpbin {
        let python = python_program();
        let server = Server::start("httpbin", |port| {
            let mut command = Command::new(&python);
            // `-m httpbin.core` warns that the module was imported twice: harmless, and noise in
            // the log a failing test prints.
            command
                .args(["-W", "ignore::RuntimeWarning", "-m", "httpbin.core"])
                .args(["--host", "127.0.0.1", "--port", &port.to_string()])
                .env("PYTHONUNBUFFERED", "1");
            command
        });
        Httpbin {
            base_url: server.base_url(),
            server,
        }
    }

    /// The httpbin shared by every test of this test binary: started by the first test asking
    /// for it, stopped when the test process exits (see [`Prism::shared`]).
    pub fn shared() -> &'static Httpbin {
        static SHARED: Mutex<Option<&'static Httpbin>> = Mutex::new(None);
        let mut shared = SHARED.lock().unwrap_or_else(PoisonError::into_inner);
        shared.get_or_insert_with(|| Box::leak(Box::new(Httpbin::start())))
    }

    /// What httpbin logged so far: one line per request.
    pub fn log(&self) -> String {
        self.server.log()
    }
}

/// Runs the server's command in a new process group, so that stopping the group stops whatever
/// the server spawned. Before `sh` becomes the server (`exec`), it forks a watchdog holding the
/// test process's pipe on fd 3: when the test process goes away without stopping the server, the
/// pipe reaches end of file and the watchdog stops the group.
const WRAPPER: &str = r#"exec 3<&0 0</dev/null
{ read -r line <&3; kill -TERM 0; } &
exec "$@" 3<&-"#;

/// One server process group, its log file and its port.
struct Server {
    name: &'static str,
    port: u16,
    /// The server itself (the wrapper `exec`s into it): the leader of its process group.
    leader: Child,
    /// Held only so that its closing (on drop, or when the test process dies) wakes the watchdog.
    watchdog_pipe: Option<ChildStdin>,
    /// Reads the server's stdout and stderr. The file itself is unlinked as soon as it is open,
    /// so no log is ever left behind; a failing start prints its tail instead.
    log: File,
}

impl Server {
    /// Starts the server built by `command_for(port)` and waits until it answers HTTP, retrying
    /// on a fresh port when another process took the chosen one in between.
    fn start(name: &'static str, command_for: impl Fn(u16) -> Command) -> Server {
        let mut failures = Vec::new();
        for _ in 0..PORT_ATTEMPTS {
            let port = free_port();
            let mut server = Server::spawn(name, port, command_for(port));
            match server.wait_until_ready() {
                Ok(()) => return server,
                Err(why) => {
                    let log = server.log();
                    let port_taken = log.contains("EADDRINUSE") || log.contains("in use");
                    failures.push(format!(
                        "{why}\n--- last lines of its log ---\n{}",
                        tail(&log)
                    ));
                    if !port_taken {
                        break;
                    }
                }
            }
        }
        panic!(
            "the {name} test server did not start:\n{}",
            failures.join("\n\n")
        );
    }

    fn spawn(name: &'static str, port: u16, command: Command) -> Server {
        let (log, log_writer) = unlinked_log(name, port);
        let mut wrapper = Command::new("sh");
        wrapper
            .arg("-c")
            .arg(WRAPPER)
            .arg("sh")
            .arg(command.get_program())
            .args(command.get_args())
            .envs(
                command
                    .get_envs()
                    .filter_map(|(k, v)| Some((k.to_os_string(), v?.to_os_string()))),
            )
            .stdin(Stdio::piped())
            .stdout(
                log_writer
                    .try_clone()
                    .expect("duplicate the log file handle"),
            )
            .stderr(log_writer);
        std::os::unix::process::CommandExt::process_group(&mut wrapper, 0);
        let mut leader = wrapper
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start the {name} test server with sh: {e}"));
        let watchdog_pipe = leader.stdin.take();
        Server {
            name,
            port,
            leader,
            watchdog_pipe,
            log,
        }
    }

    fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Polls until the server answers an HTTP request, it exits, or [`READY_TIMEOUT`] passes.
    fn wait_until_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + READY_TIMEOUT;
        loop {
            if answers_http(self.port) {
                return Ok(());
            }
            if let Ok(Some(status)) = self.leader.try_wait() {
                return Err(format!(
                    "the {} test server exited ({status}) before answering on port {}",
                    self.name, self.port
                ));
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "the {} test server did not answer on port {} within {READY_TIMEOUT:?}",
                    self.name, self.port
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn log(&self) -> String {
        let mut bytes = Vec::new();
        let mut reader = &self.log;
        let _ = reader
            .seek(SeekFrom::Start(0))
            .and_then(|_| reader.read_to_end(&mut bytes));
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// Stops the whole process group: SIGTERM, then SIGKILL if the server is still there after
    /// [`STOP_TIMEOUT`]. Only the server (the group leader) is waited for: the processes it
    /// leaves behind are reaped by init, possibly later.
    fn stop(&mut self) {
        let group = self.leader.id() as i32;
        drop(self.watchdog_pipe.take());
        signal_group(group, SIGTERM);
        let deadline = Instant::now() + STOP_TIMEOUT;
        while matches!(self.leader.try_wait(), Ok(None)) {
            if Instant::now() > deadline {
                signal_group(group, SIGKILL);
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.leader.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

const SIGKILL: i32 = 9;
const SIGTERM: i32 = 15;

unsafe extern "C" {
    // std offers no way to signal a process group; this is the C library's kill(2), which std
    // links anyway on every Unix.
    safe fn kill(pid: i32, signal: i32) -> i32;
}

fn signal_group(group: i32, signal: i32) {
    kill(-group, signal);
}

/// A port on 127.0.0.1 that was free a moment ago (the server binds it itself, so another process
/// may take it in between: [`Server::start`] retries then).
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("bind 127.0.0.1:0 to find a free port")
}

/// A log file for one server, already unlinked: a handle to read it and one (appending, so that
/// reading never moves where the server writes) to give the server.
fn unlinked_log(name: &str, port: u16) -> (File, File) {
    static SEQUENCE: AtomicU32 = AtomicU32::new(0);
    let n = SEQUENCE.fetch_add(1, Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!(
        "atlas-test-{name}-{}-{n}-{port}.log",
        std::process::id()
    ));
    let writer = OpenOptions::new()
        .create_new(true)
        .append(true)
        .open(&path)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", path.display()));
    let reader = File::open(&path).expect("open the log just created");
    let _ = std::fs::remove_file(&path);
    (reader, writer)
}

fn tail(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
}

/// Whether something on the port answers a plain HTTP request with a status line.
fn answers_http(port: u16) -> bool {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_secs(1)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    let mut head = [0u8; 8];
    stream.write_all(request.as_bytes()).is_ok()
        && stream.read_exact(&mut head).is_ok()
        && head.starts_with(b"HTTP/1.")
}

/// A response read off the wire by [`raw_request`].
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    /// Header names and values in the order received (names as sent).
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl RawResponse {
    /// The first value of the header `name` (compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// Sends one HTTP/1.1 request over a fresh `TcpStream` with `Connection: close` and reads the
/// response to end of file. `target` is the path and query (`/api/...?x=1`), sent as written, so a
/// test can send requests that a client library would refuse to build. `headers` are extra
/// `Name: value` lines.
pub fn raw_request(base_url: &str, method: &str, target: &str, headers: &[&str]) -> RawResponse {
    let authority = base_url
        .strip_prefix("http://")
        .expect("raw_request speaks plain http only");
    let mut stream = TcpStream::connect(authority)
        .unwrap_or_else(|e| panic!("cannot connect to {authority}: {e}"));
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("set a read timeout");
    let mut request = format!("{method} {target} HTTP/1.1\r\nHost: {authority}\r\n");
    for header in headers {
        request.push_str(header);
        request.push_str("\r\n");
    }
    request.push_str("Connection: close\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .unwrap_or_else(|e| panic!("cannot send {method} {target}: {e}"));
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("cannot read the answer to {method} {target}: {e}"));
    parse_response(&String::from_utf8_lossy(&raw))
}

fn parse_response(raw: &str) -> RawResponse {
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("not an HTTP response (no end of headers): {raw:?}"));
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP status line: {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.to_string(), value.trim().to_string()))
        .collect();
    let chunked = headers.iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("transfer-encoding") && value.eq_ignore_ascii_case("chunked")
    });
    assert!(
        !chunked,
        "raw_request does not decode chunked bodies; the server sent one"
    );
    RawResponse {
        status,
        headers,
        body: body.to_string(),
    }
}
