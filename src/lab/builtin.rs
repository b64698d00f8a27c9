//! The built-in scenarios (embedded, so an installed binary works anywhere) and loading an
//! author's own from `--scenarios DIR`.

use std::path::Path;

use super::error::LabError;
use super::scenario::Scenario;
use crate::catalog::resolve::distance;

/// Interview stories first (the MySQL-only ones among them declare `engines`), then Hermitage's
/// tests in its own order.
const BUILTIN: &[(&str, &str)] = &[
    (
        "dirty-read",
        include_str!("../../scenarios/dirty-read.toml"),
    ),
    (
        "non-repeatable-read",
        include_str!("../../scenarios/non-repeatable-read.toml"),
    ),
    (
        "phantom-read",
        include_str!("../../scenarios/phantom-read.toml"),
    ),
    (
        "lost-update",
        include_str!("../../scenarios/lost-update.toml"),
    ),
    (
        "write-skew",
        include_str!("../../scenarios/write-skew.toml"),
    ),
    (
        "locking-read",
        include_str!("../../scenarios/locking-read.toml"),
    ),
    ("gap-lock", include_str!("../../scenarios/gap-lock.toml")),
    (
        "storage-engine",
        include_str!("../../scenarios/storage-engine.toml"),
    ),
    (
        "index-build-insert",
        include_str!("../../scenarios/index-build-insert.toml"),
    ),
    ("g0", include_str!("../../scenarios/g0.toml")),
    ("g1a", include_str!("../../scenarios/g1a.toml")),
    ("g1b", include_str!("../../scenarios/g1b.toml")),
    ("g1c", include_str!("../../scenarios/g1c.toml")),
    ("otv", include_str!("../../scenarios/otv.toml")),
    ("pmp", include_str!("../../scenarios/pmp.toml")),
    ("pmp-write", include_str!("../../scenarios/pmp-write.toml")),
    ("p4", include_str!("../../scenarios/p4.toml")),
    ("g-single", include_str!("../../scenarios/g-single.toml")),
    (
        "g-single-dependencies",
        include_str!("../../scenarios/g-single-dependencies.toml"),
    ),
    (
        "g-single-write-1",
        include_str!("../../scenarios/g-single-write-1.toml"),
    ),
    (
        "g-single-write-2",
        include_str!("../../scenarios/g-single-write-2.toml"),
    ),
    ("g2-item", include_str!("../../scenarios/g2-item.toml")),
    ("g2", include_str!("../../scenarios/g2.toml")),
    (
        "g2-two-edges",
        include_str!("../../scenarios/g2-two-edges.toml"),
    ),
];

/// Every built-in scenario. The files are validated by a unit test, so none is skipped in practice.
pub fn builtin() -> Vec<Scenario> {
    BUILTIN
        .iter()
        .filter_map(|(name, text)| Scenario::from_toml(text, &format!("builtin:{name}")).ok())
        .collect()
}

/// Loads `DIR/*.toml` in file-name order. Two files with one id are an error.
pub fn load_dir(dir: &Path) -> Result<Vec<Scenario>, LabError> {
    let io = |source| LabError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        // Only regular files (or links to one): a FIFO or a device would never end.
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file()))
        .collect();
    paths.sort();
    let mut out: Vec<Scenario> = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).map_err(|source| LabError::Io {
            path: path.clone(),
            source,
        })?;
        let origin = path.display().to_string();
        let s = Scenario::from_toml(&text, &origin)?;
        if let Some(prev) = out.iter().find(|p| p.id == s.id) {
            return Err(LabError::Scenario {
                origin,
                message: format!("id `{}` is already used by {}", s.id, prev.origin),
            });
        }
        out.push(s);
    }
    Ok(out)
}

/// `base` plus `extra`; an extra scenario with a built-in id replaces the built-in one.
pub fn with_extra(mut base: Vec<Scenario>, extra: Vec<Scenario>) -> Vec<Scenario> {
    for s in extra {
        match base.iter_mut().find(|b| b.id == s.id) {
            Some(b) => *b = s,
            None => base.push(s),
        }
    }
    base
}

/// Looks a scenario up by id; an unknown id gets the nearest ids as suggestions.
pub fn find<'a>(scenarios: &'a [Scenario], id: &str) -> Result<&'a Scenario, LabError> {
    let wanted = id.trim().to_ascii_lowercase();
    if let Some(s) = scenarios.iter().find(|s| s.id == wanted) {
        return Ok(s);
    }
    let mut near: Vec<(usize, &str)> = scenarios
        .iter()
        .map(|s| (distance(&wanted, &s.id), s.id.as_str()))
        .filter(|(d, sid)| *d <= 3 || sid.contains(wanted.as_str()))
        .collect();
    near.sort();
    Err(LabError::UnknownScenario {
        id: id.to_string(),
        suggestions: near
            .into_iter()
            .take(3)
            .map(|(_, s)| s.to_string())
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_parses() {
        for (name, text) in BUILTIN {
            let s = Scenario::from_toml(text, name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(&s.id, name, "file name and id agree");
            assert!(!s.title.zh.is_empty(), "{name}: missing zh title");
            assert!(
                !s.description.zh.is_empty(),
                "{name}: missing zh description"
            );
            assert!(
                !s.explanation.zh.is_empty(),
                "{name}: missing zh explanation"
            );
            assert!(!s.anomaly.zh.is_empty(), "{name}: missing zh anomaly");
        }
        assert_eq!(builtin().len(), BUILTIN.len());
    }

    #[test]
    fn unknown_id_gets_suggestions() {
        let all = builtin();
        let err = find(&all, "phantom").unwrap_err();
        assert!(err.to_string().contains("phantom-read"), "{err}");
        assert!(find(&all, "G2-ITEM").is_ok());
    }
}
