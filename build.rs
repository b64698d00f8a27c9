//! Embeds the built-in catalog (fixtures/, exercises/, scenarios/) into the binary, so an
//! installed sqldrill works anywhere. Generates `embedded_files.rs`: a sorted list of
//! `(relative path, contents)` pairs that `catalog::source` reads like a directory.

use std::fs;
use std::path::{Path, PathBuf};

const ROOTS: &[&str] = &["fixtures", "exercises", "scenarios"];

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("sql" | "toml")
        ) {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut files = Vec::new();
    for dir in ROOTS {
        println!("cargo:rerun-if-changed={dir}");
        walk(&root.join(dir), &mut files);
    }
    files.sort();
    let mut code = String::from("pub static FILES: &[(&str, &str)] = &[\n");
    for file in &files {
        // Directories are watched, but a changed file inside does not always touch its folder.
        println!("cargo:rerun-if-changed={}", file.display());
        let rel = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        code.push_str(&format!(
            "    ({rel:?}, include_str!({:?})),\n",
            file.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded_files.rs");
    fs::write(out, code).unwrap();
}
