//! One SQL surface over the two backends, SQLite (rusqlite) and PostgreSQL
//! (tokio-postgres): the queries of `db/` are written once, with `?N` placeholders,
//! and run inside a [`Tx`] that either backend opened.
//!
//! Values cross as [`Value`]s. PostgreSQL types its parameters from the statement, so
//! a value is converted to the type the server asked for (an integer into `BIGINT`,
//! `INTEGER` or `BOOLEAN`); reading goes the other way. The few places where the two
//! dialects differ ask [`Tx::backend`].

use std::cell::RefCell;
use std::collections::HashMap;
use std::error::Error as StdError;
use std::sync::OnceLock;

use tokio_postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// One value of a parameter or a column.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Bool(bool),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

pub trait ToValue {
    fn to_value(&self) -> Value;
}

// Counts, sizes and limits, far below 2^63 (the routes bound them); a larger one would
// saturate rather than wrap into a negative number.
macro_rules! int_to_value {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::Int(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_to_value!(i64, i32, u32, u64, usize, u16, u8);

impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Bool(*self)
    }
}
impl ToValue for f64 {
    fn to_value(&self) -> Value {
        Value::Real(*self)
    }
}
impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}
impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}
impl ToValue for [u8] {
    fn to_value(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}
impl ToValue for Vec<u8> {
    fn to_value(&self) -> Value {
        Value::Blob(self.clone())
    }
}
impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}
impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}
impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

/// The parameters of a statement: `()`, a tuple, an array or a `Vec<Value>`.
pub trait Params {
    fn values(self) -> Vec<Value>;
}

impl Params for () {
    fn values(self) -> Vec<Value> {
        Vec::new()
    }
}
impl Params for Vec<Value> {
    fn values(self) -> Vec<Value> {
        self
    }
}
impl<T: ToValue, const N: usize> Params for [T; N] {
    fn values(self) -> Vec<Value> {
        self.iter().map(ToValue::to_value).collect()
    }
}
macro_rules! tuple_params {
    ($(($($n:tt $t:ident),+))*) => {$(
        impl<$($t: ToValue),+> Params for ($($t,)+) {
            fn values(self) -> Vec<Value> {
                vec![$(self.$n.to_value()),+]
            }
        }
    )*};
}
tuple_params! {
    (0 A)
    (0 A, 1 B)
    (0 A, 1 B, 2 C)
    (0 A, 1 B, 2 C, 3 D)
    (0 A, 1 B, 2 C, 3 D, 4 E)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I, 9 J)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I, 9 J, 10 K)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I, 9 J, 10 K, 11 L)
}

/// A value read from a column, converted to a Rust type.
pub trait FromValue: Sized {
    fn from_value(v: Value) -> Result<Self>;
}

fn mismatch(v: &Value, want: &str) -> Error {
    Error::Internal(format!("database column: {v:?} read as {want}"))
}

macro_rules! int_from_value {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(v: Value) -> Result<Self> {
                match v {
                    Value::Int(i) => <$t>::try_from(i).map_err(|_| mismatch(&v, stringify!($t))),
                    Value::Bool(b) => Ok(<$t>::from(b)),
                    other => Err(mismatch(&other, stringify!($t))),
                }
            }
        }
    )*};
}
int_from_value!(i64, i32, u32, u64, usize);

impl FromValue for bool {
    fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::Bool(b) => Ok(b),
            Value::Int(i) => Ok(i != 0),
            other => Err(mismatch(&other, "bool")),
        }
    }
}
impl FromValue for f64 {
    fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::Real(f) => Ok(f),
            Value::Int(i) => Ok(i as f64),
            other => Err(mismatch(&other, "f64")),
        }
    }
}
impl FromValue for String {
    fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::Text(s) => Ok(s),
            other => Err(mismatch(&other, "text")),
        }
    }
}
impl FromValue for Vec<u8> {
    fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::Blob(b) => Ok(b),
            other => Err(mismatch(&other, "blob")),
        }
    }
}
impl FromValue for Value {
    fn from_value(v: Value) -> Result<Self> {
        Ok(v)
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// One row of a result.
#[derive(Debug)]
pub struct Row(Vec<Value>);

impl Row {
    /// Column `i` (0-based) as `T`. The first type parameter keeps rusqlite's shape
    /// (`r.get::<_, i64>(0)`).
    pub fn get<I: ColumnIndex, T: FromValue>(&self, i: I) -> Result<T> {
        let i = i.index();
        let v = self
            .0
            .get(i)
            .cloned()
            .ok_or_else(|| Error::Internal(format!("no column {i} in the row")))?;
        T::from_value(v)
    }
}

/// A column's position: a literal (`i32`) or a computed `usize`.
pub trait ColumnIndex {
    fn index(self) -> usize;
}
impl ColumnIndex for usize {
    fn index(self) -> usize {
        self
    }
}
impl ColumnIndex for i32 {
    fn index(self) -> usize {
        usize::try_from(self).unwrap_or(usize::MAX)
    }
}

/// A transaction of either backend.
pub struct Tx<'c> {
    inner: Inner<'c>,
}

enum Inner<'c> {
    Sqlite(&'c rusqlite::Connection),
    Postgres {
        tx: tokio_postgres::Transaction<'c>,
        cache: RefCell<&'c mut HashMap<String, tokio_postgres::Statement>>,
    },
}

impl<'c> Tx<'c> {
    /// `conn` is inside a transaction its owner opened and will end.
    pub fn sqlite(conn: &'c rusqlite::Connection) -> Self {
        Tx {
            inner: Inner::Sqlite(conn),
        }
    }

