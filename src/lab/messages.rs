//! The lab's user-facing strings in English and Chinese (engine meanings live with the engine).

use crate::lang::Lang;

/// A message in both languages.
pub(crate) type Msg = (&'static str, &'static str);

pub(crate) fn tr(m: Msg, lang: Lang) -> &'static str {
    match lang {
        Lang::En => m.0,
        Lang::Zh => m.1,
    }
}

pub(crate) const OK: Msg = ("ok", "成功");
pub(crate) const COMMITTED: Msg = ("committed", "已提交");
pub(crate) const ROLLED_BACK: Msg = ("rolled back", "已回滚");
pub(crate) const COMMIT_ROLLED_BACK: Msg = (
    "rolled back (the transaction had already been aborted)",
    "已回滚（事务此前已被中止）",
);
pub(crate) const SKIPPED: Msg = (
    "skipped — transaction already aborted",
    "跳过——事务已被中止",
);
pub(crate) const TXN_ROLLED_BACK: Msg = ("transaction rolled back", "事务已回滚");
pub(crate) const WAITING: Msg = ("waiting…", "等待中…");
pub(crate) const NO_ROWS: Msg = ("(no rows)", "（空结果）");
pub(crate) const MORE_ROWS: Msg = ("… more rows", "……更多行");
pub(crate) const CLOSED_ROLLED_BACK: Msg = (
    "end of script: open transaction rolled back",
    "脚本结束：未结束的事务已回滚",
);
pub(crate) const VERDICT: Msg = ("Verdict", "结论");
pub(crate) const ID: Msg = ("id", "编号");
pub(crate) const TITLE: Msg = ("title", "标题");
pub(crate) const DEMONSTRATES: Msg = ("demonstrates", "演示内容");
pub(crate) const SCENARIO: Msg = ("scenario", "场景");
pub(crate) const ANOMALY_WHEN: Msg = ("Anomaly when", "判定为异常的条件");
pub(crate) const WHY: Msg = ("Why", "原理");

pub(crate) fn rows_changed(n: u64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("ok ({n} row{})", if n == 1 { "" } else { "s" }),
        Lang::Zh => format!("成功（{n} 行）"),
    }
}

pub(crate) fn queued_behind(step: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("queued behind step {step}"),
        Lang::Zh => format!("排在第 {step} 步之后"),
    }
}

pub(crate) fn resumed(step: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("step {step} resumed"),
        Lang::Zh => format!("第 {step} 步继续执行"),
    }
}

pub(crate) fn ran_after_queue(step: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("step {step} (queued) runs"),
        Lang::Zh => format!("第 {step} 步（排队中）开始执行"),
    }
}

pub(crate) fn how_realised(level: &str, engine: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("How {level} is realised on {engine}"),
        Lang::Zh => format!("{engine} 上 {level} 的实现方式"),
    }
}

/// `: ` in English, a full-width colon in Chinese.
pub(crate) fn colon(lang: Lang) -> &'static str {
    tr((": ", "："), lang)
}

pub(crate) fn compared(lang: Lang) -> &'static str {
    tr(("Compared with other engines", "与其他数据库的差异"), lang)
}

pub(crate) fn session_state_reason(reason: &str, lang: Lang) -> &'static str {
    match (reason, lang) {
        ("busy", Lang::En) => "a statement is still waiting; let it finish first",
        ("busy", Lang::Zh) => "仍有语句在等待；请先让它完成",
        ("in-transaction", Lang::En) => "inside a transaction; COMMIT or ROLLBACK first",
        ("in-transaction", Lang::Zh) => "正处于事务中；请先 COMMIT 或 ROLLBACK",
        (_, Lang::En) => "not possible right now",
        (_, Lang::Zh) => "当前无法执行",
    }
}

/// `--engine all`: a server that cannot be reached; the others still run.
pub(crate) fn unavailable(engine: &str, why: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{engine}: not run — {why}"),
        Lang::Zh => format!("{engine}：未运行——{why}"),
    }
}

/// `--engine all` with one scenario that does not list an engine.
pub(crate) fn not_applicable(scenario: &str, engine: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{scenario}: not run on {engine} (the scenario does not list it)"),
        Lang::Zh => format!("{scenario}：未在 {engine} 上运行（该场景不适用于它）"),
    }
}

pub(crate) const INTERRUPTED: Msg = (
    "interrupted: stopped after the run in progress, whose throwaway database was dropped (press Ctrl-C again to quit at once; a later run removes what is left)",
    "已中断：当前运行结束后停止，其临时数据库已删除（再按一次 Ctrl-C 立即退出；之后的运行会清理剩下的对象）",
);

/// Appended to a scenario's description when it runs on some engines only.
pub(crate) fn engines_only(engines: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!(" (only on: {engines})"),
        Lang::Zh => format!("（仅适用于：{engines}）"),
    }
}
