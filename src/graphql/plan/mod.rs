//! Planned reads: a query document planned once, then answered by writing its JSON straight from
//! the rows, without a resolver future per field or a tree of values in between.
//!
//! A plan is made (once per document and operation, see `documents`) only for what it knows
//! exactly: the kinds that describe their fields with `planned!` (in their own files, beside
//! their `object!`), their root lists, their fields of their own, their to-one relations and
//! their connections (`nodes`, `edges { cursor node }`, `pageInfo`, `totalCount`), and
//! `_entities`, with arguments as literals or variables, aliases, fields merged under one key,
//! fragments on the kind itself (or `_entities`' members) and `__typename`. Anything else (a
//! directive, an edge's link fields, a kind or field not described, a fragment on an interface
//! or a union, introspection) has no plan, and the request is answered by async-graphql as
//! before. So is a planned request whose run fails in any way or reads more rows than one may:
//! async-graphql answers it again, with its errors where they belong.
//!
//! The statements are those the resolvers make (see `service::listing`), one per level and
//! relation whatever the rows, so the answers are the same; `tests/api/planned.rs` runs every
//! query both ways and compares the bytes.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;

use async_graphql::parser::types::{
    ExecutableDocument, Field, OperationType, Selection as Sel, SelectionSet,
};
use async_graphql::{InputType, Name, Variables};
use async_graphql_value::ConstValue;
use futures_util::future::BoxFuture;
use sea_orm::EntityTrait;

use super::types::NodeType;
use crate::db::Session;
use crate::error::{AppError, AppResult};
use crate::service::kinds::{Kind, RelationSpec};
use crate::service::listing::{self, Columns};
use crate::service::records::{Record, Recorded};
use crate::service::{ListQuery, Page};

mod check;
mod edges;
pub(crate) use check::{Checked, Verdict, verdict};
use edges::{LinkField, PlannedEdge};

/// The model an API type is built from.
pub(crate) type ModelOf<N> = <<N as NodeType>::Entity as EntityTrait>::Model;

/// An API type whose fields a plan can write: `planned!` in its file says which, and how.
pub(crate) trait Planned: NodeType + 'static {
    /// The plan of `field` of this type (its name, arguments and selection), if it has one.
    fn field(planner: &Planner<'_>, field: &Field) -> Option<Item<ModelOf<Self>>>;
}

/// A response key as JSON, with its colon: `"name":`.
fn key_of(field: &Field) -> Box<[u8]> {
    let mut key = serde_json::to_vec(field.response_key().node.as_str()).unwrap_or_default();
    key.push(b':');
    key.into_boxed_slice()
}

/// A string as JSON.
fn json_string(text: &str) -> Box<[u8]> {
    serde_json::to_vec(text)
        .unwrap_or_default()
        .into_boxed_slice()
}

/// What one field of a record writes.
pub(crate) enum Item<M> {
    /// A value of the record's own.
    Own {
        key: Box<[u8]>,
        write: fn(&M, &mut Vec<u8>),
    },
    /// The same JSON for every record: `__typename`.
    Constant { key: Box<[u8]>, json: Box<[u8]> },
    /// A value read from other rows, for all the records of a level at once.
    Rows {
        key: Box<[u8]>,
        rows: Box<dyn Rows<M>>,
    },
}

/// What a plan knows at its run: where to read, the request's variables and their defaults.
pub(crate) struct Run<'a> {
    db: &'a Session,
    variables: &'a Variables,
    defaults: &'a HashMap<Name, ConstValue>,
}

impl Run<'_> {
    /// An argument's value, its variables filled in (from the request, else their defaults,
    /// else null); `None` where the field does not give it.
    fn argument(&self, arguments: &Arguments, name: &str) -> Option<ConstValue> {
        let (_, value) = arguments.iter().find(|(n, _)| n.node == name)?;
        value
            .node
            .clone()
            .into_const_with(|variable| {
                Ok::<_, std::convert::Infallible>(
                    self.variables
                        .get(&variable)
                        .or_else(|| self.defaults.get(&variable))
                        .cloned()
                        .unwrap_or(ConstValue::Null),
                )
            })
            .ok()
    }

    /// An argument as its input type parses it; an error for a value it refuses (async-graphql
    /// then answers, and says why).
    fn parsed<T: InputType>(&self, arguments: &Arguments, name: &str) -> AppResult<T> {
        T::parse(self.argument(arguments, name)).map_err(|_| refused())
    }
}

/// A field's arguments as the document gives them, variables unresolved: what a plan keeps of
/// a field it reads with them.
type Arguments = Vec<(
    async_graphql::Positioned<Name>,
    async_graphql::Positioned<async_graphql_value::Value>,
)>;

/// What stops a planned run for async-graphql to answer instead.
fn refused() -> AppError {
    AppError::Internal("the planned read cannot answer this request".into())
}

/// A field read from other rows: loaded for every record of its level with one statement, then
/// written for each.
pub(crate) trait Rows<M>: Send + Sync {
    fn load<'a>(
        &'a self,
        run: &'a Run<'a>,
        records: &[&M],
    ) -> BoxFuture<'a, AppResult<Box<dyn Loaded<M> + 'a>>>;
}

/// What a [`Rows`] read, ready to write for each record of its level.
pub(crate) trait Loaded<M>: Send + Sync {
    fn write(&self, record: &M, out: &mut Vec<u8>);
}

/// The fields selected on a kind's records, in the order of the response.
pub(crate) struct Selection<M> {
    items: Vec<Item<M>>,
}

impl<M: Send + Sync + 'static> Selection<M> {
    /// What the selection's relations read for `records`, one statement each.
    async fn load<'a>(
        &'a self,
        run: &'a Run<'a>,
        records: &[&M],
    ) -> AppResult<Vec<Box<dyn Loaded<M> + 'a>>> {
        let mut loaded = Vec::new();
        for item in &self.items {
            if let Item::Rows { rows, .. } = item {
                loaded.push(rows.load(run, records).await?);
            }
        }
        Ok(loaded)
    }

    fn write(&self, record: &M, loaded: &[Box<dyn Loaded<M> + '_>], out: &mut Vec<u8>) {
        out.push(b'{');
        let mut loaded = loaded.iter();
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            match item {
                Item::Own { key, write } => {
                    out.extend_from_slice(key);
                    write(record, out);
                }
                Item::Constant { key, json } => {
                    out.extend_from_slice(key);
                    out.extend_from_slice(json);
                }
                Item::Rows { key, .. } => {
                    out.extend_from_slice(key);
                    match loaded.next() {
                        Some(loaded) => loaded.write(record, out),
                        None => out.extend_from_slice(b"null"),
                    }
                }
            }
        }
        out.push(b'}');
    }
}

