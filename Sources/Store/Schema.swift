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
        return migrator
    }
}
