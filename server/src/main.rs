use std::io::BufRead;
use std::process::ExitCode;

use server::config::Config;
use server::startup::{shutdown_signal, Application};
use server::store::{ChainCheck, Store};

const USAGE: &str = "usage:
  server                      serve the portal
  server create-staff --username NAME --name FULL_NAME --role ROLE --area AREA_CODE [--provider ID]
                              make a staff account; the password is read from
                              PORTAL_STAFF_PASSWORD or the first line of standard input
                              (roles: community_worker reviewer approver district_officer admin
                              provider_worker, which needs --provider: its provider's id)
  server create-feed-client --source SOURCE --name NAME
                              make a department's credential for POST /api/v1/feeds/SOURCE/batches;
                              its token is printed once (only a hash is kept)
                              (sources: medical_insurance human_resources disabled_persons
                              emergency_management public_security education)
  server revoke-feed-client --id ID
                              revoke a department's credential at once
  server list-feed-clients    the credentials, revoked ones too (never their tokens)
  server verify-audit         check the audit log's hash chain; names the first broken entry
  server backup --to FILE     SQLite: a consistent copy of the database in FILE, taken while
                              the portal runs, and its data key beside it as FILE's .key
                              (PostgreSQL: use pg_dump, see README)";

/// mimalloc instead of glibc's allocator: under load glibc kept hundreds of megabytes in its
/// per-thread arenas after the requests were gone (345 MB after the load bench), and its
/// `malloc`/`free` were an eighth of the server's time (perf).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match Config::load() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("portal: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    match args.first().map(String::as_str) {
        None => serve(config).await,
        Some("create-staff") => create_staff(config, &args[1..]).await,
        Some("create-feed-client") => create_feed_client(config, &args[1..]).await,
        Some("revoke-feed-client") => revoke_feed_client(config, &args[1..]).await,
        Some("list-feed-clients") => list_feed_clients(config).await,
        Some("verify-audit") => verify_audit(config).await,
        Some("backup") => backup(config, &args[1..]).await,
        Some(_) => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

async fn serve(config: Config) -> ExitCode {
    server::telemetry::init(&config.log);
    let app = match Application::build(config).await {
        Ok(app) => app,
        Err(e) => {
            eprintln!("portal: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match app.run_until_stopped(shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("portal: server error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The database, migrated and seeded, for the maintenance commands.
async fn store(config: &Config) -> Result<Store, ExitCode> {
    let store = Store::connect(&config.database).await.map_err(|e| {
        eprintln!("portal: {e}");
        ExitCode::FAILURE
    })?;
    if let Err(e) = async {
        store.migrate().await?;
        store.seed().await.map(|_| ())
    }
    .await
    {
        eprintln!("portal: {e}");
        return Err(ExitCode::FAILURE);
    }
    Ok(store)
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

async fn create_staff(config: Config, args: &[String]) -> ExitCode {
    let (Some(username), Some(name), Some(role), Some(area)) = (flag(args, "--username"), flag(args, "--name"), flag(args, "--role"), flag(args, "--area")) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let Some(role) = app::domain::staff::Role::from_code(&role) else {
        eprintln!("portal: unknown role {role:?}\n{USAGE}");
        return ExitCode::from(2);
    };
    let password = match std::env::var("PORTAL_STAFF_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ => std::io::stdin().lock().lines().next().and_then(Result::ok).unwrap_or_default(),
    };
    let store = match store(&config).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    let provider = flag(args, "--provider");
    let account = server::services::staff::NewAccount { username: &username, full_name: &name, phone: "", role, area_code: &area, provider_id: provider.as_deref() };
    match server::services::staff::create_account(&store, &account, Some(&password), "system").await {
        Ok(staff) => {
            println!("created {} ({}, {})", staff.username, staff.role.code(), staff.area_code);
            ExitCode::SUCCESS
        }
        Err(app::error::AppError::Validation(errors)) => {
            for e in errors {
                eprintln!("portal: {}: {}", e.field, e.problem.text(app::i18n::Lang::En));
            }
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("portal: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn create_feed_client(config: Config, args: &[String]) -> ExitCode {
    let (Some(source), Some(name)) = (flag(args, "--source"), flag(args, "--name")) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let Some(source) = app::domain::monitoring::feeds::FeedSource::from_code(&source) else {
        eprintln!("portal: unknown source {source:?}\n{USAGE}");
        return ExitCode::from(2);
    };
    let store = match store(&config).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    match server::services::monitoring::feeds::create_client(&store, source, &name).await {
        Ok((client, token)) => {
            println!("created feed client {} ({}, {})", client.id, client.source, client.name);
            println!("token (shown once; give it to the department over a safe channel):");
            println!("{token}");
            ExitCode::SUCCESS
        }
        Err(app::error::AppError::Validation(_)) => {
            eprintln!("portal: the name must be a line of text");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("portal: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn revoke_feed_client(config: Config, args: &[String]) -> ExitCode {
    let Some(id) = flag(args, "--id") else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let store = match store(&config).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    match server::services::monitoring::feeds::revoke_client(&store, &id).await {
        Ok(()) => {
            println!("revoked feed client {id}");
            ExitCode::SUCCESS
        }
        Err(app::error::AppError::NotFound) => {
            eprintln!("portal: no live feed client {id:?}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("portal: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn list_feed_clients(config: Config) -> ExitCode {
    let store = match store(&config).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    match store.feed_clients().await {
        Ok(clients) => {
            for c in clients {
                println!("{}\t{}\t{}\t{}\t{}", c.id, c.source, c.name, c.created_at, c.revoked_at.as_deref().unwrap_or("live"));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("portal: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn verify_audit(config: Config) -> ExitCode {
    let store = match store(&config).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    match store.verify_audit_chain().await {
        Ok(ChainCheck::Intact { entries }) => {
            println!("audit log intact: {entries} entries");
            ExitCode::SUCCESS
        }
        Ok(ChainCheck::BrokenAt { seq }) => {
            println!("audit log broken at entry {seq}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("portal: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn backup(config: Config, args: &[String]) -> ExitCode {
    let Some(target) = flag(args, "--to").map(std::path::PathBuf::from) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let server::store::DatabaseUrl::Sqlite { path } = &config.database else {
        eprintln!("portal: PostgreSQL is backed up with pg_dump; see README, \"Back-up and restore\"");
        return ExitCode::from(2);
    };
    let key_target = target.with_extension("key");
    if target.exists() || key_target.exists() {
        eprintln!("portal: {} or {} already exists; a backup never overwrites", target.display(), key_target.display());
        return ExitCode::from(2);
    }
    let store = match store(&config).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    if let Err(e) = store.backup_to(&target).await {
        eprintln!("portal: cannot write the backup {}: {e}", target.display());
        return ExitCode::FAILURE;
    }
    // Without its key the copy's ID numbers cannot be read: the key goes with it, unless
    // it lives in the configuration (then it is backed up where the configuration is).
    if config.data_key.is_none() {
        if let Err(e) = copy_private(&path.with_extension("key"), &key_target) {
            eprintln!("portal: the database was copied but not its key file: {e}");
            return ExitCode::FAILURE;
        }
        // The blind index's key: without it the register cannot match department rows.
        let index_source = path.with_extension("index-key");
        if config.index_key.is_none() && index_source.exists() {
            if let Err(e) = copy_private(&index_source, &target.with_extension("index-key")) {
                eprintln!("portal: the database was copied but not its index key file: {e}");
                return ExitCode::FAILURE;
            }
        }
        println!("backed up to {} with its key {}", target.display(), key_target.display());
    } else {
        println!("backed up to {}; the data key is in PORTAL_DATA_KEY and was not copied", target.display());
    }
    ExitCode::SUCCESS
}

fn copy_private(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
    use std::io::Write;
    let bytes = std::fs::read(from)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(to)?.write_all(&bytes)
}