/// Plans the selections of one document's operation.
pub(crate) struct Planner<'a> {
    document: &'a ExecutableDocument,
    /// How many selections deep planning has gone: a document is planned before async-graphql
    /// validates it, so fragments that spread each other without end must stop here.
    depth: std::cell::Cell<usize>,
}

/// How deep a plan's selections may nest, through fragments too: past any document within the
/// depth limit (see `limits`); deeper ones are left to async-graphql, which refuses them.
const MAX_PLAN_DEPTH: usize = 64;

impl Planner<'_> {
    /// `plan` one selection level deeper, if that is within [`MAX_PLAN_DEPTH`].
    fn deeper<T>(&self, plan: impl FnOnce() -> Option<T>) -> Option<T> {
        let depth = self.depth.get();
        if depth >= MAX_PLAN_DEPTH {
            return None;
        }
        self.depth.set(depth + 1);
        let planned = plan();
        self.depth.set(depth);
        planned
    }
}

/// How deep fragments may nest in a plan; deeper ones are left to async-graphql.
const MAX_FRAGMENT_DEPTH: usize = 16;

impl<'a> Planner<'a> {
    /// The fields `set` selects on a `type_name`, through its fragments on that type, those of
    /// one response key merged into one (their selections joined, as GraphQL merges them);
    /// `None` where it has a directive or a fragment on another type.
    fn fields<'s>(&self, set: &'s SelectionSet, type_name: &str) -> Option<Vec<Cow<'s, Field>>>
    where
        'a: 's,
    {
        self.fields_within(set, type_name, None)
    }

    /// [`Planner::fields`] of a set on the union `union` (if any), for its member `type_name`:
    /// fragments on the union or on the member apply, those on other members are left out.
    fn fields_within<'s>(
        &self,
        set: &'s SelectionSet,
        type_name: &str,
        union: Option<&str>,
    ) -> Option<Vec<Cow<'s, Field>>>
    where
        'a: 's,
    {
        let mut collected = Vec::new();
        self.collect(set, &On { type_name, union }, 0, &mut collected)?;
        let mut fields: Vec<Cow<'s, Field>> = Vec::with_capacity(collected.len());
        for field in collected {
            let key = &field.response_key().node;
            match fields.iter_mut().find(|f| &f.response_key().node == key) {
                None => fields.push(Cow::Borrowed(field)),
                Some(merged) => {
                    // Validation has checked they can merge; a plan checks again.
                    if merged.name.node != field.name.node || !same_arguments(merged, field) {
                        return None;
                    }
                    if !field.selection_set.node.items.is_empty() {
                        let items = field.selection_set.node.items.iter().cloned();
                        merged.to_mut().selection_set.node.items.extend(items);
                    }
                }
            }
        }
        Some(fields)
    }

    fn collect<'s>(
        &self,
        set: &'s SelectionSet,
        on: &On<'_>,
        depth: usize,
        out: &mut Vec<&'s Field>,
    ) -> Option<()>
    where
        'a: 's,
    {
        if depth > MAX_FRAGMENT_DEPTH {
            return None;
        }
        for selection in &set.items {
            match &selection.node {
                Sel::Field(field) => {
                    if !field.node.directives.is_empty() {
                        return None;
                    }
                    out.push(&field.node);
                }
                Sel::InlineFragment(inline) => {
                    let inline = &inline.node;
                    if !inline.directives.is_empty() {
                        return None;
                    }
                    let condition = inline
                        .type_condition
                        .as_ref()
                        .map(|c| c.node.on.node.as_str());
                    if on.applies(condition)? {
                        self.collect(&inline.selection_set.node, on, depth + 1, out)?;
                    }
                }
                Sel::FragmentSpread(spread) => {
                    if !spread.node.directives.is_empty() {
                        return None;
                    }
                    let fragment = &self
                        .document
                        .fragments
                        .get(&spread.node.fragment_name.node)?;
                    let fragment = &fragment.node;
                    if !fragment.directives.is_empty() {
                        return None;
                    }
                    let condition = Some(fragment.type_condition.node.on.node.as_str());
                    if on.applies(condition)? {
                        self.collect(&fragment.selection_set.node, on, depth + 1, out)?;
                    }
                }
            }
        }
        Some(())
    }
}

/// The type a selection is planned on: an object type, or a member of a union.
#[derive(Clone, Copy)]
struct On<'n> {
    type_name: &'n str,
    union: Option<&'n str>,
}

impl On<'_> {
    /// Whether a fragment on `condition` (none: the enclosing type) applies: on the type
    /// itself, yes; on another member of its union, no; on anything else (an interface, or the
    /// union itself, whose fragments async-graphql leaves out of `_entities`), no plan.
    fn applies(&self, condition: Option<&str>) -> Option<bool> {
        match condition {
            // Within a union, only fragments on its members are planned.
            None if self.union.is_some() => None,
            None => Some(true),
            Some(condition) if condition == self.type_name => Some(true),
            Some(condition) if self.union.is_some() && Kind::named(condition).is_some() => {
                Some(false)
            }
            Some(_) => None,
        }
    }
}

/// Whether two fields under one response key are given the same arguments.
fn same_arguments(a: &Field, b: &Field) -> bool {
    a.arguments.len() == b.arguments.len()
        && a.arguments.iter().all(|(name, value)| {
            b.get_argument(&name.node)
                .is_some_and(|other| other.node == value.node)
        })
}

/// A field the record writes itself, taking no arguments.
pub(crate) fn own<M>(field: &Field, write: fn(&M, &mut Vec<u8>)) -> Option<Item<M>> {
    field.arguments.is_empty().then(|| Item::Own {
        key: key_of(field),
        write,
    })
}

