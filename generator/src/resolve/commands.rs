//! The command-line tool's grouping of operations into subcommands ([`CommandGroup`]),
//! decided once: the tool's files and the lock's command names both read it.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToKebabCase, ToLowerCamelCase};

use crate::model::{CommandGroup, Operation};
use crate::naming;

/// Commands of the tool itself, beside the tags' (clap's `help`, and `completions` from
/// `runtime/cli/completions.rs`).
pub const TOOL_COMMANDS: &[&str] = &["help", "completions"];

/// The group of operations without a tag.
const UNTAGGED: &str = "other";

/// Operations grouped by their first tag, groups sorted by command name; operations keep the
/// spec's order.
pub fn command_groups(operations: &[Operation]) -> Vec<CommandGroup> {
    let mut by_command: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for (i, op) in operations.iter().enumerate() {
        let tag = op.tags.first().map_or(UNTAGGED, String::as_str);
        let command = match tag.to_kebab_case() {
            c if c.is_empty() => UNTAGGED.to_owned(),
            c => c,
        };
        by_command
            .entry(command)
            .or_insert_with(|| (tag.to_owned(), Vec::new()))
            .1
            .push(i);
    }
    let mut modules = naming::Scope::default();
    // The support modules and the file that declares the modules.
    for module in crate::emit::cli_modules() {
        modules.reserve(module);
    }
    modules.reserve("mod");
    let mut names: BTreeSet<String> = by_command.keys().cloned().collect();
    names.extend(TOOL_COMMANDS.iter().map(|c| (*c).to_owned()));
    by_command
        .into_iter()
        .map(|(command, (tag, operations))| {
            let base = crate::emit::module_file(
                naming::value_name(&command).unwrap_or_else(|| "commands".to_owned()),
            );
            let module = modules.claim(base, &tag);
            let alias = tag.to_lower_camel_case();
            let alias = (!alias.is_empty() && names.insert(alias.clone())).then_some(alias);
            CommandGroup {
                command,
                alias,
                tag,
                module,
                operations,
            }
        })
        .collect()
}
