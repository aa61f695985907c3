//! Subset construction over character ranges, with position tests resolved at run time.
//!
//! Assertions make the epsilon closure of a set of NFA states depend on where in the input the
//! matcher stands. So a DFA state reached by a character is first *resolved*: a small decision
//! tree over the tests the closure meets (start, end, word boundary, lookaheads) picks a
//! *closed* state, whose transitions then consume one character. Tests known statically
//! (`^` after the first character) are folded in; the decision tree is only as deep as the
//! tests that actually matter for that state. Reaching an accepting NFA state returns `true`
//! at once: a `pattern` match need not extend to the end of the input.

use std::collections::{BTreeMap, BTreeSet};

use super::PatternError;
use super::charset::CharSet;
use super::nfa::{Nfa, Pred, State};

/// Guards generation time and output size; Atlas patterns stay in the hundreds.
const MAX_CLOSED_STATES: usize = 5_000;

/// Guards generation time too: the NFA states of all closed states together. A search for a
/// long repetition (`x{10000}`, unanchored) has a few thousand closed states, but each holds
/// thousands of NFA states, so building them is quadratic well before the count above.
const MAX_CLOSED_MEMBERS: usize = 250_000;

/// Where a step leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Accept,
    Reject,
    Closed(usize),
    Resolve(usize),
}

/// A decision tree over position tests; leaves are never [`Target::Resolve`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Leaf(Target),
    Test {
        pred: Pred,
        if_true: Box<Decision>,
        if_false: Box<Decision>,
    },
}

/// A state that consumes one character; characters not listed lead to rejection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closed {
    /// Disjoint sets, in a deterministic order.
    pub transitions: Vec<(CharSet, Target)>,
    /// The outcome when the input ends here: [`Target::Accept`] or [`Target::Reject`]. A
    /// trailing `$` lands here instead of in a resolver, which keeps loops like
    /// `[a-z]*$` free of per-character tests.
    pub at_end: Target,
}

#[derive(Debug, Clone)]
pub struct Dfa {
    pub start: Target,
    pub closed: Vec<Closed>,
    pub resolvers: Vec<Decision>,
}

/// Determinises the automaton rooted at `entry`. `at_start` is `Some(true)` when the matcher
/// is known to begin at offset 0 (the whole pattern), `None` when it may begin anywhere
/// (a lookahead body).
pub fn build(nfa: &Nfa, entry: usize, at_start: Option<bool>) -> Result<Dfa, PatternError> {
    let mut b = Builder {
        nfa,
        pre: BTreeMap::new(),
        closed_ids: BTreeMap::new(),
        closed_sets: Vec::new(),
        closed_members: 0,
        closed: Vec::new(),
        resolvers: Vec::new(),
    };
    let start = b.resolve_pre(vec![entry], at_start);
    let mut next = 0;
    while next < b.closed_sets.len() {
        let too_complex = if b.closed_sets.len() > MAX_CLOSED_STATES {
            Some(format!("needs more than {MAX_CLOSED_STATES} states"))
        } else if b.closed_members > MAX_CLOSED_MEMBERS {
            Some(format!(
                "has states that hold more than {MAX_CLOSED_MEMBERS} NFA states in all"
            ))
        } else {
            None
        };
        if let Some(why) = too_complex {
            return Err(PatternError {
                construct: "pattern".to_owned(),
                offset: 0,
                reason: format!("is too complex: its automaton {why}"),
            });
        }
        let transitions = b.transitions(next);
        b.closed.push(Closed {
            transitions,
            at_end: Target::Reject,
        });
        next += 1;
    }
    let dfa = Dfa {
        start,
        closed: b.closed,
        resolvers: b.resolvers,
    };
    Ok(prune(fold_end_tests(prune(dfa))))
}

