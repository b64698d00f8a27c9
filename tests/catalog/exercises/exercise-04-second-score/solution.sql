SELECT MAX(score) AS second FROM p WHERE score < (SELECT MAX(score) FROM p);
