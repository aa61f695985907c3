//! The resolved model: what the spec means, with every `$ref` followed and every Rust name
//! decided. The emitters read only this, never the raw document.

use crate::diagnostics::Diagnostic;
use crate::pointer::Pointer;

/// The whole API as the generated crate will expose it.
#[derive(Debug, Clone)]
pub struct Api {
    pub title: String,
    pub description: Option<String>,
    pub version: String,
    /// The first server's URL, the client's default base URL, with the defaults of its
    /// variables filled in.
    pub base_url: Option<String>,
    /// That URL as a template with variables (`https://{region}.example.com`), which users
    /// may set; `None` for a fixed URL.
    pub server_template: Option<ServerTemplate>,
    pub auth: AuthSchemes,
    /// Named types, sorted by Rust name.
    pub types: Vec<TypeDef>,
    /// Validated parameter newtypes, sorted by Rust name.
    pub params: Vec<ParamType>,
    /// Operations in spec order (paths as written, methods in a fixed order).
    pub operations: Vec<Operation>,
    /// The body type of documented error responses.
    pub error_body: ErrorBody,
    /// Other names of model types: the upstream names of renamed schemas, whose shipped names
    /// the types keep (see [`crate::lock`]). Sorted by name.
    pub type_aliases: Vec<TypeAlias>,
    /// What the generator left out or degraded, `x-sunset` dates already past, and names the
    /// lock could not carry over safely: each with its pointer and what was done. Sorted.
    pub warnings: Vec<Diagnostic>,
    /// The operations left out because they use a construct the generator does not support
    /// (each also has a warning).
    pub skipped_operations: Vec<Pointer>,
    /// Which support code and optional dependencies the crate uses.
    pub support: Support,
    /// The command-line tool's subcommands, one per tag, sorted by command.
    pub command_groups: Vec<CommandGroup>,
}

impl Api {
    /// How the crate docs, the manifest and the command-line help name the API: its title
    /// and version as one phrase ("Pet Store, version 1.2"), worded in one place.
    pub fn title_and_version(&self) -> String {
        format!("{}, version {}", self.title, self.version)
    }
}

/// The command-line tool's subcommand for the operations of one tag (each operation's first;
/// `other` for those without).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandGroup {
    /// The subcommand (`pet-store`).
    pub command: String,
    /// Its camelCase spelling (`petStore`), unless that is the same or taken.
    pub alias: Option<String>,
    /// The tag as the spec writes it.
    pub tag: String,
    /// The Rust module of its file in `src/cli/` (`pet_store`).
    pub module: String,
    /// Indexes into [`Api::operations`], in spec order.
    pub operations: Vec<usize>,
}

/// Which support code (`generator/runtime/`) and which optional dependencies the crate uses,
/// decided once from the rest of the model: the shipped files, `lib.rs`'s module declarations
/// and the manifest's dependencies all read it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Support {
    /// Request plumbing and the client: only a spec with operations has anything to send, so
    /// a crate of models alone carries none of it; the command-line tool is built on the
    /// client, and file fields on the multipart module, which is built on the plumbing.
    pub requests: bool,
    /// The command-line tool (configured in `codegen.toml`).
    pub cli: bool,
    /// Fields of these formats (`jiff`, `uuid`, read leniently).
    pub date_times: bool,
    pub dates: bool,
    pub uuids: bool,
    /// String enums (open, with `Unknown`).
    pub open_enums: bool,
    /// Optional nullable fields (`Option<Option<T>>`).
    pub nullable: bool,
    /// Parameters with length rules (counted in code points).
    pub lengths: bool,
    /// Untagged unions with a struct variant (which must not take arrays).
    pub object_only: bool,
    /// Form-encoded bodies or object query parameters.
    pub form: bool,
    /// Multipart bodies or file fields.
    pub multipart: bool,
}

impl Support {
    /// Whether any string format is read leniently.
    pub fn lenient(&self) -> bool {
        self.date_times || self.dates || self.uuids
    }
}

/// `pub type <name> = <target>;` in `models`: a schema renamed upstream keeps its shipped
/// Rust name, and its new name works too.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TypeAlias {
    pub name: String,
    pub target: String,
    /// The schema name this alias comes from.
    pub schema: String,
}

