//! `dove`: the Dove Market server and its operational commands.
use anyhow::Context;
use clap::{Parser, Subcommand};
use dove::config::{ServeArgs, StorageArgs};
use dove::{Application, open_db, telemetry};
use std::io::BufRead;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "dove", version, about = "Dove Market: houses and products, straight from the owner.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the pages, the API and the background workers.
    Serve(Box<ServeArgs>),
    /// Apply database migrations and exit.
    Migrate(StorageArgs),
    /// Fill an empty database with realistic demo data.
    Seed {
        #[command(flatten)]
        storage: StorageArgs,
        /// How many listings to make.
        #[arg(long, default_value_t = 200)]
        listings: usize,
        /// The random seed: the same seed makes the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Administrator accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// The search index.
    Search {
        #[command(subcommand)]
        command: SearchCommand,
    },
    /// Write a consistent copy of the database while it stays online.
    Backup {
        #[command(flatten)]
        storage: StorageArgs,
        /// The file to write (SQLite). It must not exist yet.
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum SearchCommand {
    /// Rebuild this node's index from the database, beside the live one;
    /// a running server switches to it when it is ready.
    Reindex {
        #[command(flatten)]
        storage: StorageArgs,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an administrator. The password is read from standard input.
    Create {
        #[command(flatten)]
        storage: StorageArgs,
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Administrator")]
        name: String,
        /// Read the password from standard input (one line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(args) => {
            let config = args.resolve()?;
            telemetry::init(config.json_logs);
            let app = Application::build(config).await?;
            app.run_until_stopped(dove::app::shutdown_signal()).await
        }
        Command::Migrate(storage) => {
            telemetry::init(false);
            open_db(&storage.resolve()?).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Seed { storage, listings, seed } => {
            telemetry::init(false);
            let storage = storage.resolve()?;
            let db = open_db(&storage).await?;
            anyhow::ensure!(
                db.count_users().await? == 0,
                "the database already has accounts; seed an empty data dir or database"
            );
            let photos = dove::photos::ObjectPhotoStorage::from_config(&storage)?;
            let started = std::time::Instant::now();
            let report = dove::seed::run(&db, &photos, listings, seed).await?;
            let secs = started.elapsed().as_secs_f64();
            println!(
                "seeded {} listings, {} sellers, {} buyers, {} photos in {secs:.1} s ({:.0} listings/s)",
                report.listings,
                report.sellers,
                report.buyers,
                report.photos,
                report.listings as f64 / secs
            );
            dove::seed::print_logins();
            db.close().await;
            Ok(())
        }
        Command::Admin { command: AdminCommand::Create { storage, email, name, password_stdin: _ } } => {
            telemetry::init(false);
            let mut password = String::new();
            std::io::stdin().lock().read_line(&mut password).context("reading the password from standard input")?;
            let password = password.trim_end_matches(['\r', '\n']);
            let db = open_db(&storage.resolve()?).await?;
            match dove_domain::accounts::create_admin(&db, &email, &name, password).await {
                Ok(()) => println!("administrator {email} created"),
                Err(dove_domain::accounts::AccountError::Invalid(errors)) => {
                    let list: Vec<String> = errors.0.iter().map(|e| format!("{}: {}", e.field, e.code)).collect();
                    anyhow::bail!("invalid input: {}", list.join(", "));
                }
                Err(e) => return Err(e.into()),
            }
            db.close().await;
            Ok(())
        }
        Command::Search { command: SearchCommand::Reindex { storage } } => {
            telemetry::init(false);
            let storage = storage.resolve()?;
            let db = open_db(&storage).await?;
            let started = std::time::Instant::now();
            let n = dove::search::reindex(&db, &storage.data_dir.join("search")).await?;
            println!("search index rebuilt: {n} live listings in {:.1} s", started.elapsed().as_secs_f64());
            db.close().await;
            Ok(())
        }
        Command::Backup { storage, out } => {
            telemetry::init(false);
            let storage = storage.resolve()?;
            if storage.database_url.is_some() {
                println!("This node uses PostgreSQL. Take an online, consistent backup with pg_dump:");
                println!("  pg_dump --format=custom --file {} \"$DATABASE_URL\"", out.display());
                println!("and restore it with pg_restore --clean --dbname \"$DATABASE_URL\" {}.", out.display());
                println!(
                    "Photos live under {}; copy that folder (or your object store) as well.",
                    storage.data_dir.join("photos").display()
                );
                return Ok(());
            }
            anyhow::ensure!(!out.exists(), "{} already exists; choose a new file", out.display());
            let db = open_db(&storage).await?;
            db.backup_sqlite(&out).await?;
            db.close().await;
            println!("database copied to {}", out.display());
            println!("Photos live under {}; copy that folder as well.", storage.data_dir.join("photos").display());
            Ok(())
        }
    }
}
