//! Filter and order inputs of the connections, and how they become a service `ListQuery`.
//!
//! Scalar filters test one field (`StringFilter`, `IntFilter`, `DateFilter`, `IdFilter`, one per
//! enum); entity filters (`HubFilter`, …) combine them with `and` / `or` / `not` and reach
//! through relations: a to-one relation takes the related entity's filter, a to-many one a
//! list filter (`some` / `every` / `none`).
//!
//! On a missing value (a null field, an absent to-one relation) every test is false but `ne`,
//! `notIn` and `isNull: true`, which hold; `not` is the exact complement, so a filter and its
//! `not` split the rows between them (see `service::filter`).

/// The list filter of an entity filter, e.g. `list_filter!(HubListFilter of HubFilter);`.
macro_rules! list_filter {
    ($name:ident of $filter:ident) => {
        /// A test on the related rows of a to-many relation.
        #[derive(InputObject, Clone)]
        pub struct $name {
            /// At least one related item matches.
            pub some: Option<$filter>,
            /// Every related item matches (true when there are none).
            pub every: Option<$filter>,
            /// No related item matches.
            pub none: Option<$filter>,
        }

        impl $crate::graphql::filters::Quantified for $name {
            type Filter = $filter;
            fn quantified(&self) -> [($crate::service::filter::Quantifier, Option<&$filter>); 3] {
                use $crate::service::filter::Quantifier;
                [
                    (Quantifier::Some, self.some.as_ref()),
                    (Quantifier::Every, self.every.as_ref()),
                    (Quantifier::None, self.none.as_ref()),
                ]
            }
        }
    };
}

mod entities;

pub use entities::*;

use async_graphql::{Enum, ID, InputObject};
use entity::{CourseFormat, ProjectStatus, ProjectTheme};
use sea_orm::{ActiveEnum, ColumnTrait, EntityName, IdenStatic, sea_query::Order};

use super::values::enums;
use super::values::node_id::key_of;
use super::values::scalars::Date;
use crate::error::AppResult;
use crate::service::{
    ListQuery, Ordering, PageRequest,
    filter::{Filter, FilterValue, Quantifier, Test},
    kinds::{Listed, RelationSpec},
};

/// Tests on a text field; every test given must hold. `contains`, `startsWith` and `endsWith`
/// ignore case. On a missing value every test is false but `ne`, `notIn` and `isNull: true`.
#[derive(InputObject, Default, Clone)]
pub struct StringFilter {
    /// Equal to.
    pub eq: Option<String>,
    /// Not equal to (a missing value is not equal).
    pub ne: Option<String>,
    /// Equal to one of.
    #[graphql(name = "in")]
    pub in_: Option<Vec<String>>,
    /// Equal to none of (a missing value is in none).
    pub not_in: Option<Vec<String>>,
    /// true: only missing values; false: only present ones.
    pub is_null: Option<bool>,
    /// Contains this text, ignoring case.
    pub contains: Option<String>,
    /// Starts with this text, ignoring case.
    pub starts_with: Option<String>,
    /// Ends with this text, ignoring case.
    pub ends_with: Option<String>,
}

/// Tests on a whole-number field; every test given must hold.
#[derive(InputObject, Default, Clone)]
pub struct IntFilter {
    /// Equal to.
    pub eq: Option<i32>,
    /// Not equal to (a missing value is not equal).
    pub ne: Option<i32>,
    /// Equal to one of.
    #[graphql(name = "in")]
    pub in_: Option<Vec<i32>>,
    /// Equal to none of (a missing value is in none).
    pub not_in: Option<Vec<i32>>,
    /// true: only missing values; false: only present ones.
    pub is_null: Option<bool>,
    /// Greater than.
    pub gt: Option<i32>,
    /// Greater than or equal to.
    pub gte: Option<i32>,
    /// Less than.
    pub lt: Option<i32>,
    /// Less than or equal to.
    pub lte: Option<i32>,
}

/// Tests on a date field; every test given must hold.
#[derive(InputObject, Default, Clone)]
pub struct DateFilter {
    /// Equal to.
    pub eq: Option<Date>,
    /// Not equal to (a missing value is not equal).
    pub ne: Option<Date>,
    /// Equal to one of.
    #[graphql(name = "in")]
    pub in_: Option<Vec<Date>>,
    /// Equal to none of (a missing value is in none).
    pub not_in: Option<Vec<Date>>,
    /// true: only missing values; false: only present ones.
    pub is_null: Option<bool>,
    /// Greater than.
    pub gt: Option<Date>,
    /// Greater than or equal to.
    pub gte: Option<Date>,
    /// Less than.
    pub lt: Option<Date>,
    /// Less than or equal to.
    pub lte: Option<Date>,
}

