//! The character sets that ECMA-262 gives fixed meanings: `\d`, `\w`, `\s`, `.`, and the
//! Unicode property escapes `\p{...}`.
//!
//! Property tables come from `regex-syntax` at generation time only; the generated code carries
//! plain range tables. ECMA-262 accepts fewer spellings than `regex-syntax` (no loose matching),
//! so names are checked against ECMA's lists here before any table is looked up.

use regex_syntax::hir::{Class, HirKind};

use super::charset::CharSet;

/// `\d`: ASCII digits only, whatever the flags.
pub fn digit() -> CharSet {
    CharSet::range(0x30, 0x39)
}

/// `\w` without the `i` flag: ASCII letters, digits and `_`.
pub fn word() -> CharSet {
    CharSet::from_ranges([(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)])
}

/// `\s`: ECMA-262 WhiteSpace and LineTerminator (not Unicode's White_Space, which differs:
/// it has U+0085 and lacks U+FEFF).
pub fn space() -> CharSet {
    CharSet::from_ranges([
        (0x09, 0x0D),
        (0x20, 0x20),
        (0xA0, 0xA0),
        (0x1680, 0x1680),
        (0x2000, 0x200A),
        (0x2028, 0x2029),
        (0x202F, 0x202F),
        (0x205F, 0x205F),
        (0x3000, 0x3000),
        (0xFEFF, 0xFEFF),
    ])
}

/// LineTerminator, which `.` does not match (there is no `s` flag in JSON Schema).
pub fn line_terminator() -> CharSet {
    CharSet::from_ranges([(0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029)])
}

/// General_Category values with every alias ECMA-262 accepts (Unicode's PropertyValueAliases),
/// mapped to the short name `regex-syntax` is asked for.
const GENERAL_CATEGORIES: &[(&str, &[&str])] = &[
    ("LC", &["Cased_Letter"]),
    ("Pe", &["Close_Punctuation"]),
    ("Pc", &["Connector_Punctuation"]),
    ("Cc", &["Control", "cntrl"]),
    ("Sc", &["Currency_Symbol"]),
    ("Pd", &["Dash_Punctuation"]),
    ("Nd", &["Decimal_Number", "digit"]),
    ("Me", &["Enclosing_Mark"]),
    ("Pf", &["Final_Punctuation"]),
    ("Cf", &["Format"]),
    ("Pi", &["Initial_Punctuation"]),
    ("L", &["Letter"]),
    ("Nl", &["Letter_Number"]),
    ("Zl", &["Line_Separator"]),
    ("Ll", &["Lowercase_Letter"]),
    ("M", &["Mark", "Combining_Mark"]),
    ("Sm", &["Math_Symbol"]),
    ("Lm", &["Modifier_Letter"]),
    ("Sk", &["Modifier_Symbol"]),
    ("Mn", &["Nonspacing_Mark"]),
    ("N", &["Number"]),
    ("Ps", &["Open_Punctuation"]),
    ("C", &["Other"]),
    ("Lo", &["Other_Letter"]),
    ("No", &["Other_Number"]),
    ("Po", &["Other_Punctuation"]),
    ("So", &["Other_Symbol"]),
    ("Zp", &["Paragraph_Separator"]),
    ("Co", &["Private_Use"]),
    ("P", &["Punctuation", "punct"]),
    ("Z", &["Separator"]),
    ("Zs", &["Space_Separator"]),
    ("Mc", &["Spacing_Mark"]),
    ("Cs", &["Surrogate"]),
    ("S", &["Symbol"]),
    ("Lt", &["Titlecase_Letter"]),
    ("Cn", &["Unassigned"]),
    ("Lu", &["Uppercase_Letter"]),
];

/// Binary properties ECMA-262 lists (table "Binary Unicode property aliases"), canonical name
/// first. `Any`, `ASCII` and `Assigned` are ECMA's own and computed here.
const BINARY_PROPERTIES: &[&[&str]] = &[
    &["ASCII_Hex_Digit", "AHex"],
    &["Alphabetic", "Alpha"],
    &["Bidi_Control", "Bidi_C"],
    &["Bidi_Mirrored", "Bidi_M"],
    &["Case_Ignorable", "CI"],
    &["Cased"],
    &["Changes_When_Casefolded", "CWCF"],
    &["Changes_When_Casemapped", "CWCM"],
    &["Changes_When_Lowercased", "CWL"],
    &["Changes_When_NFKC_Casefolded", "CWKCF"],
    &["Changes_When_Titlecased", "CWT"],
    &["Changes_When_Uppercased", "CWU"],
    &["Dash"],
    &["Default_Ignorable_Code_Point", "DI"],
    &["Deprecated", "Dep"],
    &["Diacritic", "Dia"],
    &["Emoji"],
    &["Emoji_Component", "EComp"],
    &["Emoji_Modifier", "EMod"],
    &["Emoji_Modifier_Base", "EBase"],
    &["Emoji_Presentation", "EPres"],
    &["Extended_Pictographic", "ExtPict"],
    &["Extender", "Ext"],
    &["Grapheme_Base", "Gr_Base"],
    &["Grapheme_Extend", "Gr_Ext"],
    &["Hex_Digit", "Hex"],
    &["IDS_Binary_Operator", "IDSB"],
    &["IDS_Trinary_Operator", "IDST"],
    &["ID_Continue", "IDC"],
    &["ID_Start", "IDS"],
    &["Ideographic", "Ideo"],
    &["Join_Control", "Join_C"],
    &["Logical_Order_Exception", "LOE"],
    &["Lowercase", "Lower"],
    &["Math"],
    &["Noncharacter_Code_Point", "NChar"],
    &["Pattern_Syntax", "Pat_Syn"],
    &["Pattern_White_Space", "Pat_WS"],
    &["Quotation_Mark", "QMark"],
    &["Radical"],
    &["Regional_Indicator", "RI"],
    &["Sentence_Terminal", "STerm"],
    &["Soft_Dotted", "SD"],
    &["Terminal_Punctuation", "Term"],
    &["Unified_Ideograph", "UIdeo"],
    &["Uppercase", "Upper"],
    &["Variation_Selector", "VS"],
    &["White_Space", "space"],
    &["XID_Continue", "XIDC"],
    &["XID_Start", "XIDS"],
];