/// Writers of the JSON of a record's values, as async-graphql writes them.
pub(crate) mod write {
    pub(crate) fn str(text: &str, out: &mut Vec<u8>) {
        // Writing to a Vec cannot fail; a string always serializes.
        let _ = serde_json::to_writer(&mut *out, text);
    }

    pub(crate) fn opt_str(text: Option<&str>, out: &mut Vec<u8>) {
        match text {
            Some(text) => str(text, out),
            None => out.extend_from_slice(b"null"),
        }
    }

    pub(crate) fn int(n: i32, out: &mut Vec<u8>) {
        let _ = serde_json::to_writer(&mut *out, &n);
    }

    pub(crate) fn opt_int(n: Option<i32>, out: &mut Vec<u8>) {
        match n {
            Some(n) => int(n, out),
            None => out.extend_from_slice(b"null"),
        }
    }

    /// A value of an API type that is also an input type (an enum, a scalar) as its GraphQL
    /// value is written: an enum by its name.
    pub(crate) fn value<T: async_graphql::InputType>(value: &T, out: &mut Vec<u8>) {
        let _ = serde_json::to_writer(&mut *out, &value.to_value());
    }

    /// A record's global id, `<Kind>:<key>`.
    pub(crate) fn id(kind: crate::service::kinds::Kind, key: &str, out: &mut Vec<u8>) {
        str(&kind.global_id(key), out);
    }
}

/// A to-one relation: the record of `C` its foreign key points at, read for the level at once.
struct ToOne<P, C: Planned> {
    foreign_key: fn(&P) -> Option<i32>,
    /// Whether a key that points at nothing is an error (a required field) or null.
    required: bool,
    selection: Selection<ModelOf<C>>,
}

/// The plan of a to-one relation `field`, by the foreign key `foreign_key` reads.
pub(crate) fn to_one<P: Send + Sync + 'static, C: Planned>(
    planner: &Planner<'_>,
    field: &Field,
    foreign_key: fn(&P) -> Option<i32>,
    required: bool,
) -> Option<Item<P>> {
    if !field.arguments.is_empty() {
        return None;
    }
    let selection = plan_selection::<C>(planner, field)?;
    Some(Item::Rows {
        key: key_of(field),
        rows: Box::new(ToOne::<P, C> {
            foreign_key,
            required,
            selection,
        }),
    })
}

/// The plan of the selection of `field`, an object of type `C`.
fn plan_selection<C: Planned>(
    planner: &Planner<'_>,
    field: &Field,
) -> Option<Selection<ModelOf<C>>> {
    planner.deeper(|| plan_selection_of::<C>(planner, field, None))
}

/// The plan of the selection of `field` on `C`, a member of `union` where it is one (see
/// [`Planner::fields_within`]).
fn plan_selection_of<C: Planned>(
    planner: &Planner<'_>,
    field: &Field,
    union: Option<&str>,
) -> Option<Selection<ModelOf<C>>> {
    let type_name = C::type_name();
    let fields = planner.fields_within(&field.selection_set.node, &type_name, union)?;
    let mut items = Vec::with_capacity(fields.len());
    for field in &fields {
        if field.name.node == "__typename" {
            items.push(Item::Constant {
                key: key_of(field),
                json: json_string(&type_name),
            });
        } else {
            items.push(C::field(planner, field)?);
        }
    }
    Some(Selection { items })
}

impl<P: Send + Sync + 'static, C: Planned> Rows<P> for ToOne<P, C> {
    fn load<'a>(
        &'a self,
        run: &'a Run<'a>,
        records: &[&P],
    ) -> BoxFuture<'a, AppResult<Box<dyn Loaded<P> + 'a>>> {
        let mut ids: Vec<i32> = records
            .iter()
            .filter_map(|record| (self.foreign_key)(record))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        Box::pin(async move {
            let found = if ids.is_empty() {
                HashMap::new()
            } else {
                listing::by_ids::<C::Entity>(run.db, &ids, Columns::WithoutProvenance).await?
            };
            if self.required && ids.iter().any(|id| !found.contains_key(id)) {
                return Err(refused());
            }
            let models: Vec<&ModelOf<C>> = found.values().collect();
            let nested = self.selection.load(run, &models).await?;
            drop(models);
            Ok(Box::new(LoadedOne {
                plan: self,
                found,
                nested,
            }) as Box<dyn Loaded<P> + 'a>)
        })
    }
}

struct LoadedOne<'a, P, C: Planned> {
    plan: &'a ToOne<P, C>,
    found: HashMap<i32, ModelOf<C>>,
    nested: Vec<Box<dyn Loaded<ModelOf<C>> + 'a>>,
}

impl<P: Send + Sync + 'static, C: Planned> Loaded<P> for LoadedOne<'_, P, C> {
    fn write(&self, record: &P, out: &mut Vec<u8>) {
        match (self.plan.foreign_key)(record).and_then(|id| self.found.get(&id)) {
            Some(model) => self.plan.selection.write(model, &self.nested, out),
            None => out.extend_from_slice(b"null"),
        }
    }
}

/// The arguments every connection takes, and the root lists' `activeOn`, as their input types
/// parse them.
fn list_query<N: Planned>(
    run: &Run<'_>,
    arguments: &Arguments,
    root: bool,
) -> AppResult<ListQuery<N::Entity>> {
    let filter: Option<Box<N::Filter>> = run.parsed(arguments, "filter")?;
    let order_by: Option<Vec<N::Order>> = run.parsed(arguments, "orderBy")?;
    let query = super::filters::list_query(
        filter,
        order_by,
        run.parsed(arguments, "first")?,
        run.parsed(arguments, "after")?,
        run.parsed(arguments, "last")?,
        run.parsed(arguments, "before")?,
    )?;
    if root {
        let day: Option<super::values::scalars::Date> = run.parsed(arguments, "activeOn")?;
        Ok(super::types::roots::active_on(query, day))
    } else {
        Ok(query)
    }
}

/// The arguments a connection may be given: its paging, filter and order; a root list's
/// `activeOn` too.
fn known_arguments(field: &Field, root: bool) -> bool {
    field.arguments.iter().all(|(name, _)| {
        matches!(
            name.node.as_str(),
            "filter" | "orderBy" | "first" | "after" | "last" | "before"
        ) || (root && name.node == "activeOn")
    })
}

