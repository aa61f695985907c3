//! Up-to-date stamps of `cargo xtask codegen` runs, as cargo's fingerprints are for builds: a
//! rerun whose inputs did not change, over output nobody touched since, prints what the
//! recorded run printed, returns its exit code, and does nothing else.
//!
//! A stamp holds a [`Key`] (everything that decides what a run writes and prints; the caller
//! builds it), the digest of every file the run left in each output folder, and the run's
//! report as a rerun prints it. It stands for a rerun only when the key is the same part for
//! part and each output folder holds exactly those files, byte for byte (by digest), and
//! nothing else besides the `target/` build folder the writer keeps. The files are compared by
//! content, not by modification time: reading the fragment's 64 files takes well under a
//! millisecond, and content cannot be fooled by an edit within the file system's timestamp
//! granularity or by a restored modification time. The executable, which is too large to
//! read on every run, is known by its path, size, modification time and inode: cargo writes
//! a new file on every build.
//!
//! Stamps live in `codegen-stamps/` beside the executable (`target/<profile>/`), one per
//! working folder and argument list; they are rebuildable and never committed. Only a run
//! that writes nothing but its output crates is stamped ([`applies`]).

use std::collections::BTreeMap;
use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::{Deserialize, Serialize};

use crate::codegen::{Args, Stream, Target, output_files};

/// Whether a stamp may stand for a run of `args`. Not `--report`, `--bump`, `--prune-lock` or
/// `--overlay`, which write or read other files than a crate and its inputs. Not `--timings`,
/// whose report is this run's own times. And not `--check`: it is the guard CI runs on fresh
/// checkouts, where no stamp exists, and it should compare the files with what the generator
/// makes, never with a record an earlier run kept.
pub fn applies(args: &Args) -> bool {
    !args.check
        && !args.timings
        && args.report.is_none()
        && !args.bump
        && !args.prune_lock
        && args.overlay.is_none()
}

/// Everything that decides a run's output and report, as named parts (the name of the first
/// part that differs says why a run could not be skipped).
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Key(Vec<(String, String)>);

impl Key {
    pub fn part(&mut self, name: &str, value: String) {
        self.0.push((name.to_owned(), value));
    }

    /// Why a run under `self` differs from one under `recorded`, if it does.
    fn difference(&self, recorded: &Key) -> Option<String> {
        for (i, (name, value)) in self.0.iter().enumerate() {
            match recorded.0.get(i) {
                Some((n, v)) if n == name && v == value => {}
                _ => return Some(format!("{name} changed")),
            }
        }
        (self.0.len() != recorded.0.len()).then(|| "the targets changed".to_owned())
    }
}

/// What a stamp file holds.
#[derive(Serialize, Deserialize)]
struct Stamp {
    key: Key,
    /// Per target, in order: each file's path in its output folder -> its [`digest`].
    outputs: Vec<BTreeMap<String, String>>,
    transcript: Vec<(Stream, String)>,
    code: u8,
}

/// The folder of stamps, and the identity of the executable whose runs they record.
pub struct Store {
    dir: PathBuf,
    executable: String,
}

