//! Runs a compiled [`Program`] in-process, with the exact semantics of the emitted code, so
//! generator tests can check the automaton without compiling anything.

use super::Program;
use super::ast::Mode;
use super::dfa::{Decision, Dfa, Target};
use super::nfa::Pred;

pub fn is_match(program: &Program, input: &str) -> bool {
    // The characters JavaScript sees: code points with `u`, UTF-16 code units without.
    let units: Vec<u32> = match program.mode {
        Mode::Unicode => input.chars().map(u32::from).collect(),
        Mode::Legacy => input.encode_utf16().map(u32::from).collect(),
    };
    run(program, &program.main, &units, 0)
}

fn run(program: &Program, dfa: &Dfa, units: &[u32], start: usize) -> bool {
    let mut pos = start;
    let mut target = dfa.start;
    loop {
        target = match target {
            Target::Accept => return true,
            Target::Reject => return false,
            Target::Resolve(id) => decide(program, &dfa.resolvers[id], units, pos),
            Target::Closed(id) => {
                let Some(&c) = units.get(pos) else {
                    return dfa.closed[id].at_end == Target::Accept;
                };
                pos += 1;
                dfa.closed[id]
                    .transitions
                    .iter()
                    .find(|(set, _)| set.contains(c))
                    .map_or(Target::Reject, |&(_, target)| target)
            }
        };
    }
}

fn decide(program: &Program, decision: &Decision, units: &[u32], pos: usize) -> Target {
    match decision {
        Decision::Leaf(target) => *target,
        Decision::Test {
            pred,
            if_true,
            if_false,
        } => {
            let branch = if test(program, *pred, units, pos) {
                if_true
            } else {
                if_false
            };
            decide(program, branch, units, pos)
        }
    }
}

fn test(program: &Program, pred: Pred, units: &[u32], pos: usize) -> bool {
    let is_word = |c: Option<&u32>| {
        c.and_then(|&c| char::from_u32(c))
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    match pred {
        Pred::Start => pos == 0,
        Pred::End => pos == units.len(),
        Pred::WordBoundary => {
            let before = pos.checked_sub(1).and_then(|p| units.get(p));
            is_word(before) != is_word(units.get(pos))
        }
        Pred::LookAhead(n) => run(program, &program.lookaheads[n], units, pos),
    }
}