/// What a connection's selection writes of a page.
struct Connection<M> {
    items: Vec<ConnItem<M>>,
    /// Where its edges' link fields are selected: whether a row's link is of its edge kind.
    holds: Option<fn(Option<&crate::service::page::LinkInfo>) -> bool>,
}

enum ConnItem<M> {
    Typename(Box<[u8]>, Box<[u8]>),
    TotalCount(Box<[u8]>),
    Nodes(Box<[u8]>, Selection<M>),
    Edges(Box<[u8]>, Vec<EdgeItem>, Option<Selection<M>>),
    PageInfo(Box<[u8]>, Vec<PageItem>),
}

enum EdgeItem {
    Typename(Box<[u8]>, Box<[u8]>),
    Cursor(Box<[u8]>),
    Node(Box<[u8]>),
    Link(Box<[u8]>, LinkField),
}

enum PageItem {
    Typename(Box<[u8]>),
    HasNextPage(Box<[u8]>),
    HasPreviousPage(Box<[u8]>),
    StartCursor(Box<[u8]>),
    EndCursor(Box<[u8]>),
}

/// The plan of a connection `field` over `N`, typed `Connection<N, E>`: `None` where it selects
/// what an edge's link says, or anything else not planned.
fn connection<N: Planned, E: PlannedEdge>(
    planner: &Planner<'_>,
    field: &Field,
) -> Option<Connection<ModelOf<N>>> {
    let node = N::type_name();
    let connection_type = E::connection_name(&node);
    let edge_type = E::edge_name(&node);
    let mut items = Vec::new();
    let mut holds = None;
    for f in &planner.fields(&field.selection_set.node, &connection_type)? {
        let key = key_of(f);
        if !f.arguments.is_empty() {
            return None;
        }
        items.push(match f.name.node.as_str() {
            "__typename" => ConnItem::Typename(key, json_string(&connection_type)),
            "totalCount" => ConnItem::TotalCount(key),
            "nodes" => ConnItem::Nodes(key, plan_selection::<N>(planner, f)?),
            "pageInfo" => {
                let mut page = Vec::new();
                for p in &planner.fields(&f.selection_set.node, "PageInfo")? {
                    let key = key_of(p);
                    page.push(match p.name.node.as_str() {
                        "__typename" => PageItem::Typename(key),
                        "hasNextPage" => PageItem::HasNextPage(key),
                        "hasPreviousPage" => PageItem::HasPreviousPage(key),
                        "startCursor" => PageItem::StartCursor(key),
                        "endCursor" => PageItem::EndCursor(key),
                        _ => return None,
                    });
                }
                ConnItem::PageInfo(key, page)
            }
            "edges" => {
                let mut edge = Vec::new();
                let mut node_selection = None;
                for e in &planner.fields(&f.selection_set.node, &edge_type)? {
                    let key = key_of(e);
                    edge.push(match e.name.node.as_str() {
                        "__typename" => EdgeItem::Typename(key, json_string(&edge_type)),
                        "cursor" => EdgeItem::Cursor(key),
                        // One `node` per edge (under two aliases, each would need its own).
                        "node" if node_selection.is_none() => {
                            node_selection = Some(plan_selection::<N>(planner, e)?);
                            EdgeItem::Node(key)
                        }
                        name => {
                            holds = Some(E::holds as fn(Option<&_>) -> bool);
                            EdgeItem::Link(key, E::field(name)?)
                        }
                    });
                }
                ConnItem::Edges(key, edge, node_selection)
            }
            _ => return None,
        });
    }
    Some(Connection { items, holds })
}

/// What a connection's node selections read, over the rows of every page of its level.
struct LoadedPages<'a, M> {
    /// One list per node selection of the connection (`nodes`, `edges { node }`), in order.
    nested: Vec<Vec<Box<dyn Loaded<M> + 'a>>>,
}

impl<M: Send + Sync + 'static> Connection<M> {
    async fn load<'a>(&'a self, run: &'a Run<'a>, models: &[&M]) -> AppResult<LoadedPages<'a, M>> {
        let mut nested = Vec::new();
        for item in &self.items {
            match item {
                ConnItem::Nodes(_, selection) | ConnItem::Edges(_, _, Some(selection)) => {
                    nested.push(selection.load(run, models).await?);
                }
                _ => {}
            }
        }
        Ok(LoadedPages { nested })
    }

    fn write(&self, page: &Page<M>, total: u64, loaded: &LoadedPages<'_, M>, out: &mut Vec<u8>) {
        out.push(b'{');
        let mut nested = loaded.nested.iter();
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            match item {
                ConnItem::Typename(key, json) => {
                    out.extend_from_slice(key);
                    out.extend_from_slice(json);
                }
                ConnItem::TotalCount(key) => {
                    out.extend_from_slice(key);
                    let _ = write!(Utf8(out), "{total}");
                }
                ConnItem::Nodes(key, selection) => {
                    out.extend_from_slice(key);
                    let loaded = nested.next().map(Vec::as_slice).unwrap_or_default();
                    out.push(b'[');
                    for (j, row) in page.rows.iter().enumerate() {
                        if j > 0 {
                            out.push(b',');
                        }
                        selection.write(&row.model, loaded, out);
                    }
                    out.push(b']');
                }
                ConnItem::Edges(key, edge, selection) => {
                    out.extend_from_slice(key);
                    let loaded = match selection {
                        Some(_) => nested.next().map(Vec::as_slice).unwrap_or_default(),
                        None => &[],
                    };
                    out.push(b'[');
                    for (j, row) in page.rows.iter().enumerate() {
                        if j > 0 {
                            out.push(b',');
                        }
                        out.push(b'{');
                        for (k, item) in edge.iter().enumerate() {
                            if k > 0 {
                                out.push(b',');
                            }
                            match item {
                                EdgeItem::Typename(key, json) => {
                                    out.extend_from_slice(key);
                                    out.extend_from_slice(json);
                                }
                                EdgeItem::Cursor(key) => {
                                    out.extend_from_slice(key);
                                    write::str(&row.cursor, out);
                                }
                                EdgeItem::Node(key) => {
                                    out.extend_from_slice(key);
                                    match selection {
                                        Some(selection) => selection.write(&row.model, loaded, out),
                                        None => out.extend_from_slice(b"null"),
                                    }
                                }
                                EdgeItem::Link(key, field) => {
                                    out.extend_from_slice(key);
                                    match &row.link {
                                        Some(link) => field(link, out),
                                        None => out.extend_from_slice(b"null"),
                                    }
                                }
                            }
                        }
                        out.push(b'}');
                    }
                    out.push(b']');
                }
                ConnItem::PageInfo(key, items) => {
                    out.extend_from_slice(key);
                    out.push(b'{');
                    for (k, item) in items.iter().enumerate() {
                        if k > 0 {
                            out.push(b',');
                        }
                        let bool_json = |b: bool| if b { &b"true"[..] } else { &b"false"[..] };
                        match item {
                            PageItem::Typename(key) => {
                                out.extend_from_slice(key);
                                out.extend_from_slice(b"\"PageInfo\"");
                            }
                            PageItem::HasNextPage(key) => {
                                out.extend_from_slice(key);
                                out.extend_from_slice(bool_json(page.has_next_page));
                            }
                            PageItem::HasPreviousPage(key) => {
                                out.extend_from_slice(key);
                                out.extend_from_slice(bool_json(page.has_previous_page));
                            }
                            PageItem::StartCursor(key) => {
                                out.extend_from_slice(key);
                                write::opt_str(page.rows.first().map(|r| r.cursor.as_str()), out);
                            }
                            PageItem::EndCursor(key) => {
                                out.extend_from_slice(key);
                                write::opt_str(page.rows.last().map(|r| r.cursor.as_str()), out);
                            }
                        }
                    }
                    out.push(b'}');
                }
            }
        }
        out.push(b'}');
    }
}

