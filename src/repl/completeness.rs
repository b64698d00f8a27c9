//! "Is the statement complete?", answered incrementally: SQLite's `sqlite3_complete` (its
//! complete.c) ported to a state machine that is fed the input piece by piece and never looks
//! at a byte twice. Asking `sqlite3_complete` about the whole statement after every line costs
//! the statement's length per line, quadratic over a long paste or pipe (80,000 lines without
//! `;` took a minute); here the cost is linear, and a statement can be followed to its end
//! without keeping its text (what the REPL does with one that is over the size cap).
//!
//! The rule is SQLite's: a `;` ends a statement unless it is inside a string, a quoted name, a
//! comment, or a `CREATE TRIGGER ... BEGIN ... END` body.

/// Tokens of complete.c's automaton.
#[derive(Clone, Copy)]
enum Token {
    Semi = 0,
    Ws = 1,
    Other = 2,
    Explain = 3,
    Create = 4,
    Temp = 5,
    Trigger = 6,
    End = 7,
}

/// complete.c's transition table: `TRANS[state][token]`. States: 0 invalid, 1 start (after a
/// `;`: complete), 2 normal, 3 explain, 4 create, 5 trigger body, 6 `;` in a trigger, 7 end.
const TRANS: [[u8; 8]; 8] = [
    [1, 0, 2, 3, 4, 2, 2, 2],
    [1, 1, 2, 3, 4, 2, 2, 2],
    [1, 2, 2, 2, 2, 2, 2, 2],
    [1, 3, 3, 2, 4, 2, 2, 2],
    [1, 4, 2, 2, 2, 4, 5, 2],
    [6, 5, 5, 5, 5, 5, 5, 5],
    [6, 6, 5, 5, 5, 5, 5, 7],
    [1, 7, 5, 5, 5, 5, 5, 5],
];

/// Where the lexer is between two bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lex {
    Normal,
    /// A `-` that may start a `--` comment.
    Dash,
    /// A `/` that may start a `/*` comment.
    Slash,
    LineComment,
    BlockComment {
        star: bool,
    },
    /// Inside `'...'`, `"..."` or `` `...` ``, or `[...]` (closed by this byte).
    Quoted(u8),
    /// Inside a word; its first bytes are kept to recognise the few keywords that matter.
    Word,
}

/// The longest keyword complete.c looks for ("temporary").
const WORD_MAX: usize = 9;

#[derive(Clone, Debug)]
pub struct Completeness {
    state: u8,
    lex: Lex,
    word: [u8; WORD_MAX],
    word_len: usize,
    /// Something other than whitespace, comments and `;` was seen.
    nonblank: bool,
}

impl Default for Completeness {
    fn default() -> Self {
        Completeness {
            state: 0,
            lex: Lex::Normal,
            word: [0; WORD_MAX],
            word_len: 0,
            nonblank: false,
        }
    }
}

/// complete.c's `IdChar`: letters, digits, `_`, `$` and every byte of a multi-byte character.
fn id_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

impl Completeness {
    /// True when everything fed so far ends with a complete statement (`sqlite3_complete`).
    pub fn is_complete(&self) -> bool {
        // A comment, string or name still open at the end makes it incomplete, as in SQLite.
        self.state == 1 && self.lex == Lex::Normal
    }

    /// True when only whitespace, comments and `;` were fed.
    pub fn is_blank(&self) -> bool {
        !self.nonblank
            && !matches!(
                self.lex,
                Lex::Word | Lex::Quoted(_) | Lex::Dash | Lex::Slash
            )
    }

    fn token(&mut self, t: Token) {
        if !matches!(t, Token::Semi | Token::Ws) {
            self.nonblank = true;
        }
        self.state = TRANS[usize::from(self.state)][t as usize];
    }

    fn end_word(&mut self) {
        let w = &self.word[..self.word_len.min(WORD_MAX)];
        let is = |k: &str| self.word_len == k.len() && w.eq_ignore_ascii_case(k.as_bytes());
        let t = if is("create") {
            Token::Create
        } else if is("trigger") {
            Token::Trigger
        } else if is("temp") || is("temporary") {
            Token::Temp
        } else if is("end") {
            Token::End
        } else if is("explain") {
            Token::Explain
        } else {
            Token::Other
        };
        self.word_len = 0;
        self.token(t);
    }

