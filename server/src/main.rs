use clap::Parser;
use server::config::{Cli, Command};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
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