/// `write!` into a byte buffer.
struct Utf8<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Utf8<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// A to-many relation `R` of the records of a level: one page of it per record, all read by one
/// statement.
struct Many<P, R: RelationSpec, N: Planned> {
    parent_id: fn(&P) -> i32,
    arguments: Arguments,
    connection: Connection<ModelOf<N>>,
    _relation: std::marker::PhantomData<fn() -> R>,
}

/// The plan of a connection `field` over the relation `R`, typed `Connection<N, E>`.
pub(crate) fn many<P, R, N, E>(
    planner: &Planner<'_>,
    field: &Field,
    parent_id: fn(&P) -> i32,
) -> Option<Item<P>>
where
    P: Send + Sync + 'static,
    R: RelationSpec,
    N: Planned<Entity = R::Child>,
    E: PlannedEdge,
{
    if !known_arguments(field, false) {
        return None;
    }
    let connection = connection::<N, E>(planner, field)?;
    Some(Item::Rows {
        key: key_of(field),
        rows: Box::new(Many::<P, R, N> {
            parent_id,
            arguments: field.arguments.clone(),
            connection,
            _relation: std::marker::PhantomData,
        }),
    })
}

impl<P, R, N> Rows<P> for Many<P, R, N>
where
    P: Send + Sync + 'static,
    R: RelationSpec,
    N: Planned<Entity = R::Child>,
{
    fn load<'a>(
        &'a self,
        run: &'a Run<'a>,
        records: &[&P],
    ) -> BoxFuture<'a, AppResult<Box<dyn Loaded<P> + 'a>>> {
        let mut parents: Vec<i32> = records.iter().map(|r| (self.parent_id)(r)).collect();
        parents.sort_unstable();
        parents.dedup();
        Box::pin(async move {
            let query = list_query::<N>(run, &self.arguments, false)?;
            let pages = if parents.is_empty() {
                HashMap::new()
            } else {
                listing::related_pages::<R>(run.db, &parents, &query, Columns::WithoutProvenance)
                    .await?
            };
            if let Some(holds) = self.connection.holds {
                let rows = pages.values().flat_map(|page| page.rows.iter());
                if !rows.into_iter().all(|row| holds(row.link.as_ref())) {
                    return Err(refused());
                }
            }
            let models: Vec<&ModelOf<N>> = pages
                .values()
                .flat_map(|page| page.rows.iter().map(|row| &row.model))
                .collect();
            let nested = self.connection.load(run, &models).await?;
            drop(models);
            Ok(Box::new(LoadedMany {
                plan: self,
                pages,
                nested,
                empty: Page::empty(),
            }) as Box<dyn Loaded<P> + 'a>)
        })
    }
}

struct LoadedMany<'a, P, R: RelationSpec, N: Planned> {
    plan: &'a Many<P, R, N>,
    pages: HashMap<i32, Page<ModelOf<N>>>,
    nested: LoadedPages<'a, ModelOf<N>>,
    empty: Page<ModelOf<N>>,
}

impl<P, R, N> Loaded<P> for LoadedMany<'_, P, R, N>
where
    P: Send + Sync + 'static,
    R: RelationSpec,
    N: Planned<Entity = R::Child>,
{
    fn write(&self, record: &P, out: &mut Vec<u8>) {
        let page = self
            .pages
            .get(&(self.plan.parent_id)(record))
            .unwrap_or(&self.empty);
        // A relation's page is counted with it (see `types::connection::total_of`).
        let total = page.total.unwrap_or(page.rows.len() as u64);
        self.plan.connection.write(page, total, &self.nested, out);
    }
}

/// A field of `Query`: what the operation's root selects.
enum Root {
    Typename(Box<[u8]>),
    List(Box<[u8]>, Box<dyn RootList>),
    Entities(Box<[u8]>, Entities),
}

/// A root list: a page of a whole table.
trait RootList: Send + Sync {
    fn write<'a>(&'a self, run: &'a Run<'a>, out: &'a mut Vec<u8>) -> BoxFuture<'a, AppResult<()>>;
}

struct List<N: Planned> {
    arguments: Arguments,
    connection: Connection<ModelOf<N>>,
    counts: bool,
}

