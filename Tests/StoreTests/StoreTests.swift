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
