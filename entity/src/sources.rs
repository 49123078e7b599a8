use sea_orm::{
    ActiveValue, ColIdx, IntoActiveValue, QueryResult, TryGetError, TryGetable, TryGetableFromJson,
    Value,
    sea_query::{ArrayType, ColumnType, Nullable, ValueType, ValueTypeErr},
};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// Where a record's facts come from: URLs, or a citation where the source has no URL.
/// Stored as a JSON array of strings.
///
/// Most reads never ask for a row's sources: a row's sources are kept as the JSON text the
/// database gave (checked to be JSON, not taken apart) and parsed into strings only when asked
/// for ([`Sources::urls`]). A read may also leave them out (selecting NULL in their place, as
/// the column itself is never NULL): such sources are [`Sources::omitted`], and asking them for
/// their URLs or writing them out is an error rather than an empty list.
#[derive(Clone, Debug)]
pub struct Sources(Repr);

#[derive(Clone, Debug)]
enum Repr {
    /// As read from a backend with a JSON type: a JSON value, not yet parsed into strings.
    Stored(Box<RawValue>),
    /// As read as text (SQLite keeps JSON as text; PostgreSQL sends `json` as its text): checked
    /// only when parsed.
    Text(Box<str>),
    Parsed(Vec<String>),
    /// Not read: the statement selected NULL in the column's place.
    Omitted,
}

fn not_read() -> serde_json::Error {
    <serde_json::Error as serde::de::Error>::custom("the sources were not read")
}

impl Sources {
    /// Whether the read left the sources out (see [`Sources`]).
    pub fn omitted(&self) -> bool {
        matches!(self.0, Repr::Omitted)
    }

    /// The sources, in their order.
    pub fn urls(&self) -> Result<Vec<String>, serde_json::Error> {
        match &self.0 {
            Repr::Stored(raw) => serde_json::from_str(raw.get()),
            Repr::Text(text) => serde_json::from_str(text),
            Repr::Parsed(urls) => Ok(urls.clone()),
            Repr::Omitted => Err(not_read()),
        }
    }

    /// The sources, in their order, without a copy where they are already parsed.
    pub fn into_urls(self) -> Result<Vec<String>, serde_json::Error> {
        match self.0 {
            Repr::Stored(raw) => serde_json::from_str(raw.get()),
            Repr::Text(text) => serde_json::from_str(&text),
            Repr::Parsed(urls) => Ok(urls),
            Repr::Omitted => Err(not_read()),
        }
    }
}

impl Default for Sources {
    fn default() -> Self {
        Self(Repr::Parsed(Vec::new()))
    }
}

impl From<Vec<String>> for Sources {
    fn from(urls: Vec<String>) -> Self {
        Self(Repr::Parsed(urls))
    }
}

/// Equal when they list the same sources, however the database spaced the JSON; sources left
/// out equal only each other.
impl PartialEq for Sources {
    fn eq(&self, other: &Self) -> bool {
        if self.omitted() || other.omitted() {
            return self.omitted() && other.omitted();
        }
        match (self.urls(), other.urls()) {
            (Ok(one), Ok(other)) => one == other,
            _ => self.text() == other.text(),
        }
    }
}
impl Eq for Sources {}

impl Sources {
    /// The stored JSON text, where it has not been parsed.
    fn text(&self) -> Option<&str> {
        match &self.0 {
            Repr::Stored(raw) => Some(raw.get()),
            Repr::Text(text) => Some(text),
            Repr::Parsed(_) | Repr::Omitted => None,
        }
    }
}

impl Serialize for Sources {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Repr::Stored(raw) => raw.serialize(serializer),
            Repr::Text(text) => match serde_json::from_str::<&RawValue>(text) {
                Ok(raw) => raw.serialize(serializer),
                Err(err) => Err(serde::ser::Error::custom(format!(
                    "stored sources are not JSON: {err}"
                ))),
            },
            Repr::Parsed(urls) => urls.serialize(serializer),
            Repr::Omitted => Err(serde::ser::Error::custom(not_read())),
        }
    }
}

impl<'de> Deserialize<'de> for Sources {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Self(Repr::Stored(Box::<RawValue>::deserialize(
            deserializer,
        )?)))
    }
}

// What sea-orm's `FromJsonQueryResult` derive would write, for this representation.

impl TryGetable for Sources {
    fn try_get_by<I: ColIdx>(res: &QueryResult, idx: I) -> Result<Self, TryGetError> {
        let read = if res.try_as_sqlite_row().is_some() {
            String::try_get_by(res, idx).map(|text| Self(Repr::Text(text.into())))
        } else if let Some(row) = res.try_as_pg_row() {
            pg_json_text(row, idx).map(|text| Self(Repr::Text(text)))
        } else {
            Stored::try_get_by(res, idx).map(|stored| Self(Repr::Stored(stored.0)))
        };
        match read {
            // The column is never NULL: the statement left it out.
            Err(TryGetError::Null(_)) => Ok(Self(Repr::Omitted)),
            read => read,
        }
    }
}

