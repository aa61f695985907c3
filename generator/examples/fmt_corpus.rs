// Scratch: prints every file of a corpus folder with the printer.
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let out = std::env::args().nth(2).unwrap();
    let header = codegen::format::Header {
        spec_label: "x".into(),
        command: "y".into(),
    };
    let mut fails = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let tokens: proc_macro2::TokenStream = text.parse().unwrap();
        match codegen::format::rust_file(&header, tokens) {
            Ok(t) => std::fs::write(
                std::path::Path::new(&out).join(path.file_name().unwrap()),
                t,
            )
            .unwrap(),
            Err(e) => {
                fails += 1;
                eprintln!("{}: {e}", path.display());
            }
        }
    }
    eprintln!("fails {fails}");
}
