//! The user's configuration and cache folders, found through the environment the tool is
//! given (never the process's own, so a test points them at fixtures): `XDG_CONFIG_HOME` and
//! `XDG_CACHE_HOME` when set to absolute paths, else the platform's usual folders.

use std::path::PathBuf;

use super::run::Env;

/// Where programs keep their settings: `$XDG_CONFIG_HOME`, else `%APPDATA%` on Windows,
/// `~/Library/Application Support` on macOS and `~/.config` elsewhere.
pub fn config(env: Env<'_>) -> Option<PathBuf> {
    user_folder(
        env,
        "XDG_CONFIG_HOME",
        "APPDATA",
        "Library/Application Support",
        ".config",
    )
}

/// Where programs keep data they can make again: `$XDG_CACHE_HOME`, else `%LOCALAPPDATA%` on
/// Windows, `~/Library/Caches` on macOS and `~/.cache` elsewhere.
pub fn cache(env: Env<'_>) -> Option<PathBuf> {
    user_folder(
        env,
        "XDG_CACHE_HOME",
        "LOCALAPPDATA",
        "Library/Caches",
        ".cache",
    )
}

/// The folder in variable `xdg`, else the platform's: in variable `windows` on Windows, and
/// under the home folder on macOS and elsewhere.
fn user_folder(
    env: Env<'_>,
    xdg: &str,
    windows: &str,
    macos: &str,
    elsewhere: &str,
) -> Option<PathBuf> {
    absolute(env, xdg).or_else(|| {
        if cfg!(windows) {
            absolute(env, windows)
        } else if cfg!(target_os = "macos") {
            Some(absolute(env, "HOME")?.join(macos))
        } else {
            Some(absolute(env, "HOME")?.join(elsewhere))
        }
    })
}

/// The path in variable `name` if it is absolute; the XDG specification says to ignore
/// relative ones.
fn absolute(env: Env<'_>, name: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env(name).filter(|value| !value.is_empty())?);
    path.is_absolute().then_some(path)
}