impl Dfa {
    /// Whether every input this automaton accepts holds only characters of `allowed`.
    /// Conservative: `false` as soon as a match may be found before the end of the input
    /// (the rest of it is then free), and both outcomes of every position test but the end
    /// are followed (a lookahead or `\b` can only narrow what is accepted).
    pub fn admits_only(&self, allowed: &CharSet) -> bool {
        // (target, whether the input is known to end here)
        let mut seen = BTreeSet::new();
        let mut stack = vec![(self.start, false)];
        while let Some((target, at_end)) = stack.pop() {
            if !seen.insert((target, at_end)) {
                continue;
            }
            match target {
                Target::Reject => {}
                Target::Accept if at_end => {}
                // A match before the end: whatever follows is accepted too.
                Target::Accept => return false,
                // At the end, a closed state consumes nothing; its `at_end` decides.
                Target::Closed(_) if at_end => {}
                Target::Closed(c) => {
                    for (set, next) in &self.closed[c].transitions {
                        if *next == Target::Reject {
                            continue;
                        }
                        if set.union(allowed) != *allowed {
                            return false;
                        }
                        stack.push((*next, false));
                    }
                }
                Target::Resolve(r) => {
                    let mut decisions = vec![(&self.resolvers[r], at_end)];
                    while let Some((decision, at_end)) = decisions.pop() {
                        match decision {
                            Decision::Leaf(target) => stack.push((*target, at_end)),
                            Decision::Test {
                                pred: Pred::End,
                                if_true,
                                if_false,
                            } => {
                                decisions.push((if_true, true));
                                if !at_end {
                                    decisions.push((if_false, false));
                                }
                            }
                            Decision::Test {
                                if_true, if_false, ..
                            } => {
                                decisions.push((if_true, at_end));
                                decisions.push((if_false, at_end));
                            }
                        }
                    }
                }
            }
        }
        true
    }
}

/// Turns resolvers of the form "at the end of input: accept (or reject), else closed state
/// `c`" into copies of `c` whose [`Closed::at_end`] says so.
fn fold_end_tests(mut dfa: Dfa) -> Dfa {
    let mut replacement = BTreeMap::new();
    let mut copies: BTreeMap<(usize, Target), usize> = BTreeMap::new();
    for (r, decision) in dfa.resolvers.iter().enumerate() {
        let Decision::Test {
            pred: Pred::End,
            if_true,
            if_false,
        } = decision
        else {
            continue;
        };
        let (Decision::Leaf(on_end), Decision::Leaf(otherwise)) = (&**if_true, &**if_false) else {
            continue;
        };
        if !matches!(on_end, Target::Accept | Target::Reject) {
            continue;
        }
        let base = match otherwise {
            Target::Closed(c) => Some(*c),
            Target::Reject => None,
            _ => continue,
        };
        let key = (base.unwrap_or(usize::MAX), *on_end);
        let id = *copies.entry(key).or_insert_with(|| {
            let transitions = base.map_or_else(Vec::new, |c| dfa.closed[c].transitions.clone());
            dfa.closed.push(Closed {
                transitions,
                at_end: *on_end,
            });
            dfa.closed.len() - 1
        });
        replacement.insert(r, Target::Closed(id));
    }
    let map = |t: Target| match t {
        Target::Resolve(r) => replacement.get(&r).copied().unwrap_or(t),
        other => other,
    };
    dfa.start = map(dfa.start);
    for closed in &mut dfa.closed {
        for (_, target) in &mut closed.transitions {
            *target = map(*target);
        }
    }
    dfa
}

struct Builder<'a> {
    nfa: &'a Nfa,
    /// Sets reached by a character (or the entry), before their closure.
    pre: BTreeMap<(Vec<usize>, Option<bool>), Target>,
    closed_ids: BTreeMap<Vec<usize>, usize>,
    /// The character-consuming NFA states of each closed state.
    closed_sets: Vec<Vec<usize>>,
    /// The sum of the sizes of `closed_sets`.
    closed_members: usize,
    closed: Vec<Closed>,
    resolvers: Vec<Decision>,
}

