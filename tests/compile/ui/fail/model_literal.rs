// Models may gain optional fields in a minor release, so user code cannot depend on knowing
// them all: a struct literal does not compile outside the crate (use `new` and the setters).
use atlas_admin::models::Link;

fn main() {
    let _ = Link {
        href: None,
        rel: None,
    };
}
