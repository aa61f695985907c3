//! Thompson construction: the syntax tree becomes a graph of character steps, epsilon splits
//! and position tests, with one entry per root (the pattern itself and each lookahead body).

use super::PatternError;
use super::ast::{Assertion, Mode, Node};
use super::charset::CharSet;

/// Beyond this many states, counted repetitions such as `{1000}` nested in `{1000}` are
/// refused instead of exhausting memory at generation time.
const MAX_STATES: usize = 50_000;

/// A test of the current position that does not consume input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pred {
    Start,
    End,
    WordBoundary,
    /// The body of lookahead number `n` matches a prefix of the rest of the input.
    LookAhead(usize),
}

#[derive(Debug, Clone)]
pub enum State {
    Char(CharSet, usize),
    Split(Vec<usize>),
    /// Continue to the target when the predicate's value differs from `negated`.
    Assert {
        pred: Pred,
        negated: bool,
        next: usize,
    },
    Match,
}

#[derive(Debug, Clone)]
pub struct Nfa {
    pub states: Vec<State>,
    /// Entry of the whole pattern, preceded by a loop over every character, because a JSON
    /// Schema `pattern` may match anywhere in the string.
    pub search_entry: usize,
    /// Entries of the lookahead bodies, indexed by [`Pred::LookAhead`]; anchored where they
    /// are tested.
    pub lookaheads: Vec<usize>,
}

pub fn build(node: &Node, mode: Mode) -> Result<Nfa, PatternError> {
    let mut b = Builder {
        states: Vec::new(),
        lookaheads: Vec::new(),
    };
    let accept = b.push(State::Match)?;
    let entry = b.compile(node, accept)?;
    let search_entry = b.push(State::Split(Vec::new()))?;
    let any = b.push(State::Char(
        CharSet::range(0, mode.max_char()),
        search_entry,
    ))?;
    b.states[search_entry] = State::Split(vec![entry, any]);
    Ok(Nfa {
        states: b.states,
        search_entry,
        lookaheads: b.lookaheads,
    })
}

struct Builder {
    states: Vec<State>,
    lookaheads: Vec<usize>,
}

impl Builder {
    fn push(&mut self, state: State) -> Result<usize, PatternError> {
        if self.states.len() >= MAX_STATES {
            return Err(PatternError {
                construct: "pattern".to_owned(),
                offset: 0,
                reason: format!(
                    "is too large: its repetitions expand to more than {MAX_STATES} automaton states"
                ),
            });
        }
        self.states.push(state);
        Ok(self.states.len() - 1)
    }

    /// Compiles `node` so that a match of it continues at `next`; returns its entry.
    fn compile(&mut self, node: &Node, next: usize) -> Result<usize, PatternError> {
        match node {
            Node::Empty => Ok(next),
            Node::Class(set) => self.push(State::Char(set.clone(), next)),
            Node::Concat(nodes) => nodes
                .iter()
                .rev()
                .try_fold(next, |next, node| self.compile(node, next)),
            Node::Alternation(nodes) => {
                let entries = nodes
                    .iter()
                    .map(|node| self.compile(node, next))
                    .collect::<Result<Vec<_>, _>>()?;
                self.push(State::Split(entries))
            }
            Node::Repeat { node, min, max } => {
                let mut entry = match max {
                    None => {
                        let split = self.push(State::Split(Vec::new()))?;
                        let body = self.compile(node, split)?;
                        self.states[split] = State::Split(vec![body, next]);
                        split
                    }
                    Some(max) => {
                        let mut entry = next;
                        for _ in *min..*max {
                            let body = self.compile(node, entry)?;
                            entry = self.push(State::Split(vec![body, next]))?;
                        }
                        entry
                    }
                };
                for _ in 0..*min {
                    entry = self.compile(node, entry)?;
                }
                Ok(entry)
            }
            Node::Assert { assertion, negated } => {
                let pred = match assertion {
                    Assertion::Start => Pred::Start,
                    Assertion::End => Pred::End,
                    Assertion::WordBoundary => Pred::WordBoundary,
                };
                self.push(State::Assert {
                    pred,
                    negated: *negated,
                    next,
                })
            }
            Node::LookAhead { node, negated } => match &**node {
                // `(?!$)` and friends are plain position tests: no helper matcher needed.
                Node::Assert {
                    assertion,
                    negated: inner,
                } => self.compile(
                    &Node::Assert {
                        assertion: *assertion,
                        negated: inner ^ negated,
                    },
                    next,
                ),
                body => {
                    let accept = self.push(State::Match)?;
                    let entry = self.compile(body, accept)?;
                    self.lookaheads.push(entry);
                    self.push(State::Assert {
                        pred: Pred::LookAhead(self.lookaheads.len() - 1),
                        negated: *negated,
                        next,
                    })
                }
            },
        }
    }
}