impl<N: Planned> RootList for List<N> {
    fn write<'a>(&'a self, run: &'a Run<'a>, out: &'a mut Vec<u8>) -> BoxFuture<'a, AppResult<()>> {
        Box::pin(async move {
            let query = list_query::<N>(run, &self.arguments, true)?;
            let mut page = if self.counts {
                listing::root_page_with_total::<N::Entity>(
                    run.db,
                    &query,
                    Columns::WithoutProvenance,
                )
                .await?
            } else {
                listing::root_page::<N::Entity>(run.db, &query, Columns::WithoutProvenance).await?
            };
            if self.counts && page.total.is_none() {
                page.total =
                    Some(listing::count::<N::Entity>(run.db, query.filter.as_ref()).await?);
            }
            let models: Vec<&ModelOf<N>> = page.rows.iter().map(|row| &row.model).collect();
            let nested = self.connection.load(run, &models).await?;
            drop(models);
            let total = page.total.unwrap_or(0);
            self.connection.write(&page, total, &nested, out);
            Ok(())
        })
    }
}

/// The plan of a root list `field` of `N`.
fn root_list<N: Planned>(planner: &Planner<'_>, field: &Field) -> Option<Box<dyn RootList>> {
    if !known_arguments(field, true) {
        return None;
    }
    let connection = connection::<N, async_graphql::connection::EmptyFields>(planner, field)?;
    let counts = connection
        .items
        .iter()
        .any(|item| matches!(item, ConnItem::TotalCount(_)));
    Some(Box::new(List::<N> {
        arguments: field.arguments.clone(),
        connection,
        counts,
    }))
}

/// The root lists a plan can answer, by field name.
fn root_field(planner: &Planner<'_>, field: &Field) -> Option<Box<dyn RootList>> {
    use super::types::{
        Alliance, GenomicMedicineCentre, Hub, HubMembership, Icb, NetworkOfExcellence,
        Organisation, Region, Site, TrainingCourse, TransformationProject, Trust,
    };
    match field.name.node.as_str() {
        "sites" => root_list::<Site>(planner, field),
        "hubMemberships" => root_list::<HubMembership>(planner, field),
        "organisations" => root_list::<Organisation>(planner, field),
        "networksOfExcellence" => root_list::<NetworkOfExcellence>(planner, field),
        "genomicMedicineCentres" => root_list::<GenomicMedicineCentre>(planner, field),
        "trainingCourses" => root_list::<TrainingCourse>(planner, field),
        "transformationProjects" => root_list::<TransformationProject>(planner, field),
        "alliances" => root_list::<Alliance>(planner, field),
        "hubs" => root_list::<Hub>(planner, field),
        "regions" => root_list::<Region>(planner, field),
        "trusts" => root_list::<Trust>(planner, field),
        "icbs" => root_list::<Icb>(planner, field),
        _ => None,
    }
}

/// A representation: the index of its kind's plan, and the record it names, if any.
type Wanted = (usize, Option<(Kind, String)>);

/// `_entities`: a router's fetch of records by their keys. Each kind a plan knows has its
/// selection on the `_Entity` union planned; the representations are read at the run, and all
/// of them looked up by one statement (as `records::by_keys` reads them for the resolvers). A
/// representation of a kind without a plan, or with other keys than one of `id` and the kind's
/// natural key, leaves the request to async-graphql.
struct Entities {
    arguments: Arguments,
    kinds: Vec<Box<dyn EntityKind>>,
}

/// One kind's part of `_entities`.
trait EntityKind: Send + Sync {
    fn kind(&self) -> Kind;
    /// The name of the representation field holding its natural key, if it is looked up by it.
    fn key_field(&self) -> Option<&'static str>;
    /// Whether a representation of this kind leaves the request to async-graphql.
    fn refused(&self) -> bool;
    /// The response keys its selection writes, in order.
    fn keys(&self) -> Vec<&[u8]>;
    /// Its records among those found, by representation, and what their selection reads.
    fn load<'a>(
        &'a self,
        run: &'a Run<'a>,
        found: Vec<(usize, Record)>,
    ) -> BoxFuture<'a, AppResult<Box<dyn LoadedEntities + 'a>>>;
}

trait LoadedEntities: Send + Sync {
    /// Writes the record of representation `index`, if it is one of this kind's.
    fn write(&self, index: usize, out: &mut Vec<u8>) -> bool;
}

struct EntityOf<N: Planned> {
    selection: Selection<ModelOf<N>>,
    key_field: Option<&'static str>,
}

impl<N: Planned> EntityOf<N> {
    /// Whether its selection selects nothing (async-graphql answers such a record with null):
    /// left to async-graphql.
    fn selects_nothing(&self) -> bool {
        self.selection.items.is_empty()
    }
}

impl<N: Planned> EntityKind for EntityOf<N>
where
    N::Entity: Recorded,
{
    fn kind(&self) -> Kind {
        N::kind()
    }

    fn key_field(&self) -> Option<&'static str> {
        self.key_field
    }

    fn refused(&self) -> bool {
        self.selects_nothing()
    }

    fn keys(&self) -> Vec<&[u8]> {
        self.selection
            .items
            .iter()
            .map(|item| match item {
                Item::Own { key, .. } | Item::Constant { key, .. } | Item::Rows { key, .. } => {
                    &key[..]
                }
            })
            .collect()
    }

    fn load<'a>(
        &'a self,
        run: &'a Run<'a>,
        found: Vec<(usize, Record)>,
    ) -> BoxFuture<'a, AppResult<Box<dyn LoadedEntities + 'a>>> {
        let models: HashMap<usize, ModelOf<N>> = found
            .into_iter()
            .filter_map(|(index, record)| Some((index, <N::Entity as Recorded>::model(record)?)))
            .collect();
        Box::pin(async move {
            let refs: Vec<&ModelOf<N>> = models.values().collect();
            let nested = self.selection.load(run, &refs).await?;
            drop(refs);
            Ok(Box::new(LoadedEntitiesOf {
                plan: self,
                models,
                nested,
            }) as Box<dyn LoadedEntities + 'a>)
        })
    }
}

struct LoadedEntitiesOf<'a, N: Planned> {
    plan: &'a EntityOf<N>,
    models: HashMap<usize, ModelOf<N>>,
    nested: Vec<Box<dyn Loaded<ModelOf<N>> + 'a>>,
}

