import GRDB

/// Versioned migrations. Never edit a shipped migration: add a new one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-resources-and-documents") { db in
            try db.execute(sql: """
                CREATE TABLE resources (
                    key TEXT PRIMARY KEY NOT NULL,
                    id TEXT NOT NULL,
                    type_key TEXT NOT NULL,
                    name TEXT NOT NULL,
                    subscription_key TEXT NOT NULL,
                    resource_group_key TEXT,
                    parent_key TEXT,
                    location TEXT,
                    body TEXT NOT NULL,
                    etag TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    pending_operation TEXT
                );
                CREATE INDEX resources_by_parent ON resources(parent_key);
                CREATE INDEX resources_by_type ON resources(subscription_key, type_key);
                CREATE TABLE documents (
                    collection TEXT NOT NULL,
                    key TEXT NOT NULL,
                    body TEXT NOT NULL,
                    updated_at REAL NOT NULL,
                    PRIMARY KEY (collection, key)
                );
                """)
        }
        migrator.registerMigration("v2-paged-lists-and-due-operations") { db in
            // Lists page by keyset on (created_at, key) under each scope they are asked for; the
            // new indexes end with that order so a page is an index range plus LIMIT.
            try db.execute(sql: """
                ALTER TABLE resources ADD COLUMN due_at REAL;
                ALTER TABLE resources ADD COLUMN waiting_on TEXT;
                DROP INDEX resources_by_parent;
                DROP INDEX resources_by_type;
                CREATE INDEX resources_by_parent ON resources(parent_key, type_key, created_at, key);
                CREATE INDEX resources_by_type ON resources(subscription_key, type_key, created_at, key);
                CREATE INDEX resources_by_group ON resources(subscription_key, resource_group_key, created_at, key);
                CREATE INDEX resources_by_subscription ON resources(subscription_key, created_at, key);
                CREATE INDEX resources_by_type_and_name ON resources(type_key, name COLLATE NOCASE);
                CREATE INDEX resources_due ON resources(due_at) WHERE due_at IS NOT NULL;
                CREATE INDEX resources_waiting ON resources(waiting_on) WHERE waiting_on IS NOT NULL;
                CREATE TABLE resource_tags (
                    resource_key TEXT NOT NULL,
                    name TEXT NOT NULL COLLATE NOCASE,
                    value TEXT COLLATE NOCASE,
                    PRIMARY KEY (resource_key, name)
                ) WITHOUT ROWID;
                CREATE INDEX resource_tags_by_name ON resource_tags(name, value);
                INSERT OR IGNORE INTO resource_tags (resource_key, name, value)
                    SELECT r.key, t.key, t.value FROM resources r, json_each(r.body, '$.tags') t
                    WHERE json_type(r.body, '$.tags') = 'object';
                """)
        }
        migrator.registerMigration("v3-usage-records") { db in
            // Metered usage, one row per charged resource, serving resource, meter and hour,
            // added to by each flush of the in-memory meters (see UsageRecords.swift).
            try db.execute(sql: """
                CREATE TABLE usage_records (
                    charged_key TEXT NOT NULL,
                    serving_key TEXT NOT NULL,
                    meter TEXT NOT NULL,
                    hour INTEGER NOT NULL,
                    subscription_key TEXT NOT NULL,
                    resource_group_key TEXT NOT NULL,
                    charged_id TEXT NOT NULL,
                    serving_id TEXT NOT NULL,
                    details TEXT NOT NULL,
                    quantity REAL NOT NULL,
                    cost REAL NOT NULL,
                    PRIMARY KEY (charged_key, serving_key, meter, hour)
                ) WITHOUT ROWID;
                CREATE INDEX usage_by_scope ON usage_records(subscription_key, resource_group_key, hour);
                """)
        }
        return migrator
    }
}
