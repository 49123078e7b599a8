//! `object!`: an `#[Object]` impl whose repeated fields are written once. Its sections, each
//! optional, in this order:
//!
//! - `id(&self) by <key>;` — the global id, `<Type>:<key>` (the doc comment above it is the
//!   field's);
//! - `key(&self) <key>: "<doc>";` — the natural key's field;
//! - `fields { … }` — methods, as in any `#[Object]` impl;
//! - `validity(&self);` — `validFrom`, `validTo` and their precisions, for kinds whose records
//!   begin or end (what `activeOn` reads);
//! - `record(&self) by <key>;` — `version`, `history`, `conflicts`, `timelineEvents` and the
//!   provenance fields (`note`, `sources`), read again by `<key>` for a record read without
//!   them;
//! - `relations { … }` — more methods;
//! - `connections { fn <name>(&self, ctx, query) -> <Conn><<Type>> { <body> } … }` — connection
//!   fields: Relay's four paging arguments plus the child type's `filter` and `orderBy`;
//!   `query` is the checked arguments (a `ListQuery`) for the body, which returns an
//!   `AppResult` of the connection. Arguments of its own follow `query`, each with its
//!   description: `fn <name>(&self, ctx, query, <arg>: <type> = "<doc>") -> …`.
//!
//! What a connection costs is in the SDL (see `sdl`): its page size by `first` or `last`.