impl<N: Planned> LoadedEntities for LoadedEntitiesOf<'_, N> {
    fn write(&self, index: usize, out: &mut Vec<u8>) -> bool {
        match self.models.get(&index) {
            Some(model) => {
                self.plan.selection.write(model, &self.nested, out);
                true
            }
            None => false,
        }
    }
}

/// The plan of kind `N`'s part of the `_entities` selection `field`.
fn entity_of<N: Planned>(
    planner: &Planner<'_>,
    field: &Field,
    key_field: Option<&'static str>,
) -> Option<Box<dyn EntityKind>>
where
    N::Entity: Recorded,
{
    let selection = plan_selection_of::<N>(planner, field, Some("_Entity"))?;
    Some(Box::new(EntityOf::<N> {
        selection,
        key_field,
    }))
}

impl Entities {
    fn plan(planner: &Planner<'_>, field: &Field) -> Option<Entities> {
        use super::types::{
            Alliance, GenomicMedicineCentre, Hub, HubMembership, Icb, NetworkOfExcellence,
            Organisation, Region, Site, TrainingCourse, TransformationProject, Trust,
        };
        if field.arguments.len() != 1 || field.get_argument("representations").is_none() {
            return None;
        }
        // The keys `_entities` finds each kind by besides `id` (see `query::entities`): Icb's
        // `code` is a lookup of its own, left to async-graphql.
        let kinds = vec![
            entity_of::<Alliance>(planner, field, None)?,
            entity_of::<Hub>(planner, field, None)?,
            entity_of::<Region>(planner, field, Some("code"))?,
            entity_of::<Trust>(planner, field, Some("odsCode"))?,
            entity_of::<Icb>(planner, field, Some("odsCode"))?,
            entity_of::<TrainingCourse>(planner, field, None)?,
            entity_of::<TransformationProject>(planner, field, None)?,
            entity_of::<Site>(planner, field, Some("odsCode"))?,
            entity_of::<HubMembership>(planner, field, None)?,
            entity_of::<Organisation>(planner, field, None)?,
            entity_of::<NetworkOfExcellence>(planner, field, None)?,
            entity_of::<GenomicMedicineCentre>(planner, field, None)?,
        ];
        // Where two kinds' selections put the same keys in different orders, the resolvers'
        // answer cannot be put in the order of each record's kind (see `order`): left to them.
        for (i, a) in kinds.iter().enumerate() {
            for b in &kinds[i + 1..] {
                let (a, b) = (a.keys(), b.keys());
                let common = |keys: &[&[u8]], other: &[&[u8]]| -> Vec<Vec<u8>> {
                    keys.iter()
                        .filter(|key| other.contains(key))
                        .map(|key| key.to_vec())
                        .collect()
                };
                if common(&a, &b) != common(&b, &a) {
                    return None;
                }
            }
        }
        Some(Entities {
            arguments: field.arguments.clone(),
            kinds,
        })
    }

    /// What each representation asks for: a kind's record by its natural key, or nothing (an
    /// id that is malformed or of another kind, which `_entities` answers with null).
    fn wanted(&self, run: &Run<'_>) -> AppResult<Vec<Wanted>> {
        let Some(ConstValue::List(representations)) =
            run.argument(&self.arguments, "representations")
        else {
            return Err(refused());
        };
        let mut wanted = Vec::with_capacity(representations.len());
        for representation in representations {
            let ConstValue::Object(fields) = representation else {
                return Err(refused());
            };
            let Some(ConstValue::String(type_name)) = fields.get("__typename") else {
                return Err(refused());
            };
            let kind = self
                .kinds
                .iter()
                .position(|k| k.kind().name() == type_name)
                .ok_or_else(refused)?;
            let plan = &self.kinds[kind];
            if fields.len() != 2 || plan.refused() {
                return Err(refused());
            }
            let key = match (
                fields.get("id"),
                plan.key_field().and_then(|f| fields.get(f)),
            ) {
                (Some(ConstValue::String(id)), None) => {
                    match super::values::node_id::key_of(id, plan.kind()) {
                        Ok(Some(key)) => Some(key.to_owned()),
                        // Malformed, or an id of another kind: null.
                        Ok(None) | Err(AppError::BadUserInput(_)) => None,
                        Err(_) => return Err(refused()),
                    }
                }
                (None, Some(ConstValue::String(key))) => Some(key.clone()),
                _ => return Err(refused()),
            };
            wanted.push((kind, key.map(|key| (plan.kind(), key))));
        }
        Ok(wanted)
    }

    async fn write(&self, run: &Run<'_>, out: &mut Vec<u8>) -> AppResult<()> {
        let wanted = self.wanted(run)?;
        let mut keys: Vec<(Kind, String)> = wanted.iter().filter_map(|(_, k)| k.clone()).collect();
        keys.sort_unstable();
        keys.dedup();
        let mut found = if keys.is_empty() {
            HashMap::new()
        } else {
            crate::service::records::by_keys(run.db, &keys, Columns::WithoutProvenance).await?
        };
        // Each kind's records, by representation (one found record may answer several).
        let mut by_kind: Vec<Vec<(usize, Record)>> =
            self.kinds.iter().map(|_| Vec::new()).collect();
        for (index, (kind, key)) in wanted.iter().enumerate() {
            if let Some(record) = key.as_ref().and_then(|key| found.get(key)) {
                by_kind[*kind].push((index, record.clone()));
            }
        }
        found.clear();
        let mut loaded = Vec::with_capacity(self.kinds.len());
        for (plan, records) in self.kinds.iter().zip(by_kind) {
            loaded.push(plan.load(run, records).await?);
        }
        out.push(b'[');
        for (index, (kind, _)) in wanted.iter().enumerate() {
            if index > 0 {
                out.push(b',');
            }
            if !loaded[*kind].write(index, out) {
                out.extend_from_slice(b"null");
            }
        }
        out.push(b']');
        Ok(())
    }
}

/// A query operation, planned.
pub struct Plan {
    roots: Vec<Root>,
    /// The defaults of the operation's variables.
    defaults: HashMap<Name, ConstValue>,
    /// Whether the operation declares variables: its validity then depends on their values.
    pub(crate) has_variables: bool,
    /// Its non-null variables without a default: a request that leaves one out is refused by
    /// async-graphql where the variable is used, so it is left to it.
    required: Vec<Name>,
    /// Its verdict, once checked, when that depends on the document alone (see `check`).
    pub(crate) checked: std::sync::OnceLock<check::Verdict>,
}

