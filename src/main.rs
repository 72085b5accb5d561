//! The `stance` command line. All terminal I/O lives here and in `cli/`; the library never prints.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