    /// Feeds the next bytes of the input.
    pub fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.byte(b);
        }
    }

    fn byte(&mut self, b: u8) {
        match self.lex {
            Lex::LineComment => {
                if b == b'\n' {
                    self.lex = Lex::Normal;
                    self.token(Token::Ws);
                }
                return;
            }
            Lex::BlockComment { star } => {
                self.lex = if star && b == b'/' {
                    self.token(Token::Ws);
                    Lex::Normal
                } else {
                    Lex::BlockComment { star: b == b'*' }
                };
                return;
            }
            Lex::Quoted(close) => {
                if b == close {
                    self.lex = Lex::Normal;
                    self.token(Token::Other);
                }
                return;
            }
            Lex::Word if id_char(b) => {
                if self.word_len < WORD_MAX {
                    self.word[self.word_len] = b;
                }
                self.word_len = self.word_len.saturating_add(1);
                return;
            }
            Lex::Word => {
                self.lex = Lex::Normal;
                self.end_word();
            }
            Lex::Dash if b == b'-' => {
                self.lex = Lex::LineComment;
                return;
            }
            Lex::Slash if b == b'*' => {
                self.lex = Lex::BlockComment { star: false };
                return;
            }
            // A lone `-` or `/` was an operator.
            Lex::Dash | Lex::Slash => {
                self.lex = Lex::Normal;
                self.token(Token::Other);
            }
            Lex::Normal => {}
        }
        match b {
            b';' => self.token(Token::Semi),
            b' ' | b'\r' | b'\t' | b'\n' | b'\x0c' => self.token(Token::Ws),
            b'-' => self.lex = Lex::Dash,
            b'/' => self.lex = Lex::Slash,
            b'\'' | b'"' | b'`' => self.lex = Lex::Quoted(b),
            b'[' => self.lex = Lex::Quoted(b']'),
            b if id_char(b) => {
                self.lex = Lex::Word;
                self.word[0] = b;
                self.word_len = 1;
            }
            _ => self.token(Token::Other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::split;

    fn complete(sql: &str) -> bool {
        let mut c = Completeness::default();
        c.feed(sql.as_bytes());
        c.is_complete()
    }

    #[test]
    fn agrees_with_sqlite3_complete() {
        for sql in [
            "SELECT 1;",
            "SELECT 1",
            "SELECT ';'",
            "SELECT ';';",
            "SELECT 'a''b;';",
            "SELECT 1 -- ;",
            "SELECT 1; -- done",
            "SELECT 1; -- done\n",
            "SELECT /* ; */ 1",
            "SELECT /* ; */ 1;",
            "SELECT /* ; ",
            "SELECT [a;b];",
            "SELECT \"a;\";",
            "SELECT `a;`",
            "SELECT 1 - 2 / 3;",
            "SELECT 1 -",
            ";",
            "",
            "   ",
            "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n DELETE FROM b;\n",
            "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n DELETE FROM b;\nEND;",
            "CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN DELETE FROM b; END;",
            "create temporary trigger t after insert on a begin select 1; end",
            "EXPLAIN CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;",
            "CREATE TABLE end(x); SELECT 1;",
            "SELECT '赵雷;' AS 名;",
        ] {
            assert_eq!(complete(sql), split::is_complete(sql), "{sql:?}");
        }
    }

    #[test]
    fn fed_in_pieces_it_gives_the_same_answer() {
        let sql = "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  DELETE FROM b; -- x;\nEND;";
        for cut in 0..sql.len() {
            let mut c = Completeness::default();
            c.feed(&sql.as_bytes()[..cut]);
            c.feed(&sql.as_bytes()[cut..]);
            assert!(c.is_complete(), "cut at {cut}");
        }
    }

    #[test]
    fn blank_means_only_whitespace_comments_and_semicolons() {
        let blank = |s: &str| {
            let mut c = Completeness::default();
            c.feed(s.as_bytes());
            c.is_blank()
        };
        assert!(blank("  -- note\n /* x */ ;"));
        assert!(!blank("SELECT"));
        assert!(!blank("'"));
    }
}
