-- Row-value comparison (SQLite 3.15+, MySQL, PostgreSQL): (a, b) < (x, y) compares a first and
-- b only when a ties, which is exactly "after the cursor" in (published_at DESC, id DESC) order.
SELECT id, title, published_at
FROM article
WHERE (published_at, id) < ('2024-01-05 10:03:00', 72390)
ORDER BY published_at DESC, id DESC
LIMIT 10;
