-- What people reported: one row per phone number or domain, with how often
-- and when. Dates are ISO text (YYYY-MM-DD) on both backends.
CREATE TABLE sightings (
    kind       TEXT    NOT NULL,  -- phone (E.164) or domain
    value      TEXT    NOT NULL,
    reports    INTEGER NOT NULL,
    first_seen TEXT    NOT NULL,
    last_seen  TEXT    NOT NULL,
    PRIMARY KEY (kind, value)
);

-- Who reported what, as keyed hashes only: the key changes every month and
-- old keys are deleted, so a hash cannot be traced back to a person.
CREATE TABLE reporters (
    kind     TEXT NOT NULL,
    value    TEXT NOT NULL,
    reporter TEXT NOT NULL,
    PRIMARY KEY (kind, value, reporter)
);

CREATE TABLE reporter_keys (
    period TEXT NOT NULL PRIMARY KEY,  -- YYYY-MM
    secret TEXT NOT NULL
);

-- Each report, for trends. shared_text is set only when the person ticked
-- the box to share their message.
CREATE TABLE report_log (
    day         TEXT NOT NULL,
    kind        TEXT NOT NULL,
    value       TEXT NOT NULL,
    variant     TEXT NOT NULL,
    channel     TEXT NOT NULL,
    region      TEXT NOT NULL,
    shared_text TEXT
);
CREATE INDEX report_log_day ON report_log (day);

-- Feedback on a scan: whether the verdict was right, with the rules that
-- fired and, only if shared, the text.
CREATE TABLE feedback (
    day         TEXT    NOT NULL,
    verdict     TEXT    NOT NULL,
    correct     INTEGER NOT NULL,
    rules       TEXT    NOT NULL,
    label       TEXT    NOT NULL,
    shared_text TEXT
);

-- Scans counted by day and variant, for trends (never their text).
CREATE TABLE scan_counts (
    day     TEXT    NOT NULL,
    variant TEXT    NOT NULL,
    scans   INTEGER NOT NULL,
    PRIMARY KEY (day, variant)
);