impl Store {
    /// `codegen-stamps/` beside the running executable; `None` when it cannot be known.
    pub fn beside_executable() -> Option<Store> {
        let exe = std::env::current_exe().ok()?;
        let metadata = fs::metadata(&exe).ok()?;
        let modified = metadata
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&metadata);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Store {
            dir: exe.parent()?.join("codegen-stamps"),
            executable: format!(
                "{} {} bytes, modified {modified} ns, inode {inode}",
                exe.display(),
                metadata.len()
            ),
        })
    }

    /// The executable's identity, for the key.
    pub fn executable(&self) -> String {
        self.executable.clone()
    }

    /// The stamp of the runs with these arguments from this working folder.
    pub fn path(&self, raw: &[String]) -> PathBuf {
        let mut hasher = DefaultHasher::new();
        let cwd = std::env::current_dir().unwrap_or_default();
        hasher.write(cwd.as_os_str().as_encoded_bytes());
        for arg in raw {
            // The length first, so that argument boundaries count.
            hasher.write_usize(arg.len());
            hasher.write(arg.as_bytes());
        }
        self.dir.join(format!("{:016x}.json", hasher.finish()))
    }

    /// Prints the recorded report and gives the recorded exit code when the stamp stands for
    /// this run; else says why not, printing nothing.
    pub fn fresh(&self, raw: &[String], key: &Key, targets: &[Target]) -> Result<ExitCode, String> {
        let path = self.path(raw);
        let text = fs::read(&path).map_err(|_| "no stamp of these arguments".to_owned())?;
        let stamp: Stamp =
            serde_json::from_slice(&text).map_err(|e| format!("unreadable stamp: {e}"))?;
        if let Some(why) = key.difference(&stamp.key) {
            return Err(why);
        }
        if stamp.outputs.len() != targets.len() {
            return Err("the targets changed".to_owned());
        }
        for (target, files) in targets.iter().zip(&stamp.outputs) {
            holds_exactly(&target.out, files)
                .map_err(|why| format!("{}: {why}", target.out.display()))?;
        }
        let mut out = std::io::stdout().lock();
        let mut err = std::io::stderr().lock();
        for (stream, text) in &stamp.transcript {
            // As when the report was first printed: a closed stream is not the run's failure.
            let _ = match stream {
                Stream::Out => out.write_all(text.as_bytes()),
                Stream::Err => err.write_all(text.as_bytes()),
            };
        }
        Ok(ExitCode::from(stamp.code))
    }

    /// Keeps the stamp of a run that printed `transcript` (as a rerun prints it), returned
    /// `code` and made `files` in each target's output folder, under `key`. Written whole
    /// (a new file renamed over the old), so a stamp is never read half-written.
    pub fn record(
        &self,
        raw: &[String],
        key: Key,
        files: &[BTreeMap<String, String>],
        transcript: &[(Stream, String)],
        code: u8,
    ) -> Result<(), String> {
        let stamp = Stamp {
            key,
            outputs: files
                .iter()
                .map(|files| {
                    files
                        .iter()
                        .map(|(path, text)| (path.clone(), digest(text.as_bytes())))
                        .collect()
                })
                .collect(),
            transcript: transcript.to_vec(),
            code,
        };
        let text = serde_json::to_vec(&stamp).map_err(|e| e.to_string())?;
        fs::create_dir_all(&self.dir).map_err(|e| format!("{}: {e}", self.dir.display()))?;
        let path = self.path(raw);
        let partial = path.with_extension(format!("{}.partial", std::process::id()));
        fs::write(&partial, text).map_err(|e| format!("{}: {e}", partial.display()))?;
        fs::rename(&partial, &path).map_err(|e| {
            let _ = fs::remove_file(&partial);
            format!("{}: {e}", path.display())
        })
    }
}

/// A file's length and a 64-bit hash of its bytes (the standard library's SipHash: steady
/// within one build of the executable, which is part of the key).
pub fn digest(bytes: &[u8]) -> String {
    let mut hasher = DefaultHasher::new();
    hasher.write(bytes);
    format!("{} bytes, {:016x}", bytes.len(), hasher.finish())
}

/// The [`digest`] of the file at `path`, or why there is none (absent, unreadable).
pub fn file_digest(path: &Path) -> String {
    match fs::read(path) {
        Ok(bytes) => digest(&bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => "absent".to_owned(),
        Err(e) => format!("unreadable: {:?}", e.kind()),
    }
}

/// Whether `out` is a folder (not a link to one) that holds exactly `files`, byte for byte,
/// and no other entry besides a top-level `target/` folder: what the writer leaves, and
/// where it would write nothing.
fn holds_exactly(out: &Path, files: &BTreeMap<String, String>) -> Result<(), String> {
    if !fs::symlink_metadata(out).is_ok_and(|m| m.is_dir()) {
        return Err("not a folder".to_owned());
    }
    let found = output_files(out)?;
    for relative in &found {
        let recorded = files
            .get(relative)
            .ok_or_else(|| format!("{relative}: not a generated file"))?;
        let bytes = fs::read(out.join(relative)).map_err(|e| format!("{relative}: {e}"))?;
        if digest(&bytes) != *recorded {
            return Err(format!("{relative}: changed"));
        }
    }
    match found.len() == files.len() {
        true => Ok(()),
        false => Err("a file is missing".to_owned()),
    }
}
