fn main() -> std::process::ExitCode {
    connector_lint::cli::main()
}
