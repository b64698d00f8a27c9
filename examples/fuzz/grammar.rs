//! Hostile inputs, deterministic from a seed: SQL from a small grammar of statements,
//! functions and literals (control characters, NUL, huge literals, deep nesting, MySQL-isms,
//! PRAGMA/ATTACH/load_extension, long LIKE patterns, several statements, invalid UTF-8), and
//! byte-level mutations of valid answers.

/// xorshift64*: small, fast, and the same sequence for the same seed on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Valid answers to start mutations from (the built-in catalog's tables).
pub const SEEDS: &[&str] = &[
    "SELECT name, total FROM (SELECT s.name, sum(sc.score) AS total FROM student s JOIN score sc ON sc.student_id = s.id GROUP BY s.id) ORDER BY total DESC LIMIT 1 OFFSET 1;",
    "SELECT * FROM student WHERE name LIKE '%a%' ORDER BY id;",
    "WITH t AS (SELECT student_id, avg(score) AS a FROM score GROUP BY student_id HAVING count(*) > 1) SELECT * FROM t;",
    "SELECT id, title FROM articles WHERE id > 999000 ORDER BY id LIMIT 10;",
    "CREATE VIEW v AS SELECT * FROM score; SELECT count(*) FROM v;",
    "CREATE INDEX i ON score(course_id, score);",
    "UPDATE score SET score = score + 1 WHERE course_id = 1; DELETE FROM score WHERE score IS NULL;",
    "read-committed",
    "SELECT row_number() OVER (PARTITION BY course_id ORDER BY score DESC) AS r, * FROM score;",
];

const TABLES: &[&str] = &[
    "student",
    "score",
    "course",
    "teacher",
    "articles",
    "p",
    "sqlite_schema",
    "sqlite_temp_master",
    "pragma_table_info('score')",
    "main.score",
    "temp.x",
    "\"\x1b]0;t\x07\"",
];

const COLUMNS: &[&str] = &[
    "id", "name", "score", "*", "rowid", "s.id", "NULL", "1", "\"x\"", "`y`", "[z]",
];

const FUNCTIONS: &[&str] = &[
    "length",
    "upper",
    "lower",
    "abs",
    "hex",
    "quote",
    "typeof",
    "unicode",
    "char",
    "trim",
    "ltrim",
    "replace",
    "substr",
    "instr",
    "printf",
    "format",
    "group_concat",
    "json",
    "json_extract",
    "randomblob",
    "zeroblob",
    "likelihood",
    "coalesce",
    "iif",
    "nullif",
    "round",
    "date",
    "strftime",
    "julianday",
    "load_extension",
    "sqlite_version",
    "unhex",
    "YEAR",
    "NOW",
    "IF",
    "DATE_FORMAT",
    "DATEDIFF",
    "CONCAT",
];

