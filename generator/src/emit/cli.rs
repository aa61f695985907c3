//! The command-line tool (the generated crate's `cli` feature): one subcommand per tag, one
//! subcommand per operation under it, one option per parameter. The command tree is clap's
//! builder API, written out from the model; what every command shares (global options,
//! profiles, credentials, the token cache, output, exit codes) is the support code under
//! `runtime/cli/`.
//!
//! Besides their kebab-case names, commands and options answer to the spec's camelCase
//! spelling (`orderHistory listPastOrders --customerId`, as the Atlas CLI's `atlas api`
//! spells them) and to the aliases `codegen.toml` adds, shown once in the help.
//!
//! Files: `src/cli/mod.rs` (the root command and dispatch by tag), `src/cli/<tag>.rs` (the
//! tag's commands and how each reads its options into the operation type), and the binary's
//! `main` under `src/bin/`.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToKebabCase, ToLowerCamelCase, ToShoutySnakeCase};
use proc_macro2::TokenStream;
use quote::quote;

use super::operations::param_type;
use crate::config::CliConfig;
use crate::model::{Api, Operation, OperationParam, ParamRules, ParamTy, TypeKind, TypeRef};
use crate::naming::ident;
use crate::pointer::Pointer;
use crate::resolve::commands::TOOL_COMMANDS;
use crate::surface::CommandNames;

/// Options every command has (those of `runtime/cli/options.rs`, clap's own, and
/// `--all-pages`); a parameter whose name would take one is prefixed with its location
/// (`--query-output`), and an alias that would take one is left out.
const GLOBAL_OPTIONS: &[&str] = &[
    "help",
    "version",
    "base-url",
    "output",
    "output-file",
    "profile",
    "retries",
    "timeout",
    "no-token-cache",
    "debug",
    "all-pages",
];

/// One generated file of the tool: path, the spec element it comes from, its tokens.
pub struct CliFile {
    pub path: String,
    pub source: Pointer,
    pub tokens: Result<TokenStream, String>,
}

/// The operations of one tag, as one subcommand.
struct Group<'a> {
    /// The subcommand (`pet-store`).
    command: String,
    /// Its camelCase spelling (`petStore`), unless that is the same or taken.
    alias: Option<String>,
    /// The tag as the spec writes it.
    tag: String,
    /// The Rust module (`pet_store`).
    module: String,
    operations: Vec<&'a Operation>,
}

/// The tool's files, each made on its own when asked (by the formatting threads, see
/// `emit::Job`): the root module, one module per group, and the binary's `main`.
pub struct Tool<'a> {
    api: &'a Api,
    config: &'a CliConfig,
    bin_name: &'a str,
    crate_name: &'a str,
    groups: Vec<Group<'a>>,
}

impl<'a> Tool<'a> {
    pub fn new(api: &'a Api, config: &'a CliConfig, crate_name: &'a str) -> Self {
        Tool {
            api,
            config,
            bin_name: config.bin_name.as_deref().unwrap_or(crate_name),
            crate_name,
            groups: groups(api),
        }
    }

    /// How many files [`Tool::file`] makes: numbered from 0.
    pub fn file_count(&self) -> usize {
        self.groups.len() + 2
    }

    /// File `index` of the tool: the root module, then each group's, then the binary.
    pub fn file(&self, index: usize) -> CliFile {
        if index == 0 {
            return CliFile {
                path: "src/cli/mod.rs".to_owned(),
                source: Pointer::root(),
                tokens: Ok(root_module(
                    self.api,
                    self.config,
                    self.bin_name,
                    &self.groups,
                )),
            };
        }
        if let Some(group) = self.groups.get(index - 1) {
            return CliFile {
                path: format!("src/cli/{}.rs", group.module),
                source: group
                    .operations
                    .first()
                    .map_or_else(Pointer::root, |op| op.pointer.clone()),
                tokens: group_module(self.api, self.config, group),
            };
        }
        let lib_name = ident(&self.crate_name.replace('-', "_"));
        CliFile {
            path: bin_path(self.bin_name),
            source: Pointer::root(),
            tokens: Ok(quote! {
                //! The command-line tool; see the library's `cli` module.

                fn main() -> ::std::process::ExitCode {
                    #lib_name::cli::main()
                }
            }),
        }
    }
}

