//! Caches of formatting results. Formatting is deterministic: the same input, formatted by the
//! same formatter, gives the same output. So each formatted file is kept under the build
//! directory (`target/codegen-cache/`, rebuildable, never committed): `rustfmt/`, keyed by the
//! file's text and `rustfmt --version` (a run whose files are all known starts no `rustfmt`
//! at all), and `prettyplease/`, the generator's own formatting keyed by the tokens' text, per
//! build of this program.
//!
//! An entry holds its whole input next to its output, and a checksum of both: a lookup
//! compares the input byte for byte (a hash collision cannot return another file's output) and
//! checks the checksum, so a damaged, truncated or foreign entry is a miss, and the file is
//! formatted again. Entries are written to a temporary name and renamed into place, so
//! concurrent runs never see half an entry.

use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::UNIX_EPOCH;

/// The first line of every entry; a change of layout changes it.
const MAGIC: &str = "atlas-codegen rustfmt cache 1";

/// `ATLAS_CODEGEN_CACHE=off` turns the cache off (every file goes through `rustfmt`).
pub const DISABLE_VAR: &str = "ATLAS_CODEGEN_CACHE";

#[derive(Debug, Clone)]
pub struct FormatCache {
    /// One folder per formatter: a `rustfmt` version and option set, or a build of the
    /// generator.
    dir: PathBuf,
}

impl FormatCache {
    /// The cache for `rustfmt` (run with `options`) under the build directory, unless turned
    /// off. `None` when the version cannot be learned: formatting then goes uncached.
    pub fn for_rustfmt(rustfmt: &Path, options: &[&str]) -> Option<Self> {
        if disabled() {
            return None;
        }
        Self::in_dir(&default_root(), rustfmt, options)
    }

    /// The cache for `rustfmt` (run with `options`) under `root`.
    pub fn in_dir(root: &Path, rustfmt: &Path, options: &[&str]) -> Option<Self> {
        let version = rustfmt_version(root, rustfmt)?;
        let mut namespace = version;
        for option in options {
            namespace.push(' ');
            namespace.push_str(option);
        }
        Self::namespace(root, "rustfmt", &namespace)
    }

    /// The cache of the generator's own formatting (tokens -> `prettyplease` text) under the
    /// build directory, unless turned off. Its keys do not name the versions of `syn` and
    /// `prettyplease`, so its entries are kept per build of this program (the executable's
    /// path, size and modification time); a new build at the same path removes the entries
    /// of the builds before it.
    pub fn for_this_build() -> Option<Self> {
        if disabled() {
            return None;
        }
        let exe = std::env::current_exe().ok()?;
        let identity = file_identity(&exe)?;
        let per_path = default_root()
            .join("prettyplease")
            .join(hex(hash(0, exe.as_os_str().as_encoded_bytes())));
        let own = hex(hash(0, identity.as_bytes()));
        let dir = per_path.join(&own);
        if !dir.is_dir() {
            if let Ok(entries) = fs::read_dir(&per_path) {
                for entry in entries.flatten() {
                    if entry.file_name() != own.as_str() {
                        let _ = fs::remove_dir_all(entry.path());
                    }
                }
            }
            fs::create_dir_all(&dir).ok()?;
        }
        Some(Self { dir })
    }

    /// A cache in `dir`, for a formatter the caller vouches for (tests).
    pub fn at(dir: &Path) -> Option<Self> {
        fs::create_dir_all(dir).ok()?;
        Some(Self {
            dir: dir.to_path_buf(),
        })
    }

    fn namespace(root: &Path, kind: &str, namespace: &str) -> Option<Self> {
        let dir = root.join(kind).join(hex(hash(0, namespace.as_bytes())));
        fs::create_dir_all(&dir).ok()?;
        Some(Self { dir })
    }

    fn entry(&self, input: &str) -> PathBuf {
        let key = hex(hash(1, input.as_bytes()));
        self.dir.join(&key[..2]).join(key)
    }

    /// The formatted text of `input`, if a sound entry holds it.
    pub fn get(&self, input: &str) -> Option<String> {
        let bytes = fs::read(self.entry(input)).ok()?;
        let bytes = bytes.strip_prefix(MAGIC.as_bytes())?.strip_prefix(b"\n")?;
        let header_end = bytes.iter().position(|b| *b == b'\n')?;
        let header = std::str::from_utf8(&bytes[..header_end]).ok()?;
        let mut fields = header.split(' ');
        let (input_len, output_len, checksum) = (fields.next()?, fields.next()?, fields.next()?);
        let (input_len, output_len): (usize, usize) =
            (input_len.parse().ok()?, output_len.parse().ok()?);
        let body = &bytes[header_end + 1..];
        if fields.next().is_some() || body.len() != input_len.checked_add(output_len)? {
            return None;
        }
        let (stored_input, output) = body.split_at(input_len);
        if stored_input != input.as_bytes() || hex(checksum_of(stored_input, output)) != checksum {
            return None;
        }
        String::from_utf8(output.to_vec()).ok()
    }