    pub(crate) fn postgres(
        tx: tokio_postgres::Transaction<'c>,
        cache: &'c mut HashMap<String, tokio_postgres::Statement>,
    ) -> Self {
        Tx {
            inner: Inner::Postgres {
                tx,
                cache: RefCell::new(cache),
            },
        }
    }

    pub fn backend(&self) -> Backend {
        match self.inner {
            Inner::Sqlite(_) => Backend::Sqlite,
            Inner::Postgres { .. } => Backend::Postgres,
        }
    }

    /// Commits a PostgreSQL transaction; a SQLite one is its owner's to end.
    pub(crate) fn commit(self) -> Result<()> {
        match self.inner {
            Inner::Sqlite(_) => Ok(()),
            Inner::Postgres { tx, .. } => Ok(block_on(tx.commit())?),
        }
    }

    /// The same statement, to run several times (prepared once per connection).
    pub fn prepare_cached<'s>(&'s self, sql: &'s str) -> Result<Stmt<'s, 'c>> {
        Ok(Stmt { tx: self, sql })
    }

    pub fn execute(&self, sql: &str, params: impl Params) -> Result<usize> {
        let values = params.values();
        match &self.inner {
            Inner::Sqlite(conn) => Ok(conn
                .prepare_cached(sql)?
                .execute(rusqlite::params_from_iter(values.iter().map(lite)))?),
            Inner::Postgres { tx, cache } => {
                let stmt = pg_statement(tx, cache, sql)?;
                let refs = pg_params(&values);
                Ok(block_on(tx.execute(&stmt, &refs))? as usize)
            }
        }
    }

    /// Every row of the result, mapped by `f`.
    pub fn query_map<T>(
        &self,
        sql: &str,
        params: impl Params,
        mut f: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        let values = params.values();
        match &self.inner {
            Inner::Sqlite(conn) => {
                let mut stmt = conn.prepare_cached(sql)?;
                let width = stmt.column_count();
                let mut rows = stmt.query(rusqlite::params_from_iter(values.iter().map(lite)))?;
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    let row = Row((0..width)
                        .map(|i| r.get::<_, rusqlite::types::Value>(i).map(from_lite))
                        .collect::<rusqlite::Result<_>>()?);
                    out.push(f(&row)?);
                }
                Ok(out)
            }
            Inner::Postgres { tx, cache } => {
                let stmt = pg_statement(tx, cache, sql)?;
                let refs = pg_params(&values);
                let rows = block_on(tx.query(&stmt, &refs))?;
                rows.iter()
                    .map(|r| {
                        let row = Row((0..r.len())
                            .map(|i| r.try_get::<_, PgValue>(i).map(|v| v.0))
                            .collect::<std::result::Result<_, _>>()?);
                        f(&row)
                    })
                    .collect()
            }
        }
    }

    /// The first row, mapped by `f`; [`Error::NoRows`] when there is none.
    pub fn query_row<T>(
        &self,
        sql: &str,
        params: impl Params,
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        let rows = self.query_map(sql, params, |r| Ok(Row(r.0.clone())))?;
        rows.first().map_or(Err(Error::NoRows), f)
    }

    /// Statements separated by `;`, without parameters (migrations).
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            Inner::Postgres { tx, .. } => Ok(block_on(tx.batch_execute(sql))?),
        }
    }
}

impl std::fmt::Debug for Tx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tx")
            .field("backend", &self.backend())
            .finish()
    }
}

/// A statement of a [`Tx`], as rusqlite's `prepare_cached` gives one.
#[derive(Debug)]
pub struct Stmt<'s, 'c> {
    tx: &'s Tx<'c>,
    sql: &'s str,
}

impl Stmt<'_, '_> {
    pub fn execute(&mut self, params: impl Params) -> Result<usize> {
        self.tx.execute(self.sql, params)
    }

    pub fn query_row<T>(
        &mut self,
        params: impl Params,
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        self.tx.query_row(self.sql, params, f)
    }

    pub fn query_map<T>(
        &mut self,
        params: impl Params,
        f: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        self.tx.query_map(self.sql, params, f)
    }
}

/// `query_row(…).optional()`: no row is `None`.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(Error::NoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// `crate::params![a, b]`: parameters of different types.
#[macro_export]
macro_rules! params {
    ($($v:expr),* $(,)?) => {
        vec![$($crate::db::sql::ToValue::to_value(&$v)),*]
    };
}

