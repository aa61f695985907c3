// A parameter newtype cannot be built around an unchecked value.
use atlas_admin::params::GroupId;

fn main() {
    let _ = GroupId(std::borrow::Cow::Borrowed("not-an-id"));
}