/// The command-line names of every operation (its tag's command, its own and its aliases, and
/// each parameter's option and its aliases), by the operation's stable name: the tool's part
/// of the API surface.
pub fn command_names(api: &Api, config: &CliConfig) -> BTreeMap<String, CommandNames> {
    let mut out = BTreeMap::new();
    for group in groups(api) {
        // A group the emitter refuses has no commands to describe (generation fails anyway).
        for OperationCommand {
            op,
            command,
            aliases,
        } in commands(&group).unwrap_or_default()
        {
            let options = options(op, config).unwrap_or_default();
            out.insert(
                op.name.clone(),
                CommandNames {
                    command: vec![group.command.clone(), command],
                    aliases,
                    options: options
                        .into_iter()
                        .map(|o| {
                            let mut names = vec![o.long];
                            names.extend(o.aliases);
                            names
                        })
                        .collect(),
                },
            );
        }
    }
    out
}

/// Where the binary's `main` lives, relative to the crate root.
pub fn bin_path(bin_name: &str) -> String {
    format!("src/bin/{bin_name}.rs")
}

/// The subcommands the model decided (`resolve::commands`), with their operations.
fn groups(api: &Api) -> Vec<Group<'_>> {
    api.command_groups
        .iter()
        .map(|g| Group {
            command: g.command.clone(),
            alias: g.alias.clone(),
            tag: g.tag.clone(),
            module: g.module.clone(),
            operations: g.operations.iter().map(|&i| &api.operations[i]).collect(),
        })
        .collect()
}

