fn main() -> std::process::ExitCode {
    sqldrill::cli::main()
}