/// A server URL with variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerTemplate {
    /// As the spec writes it (made absolute, as `base_url` is).
    pub template: String,
    /// In the order they first appear in the template.
    pub variables: Vec<ServerVariable>,
}

/// A variable of the server URL template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerVariable {
    pub name: String,
    pub default: String,
    /// The values the spec allows (`enum`), when it lists them.
    pub allowed: Vec<String>,
    pub description: Option<String>,
}

/// The authentication schemes the spec declares and the client supports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthSchemes {
    pub http_digest: bool,
    pub http_bearer: bool,
    /// OAuth 2.0 client-credentials flow: the token URL.
    pub oauth_client_credentials: Option<String>,
    pub http_basic: bool,
    /// API keys, in the order the spec declares them.
    pub api_keys: Vec<ApiKey>,
}

/// An `apiKey` security scheme: a secret sent as a header, query parameter or cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    /// The scheme's name under `components/securitySchemes`.
    pub scheme: String,
    pub location: ApiKeyLocation,
    /// The header, query parameter or cookie name.
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    Header,
    Query,
    Cookie,
}

/// What error responses carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorBody {
    /// Every documented error response uses this one named type.
    Typed(String),
    /// None documented, or several different ones: keep the JSON as it came.
    Json,
}

/// Human documentation gathered from the spec for one item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Facts a user needs that the type does not show: format, bounds, pattern, default, ...
    pub facts: Vec<Fact>,
}

/// One fact about a value that its Rust type does not show, as data: `emit::facts` words
/// each kind once, for the docs and for the command-line help alike.
#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    /// The parameter a type or value is for, by its name in the spec.
    Parameter(String),
    /// A string `format` the generator has no type for.
    Format(String),
    /// The pattern values follow: as the spec writes it, and as meant (after a fixup).
    Pattern(PatternRule),
    /// Bounds on a string's length, in Unicode code points.
    MinLength(usize),
    MaxLength(usize),
    /// Bounds on a number, written as the spec writes the number.
    Minimum {
        value: String,
        exclusive: bool,
    },
    Maximum {
        value: String,
        exclusive: bool,
    },
    /// Bounds on an array's length.
    MinItems(usize),
    MaxItems(usize),
    /// The only values the spec allows, as JSON.
    AllowedValues(Vec<String>),
    /// The values the spec lists for an open set, as JSON.
    KnownValues(Vec<String>),
    /// The value assumed when none is given, as JSON.
    Default(String),
    ReadOnly,
    WriteOnly,
    /// A credential, which `Debug` redacts.
    Credential,
    /// A field holding the members of a union the struct's `allOf` names (by its label).
    Flattened(String),
    /// The model type a property's schema names (a `$ref`), linked.
    SeeType(String),
    /// Anything else the generator has to say, as Markdown.
    Note(String),
}

/// A named Rust type in the `models` module.
#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    /// The name in the spec (a schema name, or parent + property for inline schemas).
    pub spec_name: String,
    pub pointer: Pointer,
    pub docs: Docs,
    pub deprecated: bool,
    pub kind: TypeKind,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enum; open: unknown values are kept.
    StringEnum(Vec<EnumVariant>),
    /// An integer enum; open: unknown values are kept.
    IntEnum(Vec<i64>),
    /// `oneOf` with a `discriminator`: an internally tagged enum.
    Tagged {
        tag: String,
        variants: Vec<UnionVariant>,
    },
    /// `oneOf`/`anyOf` without one: the first variant that decodes wins.
    Untagged(Vec<UnionVariant>),
    /// A named schema that is just another type (`type: string`, an array, ...).
    Alias(TypeRef),
}