fn lite(v: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as L;
    match v {
        Value::Null => L::Null,
        Value::Int(i) => L::Integer(*i),
        Value::Bool(b) => L::Integer(i64::from(*b)),
        Value::Real(f) => L::Real(*f),
        Value::Text(s) => L::Text(s.clone()),
        Value::Blob(b) => L::Blob(b.clone()),
    }
}

fn from_lite(v: rusqlite::types::Value) -> Value {
    use rusqlite::types::Value as L;
    match v {
        L::Null => Value::Null,
        L::Integer(i) => Value::Int(i),
        L::Real(f) => Value::Real(f),
        L::Text(s) => Value::Text(s),
        L::Blob(b) => Value::Blob(b),
    }
}

/// The runtime the PostgreSQL connections live on. Database work runs on blocking
/// threads (as SQLite's does) and waits here; a static runtime is never dropped inside
/// another one.
pub(crate) fn pg_runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("postgres")
            .enable_all()
            .build()
            .expect("the PostgreSQL runtime starts")
    })
}

pub(crate) fn block_on<F: std::future::Future>(f: F) -> F::Output {
    pg_runtime().block_on(f)
}

fn pg_statement(
    tx: &tokio_postgres::Transaction<'_>,
    cache: &RefCell<&mut HashMap<String, tokio_postgres::Statement>>,
    sql: &str,
) -> Result<tokio_postgres::Statement> {
    if let Some(s) = cache.borrow().get(sql) {
        return Ok(s.clone());
    }
    let stmt = block_on(tx.prepare(&numbered(sql)))?;
    cache.borrow_mut().insert(sql.to_string(), stmt.clone());
    Ok(stmt)
}

fn pg_params(values: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    values.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

/// `?N` and bare `?` placeholders as PostgreSQL's `$N` (outside quoted text).
pub(crate) fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut largest: u32 = 0;
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                // As SQLite numbers them: a bare `?` is one more than the largest so far.
                if digits.is_empty() {
                    digits = (largest + 1).to_string();
                }
                largest = largest.max(digits.parse().unwrap_or(0));
                out.push('$');
                out.push_str(&digits);
            }
            _ => out.push(c),
        }
    }
    out
}

type BoxError = Box<dyn StdError + Sync + Send>;

fn int_to_sql(
    i: i64,
    ty: &Type,
    out: &mut bytes::BytesMut,
) -> std::result::Result<IsNull, BoxError> {
    match *ty {
        Type::INT8 => i.to_sql(ty, out),
        Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
        Type::INT2 => i16::try_from(i)?.to_sql(ty, out),
        Type::BOOL => (i != 0).to_sql(ty, out),
        Type::FLOAT8 => (i as f64).to_sql(ty, out),
        _ => Err(format!("an integer cannot be sent as {ty}").into()),
    }
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<IsNull, BoxError> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => int_to_sql(*i, ty, out),
            Value::Bool(b) if *ty == Type::BOOL => b.to_sql(ty, out),
            Value::Bool(b) => int_to_sql(i64::from(*b), ty, out),
            Value::Real(f) => f.to_sql(ty, out),
            Value::Text(s) => s.as_str().to_sql(ty, out),
            Value::Blob(b) => b.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// A column read from PostgreSQL, of the types the schema uses.
struct PgValue(Value);

impl<'a> FromSql<'a> for PgValue {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> std::result::Result<Self, BoxError> {
        Ok(PgValue(match *ty {
            Type::INT8 => Value::Int(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Int(i32::from_sql(ty, raw)?.into()),
            Type::INT2 => Value::Int(i16::from_sql(ty, raw)?.into()),
            Type::BOOL => Value::Bool(bool::from_sql(ty, raw)?),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            Type::BYTEA => Value::Blob(<Vec<u8>>::from_sql(ty, raw)?),
            _ => Value::Text(String::from_sql(ty, raw)?),
        }))
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Self, BoxError> {
        Ok(PgValue(Value::Null))
    }

    fn accepts(ty: &Type) -> bool {
        matches!(
            *ty,
            Type::INT8
                | Type::INT4
                | Type::INT2
                | Type::BOOL
                | Type::FLOAT8
                | Type::FLOAT4
                | Type::BYTEA
                | Type::TEXT
                | Type::VARCHAR
                | Type::BPCHAR
                | Type::NAME
        )
    }
}

#[cfg(test)]
mod tests {
    use super::numbered;

    #[test]
    fn placeholders_are_numbered_outside_quotes() {
        assert_eq!(
            numbered("SELECT ?2, ?1 WHERE a = '?' AND b IN (?, ?)"),
            "SELECT $2, $1 WHERE a = '?' AND b IN ($3, $4)"
        );
        assert_eq!(numbered("a = ? AND b = ?"), "a = $1 AND b = $2");
    }
}