macro_rules! object {
    (
        $(#[$attr:meta])*
        impl $ty:ident {
            $($(#[$id_doc:meta])* id(&$id_self:ident) by $id_key:ident;)?
            $(key(&$key_self:ident) $key:ident: $key_doc:literal;)?
            $(fields { $($fields:tt)* })?
            $(validity(&$validity_self:ident);)?
            $(record(&$record_self:ident) by $record_key:ident;)?
            $(relations { $($relations:tt)* })?
            $(connections { $(
                $(#[$conn_doc:meta])*
                fn $name:ident(
                    &$this:ident, $ctx:ident, $query:ident
                    $(, $extra:ident: $extra_type:ty = $extra_doc:literal)*
                ) -> $conn:ident<$child:ty>
                    $body:block
            )* })?
        }
    ) => {
        $(#[$attr])*
        #[async_graphql::Object]
        impl $ty {
            $(
                $(#[$id_doc])*
                pub async fn id(&$id_self) -> async_graphql::ID {
                    <Self as $crate::graphql::types::NodeType>::kind().id(&$id_self.0.$id_key)
                }
            )?

            $(
                #[doc = $key_doc]
                async fn $key(&$key_self) -> &str {
                    &$key_self.0.$key
                }
            )?

            $($($fields)*)?

            $(
                /// When it began, as its first day where a source gives only the year or the
                /// month (`validFromPrecision`); null where no source dates it.
                async fn valid_from(&$validity_self) -> Option<$crate::graphql::values::scalars::Date> {
                    $validity_self.0.valid_from.map($crate::graphql::values::scalars::Date)
                }

                /// How much of `validFrom` the sources give.
                async fn valid_from_precision(
                    &$validity_self,
                ) -> Option<$crate::graphql::values::enums::DatePrecision> {
                    $validity_self.0.valid_from_precision.map(Into::into)
                }

                /// When it ended, as the first day of the period `validToPrecision` gives; null
                /// while it goes on or where no source dates its end.
                async fn valid_to(&$validity_self) -> Option<$crate::graphql::values::scalars::Date> {
                    $validity_self.0.valid_to.map($crate::graphql::values::scalars::Date)
                }

                /// How much of `validTo` the sources give.
                async fn valid_to_precision(
                    &$validity_self,
                ) -> Option<$crate::graphql::values::enums::DatePrecision> {
                    $validity_self.0.valid_to_precision.map(Into::into)
                }
            )?

            $(
                /// Incremented by every change; pass it as `expectedVersion` to update or delete.
                async fn version(&$record_self) -> i32 {
                    $record_self.0.version
                }

                /// Every change made to this record through the API, oldest first (editors and admins).
                async fn history(
                    &$record_self,
                    ctx: &async_graphql::Context<'_>,
                ) -> async_graphql::Result<Vec<$crate::graphql::types::change::Change>> {
                    $crate::graphql::access::require(ctx, entity::api_token::Role::Editor)?;
                    let id = <Self as $crate::graphql::types::NodeType>::kind()
                        .global_id(&$record_self.0.$record_key);
                    let rows = $crate::graphql::loaders::history(ctx, id).await?;
                    Ok(rows.into_iter().map(Into::into).collect())
                }

                /// Where sources contradict each other on this record (a date, a count, a
                /// lead): each claim with its sources. The values shown are the ones the
                /// reference chose. Batched with every other record's in the request.
                async fn conflicts(
                    &$record_self,
                    ctx: &async_graphql::Context<'_>,
                ) -> async_graphql::Result<Vec<$crate::graphql::types::SourceConflict>> {
                    let id = <Self as $crate::graphql::types::NodeType>::kind()
                        .global_id(&$record_self.0.$record_key);
                    let rows = $crate::graphql::loaders::conflicts_naming(ctx, id).await?;
                    Ok(rows.into_iter().map(Into::into).collect())
                }

                /// The events of the timeline that name this record, oldest first, undated
                /// ones last. Batched with every other record's in the request.
                async fn timeline_events(
                    &$record_self,
                    ctx: &async_graphql::Context<'_>,
                ) -> async_graphql::Result<Vec<$crate::graphql::types::TimelineEvent>> {
                    let id = <Self as $crate::graphql::types::NodeType>::kind()
                        .global_id(&$record_self.0.$record_key);
                    let rows = $crate::graphql::loaders::events_naming(ctx, id).await?;
                    Ok(rows.into_iter().map(Into::into).collect())
                }

                #[graphql(flatten)]
                async fn provenance(
                    &$record_self,
                    ctx: &async_graphql::Context<'_>,
                ) -> $crate::graphql::types::provenance::Provenance<'_> {
                    use $crate::graphql::types::provenance::Provenance;
                    if !$record_self.0.sources.omitted() {
                        return Provenance::new(&$record_self.0.note, &$record_self.0.sources);
                    }
                    // Read without it, as the selection seemed not to show it
                    // (`loaders::columns_shown`): read again, batched with the request's other
                    // lookups.
                    let key = &$record_self.0.$record_key;
                    let found = $crate::graphql::loaders::by_key_reading::<
                        <Self as $crate::graphql::types::NodeType>::Entity,
                    >(ctx, key, $crate::service::listing::Columns::All)
                    .await;
                    Provenance::read_again(
                        <Self as $crate::graphql::types::NodeType>::kind().name(),
                        key,
                        $record_self.0.version,
                        found.map(|found| {
                            found.map(|record| (record.note, record.sources, record.version))
                        }),
                    )
                }
            )?

            $($($relations)*)?

            $($(
                $(#[$conn_doc])*
                #[allow(clippy::too_many_arguments)]
                async fn $name(
                    &$this,
                    $ctx: &async_graphql::Context<'_>,
                    #[graphql(desc = "Only those matching this filter.")] filter: Option<
                        Box<<$child as $crate::graphql::types::NodeType>::Filter>,
                    >,
                    #[graphql(desc = "Sort keys, most significant first; the natural key (slug, code or ODS code) breaks ties last.")]
                    order_by: Option<Vec<<$child as $crate::graphql::types::NodeType>::Order>>,
                    #[graphql(
                        desc = "The first n, at most 500 (50 when neither first nor last is given)."
                    )]
                    first: Option<i32>,
                    #[graphql(desc = "Only those after this cursor.")] after: Option<String>,
                    #[graphql(desc = "The last n, at most 500.")] last: Option<i32>,
                    #[graphql(desc = "Only those before this cursor.")] before: Option<String>,
                    $(#[graphql(desc = $extra_doc)] $extra: $extra_type,)*
                ) -> async_graphql::Result<$conn<$child>> {
                    let $query = $crate::graphql::filters::list_query(
                        filter, order_by, first, after, last, before,
                    )?;
                    let answer: $crate::error::AppResult<$conn<$child>> = $body;
                    Ok(answer?)
                }
            )*)?
        }
    };
}

/// A kind's root fields, merged as `$roots` into the root `Query`: its list (a connection over
/// its table), then its lookups, by global id (`by_id`) or by natural key (`by_key`).
///
/// ```text
/// roots! {
///     Hub: HubRoots(HubList, HubLookups) {
///         /// Genomic laboratory hubs, by name.
///         list hubs;
///         /// By global id, e.g. `Hub:north-west`; null if there is none.
///         hub(id: async_graphql::ID = "Its global id.") by_id;
///         /// By slug, e.g. `north-west`; null if there is none.
///         hub_by_slug(slug: String = "Its slug.") by_key;
///     }
/// }
/// ```
macro_rules! roots {
    (
        $kind:ident: $roots:ident($list_type:ident, $lookups:ident) {
            $(#[$list_doc:meta])* list $list:ident;
            $($(#[$doc:meta])* $name:ident($arg:ident: $arg_type:ty = $arg_doc:literal) $how:ident;)*
        }
    ) => {
        /// A kind's root fields: its list, then its lookups.
        #[derive(async_graphql::MergedObject, Default)]
        pub struct $roots($list_type, $lookups);

        #[derive(Default)]
        pub struct $list_type;

        object! {
            impl $list_type {
                connections {
                    $(#[$list_doc])*
                    fn $list(
                        &self, ctx, query,
                        active_on: Option<$crate::graphql::values::scalars::Date> =
                            "Only those in force on this day (`validFrom`/`validTo`, a project's \
                             `startDate`/`endDate`): begun by then and not ended before it. A \
                             bound no source gives excludes nothing; kinds without bounds are \
                             all in force."
                    ) -> Conn<$kind> {
                        let query = $crate::graphql::types::roots::active_on(query, active_on);
                        $crate::graphql::types::roots::root(ctx, query).await
                    }
                }
            }
        }

        #[derive(Default)]
        pub struct $lookups;

        #[async_graphql::Object]
        impl $lookups {
            $(
                $(#[$doc])*
                async fn $name(
                    &self,
                    ctx: &async_graphql::Context<'_>,
                    #[graphql(desc = $arg_doc)] $arg: $arg_type,
                ) -> async_graphql::Result<Option<$kind>> {
                    Ok($crate::graphql::types::roots::$how(ctx, &$arg).await?)
                }
            )*
        }
    };
}
