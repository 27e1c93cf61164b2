export const HELP = `密审 mishen — 公开前保密审查命令行 (offline pre-publication confidentiality review)

用法 Usage:（安装版没有单独的 mishen 命令：在命令行运行安装目录中的程序并加 --cli，如 /opt/Mishen/mishen --cli restore 备份目录，
      Windows 上用 start /wait "" "C:\\Program Files\\Mishen\\mishen.exe" --cli log verify > 结果.txt。
      In an installed copy run the app's executable with --cli first (on Windows through start /wait, output redirected).）

  mishen scan FILE [--list TERMS.txt]... [--allow ALLOW.txt]... [--password PW] [--json] [--data-dir DIR]
      扫描 .docx、.xlsx、.html、.txt、.csv 或 .pdf 文件（含批注、修订、隐藏内容、PDF 附件），列出发现项及其位置，
      并提示未能读取的部分（如无文字层的页面）；--json 输出一个 JSON 对象。未给 --list/--allow 时使用数据目录中本单位的清单、
      白名单与规则集（数据目录存在时），与审查时一致。不记日志，不创建数据目录。
      Scan a .docx, .xlsx, .html, .txt, .csv or .pdf file, hidden content and PDF attachments included; list the findings
      with where each lives, and what could not be read (pages without a text layer ...). Without --list/--allow the office's
      lists and rules of an existing data folder apply, as in a review. Logs nothing, never creates the data folder.

  mishen batch DIR [--out REPORT] [--jobs N] [--list TERMS.txt]... [--allow ALLOW.txt]... [--resume] [--json] [--data-dir DIR]
      批量检查目录（含子目录）中的每个 .docx、.xlsx、.pdf、.html、.txt、.csv 文件（年度自查），多线程读取并扫描，终端显示进度；
      写出可离线打开的 HTML 报告和 CSV（UTF-8）：每个文件按类别、类型计数的发现项，无法读取的文件，须文字识别、密码或另行处理
      的文件。报告只列类型、位置和部分遮盖的摘录（如 1101***********02X），不含原文。隐藏与系统文件不列入；超过 200 MB 的文件、
      指向目录外的链接、不支持的格式（.doc、.wps、图片等）列为“未检查”。进度保存在数据目录中：中断（Ctrl+C 或进程被终止）后
      再次运行同一命令即从中断处继续，已检查的文件不再重复；--resume 在检查完成后也可再用，只检查新增和改动的文件。
      --out 以 .html 或 .csv 结尾时只写该格式，否则写 REPORT.html 与 REPORT.csv（默认当前目录下 mishen-batch-编号-日期）。
      默认使用数据目录中本单位的清单、白名单与规则集；给出 --list 或 --allow 时清单只用这些文件。--jobs 线程数（默认 CPU 数，最多 8）。
      Check every supported file under DIR (recursively) with worker threads, a progress bar on the terminal, and write an
      offline HTML report and a CSV: per file the findings counted by category and type, unreadable files, files that need
      OCR, a password or conversion; types, places and masked excerpts only, never the values. State is kept in the data
      folder: run the same command again after an interruption to continue (finished files are not read again); --resume
      also continues a finished check, reading only new and changed files. Exit 130 when interrupted.

  mishen redact FILE --out OUT (--accept-all | --decisions DECISIONS.json) [--list TERMS.txt]... [--allow ALLOW.txt]...
                [--style STYLE]... [--utf8] [--override-marking REASON] [--password PW] [--data-dir DIR]
      导入、扫描、按决定脱敏，写出与输入同格式的脱敏稿，并记入审查日志；输出 JSON 摘要。
      有未决发现项，或文档含密级、“此件不公开”等标识而未用 --override-marking 记录理由时，拒绝（退出码 3）。DECISIONS.json: {"decisions":[{"id":"id_card:10-28","decision":"accepted","reason":"..."}]}
      --style 样式：block（■，默认）、mask（部分遮盖）、label（[个人信息]）、court（张某）；可按类别指定，如 --style personal=court。
      Import, scan, apply the decisions, write the redacted copy in the input's format, log every step; prints a JSON summary
      with the statement of reasons (redactions). --style block|mask|label|court, or CATEGORY=STYLE, repeatable.
      Refused (exit 3) while any finding is undecided, or when the document carries a secret or attribute
      marking and no --override-marking REASON is recorded.

  mishen verify-export REDACTED --original ORIGINAL [--data-dir DIR] [--json]
      核验发布稿：是否为该原文件审查记录中导出的脱敏稿（SHA-256 相符），且不含任何已脱敏内容或隐藏内容
      （批注、修订、隐藏文字、附件、表单）。不是记录中的导出稿或发现泄密时拒绝（退出码 3）。
      Check a published file: is it the recorded redacted export of a review of ORIGINAL (same SHA-256), and does it
      hold no redacted value and no hidden content? Refused (exit 3) otherwise.

  mishen log verify [--data-dir DIR]
      验证审查日志（哈希链、签名、日志头）；仅当全部通过时退出码为 0，否则指出断点。
      Verify the review log (hash chain, signatures, signed head); exit 0 only if all of it verifies.

  mishen log export --out DIR [--document SHA256] [--since DATE] [--data-dir DIR]
      导出审查日志包（全部、某一文档或某日期之后的记录，附整条哈希链、签名日志头、公钥 PEM 与 openssl 验证说明）。
      Export a log bundle (all entries, one document's, or those since a date; with the whole chain, the signed head,
      the public keys as PEM and how to verify an entry with openssl). The export is itself logged.

  mishen log verify BUNDLE [--against OLDER_BUNDLE]
      在任何机器上验证日志包，并列出签名公钥指纹供核对；--against 另核对它完整延续较早导出的日志包（未被改写或截断）。
      Verify a bundle on any machine; prints the signing key fingerprints. --against also checks that it continues an older
      bundle (nothing rewritten or cut since).

  mishen user add NAME --role ROLE... [--display-name NAME] [--user ADMIN] [--data-dir DIR]
  mishen user passwd NAME [--data-dir DIR]      （原口令 MISHEN_PASSWORD，新口令 MISHEN_NEW_PASSWORD / old and new password from the environment）
  mishen user list [--data-dir DIR]
      创建本机用户（角色：reviewer 审查人、approver 审批人、clerk 文书、auditor 审计员、administrator 系统管理员），
      新口令取自环境变量 MISHEN_NEW_PASSWORD；第一个用户必须是系统管理员，此后须由管理员（--user，口令取自 MISHEN_PASSWORD）创建。
      有用户后进入多人审批模式：redact 不再可用（审查、审批、导出须由不同的人在应用中办理），log export 须以审计员身份 --user 执行。
      Create a local user (roles as above); the new password comes from MISHEN_NEW_PASSWORD. The first user must be an
      administrator; later ones are created by an administrator (--user, password in MISHEN_PASSWORD). Once users exist,
      redact is refused (different people review, approve and export, in the app) and log export needs --user (auditor).

  mishen rules export-pack OUT [--list NAME]... [--rules] [--note TEXT] [--user ADMIN] [--data-dir DIR]
  mishen rules import-pack FILE [--dry-run] [--json] [--user ADMIN] [--data-dir DIR]
  mishen rules trust PEM --label LABEL [--user ADMIN] [--data-dir DIR]
  mishen rules untrust FINGERPRINT [--user ADMIN] [--data-dir DIR]
  mishen rules keys [--out PEM] [--user ADMIN] [--data-dir DIR]
      规则包：把本单位的清单（--list 指定名称，可写 negative:名称 或 allow:名称；不指定则为全部本单位清单）及 --rules 规则集
      写成一个由系统管理员密钥（单人模式为本机密钥）签名的 .mishen-rules 文件，经移动介质带到隔离的工作站导入。
      导入前核验签名，签名公钥须已由 trust 加入受信任公钥（本机自己的公钥也须先加入）；被改动的规则包、未受信任的签名者、
      与随产品提供或来自文件的清单重名时整体拒绝（退出码 3）；--dry-run 只显示将新建、更新或不变的清单。
      keys 显示本机签名公钥（--out 另存为 PEM，供其他工作站 trust）及受信任公钥。均记入审查日志。
      Rule packs: the office's lists (--list NAME, or negative:NAME / allow:NAME; all of them when none is named) and, with
      --rules, its rule set, as one .mishen-rules file signed by the administrator's key (the installation's in
      single-operator mode), for isolated workstations. Import checks the signature and needs the signer's key trusted
      first (trust; this workstation's own key too); an altered pack, an untrusted signer or a clash with a shipped or file
      list refuses the whole pack (exit 3). --dry-run shows what would be created, updated or left. keys prints this
      workstation's signing key (--out writes it as PEM, to be trusted elsewhere) and the trusted keys. All of it is logged.

  mishen provenance FILE [--bundle DIR] [--data-dir DIR] [--json]
      判断发布文件是否为记录在案的脱敏导出稿：哪份原文件、哪次审查、何时由谁提交与导出；未知文件退出码 3。
      Is FILE a recorded redacted export: of which original and review, submitted and exported by whom and when?
      Exit 3 when it is unknown.

  mishen retention [--days N | --off] [--apply] [--dry-run] [--json] [--user ADMIN] [--data-dir DIR]
      原件保留期限：显示设置及到期可删除的原件；--days N（1–3650）设为审查导出 N 天后删除原件，--off 永久保留（默认）；--apply 立即删除
      到期的原件。到期指该文档的每次审查均已导出，且最后一次状态变更早于 N 天前；删除原件及由其提取的文本和 PDF 版面（仍被其他审查使用的
      文件保留），审查记录、决定、保密审查单与审查日志（只含哈希）全部保留，此后打开、导出或据以导入修订稿时提示原件已按保留期限删除。
      应用启动时也按设置删除到期原件。--dry-run 只预览（可与 --days 同用），不作任何更改。设置的更改和每次删除均记入审查日志。
      Retention of stored originals: show the setting and what is due; --days N (1–3650) deletes originals N days after
      the review was exported, --off keeps them for ever (the default); --apply deletes what is due now. A document is due
      when every review of it is exported and the last change is older than N days; its original, and the extract and
      PDF layout read from it, go (files another review still reads stay); the review, its decisions, its record and the
      log (hashes only) stay. The app applies the setting when it starts. --dry-run previews (with --days too) and
      changes nothing. Changes and deletions are logged.

  mishen backup --out DIR [--user ADMIN] [--data-dir DIR]
      备份数据目录（数据库、全部原始文件与提取结果、本机签名私钥、清单文件）到新建或空的目录 DIR；应用运行时也可备份（数据库为一致的
      快照）。先在审查日志中记一条备份记录，最后写出 manifest.json（格式版本、架构版本、日志条数与链尾哈希、每个文件的大小和 SHA-256），
      没有 manifest.json 的备份是不完整的。备份含私钥和原件，请按原件的保密要求保管；文件仅本用户可读（0600）。
      Back up the data folder (database, every stored original and extract, the installation's private key, list files)
      into DIR, new or empty, even while the app runs (the database is a consistent snapshot). Logged first; manifest.json
      (file sizes and SHA-256, log entries and head hash) is written last: a backup without it is incomplete. The backup
      holds the private key and the originals: keep it as you keep the originals.

  mishen restore BACKUP_DIR [--data-dir DIR] [--replace]
      从备份恢复数据目录（须先关闭密审应用）。先按 manifest.json 核对每个文件的 SHA-256，再在数据目录旁的临时目录中打开：数据库须通过
      完整性检查，审查日志须验证通过且包含备份时的全部记录；然后记入恢复记录并替换到位。数据目录已有内容时拒绝，除非加 --replace
      （原目录改名为 DIR.before-restore-日期 保留，不删除）。备份损坏或被改动时拒绝并指出文件（退出码 3）。
      Restore a backup (close the app first): every file is checked against manifest.json, the copy is opened beside the
      data folder (SQLite integrity check; the log must verify and hold the backup's entries), the restore is logged, then
      it is renamed into place. Refused when the data folder has content unless --replace (the old folder is renamed to
      DIR.before-restore-DATE, never deleted); a damaged or altered backup is refused naming the file (exit 3).

选项 Options:
  --list FILE      负面清单（UTF-8，每行一个词条），可重复 / negative list, one term per line, repeatable
                   rules export-pack 中为清单名称 / in rules export-pack: a list's name
  --allow FILE     白名单（UTF-8，每行一个词条；以 re: 开头的行为正则），可重复 / allow-list: terms, or re: patterns
  --data-dir DIR   数据目录（默认：$MISHEN_DATA_DIR 或系统用户数据目录）/ data folder (default: $MISHEN_DATA_DIR or the per-user data folder)
  --password PW    加密 PDF 的打开密码 / password of an encrypted PDF (scan, redact)
  --style STYLE    脱敏样式（见上）/ redaction style (see above)
  --jobs N         batch：线程数（1–8，默认 CPU 数）/ worker threads (1–8, default: CPUs)
  --resume         batch：继续该目录最近一次检查（含已完成的），只检查新增和改动的文件 / continue the folder's latest check
  --out PATH       输出：redact 的脱敏稿、batch 的报告、log export 与 backup 的目录、rules keys 的 PEM / where the output goes
  --original FILE  verify-export 的原文件 / the original, for verify-export
  --document SHA   log export：只导出该原文件的记录 / only the entries of this original
  --since DATE     log export：只导出该日期之后的记录 / only entries at or after this date
  --bundle DIR     provenance：依据日志包而非本机日志 / use a bundle instead of the local log
  --user NAME      以该用户身份执行（口令取自 MISHEN_PASSWORD）/ act as this user (password in MISHEN_PASSWORD)
  --rules          rules export-pack：一并导出规则集 / include the rule set
  --note TEXT      rules export-pack：规则包说明 / a note carried in the pack
  --dry-run        rules import-pack、retention：只预览，不更改 / preview only
  --days N         retention：审查导出 N 天后删除原件（1–3650）/ delete originals N days after export
  --off            retention：永久保留原件 / keep originals for ever
  --apply          retention：立即删除到期的原件 / delete what is due now
  --label LABEL    rules trust：公钥标签（如签名者姓名与单位）/ a label for the key
  --role ROLE      user add 的角色，可重复 / a role for user add, repeatable
  --replace        restore：替换已有内容的数据目录（原目录改名保留）/ restore over a data folder with content (kept renamed)
  --utf8           文本与网页的脱敏稿以 UTF-8 写出（默认沿用原编码）/ write a text or HTML copy in UTF-8 (default: its own encoding)
  --json           以 JSON 输出 / JSON output
  -h, --help       显示帮助 / show this help
  -v, --version    显示版本 / show the version

退出码 Exit codes: 0 成功 success, 1 错误 error, 2 用法错误 usage, 3 策略拒绝 refused by policy, 130 已中断 interrupted (batch)
`;
