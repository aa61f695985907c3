//! The formatting stage's threads: files are independent, and parsing and printing them is
//! most of the generator's time on a large spec, so many files are made on several threads.

/// Below this many items per thread, threads cost more than they save: starting one takes
/// tens of microseconds, making a file about a millisecond.
const PER_THREAD: usize = 4;

/// `make` applied to every item, on several threads when there are many; the results come
/// back in the items' order, so the output does not depend on the threads.
pub(super) fn map_in_order<'a, T: Sync, R: Send>(
    items: &'a [T],
    make: impl Fn(&'a T) -> R + Sync,
) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = threads.min(items.len() / PER_THREAD).max(1);
    if threads == 1 {
        return items.iter().map(make).collect();
    }
    // Thread `t` takes every `threads`-th item from `t`: sizes vary along the list.
    let make = &make;
    let share = move |t: usize| {
        items
            .iter()
            .skip(t)
            .step_by(threads)
            .map(make)
            .collect::<Vec<_>>()
    };
    let mut parts: Vec<Vec<R>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads)
            .map(|t| scope.spawn(move || share(t)))
            .collect();
        // The calling thread makes the first share rather than wait idle: one thread fewer
        // to start.
        let mut parts = vec![share(0)];
        parts.extend(
            workers
                .into_iter()
                .map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
        );
        parts
    });
    let mut iters: Vec<_> = parts.iter_mut().map(|p| p.drain(..)).collect();
    (0..items.len())
        .filter_map(|i| iters[i % threads].next())
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_back_in_the_items_order() {
        // Enough items for several threads on any machine with more than one core.
        let items: Vec<usize> = (0..1000).collect();
        let squares = super::map_in_order(&items, |n| n * n);
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert_eq!(
            super::map_in_order(&[] as &[usize], |n| *n),
            Vec::<usize>::new()
        );
    }
}
