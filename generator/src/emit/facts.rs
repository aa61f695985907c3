//! The wording of [`Fact`]s: one sentence per kind, the same in rustdoc and in the
//! command-line help, so the two never say one thing two ways.

use super::docs::code_span;
use crate::model::{Fact, OperationParam, ParamLocation};

/// Where a fact is read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// Rustdoc: Markdown, with intra-doc links.
    Rustdoc,
    /// A terminal: the same text, with names where rustdoc has links.
    Terminal,
}

/// Where a parameter's value goes, for its setter's docs and its option's help.
pub fn sent_as(p: &OperationParam) -> String {
    match p.location {
        ParamLocation::Body => "Sent as the request body.".to_owned(),
        location => format!(
            "Sent as the {} {} parameter.",
            code_span(&p.spec_name),
            location.word()
        ),
    }
}

/// The facts, one per line.
pub fn lines(facts: &[Fact], reader: Reader) -> String {
    let lines: Vec<String> = facts.iter().map(|f| text(f, reader)).collect();
    lines.join("\n")
}

/// One fact as a sentence (or two).
pub fn text(fact: &Fact, reader: Reader) -> String {
    let values = |values: &[String]| {
        let spans: Vec<String> = values.iter().map(|v| code_span(v)).collect();
        spans.join(", ")
    };
    match fact {
        Fact::Parameter(name) => format!("The {} parameter.", code_span(name)),
        Fact::Format(format) => format!("Format: {}.", code_span(format)),
        Fact::Pattern(rule) if rule.effective == rule.source => {
            format!("Pattern (ECMA-262): {}.", code_span(&rule.source))
        }
        Fact::Pattern(rule) => format!(
            "Pattern (ECMA-262): {}. The spec writes it {}, over-escaping `\\d`-style classes (a known upstream defect).",
            code_span(&rule.effective),
            code_span(&rule.source)
        ),
        Fact::MinLength(n) => format!("At least {n} characters (Unicode code points)."),
        Fact::MaxLength(n) => format!("At most {n} characters (Unicode code points)."),
        Fact::Minimum { value, exclusive } => {
            let word = if *exclusive {
                "Exclusive minimum"
            } else {
                "Minimum"
            };
            format!("{word}: {value}.")
        }
        Fact::Maximum { value, exclusive } => {
            let word = if *exclusive {
                "Exclusive maximum"
            } else {
                "Maximum"
            };
            format!("{word}: {value}.")
        }
        Fact::MinItems(n) => format!("At least {n} items."),
        Fact::MaxItems(n) => format!("At most {n} items."),
        Fact::AllowedValues(list) => format!("Allowed values: {}.", values(list)),
        Fact::KnownValues(list) => format!("Known values: {}.", values(list)),
        Fact::Default(value) => format!("Default: {}.", code_span(value)),
        Fact::ReadOnly => "Read-only: set by the server, ignored in requests.".to_owned(),
        Fact::WriteOnly => "Write-only: sent in requests, never returned by the server.".to_owned(),
        Fact::Credential => "A credential: `Debug` output shows `<redacted>` instead.".to_owned(),
        Fact::Flattened(label) => format!(
            "The members of {} (one of its variants), in the same JSON object as the other fields.",
            code_span(label)
        ),
        Fact::SeeType(name) => match reader {
            Reader::Rustdoc => format!("See [`{name}`](crate::models::{name})."),
            Reader::Terminal => format!("See {}.", code_span(name)),
        },
        Fact::Note(text) => text.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PatternRule;

    #[test]
    fn a_fact_reads_the_same_in_the_docs_and_in_the_help() {
        let facts = [
            Fact::Default("100".into()),
            Fact::Minimum {
                value: "1".into(),
                exclusive: false,
            },
            Fact::MaxLength(64),
        ];
        for fact in &facts {
            assert_eq!(text(fact, Reader::Rustdoc), text(fact, Reader::Terminal));
        }
        assert_eq!(text(&facts[0], Reader::Rustdoc), "Default: `100`.");
    }

    #[test]
    fn a_repaired_pattern_is_shown_as_meant_and_as_written() {
        let rule = PatternRule {
            source: r"^\\d+$".into(),
            effective: r"^\d+$".into(),
            url_text: crate::model::UrlText::Any,
        };
        assert_eq!(
            text(&Fact::Pattern(rule), Reader::Rustdoc),
            r"Pattern (ECMA-262): `^\d+$`. The spec writes it `^\\d+$`, over-escaping `\d`-style classes (a known upstream defect)."
        );
    }

    #[test]
    fn a_type_is_linked_in_the_docs_and_named_in_the_help() {
        let fact = Fact::SeeType("Delivery".into());
        assert_eq!(
            text(&fact, Reader::Rustdoc),
            "See [`Delivery`](crate::models::Delivery)."
        );
        assert_eq!(text(&fact, Reader::Terminal), "See `Delivery`.");
    }
}
