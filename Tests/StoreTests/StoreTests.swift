import Foundation
import Store
import Testing

@Suite struct StoreTests {
    func row(_ key: String, parent: String? = nil, type: String = "t/x", created: Double = 0) -> ResourceRow {
        ResourceRow(
            key: key, id: key.uppercased(), typeKey: type, name: String(key.split(separator: "/").last!),
            subscriptionKey: "s", resourceGroupKey: "rg", parentKey: parent, location: "eastus",
            body: Data(#"{"k":"\#(key)"}"#.utf8), etag: "\"1\"", createdAt: Date(timeIntervalSince1970: created),
            updatedAt: Date(timeIntervalSince1970: created))
    }

    @Test func savesReadsAndListsInCreationOrder() throws {
        let store = try Store.inMemory()
        try store.writeNow { tx throws in
            try tx.save(row("/a/2", parent: "/a", created: 2))
            try tx.save(row("/a/1", parent: "/a", created: 1))
            try tx.save(row("/a/1/c", parent: "/a/1", type: "t/x/c", created: 3))
            try tx.save(row("/a-b", parent: "/", created: 4))
        }
        try store.readNow { tx throws in
            #expect(try tx.resource(key: "/a/1")?.id == "/A/1")
            #expect(try tx.resources(parentKey: "/a").map(\.key) == ["/a/1", "/a/2"])
            #expect(try tx.resources(parentKey: "/a", typeKey: "t/x/c").isEmpty)
            #expect(try tx.resources(typeKey: "t/x", subscriptionKey: "s").map(\.key) == ["/a/1", "/a/2", "/a-b"])
            // Descendants of "/a" are exactly the keys below "/a/", not siblings like "/a-b".
            #expect(try tx.descendants(ofKey: "/a").map(\.key).sorted() == ["/a/1", "/a/1/c", "/a/2"])
        }
    }

    @Test func deleteTakesTheSubtree() throws {
        let store = try Store.inMemory()
        try store.writeNow { tx throws in
            for r in [row("/a", parent: "/"), row("/a/1", parent: "/a"), row("/a/1/c", parent: "/a/1"), row("/a-b", parent: "/")] {
                try tx.save(r)
            }
            #expect(try tx.deleteResource(key: "/a") == 3)
        }
        #expect(try store.readNow { try $0.resourceCount() } == 1)
    }

    @Test func aThrowingTransactionStoresNothing() throws {
        struct Boom: Error {}
        let store = try Store.inMemory()
        #expect(throws: Boom.self) {
            try store.writeNow { tx throws in
                try tx.save(row("/a"))
                try tx.saveDocument("ops", key: "1", body: Data("{}".utf8))
                throw Boom()
            }
        }
        try store.readNow { tx throws in
            #expect(try tx.resource(key: "/a") == nil)
            #expect(try tx.document("ops", key: "1") == nil)
        }
    }

    @Test func documentsUpsertAndDelete() throws {
        let store = try Store.inMemory()
        try store.writeNow { tx throws in
            try tx.saveDocument("subs", key: "a", body: Data("1".utf8))
            try tx.saveDocument("subs", key: "b", body: Data("2".utf8))
            try tx.saveDocument("subs", key: "a", body: Data("3".utf8))
            try tx.deleteDocument("subs", key: "b")
        }
        let docs = try store.readNow { try $0.documents("subs") }
        #expect(docs.map(\.key) == ["a"])
        #expect(docs.first?.body == Data("3".utf8))
    }

    @Test func fileStoreSurvivesReopenAndChecksClean() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("db.sqlite").path
        let first = try Store.open(path: path)
        let r = row("/a")
        try await first.write { tx in try tx.save(r) }
        try first.close()
        let second = try Store.open(path: path)
        #expect(try second.readNow { try $0.resource(key: "/a") } == r)
        #expect(try second.integrityCheck() == "ok")
        try second.eraseAll()
        #expect(try second.readNow { try $0.resourceCount() } == 0)
        try second.close()
    }
}

/// Metered usage: records of the same key add up, scopes and hour ranges select, erasing clears them.
@Suite struct UsageRecordTests {
    func record(_ charged: String, meter: String = "m", hour: Int, group: String = "rg", quantity: Double, cost: Double,
                details: String = "{}") -> UsageRecord {
        UsageRecord(chargedKey: charged.lowercased(), servingKey: "/e", meter: meter, hour: hour, subscriptionKey: "s",
                    resourceGroupKey: group, chargedID: charged, servingID: "/E", details: Data(details.utf8),
                    quantity: quantity, cost: cost)
    }

    @Test func recordsOfOneKeyAddUpAndKeepTheNewestDetails() throws {
        let store = try Store.inMemory()
        let generation = store.generation
        try store.writeNow { tx in
            try tx.addUsage([record("/A", hour: 10, quantity: 1.5, cost: 0.25, details: #"{"v":1}"#)])
            try tx.addUsage([record("/A", hour: 10, quantity: 2, cost: 0.5, details: #"{"v":2}"#),
                             record("/A", meter: "n", hour: 10, quantity: 1, cost: 1)])
        }
        let rows = try store.readNow { tx in try tx.allUsage() }
        #expect(rows.count == 2)
        #expect(rows[0].quantity == 3.5 && rows[0].cost == 0.75 && rows[0].details == Data(#"{"v":2}"#.utf8))
        #expect(rows[0].chargedID == "/A" && rows[1].meter == "n")
        #expect(store.generation == generation + 1)
    }

    @Test func scopesAndHoursSelectAndResetsForget() async throws {
        let store = try Store.inMemory()
        try store.writeNow { tx in
            try tx.addUsage([record("/a", hour: 1, quantity: 1, cost: 1), record("/b", hour: 2, group: "other", quantity: 1, cost: 1),
                             record("/c", hour: 30, quantity: 1, cost: 1)])
        }
        // A meter flush leaves the generation (the data plane's caches) alone.
        let generation = store.generation
        try await store.writeOutsideResources { tx in try tx.addUsage([self.record("/d", hour: 3, quantity: 1, cost: 1)]) }
        #expect(store.generation == generation)
        try store.readNow { tx throws in
            #expect(try tx.usage(subscriptionKey: "s", fromHour: 0, toHour: 24).map(\.chargedKey) == ["/a", "/b", "/d"])
            #expect(try tx.usage(subscriptionKey: "s", resourceGroupKey: "rg", fromHour: 0, toHour: 100).map(\.chargedKey) == ["/a", "/d", "/c"])
            #expect(try tx.usage(subscriptionKey: "t", fromHour: 0, toHour: 100).isEmpty)
        }
        #expect(try store.writeNow { tx in try tx.deleteUsage(subscriptionKey: "s") } == 4)
        try store.writeNow { tx in try tx.addUsage([self.record("/a", hour: 1, quantity: 1, cost: 1)]) }
        try store.eraseAll()
        #expect(try store.readNow { tx in try tx.allUsage() }.isEmpty)
    }
}
