use clap::Parser;
use server::config::{Cli, Command};
use std::process::ExitCode;

/// glibc raises its mmap threshold each time a large block is freed, so after
/// the first sign-in the 19 MiB argon2 buffers come from the heaps of the
/// blocking threads and stay resident (about 100 MB more). A fixed threshold
/// keeps such blocks mmapped, returned to the system when freed. An explicit
/// `MALLOC_MMAP_THRESHOLD_` in the environment wins.
fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none() {
        // SAFETY: mallopt only changes glibc's allocation tuning; it is called
        // once, before any other thread exists.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, 1024 * 1024);
        }
    }
}

fn main() -> ExitCode {
    tune_allocator();
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt.block_on(run()),
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> ExitCode {
    let cli = Cli::parse();
    server::telemetry::init(&cli.config.log);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => server::serve(cli.config).await,
        Command::Migrate => server::migrate_only(&cli.config).await,
        Command::CreateOperator { email, name } => {
            server::create_operator_cli(&cli.config, &email, &name).await
        }
        Command::Demo { orgs, years, seed } => {
            server::demo_cli(&cli.config, orgs, years, seed).await
        }
        Command::Reaggregate => server::reaggregate_cli(&cli.config).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error.chain = %app::error::error_chain(e.as_ref()), "server stopped with an error");
            eprintln!("error: {}", app::error::error_chain(e.as_ref()));
            ExitCode::FAILURE
        }
    }
}