impl Builder<'_> {
    fn resolve_pre(&mut self, set: Vec<usize>, at_start: Option<bool>) -> Target {
        let key = (set, at_start);
        if let Some(&target) = self.pre.get(&key) {
            return target;
        }
        let mut known = BTreeMap::new();
        if let Some(value) = at_start {
            known.insert(Pred::Start, value);
        }
        let target = match self.decide(&key.0, &mut known) {
            Decision::Leaf(target) => target,
            tree => {
                self.resolvers.push(tree);
                Target::Resolve(self.resolvers.len() - 1)
            }
        };
        self.pre.insert(key, target);
        target
    }

    fn decide(&mut self, set: &[usize], known: &mut BTreeMap<Pred, bool>) -> Decision {
        let mut seen = BTreeSet::new();
        let mut chars = BTreeSet::new();
        let mut unknown = BTreeSet::new();
        let mut stack: Vec<usize> = set.iter().rev().copied().collect();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            match &self.nfa.states[id] {
                State::Match => return Decision::Leaf(Target::Accept),
                State::Char(..) => {
                    chars.insert(id);
                }
                State::Split(targets) => stack.extend(targets.iter().rev()),
                State::Assert {
                    pred,
                    negated,
                    next,
                } => match known.get(pred) {
                    Some(&value) if value != *negated => stack.push(*next),
                    Some(_) => {}
                    None => {
                        unknown.insert(*pred);
                    }
                },
            }
        }
        if let Some(&pred) = unknown.first() {
            known.insert(pred, true);
            let if_true = self.decide(set, known);
            known.insert(pred, false);
            let if_false = self.decide(set, known);
            known.remove(&pred);
            return if if_true == if_false {
                if_true
            } else {
                Decision::Test {
                    pred,
                    if_true: Box::new(if_true),
                    if_false: Box::new(if_false),
                }
            };
        }
        if chars.is_empty() {
            return Decision::Leaf(Target::Reject);
        }
        let chars: Vec<usize> = chars.into_iter().collect();
        let next_id = self.closed_sets.len();
        let id = *self.closed_ids.entry(chars.clone()).or_insert(next_id);
        if id == next_id {
            self.closed_members += chars.len();
            self.closed_sets.push(chars);
        }
        Decision::Leaf(Target::Closed(id))
    }

    fn transitions(&mut self, closed: usize) -> Vec<(CharSet, Target)> {
        let steps: Vec<(CharSet, usize)> = self.closed_sets[closed]
            .iter()
            .filter_map(|&id| match &self.nfa.states[id] {
                State::Char(set, next) => Some((set.clone(), *next)),
                _ => None,
            })
            .collect();
        // Cut the character space where any step's set starts or ends; within each piece
        // every step either matches all of it or none of it.
        let mut cuts = BTreeSet::new();
        for (set, _) in &steps {
            for &(lo, hi) in set.ranges() {
                cuts.insert(lo);
                cuts.insert(hi + 1);
            }
        }
        let cuts: Vec<u32> = cuts.into_iter().collect();
        let mut by_next: BTreeMap<Vec<usize>, Vec<(u32, u32)>> = BTreeMap::new();
        for pair in cuts.windows(2) {
            let (lo, hi) = (pair[0], pair[1] - 1);
            let mut next: Vec<usize> = steps
                .iter()
                .filter(|(set, _)| set.contains(lo))
                .map(|&(_, next)| next)
                .collect();
            if next.is_empty() {
                continue;
            }
            next.sort_unstable();
            next.dedup();
            by_next.entry(next).or_default().push((lo, hi));
        }
        let mut by_target: BTreeMap<Target, Vec<(u32, u32)>> = BTreeMap::new();
        for (next, ranges) in by_next {
            let target = self.resolve_pre(next, Some(false));
            by_target.entry(target).or_default().extend(ranges);
        }
        by_target
            .into_iter()
            .filter(|(target, _)| *target != Target::Reject)
            .map(|(target, ranges)| (CharSet::from_ranges(ranges), target))
            .collect()
    }
}

