SELECT page
FROM visit
GROUP BY page
ORDER BY MIN(visited_at), page;
