//! What every table an answer reads from needs, whichever migration creates it: a new table goes
//! through [`create`] and [`drop`], and its records carry [`version`]. Older migrations did the
//! same table by table through their own lists, and stay as they ran.
//!
//! - Text compares and sorts by code point on every backend (see
//!   `m20261123_000004_portable_text_and_time`): PostgreSQL `COLLATE "C"`, MySQL/MariaDB
//!   `utf8mb4_bin`.
//! - On PostgreSQL, every write to it bumps the data version (see
//!   `m20261124_000005_data_version`); a table without the trigger would leave kept answers
//!   stale.
//!
//! Time columns on MySQL/MariaDB must be declared with microseconds (`DATETIME(6)`), as the
//! older migration made them.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, json, text_null};
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

/// The PostgreSQL trigger (and its function) that bumps the data version.
pub const DATA_VERSION_TRIGGER: &str = "gms_data_version_bump";

/// The version of a record, incremented by every update: a write names the version it last
/// saw, and a stale one is refused.
pub fn version() -> ColumnDef {
    integer(Alias::new("version")).default(1).to_owned()
}

/// What every record has besides its own fields: a free-text note, its sources (a JSON array of
/// strings) and its [`version`].
pub fn record(table: &mut TableCreateStatement) -> &mut TableCreateStatement {
    table
        .col(text_null(Alias::new("note")))
        .col(json(Alias::new("sources")))
        .col(version())
}

/// A foreign key from `from` to `to`: deleting the parent is refused, a new id follows it.
pub fn fk(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    let (table, column) = (from.0.into_iden(), from.1.into_iden());
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(table, column)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Restrict)
        .on_update(ForeignKeyAction::Cascade)
        .to_owned()
}

/// An index on `table`'s `columns`, named for them (`ux_` when unique, `ix_` otherwise).
pub fn index(table: impl IntoIden, columns: &[&'static str], unique: bool) -> IndexCreateStatement {
    let table = table.into_iden();
    let mut index = Index::create();
    index
        .name(format!(
            "{}_{table}_{}",
            if unique { "ux" } else { "ix" },
            columns.join("_")
        ))
        .table(table);
    for column in columns {
        index.col(Alias::new(*column));
    }
    if unique {
        index.unique();
    }
    index.to_owned()
}

/// Creates `statement`'s table with what every table answers read from needs on this backend.
pub async fn create(
    manager: &SchemaManager<'_>,
    statement: TableCreateStatement,
) -> Result<(), DbErr> {
    let Some(TableRef::Table(TableName(_, name), _)) = statement.get_table_name() else {
        return Err(DbErr::Migration("a table to create needs a name".into()));
    };
    let name = name.to_string();
    manager.create_table(statement).await?;
    let db = manager.get_connection();
    match manager.get_database_backend() {
        DbBackend::Postgres => {
            for (column, kind) in postgres_text_columns(manager, &name).await? {
                db.execute_unprepared(&format!(
                    "ALTER TABLE \"{name}\" ALTER COLUMN \"{column}\" TYPE {kind} COLLATE \"C\""
                ))
                .await?;
            }
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {DATA_VERSION_TRIGGER} \
                 BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON \"{name}\" \
                 FOR EACH STATEMENT EXECUTE FUNCTION {DATA_VERSION_TRIGGER}()"
            ))
            .await?;
        }
        DbBackend::MySql => {
            db.execute_unprepared(&format!(
                "ALTER TABLE `{name}` CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
            ))
            .await?;
        }
        _ => {}
    }
    Ok(())
}

/// Adds `columns` to `table`, a table [`create`] made, with what its text columns need on this
/// backend (on MySQL/MariaDB a new column takes the table's `utf8mb4_bin`).
pub async fn add_columns(
    manager: &SchemaManager<'_>,
    table: &str,
    columns: Vec<ColumnDef>,
) -> Result<(), DbErr> {
    // One column per statement: SQLite alters one thing at a time.
    for mut column in columns {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new(table))
                    .add_column(&mut column)
                    .to_owned(),
            )
            .await?;
    }
    if manager.get_database_backend() == DbBackend::Postgres {
        let db = manager.get_connection();
        for (column, kind) in postgres_text_columns(manager, table).await? {
            db.execute_unprepared(&format!(
                "ALTER TABLE \"{table}\" ALTER COLUMN \"{column}\" TYPE {kind} COLLATE \"C\""
            ))
            .await?;
        }
    }
    Ok(())
}

/// Drops `columns` from `table`.
pub async fn drop_columns(
    manager: &SchemaManager<'_>,
    table: &str,
    columns: &[&'static str],
) -> Result<(), DbErr> {
    for column in columns {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new(table))
                    .drop_column(Alias::new(*column))
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

/// Drops a table [`create`] made (its trigger goes with it).
pub async fn drop(
    manager: &SchemaManager<'_>,
    table: impl IntoIden + 'static,
) -> Result<(), DbErr> {
    manager
        .drop_table(Table::drop().table(table).if_exists().to_owned())
        .await
}

/// The text columns of `table` on PostgreSQL, with their declared types.
async fn postgres_text_columns(
    manager: &SchemaManager<'_>,
    table: &str,
) -> Result<Vec<(String, String)>, DbErr> {
    let rows = manager
        .get_connection()
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT column_name::text AS c, character_maximum_length AS n \
             FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 \
             AND data_type IN ('character varying', 'text') ORDER BY c",
            [table.into()],
        ))
        .await?;
    rows.iter()
        .map(|row| {
            let length: Option<i32> = row.try_get("", "n")?;
            let kind = match length {
                Some(n) => format!("varchar({n})"),
                None => "text".to_owned(),
            };
            Ok((row.try_get("", "c")?, kind))
        })
        .collect()
}