/// A PostgreSQL `json` (or `jsonb`) value's text, as the server sent it: checked to be UTF-8
/// and nothing more. (sqlx's `Json` would parse it whole, on every row read, for sources most
/// reads never ask for.) In the binary format `json` is its text, and `jsonb` a version byte
/// and its text.
fn pg_json_text<I: ColIdx>(
    row: &sea_orm::sqlx::postgres::PgRow,
    idx: I,
) -> Result<Box<str>, TryGetError> {
    use sea_orm::sqlx::{Row, TypeInfo, ValueRef, postgres::PgValueFormat};
    let type_error = |detail: &dyn std::fmt::Display| {
        TryGetError::DbErr(sea_orm::DbErr::Type(format!(
            "sources at {idx:?}: {detail}"
        )))
    };
    let value = row
        .try_get_raw(idx.as_sqlx_postgres_index())
        .map_err(|err| type_error(&err))?;
    if value.is_null() {
        return Err(TryGetError::Null(format!("{idx:?}")));
    }
    let bytes = value.as_bytes().map_err(|err| type_error(&err))?;
    let text = match value.type_info().name() {
        "JSONB" if value.format() == PgValueFormat::Binary => match bytes.split_first() {
            Some((1, text)) => text,
            _ => return Err(type_error(&"not JSONB version 1")),
        },
        "JSON" | "JSONB" | "TEXT" | "VARCHAR" => bytes,
        other => return Err(type_error(&format!("a {other} column, not JSON"))),
    };
    std::str::from_utf8(text)
        .map(Box::from)
        .map_err(|err| type_error(&err))
}

/// JSON from a backend with a JSON type, checked as JSON but not taken apart.
#[derive(Deserialize)]
#[serde(transparent)]
struct Stored(Box<RawValue>);

impl TryGetableFromJson for Stored {}

impl From<Sources> for Value {
    fn from(sources: Sources) -> Self {
        if sources.omitted() {
            // SQL NULL, which the column refuses: sources never read are never written back.
            return Value::Json(None);
        }
        let json = match sources.into_urls() {
            Ok(urls) => serde_json::Value::from(urls),
            // Not a list of strings: written back as the database gave it.
            Err(_) => serde_json::Value::Null,
        };
        Value::Json(Some(Box::new(json)))
    }
}

impl ValueType for Sources {
    fn try_from(v: Value) -> Result<Self, ValueTypeErr> {
        match v {
            Value::Json(Some(json)) => serde_json::from_value::<Vec<String>>(*json)
                .map(Self::from)
                .map_err(|_| ValueTypeErr),
            _ => Err(ValueTypeErr),
        }
    }

    fn type_name() -> String {
        "Sources".to_owned()
    }

    fn array_type() -> ArrayType {
        ArrayType::Json
    }

    fn column_type() -> ColumnType {
        ColumnType::Json
    }
}

impl Nullable for Sources {
    fn null() -> Value {
        Value::Json(None)
    }
}

impl IntoActiveValue<Sources> for Sources {
    fn into_active_value(self) -> ActiveValue<Sources> {
        ActiveValue::set(self)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn stored_sources_are_parsed_when_asked_for_and_equal_however_spaced() {
        let compact: Sources = serde_json::from_str(r#"["https://a","b"]"#).unwrap();
        let spaced: Sources = serde_json::from_str(r#"[ "https://a", "b" ]"#).unwrap();
        let built = Sources::from(vec!["https://a".to_owned(), "b".to_owned()]);
        assert_eq!(compact.urls().unwrap(), vec!["https://a", "b"]);
        assert_eq!(compact, spaced);
        assert_eq!(compact, built);
        assert_ne!(compact, Sources::default());
        assert_eq!(
            serde_json::to_string(&spaced).unwrap(),
            r#"[ "https://a", "b" ]"#
        );
        assert_eq!(
            serde_json::to_string(&built).unwrap(),
            r#"["https://a","b"]"#
        );
    }

    #[test]
    fn sources_left_out_are_an_error_when_read_or_written_and_equal_only_each_other() {
        let omitted = Sources(Repr::Omitted);
        assert!(omitted.omitted());
        assert!(omitted.urls().is_err());
        assert!(omitted.clone().into_urls().is_err());
        assert!(serde_json::to_string(&omitted).is_err());
        assert_eq!(omitted, Sources(Repr::Omitted));
        assert_ne!(omitted, Sources::default());
        assert_ne!(Sources::default(), omitted);
        assert!(!Sources::default().omitted());
    }

    #[test]
    fn stored_json_that_is_not_a_list_of_strings_is_an_error_when_read() {
        let odd: Sources = serde_json::from_str(r#"{"a": 1}"#).unwrap();
        assert!(odd.urls().is_err());
        assert!(serde_json::from_str::<Sources>("[1,").is_err());
        assert!(matches!(Value::from(odd), Value::Json(Some(json)) if json.is_null()));
    }
}