/// Whole statements and fragments that attack the sandbox or the parser.
const HOSTILE: &[&str] = &[
    "ATTACH '/tmp/sqldrill-fuzz-attach.db' AS x",
    "ATTACH 'file:x?mode=memory' AS x",
    "DETACH main",
    "SELECT load_extension('/tmp/sqldrill-fuzz-ext')",
    "PRAGMA writable_schema = 1",
    "PRAGMA journal_mode = WAL",
    "PRAGMA temp_store_directory = '/tmp'",
    "PRAGMA table_info(score)",
    "VACUUM INTO '/tmp/sqldrill-fuzz-vacuum.db'",
    "VACUUM",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "SAVEPOINT a",
    "RELEASE a",
    "END",
    "CREATE TRIGGER t AFTER INSERT ON score BEGIN DELETE FROM score; END",
    "CREATE VIRTUAL TABLE v USING fts5(x)",
    "CREATE TEMP TABLE x AS SELECT * FROM score",
    "DROP TABLE student",
    "UPDATE sqlite_schema SET sql = 'x'",
    "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
    "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r",
    "SELECT * FROM score a, score b, score c, score d, score e, score f",
    "SELECT printf('%.*c', 999000, 'a') LIKE '%' || printf('%.*c', 49000, 'a') || 'b'",
    "SELECT trim(printf('%.*c', 900000, 'a'), printf('%.*c', 900000, 'b'))",
    "SELECT zeroblob(1000000000)",
    "SELECT randomblob(2000000)",
    "SELECT printf('%.*c', 2000000000, 'x')",
    "SELECT @rank := @rank + 1 FROM score",
    "SHOW TABLES",
    "DESCRIBE score",
    "TRUNCATE TABLE score",
    "INSERT INTO score VALUES (1, 1, 1) ON DUPLICATE KEY UPDATE score = 2",
    "SELECT GROUP_CONCAT(name SEPARATOR ', ') FROM student",
    "SELECT * FROM score WHERE a <=> b",
    "SELECT * FROM score FOR UPDATE",
    "CREATE TABLE t(id INT AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB",
    ".tables",
    ".schema",
    ".mode json",
    ".mode table",
    ".mode line",
    ".check",
    ".explain",
    ".reset",
    ".next",
    ".lab",
    ".lab off",
    ".help",
    ".exercise 99",
    ".lang zh",
    ".edit",
    "read-uncommitted",
    "serializable",
    "repeatable-read",
];

/// Text with the bytes a terminal or a C string would act on.
fn control_text(r: &mut Rng) -> String {
    const BITS: &[&str] = &[
        "\x1b]0;PWNED\x07",
        "\x1b[2J",
        "\x1b[31m",
        "\u{9b}31m",
        "\x07",
        "\r",
        "\x08",
        "\x7f",
        "\0",
        "\t",
        "\n",
        "\u{202e}",
        "赵雷",
        "NULL",
        "'",
        "\"",
        ";",
        "--",
        "/*",
    ];
    (0..1 + r.below(4)).map(|_| *r.pick(BITS)).collect()
}

fn literal(r: &mut Rng, depth: usize) -> String {
    match r.below(12) {
        0 => "NULL".into(),
        1 => format!("{}", r.next() as i64),
        2 => format!("{}e{}", r.below(1000), r.below(700)),
        3 => format!("'{}'", control_text(r).replace('\'', "''")),
        4 => format!("x'{:x}'", r.next()),
        5 => format!("'{}'", "a".repeat(1 << r.below(17))),
        6 => format!("char({})", r.pick(&[0, 7, 27, 155, 127, 13, 0x202e])),
        7 => format!("'{}'", "%_".repeat(1 << r.below(12))),
        8 => "9223372036854775807".into(),
        9 => "-9223372036854775808".into(),
        10 => format!("({})", select(r, depth + 1)),
        _ => format!("printf('%.*c', {}, 'a')", 1 << r.below(21)),
    }
}

fn expr(r: &mut Rng, depth: usize) -> String {
    if depth > 4 {
        return literal(r, depth);
    }
    match r.below(9) {
        0 | 1 => literal(r, depth),
        2 => r.pick(COLUMNS).to_string(),
        3 => {
            let args: Vec<String> = (0..r.below(4)).map(|_| expr(r, depth + 1)).collect();
            format!("{}({})", r.pick(FUNCTIONS), args.join(", "))
        }
        4 => {
            let ops = [
                "+", "-", "*", "/", "%", "||", "=", "<>", "LIKE", "GLOB", "AND", "OR", "IS", "<=>",
                "->", "->>",
            ];
            format!(
                "{} {} {}",
                expr(r, depth + 1),
                r.pick(&ops),
                expr(r, depth + 1)
            )
        }
        5 => {
            let n = 1 << r.below(13);
            format!("{}1{}", "(".repeat(n), ")".repeat(n))
        }
        6 => format!(
            "{} LIKE '%' || {} || 'b'",
            literal(r, depth + 1),
            literal(r, depth + 1)
        ),
        7 => format!(
            "CASE WHEN {} THEN {} END",
            expr(r, depth + 1),
            expr(r, depth + 1)
        ),
        _ => format!(
            "CAST({} AS {})",
            expr(r, depth + 1),
            r.pick(&["INT", "TEXT", "BLOB", "REAL"])
        ),
    }
}

