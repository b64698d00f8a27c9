//! `lang::Text` is Deserialize only; the lab's JSON shows both languages, so serialize it here.

use serde::Serializer;
use serde::ser::SerializeStruct;

use crate::lang::Text;

pub(crate) fn serialize<S: Serializer>(t: &Text, s: S) -> Result<S::Ok, S::Error> {
    let mut st = s.serialize_struct("Text", 2)?;
    st.serialize_field("en", &t.en)?;
    st.serialize_field("zh", &t.zh)?;
    st.end()
}

/// Builds a `Text` from two literals.
pub(crate) fn text(en: impl Into<String>, zh: impl Into<String>) -> Text {
    Text {
        en: en.into(),
        zh: zh.into(),
    }
}
