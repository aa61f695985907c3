//! The service account's access token, kept in a file between runs so that a run reuses the
//! token of the run before instead of asking the token endpoint again (which limits how often
//! it may be asked). One file per client id and token endpoint, under the user's cache folder;
//! only the user can read it (mode 0600), and a file that is not the user's own, is readable
//! by others, or does not parse is ignored and replaced by the next token.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::client::{StoredToken, TokenStore};
use crate::secret::Secret;

/// The largest file read: a token is a few kilobytes.
const MAX_FILE_BYTES: u64 = 64 * 1024;

/// The token file of one client id at one token endpoint.
pub struct TokenFile {
    path: PathBuf,
    client_id: String,
    token_url: String,
}

impl TokenFile {
    /// The file for `client_id` at `token_url`, in `folder`.
    pub fn new(folder: &Path, client_id: &str, token_url: &str) -> Self {
        let key = fnv1a(&[client_id.as_bytes(), &[0], token_url.as_bytes()]);
        TokenFile {
            path: folder.join(format!("token-{key:016x}.json")),
            client_id: client_id.to_owned(),
            token_url: token_url.to_owned(),
        }
    }

    fn read(&self) -> Option<StoredToken> {
        let mut text = String::new();
        open_own(&self.path)?
            .take(MAX_FILE_BYTES)
            .read_to_string(&mut text)
            .ok()?;
        let json: serde_json::Value = serde_json::from_str(&text).ok()?;
        let field = |name: &str| json.get(name).and_then(serde_json::Value::as_str);
        // The name is a hash: the file must say it is for this client and endpoint.
        if field("client_id")? != self.client_id || field("token_url")? != self.token_url {
            return None;
        }
        let renew_at = UNIX_EPOCH + Duration::from_secs(json.get("renew_at")?.as_u64()?);
        Some(StoredToken {
            value: Secret::new(field("access_token")?),
            renew_at,
        })
    }

    fn write(&self, token: &StoredToken) -> io::Result<()> {
        let folder = self.path.parent().unwrap_or(Path::new("."));
        create_private_folder(folder)?;
        let renew_at = token
            .renew_at
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let text = serde_json::json!({
            "client_id": self.client_id,
            "token_url": self.token_url,
            "access_token": token.value.expose(),
            "renew_at": renew_at,
        })
        .to_string();
        // Written beside the file and renamed over it: a reader never sees half a token, and
        // a file of someone else's is replaced, not written into.
        let temp = self
            .path
            .with_extension(format!("{}.tmp", std::process::id()));
        let _ = fs::remove_file(&temp);
        let written = create_private(&temp).and_then(|mut file| {
            file.write_all(text.as_bytes())?;
            file.sync_all()
        });
        let renamed = written.and_then(|()| fs::rename(&temp, &self.path));
        if renamed.is_err() {
            let _ = fs::remove_file(&temp);
        }
        renamed
    }
}

impl TokenStore for TokenFile {
    fn load(&self) -> Option<StoredToken> {
        self.read()
    }

    fn save(&self, token: &StoredToken) {
        // A cache that cannot be written only costs the next run a token request.
        let _ = self.write(token);
    }
}

/// The file at `path`, if it is a regular file of this user's that nobody else can read or
/// write. A symbolic link is refused; the file opened must be the one checked (same device
/// and inode), so it cannot be swapped in between.
#[cfg(unix)]
fn open_own(path: &Path) -> Option<File> {
    use std::os::unix::fs::MetadataExt;
    let link = fs::symlink_metadata(path).ok()?;
    if !link.file_type().is_file() {
        return None;
    }
    let file = File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    let same = meta.dev() == link.dev() && meta.ino() == link.ino();
    let private = meta.mode() & 0o077 == 0;
    (same && private && Some(meta.uid()) == own_uid(path.parent()?)).then_some(file)
}

/// This user's id, as the owner of a file made in `folder` (the crate has no unsafe code to
/// ask the system directly). A folder the user cannot write in gives none: a cache there
/// could not be kept anyway.
#[cfg(unix)]
fn own_uid(folder: &Path) -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    let probe = folder.join(format!(".owner-{}.probe", std::process::id()));
    let _ = fs::remove_file(&probe);
    let uid = create_private(&probe).and_then(|file| file.metadata());
    let _ = fs::remove_file(&probe);
    uid.ok().map(|meta| meta.uid())
}

#[cfg(not(unix))]
fn open_own(path: &Path) -> Option<File> {
    let file = File::open(path).ok()?;
    file.metadata().ok()?.is_file().then_some(file)
}

/// A new file only the user can read and write.
fn create_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// The folder and its parents; those made here only the user can enter.
fn create_private_folder(folder: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(folder)
}

/// The 64-bit FNV-1a hash of the parts one after the other: a short, stable file name.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in parts.iter().flat_map(|part| part.iter()) {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Whether the cached token may still be used, for `--debug`.
pub fn describe(file: &TokenFile) -> String {
    match file.read() {
        Some(token) if token.renew_at > SystemTime::now() => {
            format!("token cache {} (a token is kept)", file.path.display())
        }
        _ => format!("token cache {} (no usable token)", file.path.display()),
    }
}
