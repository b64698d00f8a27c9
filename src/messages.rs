//! The message catalog: every user-facing sentence in English and Chinese. `{name}`
//! placeholders are filled by [`fill`]; a test keeps both languages' placeholders in step.

use crate::lang::Lang;

macro_rules! messages {
    ($($key:ident => $en:literal, $zh:literal;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Msg { $($key),* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];

            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$key, Lang::En) => $en, (Msg::$key, Lang::Zh) => $zh,)*
                }
            }
        }
    };
}

messages! {
    Pass => "PASS — {id}: correct on all {n} datasets.", "通过 — {id}：在全部 {n} 个数据集上都正确。";
    Fail => "FAIL — {id}", "未通过 — {id}";
    FailedOn => "Failed on dataset '{dataset}': {about}", "在数据集“{dataset}”上出错：{about}";
    BaseAbout => "the fixture as shipped", "原始数据";
    ReversedAbout => "the same rows stored in reverse order (ids unchanged), so rows come back in another order wherever ORDER BY does not decide it", "同样的数据按相反顺序存储（id 不变），凡是 ORDER BY 没有决定的地方，返回顺序都会变化";
    ColumnCount => "your query returns {actual} columns; expected {expected} ({names}).", "你的查询返回 {actual} 列，应为 {expected} 列（{names}）。";
    ColumnName => "your rows are right; column {n} is named {actual}, expected {expected}.", "你的数据行是对的；但第 {n} 列名为 {actual}，应为 {expected}。";
    RowsDiffer => "your rows differ from the expected ones: {missing} missing, {extra} extra.", "你的结果与期望不同：缺少 {missing} 行，多出 {extra} 行。";
    TypesDiffer => "your values are right but some have the wrong type.", "你的值是对的，但有些值的类型不对。";
    MissingRows => "Missing rows (expected, not returned):", "缺少的行（应该返回但没有返回）：";
    ExtraRows => "Extra rows (returned, not expected):", "多出的行（返回了但不应返回）：";
    MoreRows => "… and {n} more", "……另有 {n} 行";
    OrderDiffers => "the rows are right but the order differs at row {pos}: expected a row like {expected}, got {actual}.", "数据行正确，但顺序在第 {pos} 行出错：应为类似 {expected} 的行，实际为 {actual}。";
    NoOrderBy => "this exercise requires an order, but your query has no top-level ORDER BY; without one the database may return rows in any order.", "本题要求结果有序，但你的查询最外层没有 ORDER BY；没有它，数据库可以按任意顺序返回。";
    LimitTies => "your LIMIT/OFFSET cuts through rows tied on your ORDER BY: rows {a} and {b} of the full ordering have equal keys ({keys}) but fall on different sides of the page edge, so which rows land on the page is up to the database. Add a tie-breaker (e.g. a unique column) to ORDER BY.", "你的 LIMIT/OFFSET 切断了 ORDER BY 上并列的行：完整排序中的第 {a} 行和第 {b} 行排序键相同（{keys}），却落在分页边界的两侧，哪几行进入这一页由数据库决定。请在 ORDER BY 中加入能打破并列的列（例如唯一列）。";
    LimitNoOrder => "LIMIT/OFFSET without ORDER BY: which rows land on the page is up to the database.", "没有 ORDER BY 就使用 LIMIT/OFFSET：哪些行进入这一页由数据库决定。";
    Requires => "this exercise asks you to use {feature}.", "本题要求使用 {feature}。";
    Forbids => "this exercise asks you not to use {feature}.", "本题不允许使用 {feature}。";
    Unanalysable => "sqldrill could not analyse this statement's structure, which this exercise's rules need: {error}", "sqldrill 无法分析该语句的结构（本题规则需要）：{error}";
    AnswerError => "your SQL failed on dataset '{dataset}': {error}", "你的 SQL 在数据集“{dataset}”上出错：{error}";
    Timeout => "stopped after {secs} s, the time budget per statement (raise it with --timeout).", "执行超过 {secs} 秒的单条语句时间预算，已停止（可用 --timeout 调整）。";
    HardStop => "a statement ran past its time budget of {secs} s inside a single SQL function call, which SQLite cannot interrupt; sqldrill stopped it (the answer fails; nothing was recorded).", "有一条语句在单个 SQL 函数调用内部超出了 {secs} 秒的时间预算，SQLite 无法中断它；sqldrill 已将其强行停止（答案判为未通过；进度未记录）。";
    HardStopInterrupted => "Ctrl-C could not interrupt that statement: it is inside a single SQL function call, which SQLite cannot interrupt; sqldrill stopped it and started a fresh session (the scratch copy was reset).", "Ctrl-C 无法中断该语句：它正处在单个 SQL 函数调用内部，SQLite 无法中断；sqldrill 已将其停止并开启了新的会话（草稿数据已重置）。";
    HardStopRestart => "that statement ran past its time budget of {secs} s inside a single SQL function call, which SQLite cannot interrupt; sqldrill stopped it and started a fresh session (the scratch copy was reset).", "该语句在单个 SQL 函数调用内部超出了 {secs} 秒的时间预算，SQLite 无法中断它；sqldrill 已将其停止并开启了新的会话（草稿数据已重置）。";
    CheckBudget => "the check used up its total budget of {secs} s (all statements on all datasets together).", "本次检查用完了 {secs} 秒的总时间预算（所有数据集上的全部语句合计）。";
    TooManyBytes => "returned more than {cap} bytes of data (the result size cap).", "返回的数据超过 {cap} 字节（结果大小上限）。";
    OutOfMemory => "ran out of its memory cap ({cap} MiB): the sandbox keeps sorts and temporary tables in memory under that cap.", "超出了内存上限（{cap} MiB）：沙箱把排序和临时表都放在该上限之内的内存中。";
    TooManyRows => "returned more than {cap} rows (the row cap).", "返回超过 {cap} 行（行数上限）。";
    NoteType => "column {col} ({name}): you returned {actual_type} {actual}, expected {expected_type} {expected}.", "第 {col} 列（{name}）：你返回的是 {actual_type} {actual}，应为 {expected_type} {expected}。";
    NoteRounding => "column {col} ({name}): {actual} should be rounded to {decimals} decimals ({expected}).", "第 {col} 列（{name}）：{actual} 应保留 {decimals} 位小数（{expected}）。";
    NoteEmptyNotNull => "expected one row holding NULL, but your query returned no rows: an empty result is not a row of NULL.", "应返回一行 NULL，但你的查询没有返回任何行：空结果不等于一行 NULL。";
    NoteNullNotEmpty => "expected no rows, but your query returned one row of NULL.", "应返回空结果，但你的查询返回了一行 NULL。";
    Hint => "Hint: {hint}", "提示：{hint}";
    Timing => "Your query took {answer} on dataset '{dataset}'; the reference solution takes {reference}.", "你的查询在数据集“{dataset}”上耗时 {answer}；参考答案耗时 {reference}。";
    Empty => "empty SQL: write a statement (comments alone do not count).", "SQL 为空：请写一条语句（只有注释不算）。";
    Several => "{count} statements, but this exercise takes exactly one.", "共有 {count} 条语句，但本题只接受一条。";
    TooLong => "SQL too long: {bytes} bytes; the limit is {cap}.", "SQL 太长：{bytes} 字节，上限为 {cap}。";
    NotReadOnly => "{statement} writes; a query exercise takes one read-only SELECT.", "{statement} 会修改数据；查询题只接受一条只读的 SELECT。";
    Denied => "not allowed here: {why}.", "此处不允许：{why}。";
    SqlErrorAt => "{message}\nat line {line}, column {col}:", "{message}\n位置：第 {line} 行，第 {col} 列：";
    NulByte => "the SQL contains a NUL byte (at byte {offset}); SQLite would silently stop reading there, so it is refused.", "SQL 中含有 NUL 字节（第 {offset} 字节）；SQLite 会在那里悄悄停止读取，因此拒绝执行。";
    TooLongWhileReading => "statement too long: it passed the SQL size cap of {cap} bytes, so it was skipped up to its end.", "语句太长：超过了 {cap} 字节的 SQL 长度上限，已跳过到该语句结尾。";
    TimeoutRange => "--timeout takes seconds from {min} to {max}, not {value}.", "--timeout 的取值范围是 {min} 到 {max} 秒，而不是 {value}。";
    InvalidUtf8 => "the SQL is not valid UTF-8 (bad byte at offset {offset}).", "SQL 不是合法的 UTF-8（第 {offset} 字节处出错）。";
    UnknownId => "unknown exercise '{id}'.", "没有找到练习“{id}”。";
    DidYouMean => "Did you mean: {list}?", "你是不是想找：{list}？";
    StatementFailed => "statement {n} failed: {error}", "第 {n} 条语句出错：{error}";
    AfterFailed => "after your script, the exercise's follow-up change failed: {error}", "执行完你的脚本后，题目的后续数据变更失败：{error}";
    CheckFailed => "the check `{check}` failed: {error}", "检查查询 `{check}` 出错：{error}";
    CheckDiffers => "after your script, `{check}` gives different rows.", "执行完你的脚本后，`{check}` 的结果不对。";
    PlanNotSearch => "the target query is not an index SEARCH on {table} constrained on {columns}.", "目标查询没有使用在 {table} 上同时约束 {columns} 的索引 SEARCH。";
    PlanIs => "Its plan:", "它的查询计划：";
    PlanRowsChanged => "the target query's rows changed; this exercise must not change data.", "目标查询的结果变了；本题不应修改数据。";
    OrderRequired => "Order: required, as the prompt states.", "顺序：必须按题目要求的顺序。";
    OrderAny => "Order: any order is accepted.", "顺序：任意顺序均可。";
    ExpectedColumns => "Expected columns: {cols}", "期望的列：{cols}";
    TablesInvolved => "Tables:", "涉及的表：";
    HintN => "Hint {n}/{total}: {text}", "提示 {n}/{total}：{text}";
    LastHint => "That was the last hint. `sqldrill solution {id} --reveal` shows the reference.", "这是最后一条提示。`sqldrill solution {id} --reveal` 可查看参考答案。";
    NoHints => "This exercise has no hints.", "本题没有提示。";
    SolutionLocked => "The reference is shown once you solve {id}; `--reveal` shows it now.", "解出 {id} 后才会显示参考答案；加 `--reveal` 可立即查看。";
    Reference => "Reference solution for {id}:", "{id} 的参考答案：";
    Alternatives => "Other correct answers:", "其他正确写法：";
    ProgressCorrupt => "warning: the progress file {path} could not be read ({error}); it was kept as {backup} and a fresh one started.", "警告：无法读取进度文件 {path}（{error}）；已保存为 {backup}，并重新开始记录。";
    ProgressUnreadable => "cannot read the progress file {path}: {error}. It was left untouched: fix its owner or permissions (after `sudo sqldrill`?), or set SQLDRILL_HOME to another directory.", "无法读取进度文件 {path}：{error}。该文件未被改动：请修正它的属主或权限（是否用过 `sudo sqldrill`？），或把 SQLDRILL_HOME 设为另一个目录。";
    ProgressNotSaved => "progress not saved: {path}: {error}. Nothing was overwritten: fix the owner or permissions, free some disk space, or set SQLDRILL_HOME to a writable directory.", "进度未能保存：{path}：{error}。没有覆盖任何文件：请修正属主或权限、腾出磁盘空间，或把 SQLDRILL_HOME 设为可写的目录。";
    NoHome => "nowhere to keep progress and history: HOME is not set. Set SQLDRILL_HOME to a directory (or set HOME or XDG_DATA_HOME).", "没有地方保存进度和历史记录：未设置 HOME。请把 SQLDRILL_HOME 设为一个目录（或设置 HOME 或 XDG_DATA_HOME）。";
    CacheDamaged => "the dataset cache in {dir} keeps returning damaged data ({error}); set SQLDRILL_NO_CACHE=1 or remove that directory.", "数据集缓存目录 {dir} 反复读出损坏的数据（{error}）；请设置 SQLDRILL_NO_CACHE=1 或删除该目录。";
    VerifyOk => "verify: {n} exercises, {checks} checks, all passed.", "verify：{n} 道练习，{checks} 项检查，全部通过。";
    VerifyFailed => "verify: {failed} of {checks} checks failed.", "verify：{checks} 项检查中有 {failed} 项失败。";
    Solved => "solved", "已解出";
    Unsolved => "-", "-";
    Revealed => "revealed", "已查看答案";
    ListTotals => "{solved}/{total} solved", "已解出 {solved}/{total}";
    ColId => "id", "编号";
    ColTitle => "title", "标题";
    ColTopic => "topic", "主题";
    ColDifficulty => "difficulty", "难度";
    ColState => "state", "状态";
    ColCheck => "check", "检查项";
    ColProblem => "problem", "问题";
    Kind => "Kind: {kind}", "题型：{kind}";
    ScriptTask => "Answer with statements (DDL/DML); they are checked with: {checks}", "请用语句（DDL/DML）作答；检查查询：{checks}";
    PlanTask => "Answer with CREATE INDEX; judged by the plan of: {target}", "请用 CREATE INDEX 作答；按以下查询的执行计划评判：{target}";
    Usage => "usage: {detail}", "用法错误：{detail}";
    NoSql => "give the answer as FILE, `-` (stdin) or --sql \"...\"", "请以 FILE、`-`（标准输入）或 --sql \"...\" 给出答案";
    CatalogBroken => "the exercise catalog is broken: {error}", "练习目录有误：{error}";
    IoError => "{path}: {error}", "{path}：{error}";
    ReferenceBroken => "the reference solution of {id} fails on dataset '{dataset}': {error} (a catalog bug; run `sqldrill verify`).", "{id} 的参考答案在数据集“{dataset}”上出错：{error}（题库错误，请运行 `sqldrill verify`）。";
    // The REPL (src/repl).
    ReplBanner => "sqldrill {version}: SQL drills on a scratch copy of each exercise's data. `.help` lists the commands; Ctrl-D leaves.", "sqldrill {version}：在每道练习数据的临时副本上练习 SQL。`.help` 列出所有命令；Ctrl-D 退出。";
    ReplAllSolved => "Every exercise is solved. `.list` shows them; `.exercise ID` opens any of them.", "所有练习都已解出。`.list` 列出练习；`.exercise 编号` 打开任意一道。";
    ReplTipQuery => "Statements end with `;` and run on a scratch copy of the data. `.check` grades your last statement, `.hint` gives a hint, `.help` lists the commands.", "语句以 `;` 结尾，在数据的临时副本上运行。`.check` 评判你最后运行的语句，`.hint` 给出提示，`.help` 列出所有命令。";
    ReplTipScript => "Statements end with `;` and run on a scratch copy of the data. `.check` grades every statement that ran since the exercise was opened or `.reset`; `.hint` gives a hint.", "语句以 `;` 结尾，在数据的临时副本上运行。`.check` 评判自打开本题或 `.reset` 以来成功运行的全部语句；`.hint` 给出提示。";
    ReplNoScratch => "{id} is an isolation-lab exercise: there is no data to run SQL on here; answer with `.check ANSWER`.", "{id} 是隔离级别实验题：这里没有可运行 SQL 的数据；请用 `.check 答案` 作答。";
    ReplNoExercise => "no exercise is open: `.exercise ID` opens one.", "当前没有打开的练习：用 `.exercise 编号` 打开一道。";
    ReplRows => "{n} rows", "{n} 行";
    ReplOneRow => "1 row", "1 行";
    ReplMoreRows => "… {n} more rows", "…… 还有 {n} 行";
    ReplChanged => "{n} rows changed", "修改了 {n} 行";
    ReplOneChanged => "1 row changed", "修改了 1 行";
    ReplOk => "OK", "完成";
    ReplInterrupted => "interrupted.", "已中断。";
    ReplError => "error: {message}", "错误：{message}";
    ReplNearLine => "near line {line}: {message}", "第 {line} 行附近：{message}";
    ReplDidYouMean => "{error} — did you mean {name}?", "{error}——你是不是想写 {name}？";
    ReplUnknownCommand => "unknown command .{name}; `.help` lists the commands.", "没有 .{name} 这个命令；`.help` 列出所有命令。";
    ReplUnknownCommandNearest => "unknown command .{name} — did you mean .{nearest}?", "没有 .{name} 这个命令——你是不是想用 .{nearest}？";
    ReplUsage => "usage: {usage}", "用法：{usage}";
    ReplNothingToCheck => "nothing to check yet: run your answer first, or give it: `.check SELECT ...`", "还没有可评判的内容：先运行你的答案，或直接给出：`.check SELECT ...`";
    ReplChecking => "Checking the {n} statements that ran since the exercise was opened or reset.", "评判自打开本题或重置以来运行过的 {n} 条语句。";
    ReplSolvedNext => "Solved! `.next` opens {id}: {title}.", "答对了！输入 `.next` 进入 {id}：{title}。";
    ReplSolvedLast => "Solved! That was the last exercise; {solved}/{total} solved (`.list`).", "答对了！这是最后一道练习；已解出 {solved}/{total}（`.list`）。";
    ReplNoNext => "{id} is the last exercise.", "{id} 已是最后一道练习。";
    ReplNoPrev => "{id} is the first exercise.", "{id} 已是第一道练习。";
    ReplReset => "A fresh copy of the {fixture} data.", "已换上一份全新的 {fixture} 数据副本。";
    ReplModeIs => "Output mode: {mode}.", "输出模式：{mode}。";
    ReplTimerIs => "Timer: {state}.", "计时：{state}。";
    ReplLangSet => "Language: English.", "语言：中文。";
    ReplLabOn => "Two-session mode on {engine}: sessions {sessions}. Type SQL to run it in the current session, `A: SQL` for another; `.a` `.b` switch, `.level A repeatable-read`, `.status`, `.lab off` to leave. The prompt shows `*` inside a transaction and `…` while a statement waits.", "{engine} 上的双会话模式：会话 {sessions}。输入 SQL 在当前会话执行，`A: SQL` 在指定会话执行；`.a` `.b` 切换会话，`.level A repeatable-read` 设置隔离级别，`.status` 查看状态，`.lab off` 退出。提示符中 `*` 表示在事务中，`…` 表示语句正在等待。";
    ReplLabScenario => "Tables from the scenario {scenario}; replay its steps by hand (`sqldrill lab {scenario}` shows them).", "使用场景 {scenario} 的表；可以手动重放它的步骤（`sqldrill lab {scenario}` 会列出这些步骤）。";
    ReplLabDefaultTable => "Table: test(id, value) with (1, 10) and (2, 20), as in Hermitage.", "表：test(id, value)，初始数据 (1, 10) 和 (2, 20)，与 Hermitage 相同。";
    ReplLabOff => "Left two-session mode; open transactions were rolled back.", "已退出双会话模式；未结束的事务已回滚。";
    ReplLabLevelSet => "Session {session} now runs at {level}.", "会话 {session} 现在的隔离级别是 {level}。";
    ReplLabWaiting => "waiting", "等待中";
    ReplLabInTransaction => "in a transaction", "事务中";
    ReplLabIdle => "idle", "空闲";
    ReplNeedsTerminal => "`.edit` needs a terminal.", "`.edit` 需要在终端中使用。";
    ReplEditorFailed => "the editor {editor} failed: {error}", "编辑器 {editor} 出错：{error}";
    ReplNoTables => "(no tables)", "（没有表）";
    ReplNoSuchTable => "no table named {name}", "没有名为 {name} 的表";
    ReplNothingToExplain => "nothing to explain yet: `.explain SELECT ...`", "还没有可分析的语句：`.explain SELECT ...`";
    ReplQueryPlan => "QUERY PLAN", "查询计划";
    ReplHistoryError => "warning: history not saved: {error}", "警告：历史记录未能保存：{error}";
    ReplHelpKeys => "Keys: Tab completes, Ctrl-R searches history, → accepts a grey history hint, Ctrl-C clears the input or stops a running query, Ctrl-D leaves.", "按键：Tab 补全，Ctrl-R 搜索历史，→ 采纳灰色的历史提示，Ctrl-C 清空输入或中止正在运行的查询，Ctrl-D 退出。";
    ReplHelpHelp => "this help, or one command's", "显示本帮助，或某个命令的说明";
    ReplHelpList => "the exercises and which are solved", "列出练习及解题状态";
    ReplHelpExercise => "open an exercise (5, 05, exercise-05 or its slug) on a fresh copy of its data", "打开一道练习（5、05、exercise-05 或其别名），使用全新的数据副本";
    ReplHelpShow => "show the current exercise again", "再次显示当前练习";
    ReplHelpHint => "the next hint", "下一条提示";
    ReplHelpCheck => "grade your last statement (script exercises: all since opening or .reset), or the SQL given", "评判你最后运行的语句（脚本题：自打开或 .reset 以来的全部语句），或评判给出的 SQL";
    ReplHelpSolution => "the reference, once solved (--reveal: now)", "参考答案，解出后可看（--reveal：立即查看）";
    ReplHelpNext => "the next exercise", "下一道练习";
    ReplHelpPrev => "the previous exercise", "上一道练习";
    ReplHelpTables => "the tables and views of the scratch copy", "临时副本中的表和视图";
    ReplHelpSchema => "CREATE statements, of every table or of one", "所有表或某个表的 CREATE 语句";
    ReplHelpReset => "throw the scratch copy away and start from the fixture again", "丢弃临时副本，从原始数据重新开始";
    ReplHelpExplain => "the query plan of SQL (or of the last statement), as a tree", "以树形显示 SQL（或最后一条语句）的查询计划";
    ReplHelpEdit => "edit the current or last statement in $EDITOR, then run it", "在 $EDITOR 中编辑当前或最后一条语句，然后运行";
    ReplHelpMode => "how results print", "结果的输出格式";
    ReplHelpTimer => "show how long each statement takes", "显示每条语句的耗时";
    ReplHelpLang => "language of prompts, hints and messages", "题目、提示和消息的语言";
    ReplHelpLab => "two sessions side by side: .lab [SCENARIO] [--engine E] [--level L]; .lab off", "两个会话并排运行：.lab [场景] [--engine E] [--level L]；.lab off 退出";
    ReplHelpQuit => "leave (Ctrl-D does too)", "退出（也可按 Ctrl-D）";
    MysqlFunction => "MySQL's {mysql} is {sqlite} in SQLite.", "MySQL 的 {mysql} 在 SQLite 中写作 {sqlite}。";
    MysqlDateFormat => "MySQL's DATE_FORMAT(d, fmt) is strftime(fmt, d) in SQLite: the arguments swap, %Y %m %d %H are the same, minutes are %M (MySQL %i) and seconds %S (MySQL %s).", "MySQL 的 DATE_FORMAT(d, fmt) 在 SQLite 中写作 strftime(fmt, d)：参数顺序相反，%Y %m %d %H 相同，分钟是 %M（MySQL 为 %i），秒是 %S（MySQL 为 %s）。";
    MysqlVariables => "SQLite has no @variables (an @name is a parameter here): compute the value in a CTE or subquery, and use ROW_NUMBER() OVER (...) instead of @rank := @rank + 1.", "SQLite 没有 @变量（这里 @name 是参数占位符）：请在 CTE 或子查询中计算，用 ROW_NUMBER() OVER (...) 代替 @rank := @rank + 1。";
    MysqlForUpdate => "SQLite has no SELECT ... FOR UPDATE: it locks the whole database. BEGIN IMMEDIATE takes the write lock at the start of the transaction.", "SQLite 没有 SELECT ... FOR UPDATE：它锁的是整个数据库。用 BEGIN IMMEDIATE 在事务开始时就取得写锁。";
    MysqlQuotedText => "{quoted} is a name in SQLite (and in MySQL), not text; write text in single quotes: '{text}'.", "{quoted} 在 SQLite（以及 MySQL）中是名字而不是文本；文本请用单引号：'{text}'。";
    MysqlDoubleQuoted => "note: \"{text}\" is a name in SQLite; it was read as text only because no column is called that. Write text in single quotes: '{text}' (MySQL reads double quotes as text, SQLite does not).", "注意：\"{text}\" 在 SQLite 中是名字；只因没有同名的列才被当作文本。文本请用单引号：'{text}'（MySQL 把双引号当作文本，SQLite 不是）。";
    MysqlShow => "SHOW and DESCRIBE are MySQL statements; here `.tables` lists the tables and `.schema TABLE` describes one.", "SHOW 和 DESCRIBE 是 MySQL 语句；这里用 `.tables` 列出表，用 `.schema 表名` 查看表结构。";
    MysqlAutoIncrement => "AUTO_INCREMENT is MySQL; in SQLite a column declared INTEGER PRIMARY KEY numbers new rows by itself.", "AUTO_INCREMENT 是 MySQL 的写法；在 SQLite 中声明为 INTEGER PRIMARY KEY 的列会自动编号。";
    MysqlOnDuplicateKey => "ON DUPLICATE KEY UPDATE is MySQL; SQLite writes INSERT ... ON CONFLICT (key) DO UPDATE SET col = excluded.col.", "ON DUPLICATE KEY UPDATE 是 MySQL 的写法；SQLite 写作 INSERT ... ON CONFLICT (键) DO UPDATE SET 列 = excluded.列。";
    MysqlGroupConcat => "MySQL's GROUP_CONCAT(x SEPARATOR s) is group_concat(x, s) in SQLite.", "MySQL 的 GROUP_CONCAT(x SEPARATOR s) 在 SQLite 中写作 group_concat(x, s)。";
    MysqlTruncate => "SQLite has no TRUNCATE TABLE: DELETE FROM t empties a table (and is just as fast without a WHERE).", "SQLite 没有 TRUNCATE TABLE：用 DELETE FROM t 清空表（不带 WHERE 时同样很快）。";
    MysqlTableOptions => "Table options such as ENGINE=InnoDB or DEFAULT CHARSET are MySQL; SQLite has none: leave them out.", "ENGINE=InnoDB、DEFAULT CHARSET 等表选项是 MySQL 的写法，SQLite 没有：去掉即可。";
    MysqlNullSafeEqual => "MySQL's a <=> b is a IS b in SQLite (NULL IS NULL is true).", "MySQL 的 a <=> b 在 SQLite 中写作 a IS b（NULL IS NULL 为真）。";
}

/// Fills `{name}` placeholders.
pub fn fill(template: &str, args: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// `tr!(lang, Key, name = value, ...)`: a filled message.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $key:ident $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::messages::fill(
            $crate::messages::Msg::$key.text($lang),
            &[$((stringify!($name), $value.to_string())),*],
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(s: &str) -> Vec<String> {
        let mut v: Vec<String> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn every_message_exists_in_both_languages_with_the_same_placeholders() {
        for m in Msg::ALL {
            let (en, zh) = (m.text(Lang::En), m.text(Lang::Zh));
            assert!(!en.is_empty() && !zh.is_empty(), "{m:?}");
            assert_eq!(placeholders(en), placeholders(zh), "{m:?}");
        }
    }

    #[test]
    fn fill_replaces_named_placeholders() {
        assert_eq!(
            tr!(Lang::En, Several, count = 2),
            "2 statements, but this exercise takes exactly one."
        );
    }
}