/// Why a `\p{...}` body was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PropertyError {
    /// Not a name ECMA-262 knows: a syntax error in `u` mode.
    Unknown,
    /// Valid ECMA-262, but no table for it is available at generation time.
    NoTable,
}

/// The code points of a `\p{body}` property expression (`Lu`, `Letter`, `gc=Lu`,
/// `Script=Greek`, `scx=Grek`, `Alphabetic`, ...).
pub fn property(body: &str) -> Result<CharSet, PropertyError> {
    if let Some((name, value)) = body.split_once('=') {
        return match name {
            "General_Category" | "gc" => general_category(value).ok_or(PropertyError::Unknown),
            "Script" | "sc" => script("sc", value),
            "Script_Extensions" | "scx" => script("scx", value),
            _ => Err(PropertyError::Unknown),
        };
    }
    match body {
        "Any" => return Ok(CharSet::range(0, 0x10FFFF)),
        "ASCII" => return Ok(CharSet::range(0, 0x7F)),
        "Assigned" => {
            let unassigned = general_category("Cn").ok_or(PropertyError::NoTable)?;
            return Ok(unassigned.complement(0x10FFFF));
        }
        _ => {}
    }
    if let Some(set) = general_category(body) {
        return Ok(set);
    }
    let canonical = BINARY_PROPERTIES
        .iter()
        .find(|names| names.contains(&body))
        .ok_or(PropertyError::Unknown)?;
    lookup(canonical[0]).ok_or(PropertyError::NoTable)
}

fn general_category(value: &str) -> Option<CharSet> {
    let (short, _) = GENERAL_CATEGORIES
        .iter()
        .find(|(short, long)| *short == value || long.contains(&value))?;
    if *short == "Cs" {
        // `regex-syntax` works on Rust `char`s, which exclude surrogates.
        return Some(CharSet::range(0xD800, 0xDFFF));
    }
    let set = lookup(&format!("gc={short}"))?;
    if *short == "C" || *short == "Cn" {
        // Surrogates are `Cs` (within `C`) and assigned, so not `Cn`; `char` tables lack them.
        let surrogates = CharSet::range(0xD800, 0xDFFF);
        return Some(if *short == "C" {
            set.union(&surrogates)
        } else {
            CharSet::from_ranges(
                set.ranges()
                    .iter()
                    .copied()
                    .filter(|&(lo, _)| !(0xD800..=0xDFFF).contains(&lo)),
            )
        });
    }
    Some(set)
}

fn script(key: &str, value: &str) -> Result<CharSet, PropertyError> {
    // ECMA-262 takes script names exactly as Unicode spells them (`Greek`, `Grek`,
    // `Old_Italic`); `regex-syntax` would also take `greek` or `olditalic`, so refuse those.
    let mut chars = value.chars();
    let well_formed = chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !well_formed {
        return Err(PropertyError::Unknown);
    }
    lookup(&format!("{key}={value}")).ok_or(PropertyError::Unknown)
}

/// Asks `regex-syntax` for the code points of `\p{query}`.
fn lookup(query: &str) -> Option<CharSet> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&format!("\\p{{{query}}}"))
        .ok()?;
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => Some(CharSet::from_ranges(
            class
                .ranges()
                .iter()
                .map(|r| (u32::from(r.start()), u32::from(r.end()))),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_resolve_by_any_ecma_alias() {
        let lu = property("Lu").unwrap();
        assert_eq!(property("Uppercase_Letter").unwrap(), lu);
        assert_eq!(property("gc=Lu").unwrap(), lu);
        assert_eq!(property("General_Category=Uppercase_Letter").unwrap(), lu);
        assert!(lu.contains('É' as u32) && !lu.contains('é' as u32));
        assert!(property("L").unwrap().contains('ß' as u32));
        assert!(property("Nd").unwrap().contains('٣' as u32));
        assert!(property("Script=Greek").unwrap().contains('λ' as u32));
        assert!(property("sc=Grek").unwrap().contains('λ' as u32));
        assert!(property("Alphabetic").unwrap().contains('a' as u32));
        assert!(property("Assigned").unwrap().contains('a' as u32));
        assert!(property("C").unwrap().contains(0xD800));
    }

    #[test]
    fn loose_spellings_are_refused_as_ecma_does() {
        assert_eq!(property("lu"), Err(PropertyError::Unknown));
        assert_eq!(property("Latin"), Err(PropertyError::Unknown));
        assert_eq!(property("sc=greek"), Err(PropertyError::Unknown));
        assert_eq!(property("Foo=Bar"), Err(PropertyError::Unknown));
    }
}
