SELECT name, score, DENSE_RANK() OVER (ORDER BY score DESC) AS "rank"
FROM player
ORDER BY score DESC;