#[derive(Debug, Clone)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` with a schema: the members no field names.
    pub additional: Option<TypeRef>,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub json_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// The field's type is boxed to break a recursive cycle.
    pub boxed: bool,
    pub deprecated: bool,
    /// Prints as `<redacted>` in `Debug`.
    pub secret: bool,
    /// The members of a union that an `allOf` composes with the other parts: decoded from,
    /// and encoded into, the same JSON object as the struct's own fields (`#[serde(flatten)]`).
    /// `json_name` is empty and `required`/`nullable` do not apply.
    pub flatten: bool,
    pub docs: Docs,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumVariant {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub name: String,
    /// The discriminator value (tagged unions only).
    pub tag_value: Option<String>,
    pub ty: TypeRef,
    pub boxed: bool,
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    Bool,
    I32,
    I64,
    F32,
    F64,
    String,
    /// `format: date-time`, decoded leniently.
    DateTime,
    /// `format: date`, decoded leniently.
    Date,
    /// `format: uuid`, decoded leniently.
    Uuid,
    /// Anything (`{}`): `serde_json::Value`.
    Json,
    /// Raw bytes: a binary request or response body.
    Bytes,
    /// A file of a `multipart/form-data` body: its bytes, and optionally a file name and a
    /// media type.
    File,
    /// Only `null` (`enum: [null]`): `()`.
    Null,
    /// A value or `null`, where the spec says `nullable` of an array item, a map value or a
    /// union variant: `Option<T>`. (Properties say it with `Field::nullable`.)
    Nullable(Box<TypeRef>),
    /// A free-form object: `serde_json::Map<String, Value>`.
    JsonObject,
    Array(Box<TypeRef>),
    Map(Box<TypeRef>),
    Named(String),
}

/// A validated newtype in the `params` module.
#[derive(Debug, Clone)]
pub struct ParamType {
    pub name: String,
    pub spec_name: String,
    pub pointer: Pointer,
    pub docs: Docs,
    pub rules: ParamRules,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ParamRules {
    String {
        /// The pattern as written in the spec, and as compiled (after fixups).
        pattern: Option<PatternRule>,
        min_length: Option<usize>,
        max_length: Option<usize>,
    },
    Integer {
        wide: bool,
        minimum: Option<i64>,
        maximum: Option<i64>,
        default: Option<i64>,
    },
    /// `oneOf`/`anyOf` of parameter schemas: the first variant, in the spec's order, that the
    /// value passes.
    OneOf(Vec<ParamVariant>),
}

/// One alternative of a [`ParamRules::OneOf`] parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamVariant {
    /// The variant's name (`Integer`, `String`, `Uuid`).
    pub name: String,
    /// A scalar, or a validated or enum type of its own.
    pub ty: ParamTy,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PatternRule {
    /// As the spec writes it; this is what users see in docs and errors.
    pub source: String,
    /// What is compiled: differs from `source` only when a named fixup repaired it.
    pub effective: String,
    /// What the values the pattern admits are, as a URL sees them.
    pub url_text: UrlText,
}

/// What a parameter's values are as URL text, known from its pattern at generation time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UrlText {
    /// Anything: percent-encoded, and refused as a path segment when empty, `.` or `..`.
    #[default]
    Any,
    /// RFC 3986 unreserved characters only: written without encoding, but the pattern admits
    /// the empty string, `.` or `..`, which a path segment refuses.
    Unreserved,
    /// Unreserved characters only, and never the empty string, `.` or `..`: written as it is.
    Segment,
}

/// One HTTP operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The spec's `operationId`, as upstream spells it today.
    pub operation_id: String,
    /// The operation's stable name: the `operationId` (or `x-xgen-operation-id-override`) it
    /// was first shipped under, which its Rust names come from. It differs from `operation_id`
    /// once upstream renames the operation.
    pub name: String,
    /// `ListPets`.
    pub type_name: String,
    /// `list_pets`.
    pub fn_name: String,
    /// The command-line tool's command (`list-pets`), under its tag's command.
    pub command: String,
    /// The operation's other names (its names upstream, when they differ from the shipped
    /// ones), each offered as a type alias, a client method and a command alias.
    pub aliases: Vec<OperationNames>,
    pub method: String,
    pub path: String,
    pub segments: Vec<PathSegment>,
    pub params: Vec<OperationParam>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub docs: Docs,
    pub deprecated: bool,
    /// `x-sunset`: the day (`YYYY-MM-DD`) the API stops serving the operation.
    pub sunset: Option<String>,
    /// How the request body is sent, when the operation has one.
    pub body: Option<BodyFormat>,
    pub success: Option<SuccessResponse>,
    pub errors: Vec<ErrorResponse>,
    pub pagination: Option<Pagination>,
    pub pointer: Pointer,
}

