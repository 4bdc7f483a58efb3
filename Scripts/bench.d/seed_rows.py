"""Copies one stored workspace row N times into a resource group of the same subscription, straight
into Cerulean's SQLite file while the server is stopped: a fast way to make a big store for the
list benchmarks. Usage: seed_rows.py DB TEMPLATE_KEY GROUP COUNT"""
import json
import sqlite3
import sys

db, template_key, group, count = sys.argv[1], sys.argv[2].lower(), sys.argv[3], int(sys.argv[4])
con = sqlite3.connect(db)
row = con.execute("SELECT id, type_key, subscription_key, location, body, created_at FROM resources WHERE key = ?",
                  (template_key,)).fetchone()
rid, type_key, sub, location, body, created = row
body = json.loads(body)
prefix = rid.split("/resourceGroups/")[0] + "/resourceGroups/" + group
have = con.execute("SELECT COUNT(*) FROM resources WHERE resource_group_key = ?", (group.lower(),)).fetchone()[0]
rows, tags = [], []
for i in range(have, count):
    name = f"seeded-{i:06d}"
    new_id = f"{prefix}/providers/Microsoft.MachineLearningServices/workspaces/{name}"
    body.update(id=new_id, name=name)
    key = new_id.lower()
    rows.append((key, new_id, type_key, name, sub, group.lower(), prefix.lower(), location, json.dumps(body),
                 '"seed"', created + i * 0.001, created + i * 0.001))
    tags += [(key, k, v) for k, v in (body.get("tags") or {}).items()]
con.executemany("""INSERT INTO resources (key, id, type_key, name, subscription_key, resource_group_key, parent_key,
                   location, body, etag, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""", rows)
con.executemany("INSERT OR IGNORE INTO resource_tags (resource_key, name, value) VALUES (?,?,?)", tags)
con.commit()
print(con.execute("SELECT COUNT(*) FROM resources WHERE resource_group_key = ?", (group.lower(),)).fetchone()[0])