fn leaves(decision: &Decision, out: &mut Vec<Target>) {
    match decision {
        Decision::Leaf(target) => out.push(*target),
        Decision::Test {
            if_true, if_false, ..
        } => {
            leaves(if_true, out);
            leaves(if_false, out);
        }
    }
}

/// Replaces states that can never accept by [`Target::Reject`] (so the matcher stops early,
/// e.g. after the first wrong character of a `^`-anchored pattern) and renumbers the rest in
/// the order they are reached.
fn prune(dfa: Dfa) -> Dfa {
    let successors = |target: Target| -> Vec<Target> {
        match target {
            Target::Closed(id) => {
                let closed = &dfa.closed[id];
                let steps = closed.transitions.iter().map(|t| t.1);
                steps.chain([closed.at_end]).collect()
            }
            Target::Resolve(id) => {
                let mut out = Vec::new();
                leaves(&dfa.resolvers[id], &mut out);
                out
            }
            Target::Accept | Target::Reject => Vec::new(),
        }
    };
    // Live: can reach Accept. Iterate to a fixpoint; the graphs are small.
    let mut live: BTreeSet<Target> = BTreeSet::from([Target::Accept]);
    let all: Vec<Target> = (0..dfa.closed.len())
        .map(Target::Closed)
        .chain((0..dfa.resolvers.len()).map(Target::Resolve))
        .collect();
    loop {
        let before = live.len();
        for &t in &all {
            if !live.contains(&t) && successors(t).iter().any(|s| live.contains(s)) {
                live.insert(t);
            }
        }
        if live.len() == before {
            break;
        }
    }
    let keep = |t: Target| if live.contains(&t) { t } else { Target::Reject };
    // Renumber reachable live states breadth-first from the start.
    let mut closed_map = BTreeMap::new();
    let mut resolve_map = BTreeMap::new();
    let mut order = Vec::new();
    let mut queue = std::collections::VecDeque::from([keep(dfa.start)]);
    while let Some(t) = queue.pop_front() {
        let fresh = match t {
            Target::Closed(id) => {
                let n = closed_map.len();
                closed_map.entry(id).or_insert(n);
                closed_map.len() > n
            }
            Target::Resolve(id) => {
                let n = resolve_map.len();
                resolve_map.entry(id).or_insert(n);
                resolve_map.len() > n
            }
            _ => false,
        };
        if fresh {
            order.push(t);
            queue.extend(successors(t).into_iter().map(keep));
        }
    }
    let map = |t: Target| match keep(t) {
        Target::Closed(id) => Target::Closed(closed_map[&id]),
        Target::Resolve(id) => Target::Resolve(resolve_map[&id]),
        other => other,
    };
    fn remap(d: &Decision, map: &dyn Fn(Target) -> Target) -> Decision {
        match d {
            Decision::Leaf(t) => Decision::Leaf(map(*t)),
            Decision::Test {
                pred,
                if_true,
                if_false,
            } => {
                let (t, f) = (remap(if_true, map), remap(if_false, map));
                if t == f {
                    t
                } else {
                    Decision::Test {
                        pred: *pred,
                        if_true: Box::new(t),
                        if_false: Box::new(f),
                    }
                }
            }
        }
    }
    let mut closed = Vec::new();
    let mut resolvers = Vec::new();
    for t in order {
        match t {
            Target::Closed(id) => {
                let mut by_target: BTreeMap<Target, CharSet> = BTreeMap::new();
                for (set, target) in &dfa.closed[id].transitions {
                    let target = map(*target);
                    if target != Target::Reject {
                        let merged = by_target.remove(&target).unwrap_or_default().union(set);
                        by_target.insert(target, merged);
                    }
                }
                closed.push(Closed {
                    transitions: by_target.into_iter().map(|(t, s)| (s, t)).collect(),
                    at_end: dfa.closed[id].at_end,
                });
            }
            Target::Resolve(id) => resolvers.push(remap(&dfa.resolvers[id], &map)),
            _ => {}
        }
    }
    Dfa {
        start: map(dfa.start),
        closed,
        resolvers,
    }
}