fn select(r: &mut Rng, depth: usize) -> String {
    let cols: Vec<String> = (0..1 + r.below(3)).map(|_| expr(r, depth + 1)).collect();
    let mut s = format!("SELECT {} FROM {}", cols.join(", "), r.pick(TABLES));
    if r.chance(40) {
        s += &format!(" WHERE {}", expr(r, depth + 1));
    }
    if r.chance(20) {
        s += " GROUP BY 1 HAVING count(*) > 0";
    }
    if r.chance(40) {
        s += &format!(
            " ORDER BY {}",
            r.pick(&["1", "2 DESC", "name", "random()", "3"])
        );
    }
    if r.chance(30) {
        s += &format!(" LIMIT {} OFFSET {}", literal(r, depth + 1), r.below(5));
    }
    s
}

fn statement(r: &mut Rng) -> String {
    match r.below(5) {
        0 | 1 => select(r, 0),
        2 => r.pick(HOSTILE).to_string(),
        3 => format!(
            "{} INTO score VALUES ({}, {}, {})",
            r.pick(&["INSERT", "REPLACE", "INSERT OR IGNORE"]),
            expr(r, 2),
            expr(r, 2),
            expr(r, 2)
        ),
        _ => format!(
            "CREATE {} x{} ON score(score)",
            r.pick(&["INDEX", "UNIQUE INDEX"]),
            r.below(9)
        ),
    }
}

/// Byte-level damage to a valid answer.
fn mutate(r: &mut Rng, mut bytes: Vec<u8>) -> Vec<u8> {
    for _ in 0..1 + r.below(6) {
        let at = r.below(bytes.len() + 1);
        match r.below(7) {
            0 if !bytes.is_empty() => {
                let i = at.min(bytes.len() - 1);
                bytes[i] ^= 1 << r.below(8);
            }
            1 => bytes.insert(
                at,
                *r.pick(&[0u8, 0x1b, 0x07, 0xff, 0xc3, b'\'', b';', b'\n', b'(', 0x9b]),
            ),
            2 => bytes.truncate(at),
            3 => {
                let chunk = bytes[at..].to_vec();
                bytes.extend_from_slice(&chunk[..chunk.len().min(4096)]);
            }
            4 => {
                let s = statement(r);
                bytes.splice(at..at, s.into_bytes());
            }
            5 => bytes
                .splice(at..at, control_text(r).into_bytes())
                .for_each(drop),
            _ => bytes.extend_from_slice(b";"),
        }
    }
    bytes
}

/// One input: generated statements, a mutated answer, or raw bytes.
pub fn input(r: &mut Rng) -> Vec<u8> {
    match r.below(10) {
        0..=4 => {
            let many = r.chance(20);
            let n = 1 + r.below(if many { 4 } else { 1 });
            let parts: Vec<String> = (0..n).map(|_| statement(r)).collect();
            let sep = *r.pick(&[";\n", "; ", ";", "\n"]);
            let mut s = parts.join(sep);
            if r.chance(70) {
                s.push(';');
            }
            s.into_bytes()
        }
        5..=7 => {
            let seed = r.pick(SEEDS).as_bytes().to_vec();
            mutate(r, seed)
        }
        8 => {
            // Invalid UTF-8 and other raw bytes.
            (0..r.below(300)).map(|_| r.next() as u8).collect()
        }
        _ => {
            // Huge: near and over the 64 KiB SQL cap, sometimes as one line.
            let len = *r.pick(&[60_000usize, 65_536, 70_000, 300_000, 2_000_000]);
            let mut s = b"SELECT '".to_vec();
            s.resize(len, if r.chance(50) { b'a' } else { b'\n' });
            s.extend_from_slice(b"';\nSELECT 1;");
            s
        }
    }
}
