//! MySQL/MariaDB values to and from the lab's engine-neutral `Value`. The text protocol sends
//! every value as bytes, typed only by the column, so the column type decides the conversion.

use mysql::consts::{ColumnFlags, ColumnType};
use mysql::{Column, Value as My};

use super::value::Value;

/// The `binary` character set: BLOB/VARBINARY columns.
const BINARY_CHARSET: u16 = 63;

pub(crate) fn to_mysql(v: &Value) -> My {
    match v {
        Value::Null => My::NULL,
        Value::Integer(i) => My::Int(*i),
        Value::Real(r) => My::Double(*r),
        Value::Text(t) => My::Bytes(t.as_bytes().to_vec()),
        Value::Blob(b) => My::Bytes(b.clone()),
    }
}

/// Decimal text as a number: integral values as integers (`SUM` of ints is DECIMAL here).
fn number(text: &str) -> Value {
    let t = text.trim();
    if let Ok(i) = t.parse::<i64>() {
        return Value::Integer(i);
    }
    if let Some((int, frac)) = t.split_once('.')
        && frac.bytes().all(|b| b == b'0')
        && let Ok(i) = int.parse::<i64>()
    {
        return Value::Integer(i);
    }
    t.parse::<f64>()
        .map(Value::Real)
        .unwrap_or_else(|_| Value::Text(t.to_string()))
}

fn bytes(b: Vec<u8>, col: &Column) -> Value {
    use ColumnType::*;
    let text = || String::from_utf8_lossy(&b).into_owned();
    match col.column_type() {
        MYSQL_TYPE_TINY
        | MYSQL_TYPE_SHORT
        | MYSQL_TYPE_LONG
        | MYSQL_TYPE_LONGLONG
        | MYSQL_TYPE_INT24
        | MYSQL_TYPE_YEAR
        | MYSQL_TYPE_DECIMAL
        | MYSQL_TYPE_NEWDECIMAL
        | MYSQL_TYPE_FLOAT
        | MYSQL_TYPE_DOUBLE => number(&text()),
        MYSQL_TYPE_BIT => Value::Integer(b.iter().fold(0i64, |acc, x| (acc << 8) | i64::from(*x))),
        _ if col.character_set() == BINARY_CHARSET
            && col.flags().contains(ColumnFlags::BINARY_FLAG)
            && std::str::from_utf8(&b).is_err() =>
        {
            Value::Blob(b)
        }
        _ => Value::Text(text()),
    }
}

pub(crate) fn from_mysql(v: My, col: &Column) -> Value {
    match v {
        My::NULL => Value::Null,
        My::Int(i) => Value::Integer(i),
        My::UInt(u) => i64::try_from(u)
            .map(Value::Integer)
            .unwrap_or(Value::Real(u as f64)),
        My::Float(f) => Value::Real(f64::from(f)),
        My::Double(d) => Value::Real(d),
        My::Bytes(b) => bytes(b, col),
        My::Date(y, mo, d, h, mi, s, us) => {
            let date = format!("{y:04}-{mo:02}-{d:02}");
            Value::Text(match (col.column_type(), h, mi, s, us) {
                (ColumnType::MYSQL_TYPE_DATE, ..) => date,
                (_, h, mi, s, 0) => format!("{date} {h:02}:{mi:02}:{s:02}"),
                (_, h, mi, s, us) => format!("{date} {h:02}:{mi:02}:{s:02}.{us:06}"),
            })
        }
        My::Time(neg, days, h, mi, s, us) => {
            let hours = u64::from(days) * 24 + u64::from(h);
            let sign = if neg { "-" } else { "" };
            Value::Text(if us == 0 {
                format!("{sign}{hours:02}:{mi:02}:{s:02}")
            } else {
                format!("{sign}{hours:02}:{mi:02}:{s:02}.{us:06}")
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_text_becomes_a_number() {
        assert_eq!(number("50"), Value::Integer(50));
        assert_eq!(number("30.00"), Value::Integer(30));
        assert_eq!(number("-12.50"), Value::Real(-12.5));
        assert_eq!(number("abc"), Value::Text("abc".into()));
    }
}