/// One name of an operation and the Rust and command-line names it gives.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OperationNames {
    pub operation_id: String,
    pub type_name: String,
    pub fn_name: String,
    pub command: String,
}

impl Operation {
    /// Whether `name` names this operation: its stable name, its `operationId`, or an alias.
    /// Configuration (filters, examples) may use any of them.
    pub fn answers_to(&self, name: &str) -> bool {
        self.name == name
            || self.operation_id == name
            || self.aliases.iter().any(|a| a.operation_id == name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    Literal(String),
    /// Index into `Operation::params`.
    Param(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
    /// The request body (see [`Operation::body`] for how it is encoded).
    Body,
}

impl ParamLocation {
    /// The spec's word for the location (`in: query`), or `body` for the request body.
    pub fn word(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
            ParamLocation::Body => "body",
        }
    }
}

/// The media type of a request body and how the value is written in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyFormat {
    /// What `Content-Type` says; a wildcard (`*/*`, `image/*`) is sent as
    /// `application/octet-stream`.
    pub media_type: String,
    pub kind: BodyKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    /// `application/x-www-form-urlencoded`: the members of an object as `name=value` pairs
    /// (arrays repeated, objects member by member), except the properties listed, which the
    /// spec's `encoding` gives the `deepObject` style (`name[key]=value`).
    Form {
        deep_objects: Vec<String>,
    },
    /// `multipart/form-data`: one part per member of an object; `format: binary` members are
    /// files.
    Multipart,
    /// Text (`text/plain`, CSV, XML) sent as given: a `String`.
    Text,
    /// Anything else (`application/octet-stream`, images, `*/*`): bytes sent as given.
    Binary,
}

#[derive(Debug, Clone)]
pub struct OperationParam {
    pub spec_name: String,
    /// Field and setter name.
    pub name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: ParamTy,
    pub docs: Docs,
}

/// The Rust type a parameter is held in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamTy {
    Bool,
    Integer,
    Number,
    String,
    /// A newtype from the `params` module.
    Validated(String),
    /// A string enum from the `models` module.
    Enum(String),
    /// A request body of this type.
    Body(TypeRef),
    /// An object sent in the query, member by member (`form` style, or `deepObject`:
    /// `name[key]=value`).
    Object {
        ty: TypeRef,
        deep_object: bool,
    },
    /// A list of values; `explode` sends `name=a&name=b`, otherwise `name=a,b`.
    List {
        item: Box<ParamTy>,
        explode: bool,
    },
}

#[derive(Debug, Clone)]
pub struct SuccessResponse {
    /// A status, or `2XX`.
    pub status: Status,
    /// The media type to ask for and expect (`application/vnd.example.v1+json`).
    pub media_type: Option<String>,
    /// `None` when the response has no body.
    pub body: Option<TypeRef>,
    /// How the body is read.
    pub format: ResponseFormat,
    pub description: String,
    /// Whether the body is a JSON object (a struct, a map or any object): an API that wraps
    /// responses in an envelope object can then be told apart from one that does not.
    pub object: bool,
}

/// The statuses a documented response stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Code(u16),
    /// A range such as `4XX`: the hundreds digit.
    Class(u16),
    /// `default`: every status not documented otherwise.
    Default,
}

/// How a success body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseFormat {
    /// Decoded from JSON into the body type.
    Json,
    /// UTF-8 text, as a `String`.
    Text,
    /// Bytes, as sent.
    Binary,
}

#[derive(Debug, Clone)]
pub struct ErrorResponse {
    pub status: Status,
    pub description: String,
    /// The JSON body's type, when the response documents one.
    pub body: Option<TypeRef>,
}

/// How to walk the pages of a list operation.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// Indexes into `Operation::params`.
    pub page_num: usize,
    pub items_per_page: usize,
    /// The page type's fields holding the items and the total.
    pub results_field: String,
    pub results_required: bool,
    pub total_count_field: Option<String>,
    pub total_count_required: bool,
    pub item: TypeRef,
    /// The page size the server assumes when the size parameter is not sent: the spec's
    /// default; `None` without one (the page walker then goes by short pages and the total).
    pub default_page_size: Option<i64>,
}
