//! A query put together clause by clause, for the few whose filters vary (the office
//! queue). It numbers its own placeholders as values are pushed: `QueryBuilder<Any>` writes
//! `?` (sqlx 0.8's default `format_placeholder`, which the Any driver keeps), and PostgreSQL
//! refuses `?`.

use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::Any;

#[derive(Debug, Default)]
pub(crate) struct Sql {
    text: String,
    binds: Vec<Value>,
}

/// A value bound to a placeholder, typed as its column is (PostgreSQL checks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Value {
    Text(Option<String>),
    Int(i64),
    MaybeInt(Option<i64>),
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(Some(s))
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(Some(s.to_string()))
    }
}

impl From<Option<String>> for Value {
    fn from(s: Option<String>) -> Value {
        Value::Text(s)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Int(n)
    }
}

impl From<Option<i64>> for Value {
    fn from(n: Option<i64>) -> Value {
        Value::MaybeInt(n)
    }
}

impl Sql {
    pub fn new(text: impl Into<String>) -> Self {
        Sql { text: text.into(), binds: Vec::new() }
    }

    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Writes the next placeholder (`$n`) and keeps the value for it.
    pub fn push_bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.binds.push(value.into());
        self.text.push('$');
        self.text.push_str(&self.binds.len().to_string());
        self
    }

    /// Values pushed as a comma-separated list of placeholders.
    pub fn push_list<I: IntoIterator<Item = S>, S: Into<Value>>(&mut self, values: I) -> &mut Self {
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.push_bind(value);
        }
        self
    }

    /// One row of a multi-row `VALUES`: `($n, $n+1, …)`.
    pub fn push_tuple<I: IntoIterator<Item = Value>>(&mut self, values: I) -> &mut Self {
        self.push("(").push_list(values).push(")")
    }

    #[cfg(test)]
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn query(&self) -> Query<'_, Any, AnyArguments<'_>> {
        self.binds.iter().fold(sqlx::query(&self.text), |q, b| match b {
            Value::Text(t) => q.bind(t.as_deref()),
            Value::Int(n) => q.bind(*n),
            Value::MaybeInt(n) => q.bind(*n),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Sql, Value};

    #[test]
    fn placeholders_are_numbered_in_the_order_values_are_pushed() {
        let mut sql = Sql::new("SELECT 1 FROM t WHERE a >= ");
        sql.push_bind("x").push(" AND a < ").push_bind("y").push(" AND s IN (").push_list(["p", "q"]).push(")");
        assert_eq!(sql.text(), "SELECT 1 FROM t WHERE a >= $1 AND a < $2 AND s IN ($3, $4)");
        assert_eq!(sql.binds, ["x", "y", "p", "q"].map(Value::from));
        let mut rows = Sql::new("VALUES ");
        rows.push_tuple(["a".into(), Value::Int(1)]).push(", ").push_tuple(["b".into(), Value::MaybeInt(None)]);
        assert_eq!(rows.text(), "VALUES ($1, $2), ($3, $4)");
        let mut empty = Sql::new("IN (");
        empty.push_list(Vec::<String>::new()).push(")");
        assert_eq!(empty.text(), "IN ()");
    }
}
