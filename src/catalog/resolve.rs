//! Finding an exercise from what a user typed: `5`, `05`, `exercise-05`, or a slug; and the
//! nearest ids when nothing matches.

use super::exercise::Exercise;

pub fn find<'a>(exercises: &'a [Exercise], query: &str) -> Option<&'a Exercise> {
    let q = query.trim().to_ascii_lowercase();
    let number = q
        .strip_prefix("exercise-")
        .or_else(|| q.strip_prefix("ex"))
        .unwrap_or(&q)
        .parse::<u32>()
        .ok();
    exercises.iter().find(|e| {
        Some(e.number) == number || e.id == q || e.slug == q || format!("{}-{}", e.id, e.slug) == q
    })
}

/// Up to three ids whose id or slug is closest to `query`.
pub fn suggest(exercises: &[Exercise], query: &str) -> Vec<String> {
    let q = query.trim().to_ascii_lowercase();
    let mut scored: Vec<(usize, &str)> = exercises
        .iter()
        .map(|e| {
            let d = distance(&q, &e.id).min(distance(&q, &e.slug));
            (d, e.id.as_str())
        })
        .collect();
    scored.sort();
    let limit = (q.chars().count() / 2).max(3);
    scored
        .into_iter()
        .filter(|(d, _)| *d <= limit)
        .take(3)
        .map(|(_, id)| id.to_string())
        .collect()
}

/// Levenshtein distance over chars.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levenshtein() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
    }
}