/// Tests on a global id; every test given must hold.
#[derive(InputObject, Default, Clone)]
pub struct IdFilter {
    /// Equal to.
    pub eq: Option<ID>,
    /// Not equal to (a missing value is not equal).
    pub ne: Option<ID>,
    /// Equal to one of.
    #[graphql(name = "in")]
    pub in_: Option<Vec<ID>>,
    /// Equal to none of (a missing value is in none).
    pub not_in: Option<Vec<ID>>,
}

macro_rules! enum_filter {
    ($(#[$doc:meta])* $name:ident, $api:ty, $db:ty) => {
        $(#[$doc])*
        #[derive(InputObject, Default, Clone)]
        pub struct $name {
            /// Equal to.
            pub eq: Option<$api>,
            /// Not equal to (a missing value is not equal).
            pub ne: Option<$api>,
            /// Equal to one of.
            #[graphql(name = "in")]
            pub in_: Option<Vec<$api>>,
            /// Equal to none of (a missing value is in none).
            pub not_in: Option<Vec<$api>>,
            /// true: only missing values; false: only present ones.
            pub is_null: Option<bool>,
        }

        impl $name {
            fn tests(&self, column: &'static str, parts: &mut Vec<Filter>) {
                let value = |v: &$api| FilterValue::Text(<$db>::from(*v).to_value());
                let values = |vs: &Vec<$api>| vs.iter().map(value).collect();
                let mut push = |test| parts.push(Filter::Column { column, test });
                if let Some(v) = &self.eq { push(Test::Eq(value(v))) }
                if let Some(v) = &self.ne { push(Test::Ne(value(v))) }
                if let Some(vs) = &self.in_ { push(Test::In(values(vs))) }
                if let Some(vs) = &self.not_in { push(Test::NotIn(values(vs))) }
                if let Some(b) = self.is_null { push(Test::IsNull(b)) }
            }
        }
    };
}

enum_filter!(
    /// Tests on a project theme; every test given must hold.
    ProjectThemeFilter, enums::ProjectTheme, ProjectTheme
);
enum_filter!(
    /// Tests on a project status; every test given must hold.
    ProjectStatusFilter, enums::ProjectStatus, ProjectStatus
);
enum_filter!(
    /// Tests on a course format; every test given must hold.
    CourseFormatFilter, enums::CourseFormat, CourseFormat
);
enum_filter!(
    /// Tests on a hub member's role; every test given must hold.
    MembershipRoleFilter, enums::MembershipRole, entity::MembershipRole
);
enum_filter!(
    /// Tests on a confidence; every test given must hold.
    ConfidenceFilter, enums::Confidence, entity::Confidence
);

/// Which way an ordering runs.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OrderDirection {
    /// Smallest first; missing values last.
    #[default]
    Asc,
    /// Largest first; missing values last.
    Desc,
}

impl From<OrderDirection> for Order {
    fn from(direction: OrderDirection) -> Self {
        match direction {
            OrderDirection::Asc => Order::Asc,
            OrderDirection::Desc => Order::Desc,
        }
    }
}

/// An entity filter: becomes one service `Filter`.
pub trait BuildFilter {
    fn build(&self) -> AppResult<Filter>;
}

/// Relation fields take their filter boxed: an object's field futures are as large as its
/// largest field's, and an unboxed filter made every field of a hub or an alliance kilobytes.
impl<F: BuildFilter> BuildFilter for Box<F> {
    fn build(&self) -> AppResult<Filter> {
        F::build(self)
    }
}

/// An entity ordering input: a column and a direction.
pub trait OrderKey<E: Listed> {
    fn key(&self) -> (E::Column, Order);
}

/// The conditions of one entity filter, gathered field by field.
#[derive(Default)]
pub(crate) struct Parts(Vec<Filter>);

impl Parts {
    fn push(&mut self, column: &'static str, test: Test) {
        self.0.push(Filter::Column { column, test });
    }

    pub(crate) fn string(&mut self, column: impl IdenStatic, f: &Option<StringFilter>) {
        let column = column.as_str();
        let Some(f) = f else { return };
        let text = |s: &String| FilterValue::Text(s.clone());
        if let Some(v) = &f.eq {
            self.push(column, Test::Eq(text(v)))
        }
        if let Some(v) = &f.ne {
            self.push(column, Test::Ne(text(v)))
        }
        if let Some(vs) = &f.in_ {
            self.push(column, Test::In(vs.iter().map(text).collect()))
        }
        if let Some(vs) = &f.not_in {
            self.push(column, Test::NotIn(vs.iter().map(text).collect()))
        }
        if let Some(b) = f.is_null {
            self.push(column, Test::IsNull(b))
        }
        if let Some(s) = &f.contains {
            self.push(column, Test::Contains(s.clone()))
        }
        if let Some(s) = &f.starts_with {
            self.push(column, Test::StartsWith(s.clone()))
        }
        if let Some(s) = &f.ends_with {
            self.push(column, Test::EndsWith(s.clone()))
        }
    }

    pub(crate) fn int(&mut self, column: impl IdenStatic, f: &Option<IntFilter>) {
        let column = column.as_str();
        if let Some(f) = f {
            let int = |n: &i32| FilterValue::Int(i64::from(*n));
            self.ordered(
                column,
                Ordered::new(
                    f.eq,
                    f.ne,
                    &f.in_,
                    &f.not_in,
                    f.is_null,
                    [f.gt, f.gte, f.lt, f.lte],
                    int,
                ),
            );
        }
    }

    pub(crate) fn date(&mut self, column: impl IdenStatic, f: &Option<DateFilter>) {
        let column = column.as_str();
        if let Some(f) = f {
            let date = |d: &Date| FilterValue::Date(d.0);
            self.ordered(
                column,
                Ordered::new(
                    f.eq,
                    f.ne,
                    &f.in_,
                    &f.not_in,
                    f.is_null,
                    [f.gt, f.gte, f.lt, f.lte],
                    date,
                ),
            );
        }
    }

    fn ordered(&mut self, column: &'static str, f: Ordered) {
        let [gt, gte, lt, lte] = f.bounds;
        let tests = [
            (f.eq, Test::Eq as fn(_) -> _),
            (f.ne, Test::Ne),
            (gt, Test::Gt),
            (gte, Test::Gte),
            (lt, Test::Lt),
            (lte, Test::Lte),
        ];
        for (value, test) in tests {
            if let Some(value) = value {
                self.push(column, test(value));
            }
        }
        if let Some(values) = f.in_ {
            self.push(column, Test::In(values));
        }
        if let Some(values) = f.not_in {
            self.push(column, Test::NotIn(values));
        }
        if let Some(b) = f.is_null {
            self.push(column, Test::IsNull(b));
        }
    }

    /// An id filter on a kind whose ids are `<kind>:<natural key>`. A malformed id is bad input;
    /// an id of another type matches nothing.
    pub(crate) fn id<E: Listed>(&mut self, f: &Option<IdFilter>) -> AppResult<()> {
        let (kind, key_column) = (E::KIND, E::key_column().as_str());
        let Some(f) = f else { return Ok(()) };
        let key = |id: &ID| -> AppResult<Option<FilterValue>> {
            Ok(key_of(id, kind)?.map(|k| FilterValue::Text(k.to_owned())))
        };
        let keys = |ids: &Vec<ID>| -> AppResult<Vec<FilterValue>> {
            Ok(ids
                .iter()
                .map(key)
                .collect::<AppResult<Vec<_>>>()?
                .into_iter()
                .flatten()
                .collect())
        };
        if let Some(id) = &f.eq {
            match key(id)? {
                Some(k) => self.push(key_column, Test::Eq(k)),
                None => self.push(key_column, Test::In(Vec::new())),
            }
        }
        if let Some(id) = &f.ne
            && let Some(k) = key(id)?
        {
            self.push(key_column, Test::Ne(k));
        }
        if let Some(ids) = &f.in_ {
            let keys = keys(ids)?;
            self.push(key_column, Test::In(keys));
        }
        if let Some(ids) = &f.not_in {
            let keys = keys(ids)?;
            self.push(key_column, Test::NotIn(keys));
        }
        Ok(())
    }

    pub(crate) fn enum_tests(&mut self, column: impl IdenStatic, f: &Option<impl EnumTests>) {
        let column = column.as_str();
        if let Some(f) = f {
            f.apply(column, &mut self.0);
        }
    }

    /// A to-one relation: this row's `local` column is the `remote` column of a matching row
    /// of the remote column's table.
    pub(crate) fn one<C: ColumnTrait>(
        &mut self,
        local: impl IdenStatic,
        remote: C,
        f: &Option<Box<impl BuildFilter>>,
    ) -> AppResult<()> {
        let (local, remote) = (local.as_str(), remote.as_str());
        let table = C::EntityName::default().table_name();
        if let Some(f) = f {
            self.0.push(Filter::ToOne {
                local,
                table,
                remote,
                inner: Box::new(f.build()?),
            });
        }
        Ok(())
    }

    /// A to-many relation, quantified.
    pub(crate) fn many<R: RelationSpec, L: Quantified>(
        &mut self,
        f: &Option<Box<L>>,
    ) -> AppResult<()> {
        let Some(f) = f else { return Ok(()) };
        for (quantifier, inner) in f.quantified() {
            if let Some(inner) = inner {
                self.0
                    .push(Filter::related::<R>(quantifier, inner.build()?));
            }
        }
        Ok(())
    }

    pub(crate) fn logic<F: BuildFilter>(
        &mut self,
        and: &Option<Vec<F>>,
        or: &Option<Vec<F>>,
        not: &Option<Box<F>>,
    ) -> AppResult<()> {
        if let Some(all) = and {
            self.0.push(Filter::All(
                all.iter()
                    .map(BuildFilter::build)
                    .collect::<AppResult<_>>()?,
            ));
        }
        if let Some(any) = or {
            self.0.push(Filter::Any(
                any.iter()
                    .map(BuildFilter::build)
                    .collect::<AppResult<_>>()?,
            ));
        }
        if let Some(not) = not {
            self.0.push(Filter::Not(Box::new(not.build()?)));
        }
        Ok(())
    }

    pub(crate) fn finish(self) -> Filter {
        Filter::all(self.0).unwrap_or(Filter::All(Vec::new()))
    }
}

/// The tests of a filter on an ordered type (`IntFilter`, `DateFilter`), as filter values.
struct Ordered {
    eq: Option<FilterValue>,
    ne: Option<FilterValue>,
    in_: Option<Vec<FilterValue>>,
    not_in: Option<Vec<FilterValue>>,
    is_null: Option<bool>,
    /// gt, gte, lt, lte.
    bounds: [Option<FilterValue>; 4],
}

impl Ordered {
    fn new<T>(
        eq: Option<T>,
        ne: Option<T>,
        in_: &Option<Vec<T>>,
        not_in: &Option<Vec<T>>,
        is_null: Option<bool>,
        bounds: [Option<T>; 4],
        value: impl Fn(&T) -> FilterValue,
    ) -> Self {
        let list = |vs: &Option<Vec<T>>| vs.as_ref().map(|vs| vs.iter().map(&value).collect());
        Self {
            eq: eq.as_ref().map(&value),
            ne: ne.as_ref().map(&value),
            in_: list(in_),
            not_in: list(not_in),
            is_null,
            bounds: bounds.map(|b| b.as_ref().map(&value)),
        }
    }
}

/// Implemented by the enum filters.
pub(crate) trait EnumTests {
    fn apply(&self, column: &'static str, parts: &mut Vec<Filter>);
}

macro_rules! enum_tests {
    ($($name:ident),*) => {$(
        impl EnumTests for $name {
            fn apply(&self, column: &'static str, parts: &mut Vec<Filter>) {
                self.tests(column, parts);
            }
        }
    )*};
}
enum_tests!(
    ProjectThemeFilter,
    ProjectStatusFilter,
    CourseFormatFilter,
    MembershipRoleFilter,
    ConfidenceFilter
);

/// The tests of a to-many relation's filter (`HubListFilter`, …): some, every or none of the
/// related rows match its entity filter.
pub trait Quantified {
    type Filter: BuildFilter;
    fn quantified(&self) -> [(Quantifier, Option<&Self::Filter>); 3];
}

/// A connection's arguments, checked, as a service query.
pub fn list_query<E: Listed, F: BuildFilter, O: OrderKey<E>>(
    filter: Option<F>,
    order_by: Option<Vec<O>>,
    first: Option<i32>,
    after: Option<String>,
    last: Option<i32>,
    before: Option<String>,
) -> AppResult<ListQuery<E>> {
    let page = PageRequest::new(first, after.as_deref(), last, before.as_deref())?;
    let ordering = match order_by {
        Some(keys) if !keys.is_empty() => Ordering::by(keys.iter().map(OrderKey::key).collect()),
        _ => Ordering::natural(),
    };
    let filter = filter.map(|f| f.build()).transpose()?;
    Ok(ListQuery {
        filter,
        ordering,
        page,
    })
}
