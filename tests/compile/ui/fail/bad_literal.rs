// A literal that breaks the pattern fails the build when used in a `const`.
use atlas_admin::params::GroupId;

const GROUP: GroupId = GroupId::from_static("32B6E34B3D91647ABB20E7B8");

fn main() {
    let _ = GROUP;
}