    /// Records that `input` formats as `output`. A failure to write only costs a later run
    /// the formatting, so it is ignored.
    pub fn put(&self, input: &str, output: &str) {
        let path = self.entry(input);
        let Some(parent) = path.parent() else { return };
        let _ = fs::create_dir_all(parent);
        let header = format!(
            "{MAGIC}\n{} {} {}\n",
            input.len(),
            output.len(),
            hex(checksum_of(input.as_bytes(), output.as_bytes()))
        );
        let mut bytes = Vec::with_capacity(header.len() + input.len() + output.len());
        bytes.extend_from_slice(header.as_bytes());
        bytes.extend_from_slice(input.as_bytes());
        bytes.extend_from_slice(output.as_bytes());
        let temporary = unique_sibling(&path);
        if fs::write(&temporary, &bytes).is_err() || fs::rename(&temporary, &path).is_err() {
            let _ = fs::remove_file(&temporary);
        }
    }

    /// Where `input`'s entry lives (for tests that damage it).
    pub fn entry_path(&self, input: &str) -> PathBuf {
        self.entry(input)
    }
}

/// The generator asks before formatting a file's tokens, and reports what it formatted.
impl codegen::format::Memo for FormatCache {
    fn get(&self, key: &str) -> Option<String> {
        FormatCache::get(self, key)
    }

    fn put(&self, key: &str, text: &str) {
        FormatCache::put(self, key, text);
    }
}

fn disabled() -> bool {
    std::env::var_os(DISABLE_VAR).is_some_and(|v| v == "off" || v == "0")
}

/// A file's path, size and modification time: what changes when it is replaced.
fn file_identity(path: &Path) -> Option<String> {
    let metadata = fs::metadata(path).ok()?;
    let modified = metadata.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some(format!(
        "{} {} {}",
        path.display(),
        metadata.len(),
        modified.as_nanos()
    ))
}

/// `<target>/codegen-cache`: `CARGO_TARGET_DIR` when set, else the workspace's `target/`.
pub fn default_root() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::codegen::workspace_root().join("target"));
    target.join("codegen-cache")
}

/// `rustfmt --version`, remembered per binary (by path, size and modification time) so that a
/// run with every file cached need not start `rustfmt` to ask. A toolchain update replaces
/// the binary, which changes its size or time and so asks again.
fn rustfmt_version(root: &Path, rustfmt: &Path) -> Option<String> {
    let identity = file_identity(rustfmt);
    let memo = identity
        .as_ref()
        .map(|id| root.join("versions").join(hex(hash(2, id.as_bytes()))));
    if let (Some(id), Some(memo)) = (&identity, &memo)
        && let Ok(text) = fs::read_to_string(memo)
        && let Some((stored_id, version)) = text.split_once('\n')
        && stored_id == id
        && !version.is_empty()
    {
        return Some(version.to_owned());
    }
    // Not a file we can identify (`rustfmt` found on `PATH`, perhaps rustup's proxy): ask.
    let output = Command::new(rustfmt).arg("--version").output().ok()?;
    if !output.status.success() {
        return None;
    }
    let version = String::from_utf8(output.stdout).ok()?.trim().to_owned();
    if version.is_empty() {
        return None;
    }
    if let (Some(id), Some(memo)) = (identity, memo) {
        let _ = fs::create_dir_all(memo.parent()?);
        let temporary = unique_sibling(&memo);
        if fs::write(&temporary, format!("{id}\n{version}")).is_err()
            || fs::rename(&temporary, &memo).is_err()
        {
            let _ = fs::remove_file(&temporary);
        }
    }
    Some(version)
}

fn unique_sibling(path: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(
        ".tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    path.with_file_name(name)
}

/// 128 bits from two differently seeded SipHashes: enough to spread entries over file names;
/// correctness does not rest on it (the input is compared in full).
fn hash(seed: u8, bytes: &[u8]) -> u128 {
    hash_parts(seed, &[bytes])
}

fn hash_parts(seed: u8, parts: &[&[u8]]) -> u128 {
    let half = |salt: u8| {
        let mut hasher = DefaultHasher::new();
        (seed, salt).hash(&mut hasher);
        for part in parts {
            // Lengths first, so that parts cannot trade bytes and hash alike.
            hasher.write_usize(part.len());
            hasher.write(part);
        }
        hasher.finish()
    };
    (u128::from(half(0)) << 64) | u128::from(half(1))
}

fn checksum_of(input: &[u8], output: &[u8]) -> u128 {
    hash_parts(3, &[input, output])
}

fn hex(value: u128) -> String {
    format!("{value:032x}")
}
