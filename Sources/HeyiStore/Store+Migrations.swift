import GRDB

extension Store {
    /// The schema, one named migration per change; never edit a migration that has shipped.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 staging: runs, sources, files, records, rejects") { db in
            try db.execute(sql: """
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY,
                    command TEXT NOT NULL,
                    pid INTEGER NOT NULL,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
                    exit_code INTEGER,
                    files_ingested INTEGER NOT NULL DEFAULT 0,
                    files_unchanged INTEGER NOT NULL DEFAULT 0,
                    records_read INTEGER NOT NULL DEFAULT 0,
                    records_new INTEGER NOT NULL DEFAULT 0,
                    records_changed INTEGER NOT NULL DEFAULT 0,
                    records_unchanged INTEGER NOT NULL DEFAULT 0,
                    rows_rejected INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE sources (
                    name TEXT PRIMARY KEY,
                    department TEXT,
                    format TEXT NOT NULL,
                    mapping_file TEXT,
                    mapping_json TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE TABLE files (
                    id INTEGER PRIMARY KEY,
                    source TEXT NOT NULL REFERENCES sources(name),
                    run_id INTEGER NOT NULL REFERENCES runs(id),
                    path TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    byte_size INTEGER NOT NULL,
                    encoding TEXT NOT NULL,
                    records_read INTEGER NOT NULL DEFAULT 0,
                    records_new INTEGER NOT NULL DEFAULT 0,
                    records_changed INTEGER NOT NULL DEFAULT 0,
                    records_unchanged INTEGER NOT NULL DEFAULT 0,
                    rows_rejected INTEGER NOT NULL DEFAULT 0,
                    warnings TEXT NOT NULL DEFAULT '[]',
                    ingested_at TEXT NOT NULL,
                    duration_ms INTEGER NOT NULL DEFAULT 0,
                    UNIQUE (source, sha256)
                );
                CREATE TABLE records (
                    id INTEGER PRIMARY KEY,
                    source TEXT NOT NULL REFERENCES sources(name),
                    record_key TEXT NOT NULL,
                    key_is_hash INTEGER NOT NULL,
                    content_hash TEXT NOT NULL,
                    file_id INTEGER NOT NULL REFERENCES files(id),
                    run_id INTEGER NOT NULL REFERENCES runs(id),
                    record_no INTEGER,
                    line INTEGER,
                    path TEXT,
                    raw TEXT NOT NULL,
                    fields TEXT NOT NULL,
                    -- Checked at commit: a new version's id is set here just before that row is inserted.
                    superseded_by INTEGER REFERENCES records(id) DEFERRABLE INITIALLY DEFERRED
                );
                -- One current version per source record; older versions stay, pointing at their successor.
                CREATE UNIQUE INDEX records_current ON records(source, record_key) WHERE superseded_by IS NULL;
                CREATE TABLE rejects (
                    id INTEGER PRIMARY KEY,
                    run_id INTEGER NOT NULL REFERENCES runs(id),
                    file_id INTEGER NOT NULL REFERENCES files(id),
                    source TEXT NOT NULL REFERENCES sources(name),
                    record_no INTEGER,
                    line INTEGER,
                    "column" INTEGER,
                    path TEXT,
                    field TEXT,
                    reason TEXT NOT NULL,
                    message TEXT NOT NULL,
                    raw TEXT NOT NULL
                );
                CREATE INDEX rejects_run ON rejects(run_id);
                """)
        }
        migrator.registerMigration("v2 normalized records, phones and e-mails") { db in
            try db.execute(sql: """
                -- One row per normalized current record: the keys the matcher blocks and compares on.
                -- Original values stay in records; explanations are recomputed on demand (heyi inspect),
                -- the normalizers being pure.
                CREATE TABLE normalized_records (
                    record_id INTEGER PRIMARY KEY REFERENCES records(id),
                    version INTEGER NOT NULL,
                    name TEXT,
                    pinyin_key TEXT,
                    surname TEXT,
                    gender TEXT,
                    birthday TEXT,
                    id_number TEXT,
                    company_key TEXT,
                    province TEXT,
                    city TEXT,
                    district TEXT,
                    address_rest TEXT
                );
                CREATE TABLE record_phones (
                    record_id INTEGER NOT NULL REFERENCES records(id),
                    e164 TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    PRIMARY KEY (record_id, e164)
                ) WITHOUT ROWID;
                CREATE INDEX record_phones_e164 ON record_phones(e164);
                CREATE TABLE record_emails (
                    record_id INTEGER NOT NULL REFERENCES records(id),
                    email TEXT NOT NULL,
                    PRIMARY KEY (record_id, email)
                ) WITHOUT ROWID;
                CREATE INDEX record_emails_email ON record_emails(email);
                """)
        }
        migrator.registerMigration("v3 match: runs, clusters, pairs, review queue, steward rules") { db in
            try db.execute(sql: """
                -- One row per match pass: the model it used (JSON, as `heyi train` writes it) and what it found.
                CREATE TABLE match_runs (
                    id INTEGER PRIMARY KEY,
                    started_at TEXT NOT NULL,
                    records INTEGER NOT NULL,
                    candidate_pairs INTEGER NOT NULL,
                    links INTEGER NOT NULL,
                    reviews INTEGER NOT NULL,
                    clusters INTEGER NOT NULL,
                    auto_merge REAL NOT NULL,
                    review REAL NOT NULL,
                    model_json TEXT NOT NULL,
                    blocking_json TEXT NOT NULL,
                    timings_json TEXT NOT NULL,
                    -- The highest link_rules id this pass honoured: later rules mark their records for the next pass.
                    rules_seen INTEGER NOT NULL DEFAULT 0
                );
                -- The cluster of every current record: the smallest record id among its members.
                CREATE TABLE record_clusters (
                    record_id INTEGER PRIMARY KEY REFERENCES records(id),
                    cluster INTEGER NOT NULL,
                    match_run_id INTEGER NOT NULL REFERENCES match_runs(id)
                );
                CREATE INDEX record_clusters_cluster ON record_clusters(cluster);
                -- Linked pairs and pairs waiting for a steward, with the agreement levels that explain them.
                CREATE TABLE match_pairs (
                    record_a INTEGER NOT NULL REFERENCES records(id),
                    record_b INTEGER NOT NULL REFERENCES records(id),
                    match_run_id INTEGER NOT NULL REFERENCES match_runs(id),
                    weight REAL NOT NULL,
                    probability REAL NOT NULL,
                    decision TEXT NOT NULL CHECK (decision IN ('link', 'review')),
                    reason TEXT,
                    levels INTEGER NOT NULL,
                    rules TEXT NOT NULL,
                    PRIMARY KEY (record_a, record_b)
                ) WITHOUT ROWID;
                CREATE INDEX match_pairs_b ON match_pairs(record_b);
                CREATE VIEW review_queue AS
                    SELECT p.probability, p.reason, ra.source AS source_a, ra.record_key AS key_a, rb.source AS source_b, rb.record_key AS key_b
                    FROM match_pairs p JOIN records ra ON ra.id = p.record_a JOIN records rb ON rb.id = p.record_b
                    WHERE p.decision = 'review';
                -- A steward's decision on two source records; every match pass honours it over the model.
                CREATE TABLE link_rules (
                    id INTEGER PRIMARY KEY,
                    source_a TEXT NOT NULL,
                    key_a TEXT NOT NULL,
                    source_b TEXT NOT NULL,
                    key_b TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('never', 'always')),
                    decided_by TEXT NOT NULL,
                    decided_at TEXT NOT NULL,
                    reason TEXT,
                    UNIQUE (source_a, key_a, source_b, key_b)
                );
                """)
        }
        migrator.registerMigration("v4 customers: golden records, stable ids, lineage, history, steward decisions") { db in
            try db.execute(sql: """
                -- What golden records show, beside the matcher's keys.
                ALTER TABLE normalized_records ADD COLUMN company_name TEXT;
                ALTER TABLE normalized_records ADD COLUMN address TEXT;
                ALTER TABLE normalized_records ADD COLUMN id_number_any TEXT;
                ALTER TABLE normalized_records ADD COLUMN owner TEXT;
                ALTER TABLE normalized_records ADD COLUMN updated_at TEXT;
                CREATE INDEX normalized_version ON normalized_records(version);
                -- Every customer id ever given; a merged one points at the customer that absorbed it.
                CREATE TABLE customer_ids (
                    id TEXT PRIMARY KEY,
                    created_at TEXT NOT NULL,
                    merged_into TEXT REFERENCES customer_ids(id),
                    merged_at TEXT
                );
                CREATE TABLE customer_members (
                    record_id INTEGER PRIMARY KEY REFERENCES records(id),
                    customer_id TEXT NOT NULL REFERENCES customer_ids(id)
                );
                CREATE INDEX customer_members_customer ON customer_members(customer_id);
                -- One golden record per live customer; each value names the record that supplied it.
                CREATE TABLE golden_records (
                    customer_id TEXT PRIMARY KEY REFERENCES customer_ids(id),
                    name TEXT, name_record INTEGER REFERENCES records(id),
                    gender TEXT, gender_record INTEGER REFERENCES records(id),
                    birthday TEXT, birthday_record INTEGER REFERENCES records(id),
                    id_number TEXT, id_number_record INTEGER REFERENCES records(id),
                    company TEXT, company_record INTEGER REFERENCES records(id),
                    address TEXT, address_record INTEGER REFERENCES records(id),
                    records INTEGER NOT NULL,
                    sources INTEGER NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE TABLE customer_events (
                    id INTEGER PRIMARY KEY,
                    customer_id TEXT NOT NULL REFERENCES customer_ids(id),
                    event TEXT NOT NULL CHECK (event IN ('created', 'merged', 'split', 'changed')),
                    other_customer_id TEXT REFERENCES customer_ids(id),
                    records INTEGER NOT NULL,
                    match_run_id INTEGER REFERENCES match_runs(id),
                    at TEXT NOT NULL
                );
                CREATE INDEX customer_events_customer ON customer_events(customer_id);
                -- A steward's decision, first-class: who, when, why. Never/always-link become link rules;
                -- a split becomes never-link rules between the record and the customer's others; a merge
                -- an always-link rule between the two customers.
                CREATE TABLE steward_decisions (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL CHECK (kind IN ('never_link', 'always_link', 'split', 'merge')),
                    source_a TEXT, key_a TEXT, source_b TEXT, key_b TEXT,
                    customer_id TEXT,
                    other_customer_id TEXT,
                    decided_by TEXT NOT NULL,
                    decided_at TEXT NOT NULL,
                    reason TEXT
                );
                ALTER TABLE link_rules ADD COLUMN decision_id INTEGER REFERENCES steward_decisions(id);

                -- Read-only views for analysts and BI tools.
                CREATE VIEW customers AS
                    SELECT g.customer_id AS id, g.name, g.gender, g.birthday, g.id_number, g.company, g.address,
                           g.records, g.sources, c.created_at, g.updated_at
                    FROM golden_records g JOIN customer_ids c ON c.id = g.customer_id WHERE c.merged_into IS NULL;
                -- A customer's phones and e-mails come from its records' (nothing is copied).
                CREATE VIEW customer_phones AS
                    SELECT m.customer_id, p.e164 AS phone, p.kind, COUNT(*) AS records
                    FROM customer_members m JOIN record_phones p ON p.record_id = m.record_id GROUP BY m.customer_id, p.e164;
                CREATE VIEW customer_emails AS
                    SELECT m.customer_id, e.email, COUNT(*) AS records
                    FROM customer_members m JOIN record_emails e ON e.record_id = m.record_id GROUP BY m.customer_id, e.email;
                CREATE VIEW customer_sources AS
                    SELECT m.customer_id, r.source, s.department, r.record_key AS key, f.path AS file, r.line, r.path AS locator,
                           n.owner, r.id AS record_id
                    FROM customer_members m JOIN records r ON r.id = m.record_id JOIN files f ON f.id = r.file_id
                    JOIN sources s ON s.name = r.source LEFT JOIN normalized_records n ON n.record_id = r.id;
                CREATE VIEW customer_history AS
                    SELECT customer_id, at, event, other_customer_id, records, NULL AS decided_by, NULL AS reason FROM customer_events
                    UNION ALL
                    SELECT customer_id, decided_at, 'steward_' || kind, other_customer_id, NULL, decided_by, reason
                    FROM steward_decisions WHERE customer_id IS NOT NULL;
                """)
        }
        return migrator
    }
}
