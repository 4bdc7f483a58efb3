import ARM
import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Testing

/// 100 concurrent writers through the engine: no lost update, unique etags, operations that
/// agree with the final state.
@Suite struct ConcurrentWriterTests {
    typealias H = EngineHarness
    static let writers = 100

    /// Runs `body` for 0..<n concurrently and returns the results in index order.
    static func concurrently<T: Sendable>(_ n: Int = writers, _ body: @escaping @Sendable (Int) async -> T) async -> [T] {
        await withTaskGroup(of: (Int, T).self) { group in
            for i in 0..<n { group.addTask { (i, await body(i)) } }
            var results = [T?](repeating: nil, count: n)
            for await (i, value) in group { results[i] = value }
            return results.map { $0! }
        }
    }

    @Test func writersOnDifferentResourcesEachKeepTheirLastWrite() async throws {
        let h = try await H()
        await h.makeGroup()
        let created = await Self.concurrently { i in
            await h.makeWidget("w\(i)", body: #"{"location":"eastus","tags":{"writer":"\#(i)"},"properties":{"size":\#(i)}}"#)
        }
        #expect(created.allSatisfy { $0.status == 201 && $0.provisioningState == "Creating" })
        let patched = await Self.concurrently { i in
            await h.call("PATCH", H.widget("w\(i)"), body: #"{"tags":{"writer":"\#(i)","round":"2"}}"#)
        }
        #expect(patched.allSatisfy { $0.status == 200 })
        h.clock.advance(by: 1)
        let read = await Self.concurrently { i in await h.call("GET", H.widget("w\(i)")) }
        for (i, r) in read.enumerated() {
            #expect(r.body?["tags"] == ["writer": .string("\(i)"), "round": "2"])
            #expect(r.body?["properties"]?["size"]?.intValue == i)
            #expect(r.provisioningState == "Succeeded")
            #expect(r.header("ETag") != created[i].header("ETag"))
        }
        let listed = await h.call("GET", "\(H.group)/providers/Microsoft.CeruleanTest/widgets")
        #expect(listed.body?["value"]?.arrayValue?.count == Self.writers)
    }

    @Test func writersOnOneResourceSerialise() async throws {
        let h = try await H()
        await h.makeGroup()
        let writes = await Self.concurrently { i in
            await h.makeWidget("shared", body: #"{"location":"eastus","tags":{"writer":"\#(i)"},"properties":{"size":\#(i)}}"#)
        }
        // One write created it; every other one updated it.
        #expect(writes.filter { $0.status == 201 }.count == 1)
        #expect(writes.filter { $0.status == 200 }.count == Self.writers - 1)
        let etags = writes.compactMap { $0.header("ETag") }
        #expect(Set(etags).count == Self.writers)  // every acknowledged write made a new version
        // Each answer is the state that write left: its own tags and size.
        for (i, w) in writes.enumerated() {
            #expect(w.body?["tags"]?["writer"]?.stringValue == "\(i)")
            #expect(w.body?["properties"]?["size"]?.intValue == i)
        }

        h.clock.advance(by: 1)
        let final = await h.call("GET", H.widget("shared"))
        #expect(final.provisioningState == "Succeeded")
        let last = try #require(final.body?["tags"]?["writer"]?.stringValue.flatMap { Int($0) })
        #expect(final.body?["properties"]?["size"]?.intValue == last)
        // The last write's operation finished; every earlier one was preempted by the next write.
        let operations = await Self.concurrently { i in await h.follow(writes[i].header("Azure-AsyncOperation") ?? "") }
        for (i, op) in operations.enumerated() {
            if i == last {
                #expect(op.body?["status"] == "Succeeded")
            } else {
                #expect(op.body?["status"] == "Canceled")
                #expect(op.body?["error"]?["code"] == "OperationPreempted")
            }
        }
    }

    @Test func readModifyWriteWithIfMatchLosesNoIncrement() async throws {
        let h = try await H(policy: .immediate)
        await h.makeGroup()
        #expect(await h.makeWidget("counter", body: #"{"location":"eastus","tags":{"count":"0"}}"#).status == 201)
        let attempts = await Self.concurrently { _ -> (done: Bool, tries: Int) in
            for attempt in 1...1_000 {
                let current = await h.call("GET", H.widget("counter"))
                guard let etag = current.header("ETag"), let count = current.body?["tags"]?["count"]?.stringValue.flatMap({ Int($0) })
                else { return (false, attempt) }
                let write = await h.call("PATCH", H.widget("counter"), body: #"{"tags":{"count":"\#(count + 1)"}}"#,
                                         headers: ["Authorization": "Bearer x", "If-Match": etag])
                if write.status == 200 { return (true, attempt) }
                guard write.status == 412, write.errorCode == "PreconditionFailed" else { return (false, attempt) }
                // Back off a little and at random, as a client's retry policy does, so the writers spread out.
                try? await Task.sleep(for: .microseconds(Int.random(in: 0...min(200_000, attempt * 5_000))))
            }
            return (false, 1_000)
        }
        #expect(attempts.allSatisfy { $0.done })
        let final = await h.call("GET", H.widget("counter"))
        #expect(final.body?["tags"]?["count"] == .string("\(Self.writers)"))
        print("If-Match writers: \(attempts.reduce(0) { $0 + $1.tries }) attempts for \(Self.writers) increments")
    }
}
