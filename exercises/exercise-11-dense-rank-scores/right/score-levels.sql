-- Number the distinct score levels once, join every player to their level, sort by the rank.
WITH levels AS (
  SELECT score, ROW_NUMBER() OVER (ORDER BY score DESC) AS lvl
  FROM (SELECT DISTINCT score FROM player) AS s
)
SELECT p.name, p.score, l.lvl AS rank
FROM player AS p
JOIN levels AS l ON l.score = p.score
ORDER BY rank;
