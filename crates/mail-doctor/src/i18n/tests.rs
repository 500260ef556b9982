//! The catalogues against each other and against [`MsgId`]: same ids, same
//! placeholders, no syntax errors, CLDR plurals and dates in prose.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use fluent_syntax::ast;

use super::{source, Catalogue, Lang, Msg, MsgId};

/// A catalogue's messages: id → the variables its pattern uses.
type Shape = BTreeMap<String, BTreeSet<String>>;

/// Parses a catalogue with Fluent's own parser; any syntax error, duplicate
/// id, term or attribute fails the test (the code only uses plain messages).
fn shape(lang: Lang) -> Shape {
    let res = fluent_syntax::parser::parse(source(lang))
        .unwrap_or_else(|(_, errors)| panic!("{lang:?}: syntax errors: {errors:?}"));
    let mut out = Shape::new();
    for entry in &res.body {
        match entry {
            ast::Entry::Message(m) => {
                let mut vars = BTreeSet::new();
                let value = m
                    .value
                    .as_ref()
                    .unwrap_or_else(|| panic!("{lang:?}: {} has no value", m.id.name));
                pattern_vars(value, &mut vars);
                assert!(
                    m.attributes.is_empty(),
                    "{lang:?}: {} has attributes",
                    m.id.name
                );
                let before = out.insert(m.id.name.to_owned(), vars);
                assert!(before.is_none(), "{lang:?}: {} defined twice", m.id.name);
            }
            ast::Entry::Comment(_)
            | ast::Entry::GroupComment(_)
            | ast::Entry::ResourceComment(_) => {}
            other => panic!("{lang:?}: unexpected entry {other:?}"),
        }
    }
    out
}

/// Collects the variables a pattern uses, including those inside a
/// selector's variants: a plural form may use a placeholder the other
/// forms do not, and parity must still see it.
fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expression_vars(expression, vars);
        }
    }
}

/// A selector's own variable counts as used (it chooses the form), as do
/// the variables of every variant.
fn expression_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Inline(i) => inline_vars(i, vars),
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
    }
}

/// Terms, message references and functions are refused: the catalogues use
/// only variables and literals, so a translator cannot introduce a
/// dependency the other language lacks.
fn inline_vars(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_owned());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        ast::InlineExpression::StringLiteral { .. } => {}
        other => panic!("only variables, literals and selectors are used: {other:?}"),
    }
}

/// Parity: every catalogue defines exactly the ids of `en.ftl`, and each
/// message uses exactly the same placeholders, read with Fluent's own parser
/// (so a syntax error fails here too, not silently at run time).
#[test]
fn every_catalogue_has_the_same_ids_and_placeholders() {
    let en = shape(Lang::En);
    for lang in Lang::ALL {
        let other = shape(lang);
        let ids: BTreeSet<_> = other.keys().collect();
        let en_ids: BTreeSet<_> = en.keys().collect();
        assert_eq!(
            ids.symmetric_difference(&en_ids).collect::<Vec<_>>(),
            Vec::<&&String>::new(),
            "{lang:?}: ids differ from en.ftl"
        );
        for (id, vars) in &en {
            assert_eq!(
                other.get(id),
                Some(vars),
                "{lang:?}: {id} has other placeholders than in en.ftl"
            );
        }
    }
}

/// The typed ids and the catalogue agree both ways: no id the code can
/// name is missing, and no message sits in the catalogue unused.
#[test]
fn the_typed_ids_are_exactly_the_catalogue_ids() {
    let code: BTreeSet<&str> = MsgId::ALL.iter().map(|m| m.as_str()).collect();
    assert_eq!(code.len(), MsgId::ALL.len(), "an id is listed twice");
    let catalogue: BTreeSet<String> = shape(Lang::En).into_keys().collect();
    let catalogue: BTreeSet<&str> = catalogue.iter().map(String::as_str).collect();
    assert_eq!(code, catalogue);
}

/// Polish plurals come from CLDR through Fluent selectors: 1 → one,
/// 2–4 and 22–24 → few, 5–21 and 25 → many. No Rust `if n == 1`.
#[test]
fn polish_counts_take_their_cldr_plural_form() {
    let c = Catalogue::new(Lang::Pl);
    let say = |n: u64| {
        c.try_say(
            &Msg::new(MsgId::RetryConnectionsSummary)
                .text("email", "a@b.pl")
                .count("limit", n),
        )
        .unwrap()
    };
    for (n, form) in [
        (1, "1 jednoczesne połączenie "),
        (2, "2 jednoczesne połączenia "),
        (4, "4 jednoczesne połączenia "),
        (5, "5 jednoczesnych połączeń "),
        (15, "15 jednoczesnych połączeń "),
        (22, "22 jednoczesne połączenia "),
        (25, "25 jednoczesnych połączeń "),
    ] {
        assert!(say(n).contains(form), "{n}: {}", say(n));
    }
    let en = Catalogue::new(Lang::En);
    let one = en
        .try_say(&Msg::new(MsgId::PasswordAppStepGenerate).count("length", 1))
        .unwrap();
    assert!(one.contains("copy its 1 character;"), "{one}");
}

/// Dates in prose, with the Polish month in the genitive and "r.".
#[test]
fn dates_are_written_in_prose() {
    let d = NaiveDate::from_ymd_opt(2024, 9, 30).unwrap();
    let msg = Msg::new(MsgId::NoteSwitchGone).date("removed", d);
    let en = Catalogue::new(Lang::En).try_say(&msg).unwrap();
    let pl = Catalogue::new(Lang::Pl).try_say(&msg).unwrap();
    assert!(en.contains("on 30 September 2024,"), "{en}");
    assert!(pl.contains("usunął go 30 września 2024 r.,"), "{pl}");
    for (m, en_name, pl_name) in [
        (1, "January", "stycznia"),
        (5, "May", "maja"),
        (12, "December", "grudnia"),
    ] {
        let d = NaiveDate::from_ymd_opt(2022, m, 1).unwrap();
        let msg = Msg::new(MsgId::RuledOutGoneImapSwitch)
            .msg("name", MsgId::RemedyEnableImapUser)
            .date("removed", d);
        assert!(Catalogue::new(Lang::En)
            .say(&msg)
            .contains(&format!("1 {en_name} 2022")));
        assert!(Catalogue::new(Lang::Pl)
            .say(&msg)
            .contains(&format!("1 {pl_name} 2022 r.")));
    }
}

/// A message rendered without an argument it needs is an error for the
/// tests (the report itself would show Fluent's `{$email}` marker).
#[test]
fn a_missing_argument_is_an_error_not_a_silent_gap() {
    let c = Catalogue::new(Lang::En);
    let errors = c.try_say(&Msg::new(MsgId::NoneCaveat)).unwrap_err();
    assert!(errors[0].contains("none-caveat"), "{errors:?}");
}

/// Wrapped catalogue lines join into one line, and no Unicode isolation
/// marks (U+2068/U+2069) surround the placeables.
#[test]
fn wrapped_lines_become_one_paragraph_without_isolation_marks() {
    for lang in Lang::ALL {
        let s = Catalogue::new(lang)
            .try_say(&Msg::new(MsgId::NoneCaveat).text("email", "anna@firma.pl"))
            .unwrap();
        assert!(!s.contains('\n') && !s.contains("  "), "{s:?}");
        assert!(!s.contains('\u{2068}') && !s.contains('\u{2069}'), "{s:?}");
        assert!(s.contains("anna@firma.pl"));
    }
}