fn root_module(api: &Api, config: &CliConfig, bin_name: &str, groups: &[Group<'_>]) -> TokenStream {
    let support = super::runtime::cli_modules().map(ident);
    let modules = groups.iter().map(|g| ident(&g.module));
    let commands = groups.iter().map(|g| {
        let module = ident(&g.module);
        quote!(#module::command())
    });
    let arms = groups.iter().map(|g| {
        let module = ident(&g.module);
        let command = &g.command;
        quote!(::std::option::Option::Some((#command, matches)) => #module::dispatch(&mut context, matches).await,)
    });
    let sunsets: Vec<TokenStream> = groups
        .iter()
        .flat_map(|g| {
            g.operations.iter().filter_map(|op| {
                let date = op.sunset.as_ref()?;
                let tag = &g.command;
                let command = op.operation_id.to_kebab_case();
                Some(quote!((#tag, #command, #date)))
            })
        })
        .collect();
    let (sunset_table, sunset_warning) = if sunsets.is_empty() {
        (None, None)
    } else {
        (
            Some(quote! {
                /// Operations the API stops serving on a given day: tag command, operation
                /// command, date (the spec's `x-sunset`).
                const SUNSETS: &[(&str, &str, &str)] = &[#(#sunsets),*];
            }),
            Some(quote!(sunset::warn(&matches, SUNSETS, err);)),
        )
    };
    let env_prefix = &config.env_prefix;
    let profile_folder = match &config.profiles {
        Some(profiles) => {
            let folder = &profiles.folder;
            quote!(::std::option::Option::Some(#folder))
        }
        None => quote!(::std::option::Option::None),
    };
    let service_account = api.auth.oauth_client_credentials.is_some();
    let digest = api.auth.http_digest;
    let bearer = api.auth.http_bearer;
    let about = super::docs::terminal(&api.title_and_version());
    let mut long_about = about.clone();
    if let Some(description) = &api.description {
        long_about.push_str("\n\n");
        long_about.push_str(&super::docs::terminal(description));
    }
    let module_docs = super::docs::inner_lines(&format!(
        "The `{bin_name}` command-line tool: one subcommand per tag of the API, one per operation \
         under it, one option per parameter.\n\n\
         Parameter values are checked with the library's own types (the `params` module) \
         before anything is sent. `main` runs the tool on the process's arguments and \
         environment; `run` on given ones, writing to given streams."
    ));
    quote! {
        #module_docs

        #(mod #support;)*
        #(mod #modules;)*

        use std::ffi::OsString;
        use std::io::{IsTerminal, Write};

        pub use run::{EXIT_FAILURE, EXIT_OK, EXIT_USAGE};

        const SETTINGS: run::Settings = run::Settings {
            bin_name: #bin_name,
            env_prefix: #env_prefix,
            profile_folder: #profile_folder,
            service_account: #service_account,
            digest: #digest,
            bearer: #bearer,
        };
        #sunset_table

        /// The whole command tree.
        pub fn command() -> ::clap::Command {
            ::clap::Command::new(#bin_name)
                .version(env!("CARGO_PKG_VERSION"))
                .about(#about)
                .long_about(#long_about)
                .after_help(SETTINGS.credentials_help())
                .subcommand_required(true)
                .arg_required_else_help(true)
                .args(options::global_args(&SETTINGS))
                #(.subcommand(#commands))*
                .subcommand(completions::command(#bin_name))
        }

        /// Runs the tool on the process's arguments and environment, printing to its stdout
        /// and stderr (progress too, when stderr is a terminal).
        pub fn main() -> ::std::process::ExitCode {
            let env = |name: &str| ::std::env::var(name).ok();
            let terminal = ::std::io::stderr().is_terminal();
            let mut out = ::std::io::stdout().lock();
            let mut err = ::std::io::stderr().lock();
            let code = run::block_on(run_on(::std::env::args_os(), &env, &mut out, &mut err, terminal));
            ::std::process::ExitCode::from(code)
        }

        /// Runs the tool on `args` (the program name first), reading environment variables
        /// (credentials, profiles, the user's folders) through `env`; returns the exit code
        /// ([`EXIT_OK`], [`EXIT_FAILURE`] or [`EXIT_USAGE`]).
        pub async fn run<I, T>(
            args: I,
            env: &dyn Fn(&str) -> ::std::option::Option<::std::string::String>,
            out: &mut dyn Write,
            err: &mut dyn Write,
        ) -> u8
        where
            I: ::std::iter::IntoIterator<Item = T>,
            T: ::std::convert::Into<OsString> + ::std::clone::Clone,
        {
            run_on(args, env, out, err, false).await
        }

        async fn run_on<I, T>(
            args: I,
            env: &dyn Fn(&str) -> ::std::option::Option<::std::string::String>,
            out: &mut dyn Write,
            err: &mut dyn Write,
            stderr_is_terminal: bool,
        ) -> u8
        where
            I: ::std::iter::IntoIterator<Item = T>,
            T: ::std::convert::Into<OsString> + ::std::clone::Clone,
        {
            let matches = match run::parse(command(), args, out, err) {
                ::std::result::Result::Ok(matches) => matches,
                ::std::result::Result::Err(code) => return code,
            };
            #sunset_warning
            let result = dispatch(&matches, env, out, err, stderr_is_terminal).await;
            run::report(result, err)
        }

        async fn dispatch(
            matches: &::clap::ArgMatches,
            env: &dyn Fn(&str) -> ::std::option::Option<::std::string::String>,
            out: &mut dyn Write,
            err: &mut dyn Write,
            stderr_is_terminal: bool,
        ) -> ::std::result::Result<(), run::Failure> {
            if let ::std::option::Option::Some((completions::COMMAND, matches)) = matches.subcommand() {
                return completions::run(command(), matches, out);
            }
            let mut context = run::Context::new(&SETTINGS, matches, env, out, err, stderr_is_terminal)?;
            let result = match matches.subcommand() {
                #(#arms)*
                _ => ::std::result::Result::Err(run::Failure::Usage("no such command".to_owned())),
            };
            context.finish(result)
        }
    }
}

fn group_module(api: &Api, config: &CliConfig, group: &Group<'_>) -> Result<TokenStream, String> {
    if TOOL_COMMANDS.contains(&group.command.as_str()) {
        return Err(format!(
            "tag `{}` becomes the command `{}`, which the tool has already",
            group.tag, group.command
        ));
    }
    let mut builders = Vec::new();
    let mut arms = Vec::new();
    for OperationCommand {
        op,
        command,
        aliases,
    } in commands(group)?
    {
        let options = options(op, config)?;
        builders.push(command_builder(
            api, config, op, &command, &aliases, &options,
        ));
        arms.push(dispatch_arm(op, &command, &options));
    }
    let command = &group.command;
    let alias = group
        .alias
        .as_ref()
        .map(|alias| quote!(.visible_alias(#alias)));
    let tag = &group.tag;
    let about = super::docs::terminal(&format!("Operations of the `{tag}` tag"));
    let docs = super::docs::inner_lines(&format!(
        "The commands of the {} tag.",
        super::docs::code_span(tag)
    ));
    Ok(quote! {
        #docs
        #![allow(deprecated)]

        use super::run;

        pub(super) fn command() -> ::clap::Command {
            ::clap::Command::new(#command)
                #alias
                .about(#about)
                .subcommand_required(true)
                .arg_required_else_help(true)
                #(.subcommand(#builders))*
        }

        pub(super) async fn dispatch(
            context: &mut run::Context<'_>,
            matches: &::clap::ArgMatches,
        ) -> ::std::result::Result<(), run::Failure> {
            match matches.subcommand() {
                #(#arms)*
                _ => ::std::result::Result::Err(run::Failure::Usage("no such command".to_owned())),
            }
        }
    })
}

/// The commands of a group's operations, each with its aliases: the Atlas CLI's spelling of
/// its name (camelCase), and the names upstream gave it since the crate shipped it (both
/// spellings), each unless another command or alias has it.
fn commands<'a>(group: &Group<'a>) -> Result<Vec<OperationCommand<'a>>, String> {
    let mut seen = BTreeSet::new();
    for op in &group.operations {
        if op.command.is_empty() {
            return Err(format!(
                "operation `{}` has no name usable as a command",
                op.operation_id
            ));
        }
        if !seen.insert(op.command.clone()) {
            return Err(format!(
                "two operations of tag `{}` become the command `{}`",
                group.tag, op.command
            ));
        }
    }
    let mut out = Vec::new();
    for op in &group.operations {
        let spellings = std::iter::once(op.name.to_lower_camel_case()).chain(
            op.aliases
                .iter()
                .flat_map(|a| [a.command.clone(), a.operation_id.to_lower_camel_case()]),
        );
        let aliases: Vec<String> = spellings
            .filter(|alias| !alias.is_empty() && seen.insert(alias.clone()))
            .collect();
        out.push(OperationCommand {
            op,
            command: op.command.clone(),
            aliases,
        });
    }
    Ok(out)
}

/// An operation's command and its aliases.
struct OperationCommand<'a> {
    op: &'a Operation,
    command: String,
    aliases: Vec<String>,
}

/// A parameter as a command-line option.
struct CliOption<'a> {
    param: &'a OperationParam,
    /// The long option without dashes, also the clap argument id.
    long: String,
    /// Other spellings: camelCase, and those of `codegen.toml`.
    aliases: Vec<String>,
    /// The setting (of the environment or the profile) used when the option is not given.
    setting: Option<String>,
}

/// The options of an operation, with names decided: kebab-case of the spec name, or prefixed
/// with the location when that is taken; then the aliases not taken by any option.
fn options<'a>(op: &'a Operation, config: &CliConfig) -> Result<Vec<CliOption<'a>>, String> {
    let mut taken: BTreeSet<String> = GLOBAL_OPTIONS.iter().map(|s| (*s).to_owned()).collect();
    let mut out = Vec::new();
    for param in &op.params {
        let kebab = param.spec_name.to_kebab_case();
        if kebab.is_empty() {
            return Err(format!(
                "parameter `{}` has no name usable as an option",
                param.spec_name
            ));
        }
        let long = if taken.contains(&kebab) {
            format!("{}-{kebab}", param.location.word())
        } else {
            kebab
        };
        if !taken.insert(long.clone()) {
            return Err(format!(
                "parameter `{}` of `{}` becomes the option `--{long}`, which another option has",
                param.spec_name, op.operation_id
            ));
        }
        out.push(CliOption {
            param,
            long,
            aliases: Vec::new(),
            setting: config.parameter_settings.get(&param.spec_name).cloned(),
        });
    }
    // Aliases after every option's name is decided, so an alias never takes a name.
    for option in &mut out {
        let spec_name = &option.param.spec_name;
        let configured = config.option_aliases.get(spec_name).into_iter().flatten();
        for alias in std::iter::once(spec_name.to_lower_camel_case()).chain(configured.cloned()) {
            if taken.insert(alias.clone()) {
                option.aliases.push(alias);
            }
        }
    }
    Ok(out)
}

fn command_builder(
    api: &Api,
    config: &CliConfig,
    op: &Operation,
    command: &str,
    aliases: &[String],
    options: &[CliOption<'_>],
) -> TokenStream {
    let summary = op
        .summary
        .clone()
        .unwrap_or_else(|| format!("Calls `{}`.", op.operation_id));
    let summary = super::docs::terminal(&summary);
    let about = match (&op.sunset, op.deprecated) {
        (Some(date), _) => format!("[sunset {date}] {summary}"),
        (None, true) => format!("[deprecated] {summary}"),
        (None, false) => summary.clone(),
    };
    let mut long_about = summary;
    if let Some(description) = &op.docs.description {
        long_about.push_str("\n\n");
        long_about.push_str(&super::docs::terminal(description));
    }
    long_about.push_str(&format!(
        "\n\n{} {} (operation `{}`).",
        op.method, op.path, op.operation_id
    ));
    if op.deprecated {
        long_about.push_str("\n\nDeprecated: the API marks this operation as deprecated.");
    }
    if let Some(date) = &op.sunset {
        long_about.push_str(&format!(
            "\n\nSunset: the API stops serving this operation on {date}."
        ));
    }
    // Required options first, so the usage line and the help start with what must be given.
    let required = options.iter().filter(|o| o.param.required);
    let optional = options.iter().filter(|o| !o.param.required);
    let args = required.chain(optional).map(|o| option_arg(api, config, o));
    let all_pages = op
        .pagination
        .is_some()
        .then(|| quote!(.arg(run::all_pages_arg())));
    let aliases = match aliases {
        [] => None,
        [alias] => Some(quote!(.visible_alias(#alias))),
        aliases => Some(quote!(.visible_aliases([#(#aliases),*]))),
    };
    quote! {
        ::clap::Command::new(#command)
            #aliases
            .about(#about)
            .long_about(#long_about)
            #(.arg(#args))*
            #all_pages
    }
}

fn option_arg(api: &Api, config: &CliConfig, option: &CliOption<'_>) -> TokenStream {
    let p = option.param;
    let long = &option.long;
    let value_name = value_name(api, p);
    let (help, mut long_help) = help_texts(api, p);
    if let Some(key) = &option.setting {
        long_help.push_str(&format!(
            "\nWhen not given: the `{}{}` environment variable, else `{key}` of the profile.",
            config.env_prefix,
            key.to_ascii_uppercase()
        ));
    }
    let parser = value_parser(&p.ty);
    let repeat =
        matches!(p.ty, ParamTy::List { .. }).then(|| quote!(.action(::clap::ArgAction::Append)));
    // A parameter with a setting behind it may be left out of the command line.
    let required = p.required && option.setting.is_none();
    let aliases = &option.aliases;
    let aliases = (!aliases.is_empty()).then(|| quote!(.visible_aliases([#(#aliases),*])));
    quote! {
        ::clap::Arg::new(#long)
            .long(#long)
            #aliases
            .value_name(#value_name)
            .required(#required)
            .help(#help)
            .long_help(#long_help)
            .value_parser(#parser)
            #repeat
    }
}

/// The placeholder in usage lines: `N` for integers, `BOOL`, `JSON` for bodies, else the
/// parameter's name (`--pet-id <PET_ID>`).
fn value_name(api: &Api, p: &OperationParam) -> String {
    let name = p.spec_name.to_shouty_snake_case();
    let of = |ty: &ParamTy| match ty {
        ParamTy::Bool => "BOOL".to_owned(),
        ParamTy::Integer => "N".to_owned(),
        ParamTy::Number => "NUMBER".to_owned(),
        ParamTy::Body(TypeRef::String) => "TEXT".to_owned(),
        ParamTy::Body(TypeRef::Bytes) => "@FILE".to_owned(),
        ParamTy::Body(_) | ParamTy::Object { .. } => "JSON".to_owned(),
        ParamTy::Validated(t) if is_integer_param(api, t) => "N".to_owned(),
        _ => name.clone(),
    };
    match &p.ty {
        ParamTy::List { item, .. } => of(item),
        ty => of(ty),
    }
}

fn is_integer_param(api: &Api, name: &str) -> bool {
    api.params
        .iter()
        .any(|t| t.name == name && matches!(t.rules, ParamRules::Integer { .. }))
}

/// Short help (`-h`): the description's first sentence. Long help (`--help`): the whole
/// description, the schema's constraints and default, and where the value goes.
fn help_texts(api: &Api, p: &OperationParam) -> (String, String) {
    let description = super::docs::terminal(p.docs.description.as_deref().unwrap_or(""));
    let short = first_sentence(&description);
    let mut long = description.clone();
    let mut facts: Vec<String> = p
        .docs
        .facts
        .iter()
        .map(|f| super::facts::text(f, super::facts::Reader::Terminal))
        .collect();
    if let Some(values) = enum_values(api, &p.ty) {
        facts.push(format!(
            "Known values: {}; others are passed on as given.",
            values.join(", ")
        ));
    }
    if matches!(p.ty, ParamTy::List { .. }) {
        facts.push("Repeat the option for several values.".to_owned());
    }
    match &p.ty {
        ParamTy::Body(TypeRef::String) => {
            facts.push("The text, or `@PATH` to read it from a file.".to_owned())
        }
        ParamTy::Body(TypeRef::Bytes) => facts.push(
            "`@PATH` to send a file's bytes (anything else is sent as its UTF-8 bytes).".to_owned(),
        ),
        ParamTy::Body(_) | ParamTy::Object { .. } => {
            facts.push("A JSON document, or `@PATH` to read one from a file.".to_owned())
        }
        _ => {}
    }
    facts.push(super::facts::sent_as(p));
    if !long.is_empty() {
        long.push_str("\n\n");
    }
    long.push_str(&facts.join("\n"));
    (short, long)
}

fn first_sentence(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    match line.find(". ") {
        Some(end) => line[..=end].to_owned(),
        None => line.to_owned(),
    }
}

/// The known values of a string enum parameter.
fn enum_values(api: &Api, ty: &ParamTy) -> Option<Vec<String>> {
    let name = match ty {
        ParamTy::Enum(name) => name,
        ParamTy::List { item, .. } => return enum_values(api, item),
        _ => return None,
    };
    let def = api.types.iter().find(|t| &t.name == name)?;
    match &def.kind {
        TypeKind::StringEnum(variants) => Some(variants.iter().map(|v| v.value.clone()).collect()),
        _ => None,
    }
}

/// The clap value parser: the library's own type checks the value, so the tool accepts exactly
/// what the library does.
fn value_parser(ty: &ParamTy) -> TokenStream {
    match ty {
        ParamTy::Bool => quote!(::clap::value_parser!(bool)),
        ParamTy::Integer => quote!(::clap::value_parser!(i64)),
        ParamTy::Number => quote!(::clap::value_parser!(f64)),
        ParamTy::String => quote!(::clap::builder::ValueParser::string()),
        ParamTy::Validated(name) => {
            let name = ident(name);
            quote!(|value: &str| value.parse::<crate::params::#name>())
        }
        ParamTy::Enum(name) => {
            let name = ident(name);
            quote!(|value: &str| value.parse::<crate::models::#name>())
        }
        ParamTy::Body(TypeRef::String) => quote!(run::text_value),
        ParamTy::Body(TypeRef::Bytes) => quote!(run::bytes_value),
        ParamTy::Body(body) | ParamTy::Object { ty: body, .. } => {
            let body = super::types::crate_type(body);
            quote!(run::json_value::<#body>)
        }
        ParamTy::List { item, .. } => value_parser(item),
    }
}

/// The match arm running one operation: read the options into the operation type, then send
/// it (or walk its pages).
fn dispatch_arm(op: &Operation, command: &str, options: &[CliOption<'_>]) -> TokenStream {
    let name = ident(&op.type_name);
    let required = options.iter().filter(|o| o.param.required).map(|o| {
        let long = &o.long;
        let ty = held_type(o.param);
        match (&o.param.ty, &o.setting) {
            (ParamTy::List { .. }, _) => {
                quote!(run::list::<#ty>(matches, #long)?.unwrap_or_default())
            }
            (_, Some(key)) => {
                quote!(run::required_or_setting::<#ty>(matches, #long, context, #key)?)
            }
            (_, None) => quote!(run::required::<#ty>(matches, #long)?),
        }
    });
    let setters = options.iter().filter(|o| !o.param.required).map(|o| {
        let long = &o.long;
        let ty = held_type(o.param);
        let setter = ident(&o.param.name);
        let read = match (&o.param.ty, &o.setting) {
            (ParamTy::List { .. }, _) => quote!(run::list::<#ty>(matches, #long)?),
            (_, Some(key)) => {
                quote!(run::optional_or_setting::<#ty>(matches, #long, context, #key)?)
            }
            (_, None) => quote!(run::optional::<#ty>(matches, #long)?),
        };
        quote! {
            if let ::std::option::Option::Some(value) = #read {
                operation = operation.#setter(value);
            }
        }
    });
    let has_setters = options.iter().any(|o| !o.param.required);
    let binding = if has_setters {
        quote!(let mut operation)
    } else {
        quote!(let operation)
    };
    let send = if op.pagination.is_some() {
        quote! {
            if run::flag(matches, run::ALL_PAGES)? {
                context.all_pages(operation).await
            } else {
                context.call(operation).await
            }
        }
    } else {
        quote!(context.call(operation).await)
    };
    // An operation without parameters or pages reads nothing from its matches.
    let matches = if options.is_empty() && op.pagination.is_none() {
        quote!(_)
    } else {
        quote!(matches)
    };
    quote! {
        ::std::option::Option::Some((#command, #matches)) => {
            #binding = crate::operations::#name::new(#(#required),*);
            #(#setters)*
            #send
        }
    }
}

/// The type clap holds an option's value in: the parameter's type, or a list's item type.
fn held_type(p: &OperationParam) -> TokenStream {
    match &p.ty {
        ParamTy::List { item, .. } => param_type(&OperationParam {
            ty: (**item).clone(),
            ..p.clone()
        }),
        _ => param_type(p),
    }
}

#[cfg(test)]
mod tests {
    use super::{GLOBAL_OPTIONS, TOOL_COMMANDS};

    /// The string constants of a support file: `pub const NAME: &str = "value";`.
    fn string_constants(source: &str) -> Vec<String> {
        source
            .lines()
            .filter_map(|line| {
                let rest = line.trim().strip_prefix("pub const ")?;
                let (_, value) = rest.split_once(": &str = \"")?;
                Some(value.strip_suffix("\";")?.to_owned())
            })
            .collect()
    }

    /// The emitter keeps parameters and aliases off the names of the support code's options
    /// and commands: its lists must hold every one of them.
    #[test]
    fn the_reserved_names_cover_the_support_codes_options_and_commands() {
        let options = string_constants(include_str!("../../runtime/cli/options.rs"));
        let run = string_constants(include_str!("../../runtime/cli/run.rs"));
        assert!(options.len() >= 8, "{options:?}");
        for name in options.iter().chain(&run) {
            assert!(
                GLOBAL_OPTIONS.contains(&name.as_str()),
                "`--{name}` is not reserved"
            );
        }
        let commands = string_constants(include_str!("../../runtime/cli/completions.rs"));
        for name in &commands {
            assert!(
                TOOL_COMMANDS.contains(&name.as_str()),
                "`{name}` is not reserved"
            );
        }
        assert!(!commands.is_empty());
    }
}
