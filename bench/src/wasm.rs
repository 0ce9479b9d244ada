//! Sizes of the hydrate wasm as the browser loads it.
//!
//! Built with `cargo leptos build --release --split`, the site's `pkg/` holds
//! the main module (`spindel.wasm`, loaded by every page), one module per lazy
//! page (`split_*.wasm`) and the modules they share (`chunk_*.wasm`);
//! `__wasm_split_manifest.json` lists, for each page, the modules it needs.
//! A page's download is the main module plus those modules. Each file is
//! compressed on its own (`gzip -9`), as a server sends it.
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Command;

use crate::BoxError;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Size {
    pub raw: u64,
    pub gzip: u64,
}

impl std::ops::Add for Size {
    type Output = Size;
    fn add(self, o: Size) -> Size {
        Size {
            raw: self.raw + o.raw,
            gzip: self.gzip + o.gzip,
        }
    }
}

#[derive(Debug, Default)]
pub struct WasmSizes {
    /// The main module (every page).
    pub main: Size,
    /// Every wasm file of the site, and how many there are.
    pub all: Size,
    pub files: usize,
    /// Per lazily loaded page: main module + the modules it needs, and how
    /// many modules that is (main included).
    pub pages: BTreeMap<String, (Size, usize)>,
}

/// `__survey_route_view_8890…` → `survey_route`: the lazy view's name in the
/// manifest, without the leading underscores and the hash.
pub fn page_name(key: &str) -> Option<String> {
    let key = key.trim_start_matches('_');
    let (name, _hash) = key.rsplit_once("_view_")?;
    (!name.is_empty()).then(|| name.to_string())
}

/// Totals per page from the manifest (page → module file stems) and each
/// file's size. A module missing from `sizes` is an error: the manifest and
/// the files must come from the same build.
pub fn page_totals(
    main: Size,
    manifest: &HashMap<String, Vec<String>>,
    sizes: &HashMap<String, Size>,
) -> Result<BTreeMap<String, (Size, usize)>, BoxError> {
    let mut out = BTreeMap::new();
    for (key, modules) in manifest {
        let Some(name) = page_name(key) else {
            continue;
        };
        let mut total = main;
        for m in modules {
            total = total
                + *sizes
                    .get(m)
                    .ok_or_else(|| format!("{m}.wasm is in the manifest but not in pkg/"))?;
        }
        out.insert(name, (total, modules.len() + 1));
    }
    Ok(out)
}

fn gzip_len(path: &Path) -> Result<u64, BoxError> {
    let out = Command::new("gzip")
        .arg("-9")
        .arg("-c")
        .arg(path)
        .output()?;
    if !out.status.success() {
        return Err(format!("gzip {} failed", path.display()).into());
    }
    Ok(out.stdout.len() as u64)
}

/// Measure `pkg_dir` (e.g. `target/site/pkg`) of a release build.
pub fn measure(pkg_dir: &Path) -> Result<WasmSizes, BoxError> {
    let mut sizes = HashMap::new();
    for entry in std::fs::read_dir(pkg_dir)? {
        let path = entry?.path();
        let (Some(stem), Some("wasm")) = (
            path.file_stem().and_then(|s| s.to_str()),
            path.extension().and_then(|s| s.to_str()),
        ) else {
            continue;
        };
        let size = Size {
            raw: std::fs::metadata(&path)?.len(),
            gzip: gzip_len(&path)?,
        };
        sizes.insert(stem.to_string(), size);
    }
    let main = *sizes
        .get("spindel")
        .ok_or_else(|| format!("no spindel.wasm in {}", pkg_dir.display()))?;
    let manifest_path = pkg_dir.join("__wasm_split_manifest.json");
    let manifest: HashMap<String, Vec<String>> = if manifest_path.exists() {
        serde_json::from_str(&std::fs::read_to_string(&manifest_path)?)?
    } else {
        HashMap::new() // built without --split: one module
    };
    Ok(WasmSizes {
        main,
        all: sizes.values().fold(Size::default(), |a, b| a + *b),
        files: sizes.len(),
        pages: page_totals(main, &manifest, &sizes)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_names_drop_underscores_and_hash() {
        assert_eq!(
            page_name("__survey_route_view_8890155828254117837").as_deref(),
            Some("survey_route")
        );
        assert_eq!(
            page_name("__org_collabs_route_view_1").as_deref(),
            Some("org_collabs_route")
        );
        assert_eq!(page_name("something_else"), None);
        assert_eq!(page_name("___view_1"), None);
    }

    #[test]
    fn a_page_is_the_main_module_plus_its_modules() {
        let s = |raw, gzip| Size { raw, gzip };
        let sizes: HashMap<String, Size> = [
            ("chunk_1".to_string(), s(100, 40)),
            ("chunk_2".to_string(), s(50, 20)),
            ("split_a".to_string(), s(10, 5)),
        ]
        .into();
        let manifest: HashMap<String, Vec<String>> = [
            (
                "__a_route_view_9".to_string(),
                vec!["chunk_1".into(), "chunk_2".into(), "split_a".into()],
            ),
            ("__b_route_view_9".to_string(), vec!["chunk_2".into()]),
        ]
        .into();
        let pages = page_totals(s(1000, 300), &manifest, &sizes).expect("totals");
        assert_eq!(pages["a_route"], (s(1160, 365), 4));
        assert_eq!(pages["b_route"], (s(1050, 320), 2));
        let missing: HashMap<String, Vec<String>> =
            [("__c_route_view_9".to_string(), vec!["chunk_9".into()])].into();
        assert!(page_totals(s(1, 1), &missing, &sizes).is_err());
    }
}
