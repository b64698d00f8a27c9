//! Session variables in server SQL. Scenarios write `:balance` (SQLite binds it natively); the
//! servers want `$1` (PostgreSQL) or `?` (MySQL). The variables are sent as parameters, never
//! pasted into the SQL text.

use super::backend::{EngineError, Vars};
use super::sqlite_errors::lab_error;
use super::value::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    /// `$1`, `$2`, …; a repeated name reuses its number. A NULL variable is written as the
    /// keyword `NULL` (a constant, not data): PostgreSQL then infers its type as for any NULL,
    /// where a typed parameter would have to guess one.
    Dollar,
    /// `?` per occurrence.
    Question,
}

/// SQL with placeholders, and the parameter values in placeholder order.
#[derive(Debug, PartialEq)]
pub(crate) struct Bound {
    pub sql: String,
    pub values: Vec<Value>,
}

fn ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Rewrites `:name` outside quotes and comments. Not rewritten: PostgreSQL casts (`::int`),
/// MySQL assignments (`:=`), PostgreSQL array slices (`a[1:n]`: the colon follows a name or digit).
pub(crate) fn bind(sql: &str, vars: &Vars, style: Style) -> Result<Bound, EngineError> {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len());
    let mut names: Vec<String> = Vec::new();
    let mut values = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\'' | '"' | '`' => {
                out.push(c);
                i += 1;
                while i < chars.len() {
                    out.push(chars[i]);
                    i += 1;
                    if chars[i - 1] == c {
                        break;
                    }
                }
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                while i < chars.len() && chars[i] != '\n' {
                    out.push(chars[i]);
                    i += 1;
                }
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                out.push_str("/*");
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    out.push(chars[i]);
                    i += 1;
                }
                if i < chars.len() {
                    out.push_str("*/");
                    i += 2;
                }
            }
            ':' if chars.get(i + 1) == Some(&':') => {
                out.push_str("::");
                i += 2;
            }
            ':' if chars.get(i + 1).is_some_and(|n| ident_start(*n))
                && (i == 0 || !ident_char(chars[i - 1])) =>
            {
                let start = i + 1;
                let mut end = start;
                while end < chars.len() && ident_char(chars[end]) {
                    end += 1;
                }
                let name: String = chars[start..end].iter().collect();
                let key = name.to_ascii_lowercase();
                let value = vars.get(&key).ok_or_else(|| {
                    lab_error(
                        &format!(
                            "no value for :{name}: a SELECT earlier in this session binds its columns by name"
                        ),
                        &format!(":{name} 没有值：本会话中较早的 SELECT 会按列名绑定变量"),
                        &format!("unknown parameter :{name}"),
                    )
                })?;
                match style {
                    Style::Dollar if *value == Value::Null => out.push_str("NULL"),
                    Style::Dollar => {
                        let n = match names.iter().position(|k| *k == key) {
                            Some(p) => p + 1,
                            None => {
                                names.push(key);
                                values.push(value.clone());
                                names.len()
                            }
                        };
                        out.push('$');
                        out.push_str(&n.to_string());
                    }
                    Style::Question => {
                        values.push(value.clone());
                        out.push('?');
                    }
                }
                i = end;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(Bound { sql: out, values })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> Vars {
        let mut v = Vars::new();
        v.insert("balance".into(), Value::Integer(100));
        v.insert("name".into(), Value::Text("x".into()));
        v
    }

    #[test]
    fn rewrites_names_outside_quotes_casts_and_comments() {
        let b = bind(
            "UPDATE t SET b = :balance - 1, s = ':balance', c = x::int -- :balance\n WHERE n = :Name AND m = :balance",
            &vars(),
            Style::Dollar,
        )
        .unwrap();
        assert_eq!(
            b.sql,
            "UPDATE t SET b = $1 - 1, s = ':balance', c = x::int -- :balance\n WHERE n = $2 AND m = $1"
        );
        assert_eq!(b.values, vec![Value::Integer(100), Value::Text("x".into())]);
        let q = bind(
            "SELECT :balance, @v := 1, :balance",
            &vars(),
            Style::Question,
        )
        .unwrap();
        assert_eq!(q.sql, "SELECT ?, @v := 1, ?");
        assert_eq!(q.values.len(), 2);
    }

    #[test]
    fn unknown_names_are_reported() {
        let err = bind("SELECT :missing", &vars(), Style::Question).unwrap_err();
        assert!(err.meaning.en.contains(":missing"), "{err:?}");
        assert!(bind("SELECT a[1:2] FROM t", &vars(), Style::Dollar).is_ok());
        let mut v = vars();
        v.insert("gone".into(), Value::Null);
        let b = bind("SELECT :gone, :balance", &v, Style::Dollar).unwrap();
        assert_eq!(b.sql, "SELECT NULL, $1");
    }
}
