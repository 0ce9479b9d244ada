# Sourced by scripts/run.sh and scripts/test.sh: the flags and compile-time
# variables that cargo-leptos 0.3.10 gives this project's debug builds
# (Cargo.toml, [workspace.metadata.leptos]). A build made with them outside
# cargo-leptos is one that `cargo leptos serve` / `build` finds up to date;
# any difference makes cargo compile every dependency again.
# - the server: type-erased components; `leptos` reads LEPTOS_OUTPUT_NAME at
#   compile time (the wasm file names in the page);
# - the wasm: the same, plus --emit-relocs for the split into chunks.
leptos_server_env=("RUSTFLAGS=--cfg erase_components" LEPTOS_OUTPUT_NAME=spindel)
leptos_wasm_env=("RUSTFLAGS=-Clink-args=--emit-relocs --cfg erase_components" LEPTOS_OUTPUT_NAME=spindel)