impl Plan {
    /// The plan of the operation `operation` names in `document` (the only one, when `None`),
    /// if it is a query the planned read can answer.
    pub fn of(document: &ExecutableDocument, operation: Option<&str>) -> Option<Plan> {
        let op = super::documents::operation(document, operation)?;
        let op = &op.node;
        if op.ty != OperationType::Query || !op.directives.is_empty() {
            return None;
        }
        let planner = Planner {
            document,
            depth: std::cell::Cell::new(0),
        };
        let mut roots = Vec::new();
        for field in &planner.fields(&op.selection_set.node, "Query")? {
            let key = key_of(field);
            roots.push(match field.name.node.as_str() {
                "__typename" => Root::Typename(key),
                "_entities" => Root::Entities(key, Entities::plan(&planner, field)?),
                _ => Root::List(key, root_field(&planner, field)?),
            });
        }
        let mut defaults = HashMap::new();
        let mut required = Vec::new();
        for variable in &op.variable_definitions {
            let variable = &variable.node;
            if !variable.directives.is_empty() {
                return None;
            }
            match &variable.default_value {
                Some(default) => {
                    defaults.insert(variable.name.node.clone(), default.node.clone());
                }
                None if !variable.var_type.node.nullable => {
                    required.push(variable.name.node.clone());
                }
                None => {}
            }
        }
        Some(Plan {
            roots,
            defaults,
            has_variables: !op.variable_definitions.is_empty(),
            required,
            checked: std::sync::OnceLock::new(),
        })
    }

    /// The answer's JSON, `{"data":{…}}`, read through `db`.
    pub async fn run(
        &self,
        db: &Session,
        variables: &Variables,
        capacity: usize,
    ) -> AppResult<Vec<u8>> {
        if self
            .required
            .iter()
            .any(|name| !variables.contains_key(name))
        {
            return Err(refused());
        }
        let run = Run {
            db,
            variables,
            defaults: &self.defaults,
        };
        let mut out = Vec::with_capacity(capacity);
        out.extend_from_slice(b"{\"data\":{");
        for (i, root) in self.roots.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            match root {
                Root::Typename(key) => {
                    out.extend_from_slice(key);
                    out.extend_from_slice(b"\"Query\"");
                }
                Root::List(key, list) => {
                    out.extend_from_slice(key);
                    list.write(&run, &mut out).await?;
                }
                Root::Entities(key, entities) => {
                    out.extend_from_slice(key);
                    entities.write(&run, &mut out).await?;
                }
            }
        }
        out.extend_from_slice(b"}}");
        Ok(out)
    }
}

impl std::fmt::Debug for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plan")
            .field("roots", &self.roots.len())
            .finish_non_exhaustive()
    }
}

/// Describes the fields of an API type a plan can write, beside its `object!`:
///
/// ```text
/// planned! {
///     Alliance(alliance) by slug {
///         own { "slug": str slug, "name": str name, "website": opt_str website }
///         one { "hub": required Hub by hub_id, "hostTrust": optional Trust by host_trust_id }
///         many { "regions": AllianceRegions => Region with Coverage }
///     }
/// }
/// ```
///
/// `by` names the natural key the `id` is made of; `own` the record's own values (`str`,
/// `opt_str`, `int`, `opt_int`, `value` for any other input-typed value such as a float, and
/// `enum`/`opt_enum` with `as` the API enum); `one` the to-one relations by foreign key; `many` the
/// connections by relation, with the connection's edge kind (`EmptyFields` for plain ones).
macro_rules! planned {
    (
        $ty:ident($module:ident) by $id_key:ident {
            own { $($own:literal: $how:ident $column:ident $(as $api:ty)?),* $(,)? }
            one { $($one:literal: $need:ident $target:ident by $fk:ident),* $(,)? }
            many { $($many:literal: $relation:ident => $child:ident with $edge:ty),* $(,)? }
        }
    ) => {
        impl $crate::graphql::plan::Planned for $ty {
            fn field(
                planner: &$crate::graphql::plan::Planner<'_>,
                field: &async_graphql::parser::types::Field,
            ) -> Option<$crate::graphql::plan::Item<entity::$module::Model>> {
                use $crate::graphql::plan::{own, write};
                type M = entity::$module::Model;
                // Used by the relations, where a kind has any.
                let _ = planner;
                match field.name.node.as_str() {
                    "id" => own(field, |m: &M, out: &mut Vec<u8>| {
                        write::id(<$ty as $crate::graphql::types::NodeType>::kind(), &m.$id_key, out)
                    }),
                    $($own => own(field, |m: &M, out: &mut Vec<u8>| $crate::graphql::plan::planned!(@write $how, m.$column, out $(, $api)?)),)*
                    $($one => $crate::graphql::plan::to_one::<M, $target>(
                        planner,
                        field,
                        |m: &M| $crate::graphql::plan::planned!(@key $need, m.$fk),
                        $crate::graphql::plan::planned!(@required $need),
                    ),)*
                    $($many => $crate::graphql::plan::many::<
                        M,
                        $crate::service::kinds::$relation,
                        $child,
                        $edge,
                    >(planner, field, |m: &M| m.id),)*
                    _ => None,
                }
            }
        }
    };
    (@write str, $value:expr, $out:ident) => { write::str(&$value, $out) };
    (@write opt_str, $value:expr, $out:ident) => { write::opt_str($value.as_deref(), $out) };
    (@write int, $value:expr, $out:ident) => { write::int($value, $out) };
    (@write opt_int, $value:expr, $out:ident) => { write::opt_int($value, $out) };
    (@write value, $value:expr, $out:ident) => { write::value(&$value, $out) };
    (@write enum, $value:expr, $out:ident, $api:ty) => { write::value(&<$api>::from($value), $out) };
    (@write opt_enum, $value:expr, $out:ident, $api:ty) => {
        write::value(&$value.map(<$api>::from), $out)
    };
    (@key required, $value:expr) => { Some($value) };
    (@key optional, $value:expr) => { $value };
    (@required required) => { true };
    (@required optional) => { false };
}
pub(crate) use planned;
