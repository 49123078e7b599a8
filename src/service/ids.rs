//! Global ids: `<Type>:<natural key>`, e.g. `Hub:north-west` or `Trust:RQ3`. They come from the
//! natural key, so an entity has the same id on every database and after every re-seed.

/// The global id of an entity of API type `type_name` with natural key `key`.
pub fn global_id(type_name: &str, key: &str) -> String {
    format!("{type_name}:{key}")
}
