/**
 * Numbered migrations. Each runs once, in order, inside one transaction with
 * the `user_version` bump. Never edit a released migration: add a new one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: documents, reviews, decisions, exports, keys and the append-only log
  `
  CREATE TABLE documents (
    sha256 TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    format TEXT NOT NULL,
    size INTEGER NOT NULL,
    imported_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    document TEXT NOT NULL REFERENCES documents(sha256),
    status TEXT NOT NULL CHECK (status IN ('in_review', 'submitted', 'exported')),
    attribute TEXT CHECK (attribute IN ('public', 'on_request', 'partial', 'withheld')),
    opinion TEXT,
    findings_json TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    lists_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX reviews_by_document ON reviews(document);
  CREATE TABLE decisions (
    review INTEGER NOT NULL REFERENCES reviews(id),
    finding_id TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
    reason TEXT,
    decided_at TEXT NOT NULL,
    PRIMARY KEY (review, finding_id)
  ) STRICT;
  CREATE TABLE exports (
    id INTEGER PRIMARY KEY,
    review INTEGER NOT NULL REFERENCES reviews(id),
    sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    exported_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE keys (
    fingerprint TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    label TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE log_entries (
    seq INTEGER PRIMARY KEY,
    body TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    sig TEXT NOT NULL
  ) STRICT;
  CREATE TRIGGER log_entries_no_update BEFORE UPDATE ON log_entries
    BEGIN SELECT RAISE(ABORT, 'review log is append-only'); END;
  CREATE TRIGGER log_entries_no_delete BEFORE DELETE ON log_entries
    BEGIN SELECT RAISE(ABORT, 'review log is append-only'); END;
  CREATE TABLE log_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    count INTEGER NOT NULL,
    hash TEXT NOT NULL,
    key TEXT NOT NULL,
    sig TEXT NOT NULL
  ) STRICT;
  `,
  // 2: a recorded override lets a document with a secret or attribute marking be exported
  `
  ALTER TABLE reviews ADD COLUMN marking_override TEXT;
  `,
  // 3: allow-list suppressions and the rule set each scan used
  `
  ALTER TABLE reviews ADD COLUMN suppressed_json TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE reviews ADD COLUMN rule_set TEXT NOT NULL DEFAULT '';
  `,
  // 4: each review names the text model it was scanned on, by the SHA-256 of its stored JSON
  `
  ALTER TABLE reviews ADD COLUMN extract_sha256 TEXT;
  `,
  // 5: redactions the reviewer adds by hand (spans of the review's text)
  `
  CREATE TABLE manual_redactions (
    id INTEGER PRIMARY KEY,
    review INTEGER NOT NULL REFERENCES reviews(id),
    start INTEGER NOT NULL CHECK (start >= 0),
    end INTEGER NOT NULL CHECK (end > start),
    reason TEXT NOT NULL,
    basis TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  `,
  // 6: local accounts (roles, scrypt password hashes, per-user Ed25519 keys sealed under the password)
  `
  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE UNIQUE,
    display_name TEXT NOT NULL,
    roles_json TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    password_params TEXT NOT NULL,
    key_public TEXT NOT NULL,
    key_fingerprint TEXT NOT NULL UNIQUE,
    key_sealed BLOB NOT NULL,
    failed_count INTEGER NOT NULL DEFAULT 0 CHECK (failed_count >= 0),
    locked_until TEXT,
    created_at TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
  ) STRICT;
  CREATE TRIGGER users_no_delete BEFORE DELETE ON users
    BEGIN SELECT RAISE(ABORT, 'accounts are disabled, never deleted'); END;
  CREATE TRIGGER users_key_fixed BEFORE UPDATE OF key_public, key_fingerprint ON users
    BEGIN SELECT RAISE(ABORT, 'an account keeps its signing key'); END;
`,
  // 7: who submitted and who approved (the approver must be another person), and the approval itself;
  // an approved review stays 'submitted' with approved_at set (the status CHECK of migration 1 stays as it is)
  `
  ALTER TABLE reviews ADD COLUMN submitted_by TEXT;
  ALTER TABLE reviews ADD COLUMN approved_by TEXT;
  ALTER TABLE reviews ADD COLUMN approved_at TEXT;
  ALTER TABLE reviews ADD COLUMN approval_opinion TEXT;
  `,
  // 8: workstation settings an administrator may change (each change is logged)
  `
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  `,
  // 9: a PDF review names its page and glyph boxes (the extract leaves them out) by the SHA-256 of the stored file;
  // reviews imported before have none until the page view first asks (rebuilt from the original)
  `
  ALTER TABLE reviews ADD COLUMN pdf_layout_sha256 TEXT;
  `,
  // 10: where each person was in a review (the open review and the selected finding), so that after a
  // crash or a restart the review opens where it was; written on every move, in the database, not the window
  `
  CREATE TABLE resume_points (
    user TEXT PRIMARY KEY,
    review INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    finding TEXT,
    updated_at TEXT NOT NULL
  ) STRICT;
  `,
  // 11: the office's lists (负面清单, 白名单) in the database, every change a new version; a version names
  // its metadata and its term set (stored once per distinct content, by SHA-256 of its canonical JSON)
  `
  CREATE TABLE term_lists (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('negative', 'allow')),
    builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE term_sets (
    sha256 TEXT PRIMARY KEY,
    json TEXT NOT NULL
  ) STRICT;
  CREATE TABLE term_list_versions (
    list INTEGER NOT NULL REFERENCES term_lists(id),
    version INTEGER NOT NULL,
    meta_json TEXT NOT NULL,
    terms_sha256 TEXT NOT NULL REFERENCES term_sets(sha256),
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    author TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (list, version)
  ) STRICT;
  `,
  // 12: the office's rule set (custom regular-expression rules, built-in detectors switched off), versioned;
  // the shipped rule set itself is not in the database and cannot be changed
  `
  CREATE TABLE rule_set_versions (
    version INTEGER PRIMARY KEY,
    json TEXT NOT NULL,
    author TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  `,
  // 13: public keys whose rule packs this workstation accepts (set by an administrator; changes are logged)
  `
  CREATE TABLE trusted_pack_keys (
    fingerprint TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    label TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL
  ) STRICT;
  `,
  // 14: a review of a revised draft names the review of the draft before it; decisions carried over from
  // that review are marked as such (the reviewer sees them, the record says where they came from);
  // what changed between the two texts is kept as computed at import (JSON), so that it reads the same on every open
  `
  ALTER TABLE reviews ADD COLUMN revision_of INTEGER REFERENCES reviews(id);
  ALTER TABLE reviews ADD COLUMN revision_json TEXT;
  ALTER TABLE decisions ADD COLUMN carried_from INTEGER REFERENCES reviews(id);
  `,
  // 15: folder checks (mishen batch, 批量检查): a run per folder and rules, a row per file with its size and
  // mtime (a changed file is checked again), its state and counts (results_json: counts, masked notes, never values);
  // rows are written as files finish, so an interrupted run continues where it stopped
  `
  CREATE TABLE batch_runs (
    id INTEGER PRIMARY KEY,
    dir TEXT NOT NULL,
    rules_key TEXT NOT NULL,
    rules_json TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'interrupted', 'done')),
    pid INTEGER,
    walk INTEGER NOT NULL DEFAULT 0,
    ignored INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    finished_at TEXT
  ) STRICT;
  CREATE INDEX batch_runs_by_dir ON batch_runs(dir, id);
  CREATE TABLE batch_files (
    run INTEGER NOT NULL REFERENCES batch_runs(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ms REAL NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'error', 'skipped')),
    format TEXT,
    pages INTEGER,
    findings INTEGER NOT NULL DEFAULT 0,
    needs TEXT NOT NULL DEFAULT '',
    results_json TEXT,
    error TEXT,
    error_en TEXT,
    ms INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    seen INTEGER NOT NULL,
    scanned_at TEXT,
    PRIMARY KEY (run, path)
  ) STRICT;
  CREATE INDEX batch_files_by_status ON batch_files(run, status, path);
  `,
  // 16: retention of stored originals (retention.ts): reviews whose original, and the extract and PDF layout read
  // from it, were deleted under the retention setting, with what their 保密审查单 showed (places, 发文字号) so that
  // it reads the same afterwards; and the files deleted, each \`removed\` only once gone from the disk (files are
  // deleted after the commit: a crash leaves them to the next run). Every row of the review stays; the log keeps the hashes.
  `
  CREATE TABLE purged_reviews (
    review INTEGER PRIMARY KEY REFERENCES reviews(id),
    purged_at TEXT NOT NULL,
    days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 3650),
    log_seq INTEGER NOT NULL,
    places_json TEXT,
    document_number TEXT
  ) STRICT;
  CREATE TABLE purged_blobs (
    sha256 TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('original', 'extract', 'pdf_layout')),
    purged_at TEXT NOT NULL,
    log_seq INTEGER NOT NULL,
    removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
    PRIMARY KEY (sha256, kind)
  ) STRICT;
  CREATE INDEX purged_blobs_pending ON purged_blobs(removed) WHERE removed = 0;
  `,
];
