//! PostgreSQL values to and from the lab's engine-neutral `Value`. The driver speaks the binary
//! protocol, so each type the lab's scenarios (and a learner at the console) commonly meet is
//! decoded here; anything else is shown by its type name rather than failing the step.

use std::error::Error;

use postgres::types::{FromSql, ToSql, Type};

use super::value::Value;

type BoxError = Box<dyn Error + Sync + Send>;

/// A result value of any type.
pub(crate) struct PgValue(pub Value);

impl<'a> FromSql<'a> for PgValue {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        let v = match *ty {
            Type::BOOL => Value::Integer(i64::from(bool::from_sql(ty, raw)?)),
            Type::INT2 => Value::Integer(i64::from(i16::from_sql(ty, raw)?)),
            Type::INT4 => Value::Integer(i64::from(i32::from_sql(ty, raw)?)),
            Type::INT8 => Value::Integer(i64::from_sql(ty, raw)?),
            Type::OID => Value::Integer(i64::from(u32::from_sql(ty, raw)?)),
            Type::FLOAT4 => Value::Real(f64::from(f32::from_sql(ty, raw)?)),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::NUMERIC => numeric(raw)?,
            Type::BYTEA => Value::Blob(raw.to_vec()),
            Type::DATE => Value::Text(date(i64::from(i32::from_sql(ty, raw)?))),
            Type::TIMESTAMP => Value::Text(timestamp(i64::from_sql(ty, raw)?)),
            Type::TIMESTAMPTZ => Value::Text(format!("{}+00", timestamp(i64::from_sql(ty, raw)?))),
            Type::TIME => Value::Text(time_of_day(i64::from_sql(ty, raw)?)),
            Type::UUID if raw.len() == 16 => Value::Text(uuid(raw)),
            Type::JSON => Value::Text(String::from_utf8_lossy(raw).into_owned()),
            Type::JSONB => {
                Value::Text(String::from_utf8_lossy(raw.get(1..).unwrap_or_default()).into_owned())
            }
            _ if <String as FromSql>::accepts(ty) => Value::Text(String::from_sql(ty, raw)?),
            _ => Value::Text(format!("<{}>", ty.name())),
        };
        Ok(PgValue(v))
    }

    fn from_sql_null(_: &Type) -> Result<Self, BoxError> {
        Ok(PgValue(Value::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// A session variable as a parameter and the type it is declared with; PostgreSQL converts
/// from there by its usual rules (an int8 assigned to an int4 column, a float compared with a
/// numeric). NULLs never get here: they are written as the keyword (see `placeholders`).
pub(crate) fn param(v: &Value) -> (Box<dyn ToSql + Sync>, Type) {
    match v {
        Value::Integer(i) => (Box::new(*i), Type::INT8),
        Value::Real(r) => (Box::new(*r), Type::FLOAT8),
        Value::Text(t) => (Box::new(t.clone()), Type::TEXT),
        Value::Blob(b) => (Box::new(b.clone()), Type::BYTEA),
        Value::Null => (Box::new(None::<String>), Type::TEXT),
    }
}

fn read_u16(raw: &[u8], at: usize) -> Result<u16, BoxError> {
    raw.get(at..at + 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
        .ok_or_else(|| "short numeric".into())
}

/// NUMERIC's binary form: ndigits, weight, sign, dscale, then base-10000 digits. Integral values
/// become integers (so `SUM(int)` compares with 30), others reals.
fn numeric(raw: &[u8]) -> Result<Value, BoxError> {
    let ndigits = usize::from(read_u16(raw, 0)?);
    let weight = i32::from(read_u16(raw, 2)? as i16);
    let sign = read_u16(raw, 4)?;
    let dscale = usize::from(read_u16(raw, 6)?);
    match sign {
        0xC000 => return Ok(Value::Real(f64::NAN)),
        0xD000 => return Ok(Value::Real(f64::INFINITY)),
        0xF000 => return Ok(Value::Real(f64::NEG_INFINITY)),
        _ => {}
    }
    let digits: Vec<u16> = (0..ndigits)
        .map(|i| read_u16(raw, 8 + 2 * i))
        .collect::<Result<_, _>>()?;
    let digit = |idx: i32| -> u16 {
        usize::try_from(idx)
            .ok()
            .and_then(|i| digits.get(i).copied())
            .unwrap_or(0)
    };
    let mut int_part = String::new();
    for pos in (0..=weight).rev() {
        let d = digit(weight - pos);
        if int_part.is_empty() {
            int_part = d.to_string();
        } else {
            int_part += &format!("{d:04}");
        }
    }
    if int_part.is_empty() {
        int_part.push('0');
    }
    let mut frac = String::new();
    let mut pos = -1;
    while frac.len() < dscale {
        frac += &format!("{:04}", digit(weight - pos));
        pos -= 1;
    }
    frac.truncate(dscale);
    let negative = sign == 0x4000;
    let text = format!(
        "{}{int_part}{}{frac}",
        if negative { "-" } else { "" },
        if dscale > 0 { "." } else { "" }
    );
    if frac.bytes().all(|b| b == b'0')
        && let Ok(i) = format!("{}{int_part}", if negative { "-" } else { "" }).parse::<i64>()
    {
        return Ok(Value::Integer(i));
    }
    Ok(text
        .parse::<f64>()
        .map(Value::Real)
        .unwrap_or(Value::Text(text)))
}

/// Days since 1970-01-01 to (year, month, day); Howard Hinnant's civil_from_days.
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// PostgreSQL dates count from 2000-01-01, 10957 days after the Unix epoch.
const PG_EPOCH_DAYS: i64 = 10_957;

fn date(days: i64) -> String {
    match days {
        d if d == i64::from(i32::MAX) => "infinity".into(),
        d if d == i64::from(i32::MIN) => "-infinity".into(),
        d => {
            let (y, m, d) = civil(d + PG_EPOCH_DAYS);
            format!("{y:04}-{m:02}-{d:02}")
        }
    }
}

fn time_of_day(micros: i64) -> String {
    let secs = micros.div_euclid(1_000_000);
    let frac = micros.rem_euclid(1_000_000);
    let s = format!(
        "{:02}:{:02}:{:02}",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    );
    if frac == 0 {
        s
    } else {
        format!("{s}.{}", format!("{frac:06}").trim_end_matches('0'))
    }
}

fn timestamp(micros: i64) -> String {
    match micros {
        i64::MAX => "infinity".into(),
        i64::MIN => "-infinity".into(),
        m => {
            let day = m.div_euclid(86_400_000_000);
            let rest = m.rem_euclid(86_400_000_000);
            format!("{} {}", date(day), time_of_day(rest))
        }
    }
}

fn uuid(raw: &[u8]) -> String {
    let hex: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(ndigits: u16, weight: i16, sign: u16, dscale: u16, digits: &[u16]) -> Vec<u8> {
        let mut v = Vec::new();
        for x in [ndigits, weight as u16, sign, dscale].iter().chain(digits) {
            v.extend_from_slice(&x.to_be_bytes());
        }
        v
    }

    #[test]
    fn decodes_numeric() {
        // 50
        assert_eq!(
            numeric(&num(1, 0, 0, 0, &[50])).unwrap(),
            Value::Integer(50)
        );
        // 123456789 = 1 2345 6789
        assert_eq!(
            numeric(&num(3, 2, 0, 0, &[1, 2345, 6789])).unwrap(),
            Value::Integer(123_456_789)
        );
        // -12.50 (dscale 2)
        assert_eq!(
            numeric(&num(2, 0, 0x4000, 2, &[12, 5000])).unwrap(),
            Value::Real(-12.5)
        );
        // 30.00 is still the number 30
        assert_eq!(
            numeric(&num(1, 0, 0, 2, &[30])).unwrap(),
            Value::Integer(30)
        );
        // 0.0001
        assert_eq!(
            numeric(&num(1, -1, 0, 4, &[1])).unwrap(),
            Value::Real(0.0001)
        );
        // 0 (no digits)
        assert_eq!(numeric(&num(0, 0, 0, 0, &[])).unwrap(), Value::Integer(0));
    }

    #[test]
    fn decodes_dates_and_times() {
        assert_eq!(date(0), "2000-01-01");
        assert_eq!(date(-1), "1999-12-31");
        assert_eq!(date(9190), "2025-02-28");
        assert_eq!(
            timestamp(86_400_000_000 + 3_723_500_000),
            "2000-01-02 01:02:03.5"
        );
        assert_eq!(time_of_day(0), "00:00:00");
    }
}
