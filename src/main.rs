// mimalloc: the linter allocates many small, short-lived values per connector (the JSON tree,
// tokens, findings) across threads; the system allocator cost about an eighth of the CPU time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    connector_lint::cli::main()
}
