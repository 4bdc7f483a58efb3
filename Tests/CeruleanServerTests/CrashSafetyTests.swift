import CeruleanTestSupport
import Foundation
import Store
import Synchronization
import Testing

/// The real binary under a stream of concurrent writes is killed with SIGKILL at a random
/// moment, several times. After each kill every write the server acknowledged must be in the
/// database and the file must pass `PRAGMA integrity_check`.
@Suite(.serialized) struct CrashSafetyTests {
    static let subscription = "00000000-1111-2222-3333-444444444444"

    func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func killNineNeverLosesAnAcknowledgedWrite() async throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let acknowledged = Acknowledged()
        var generator = SystemRandomNumberGenerator()
        for round in 1...4 {
            let child = try ChildServer(dataDirectory: dir, arguments: ["--provisioning", "immediate"])
            let client = try TestHTTPClient(baseURL: child.url, caFile: dir.appendingPathComponent("ca.pem").path)
            let writers = (0..<4).map { writer in
                Task {
                    for i in 0..<10_000 {
                        let name = "rg-\(round)-\(writer)-\(i)"
                        guard let r = try? await client.send(
                            "PUT", "/subscriptions/\(Self.subscription)/resourcegroups/\(name)?api-version=2022-09-01",
                            headers: ["Authorization": "Bearer t", "Content-Type": "application/json"],
                            body: Data(#"{"location":"eastus","tags":{"round":"\#(round)"}}"#.utf8))
                        else { return }
                        if r.status == 201 { acknowledged.add(name) }
                    }
                }
            }
            // Kill at a random moment once the storm is under way, however loaded the machine is
            // (other suites run alongside): wait for a few acknowledged writes of this round first.
            let landedBefore = acknowledged.names.count
            let deadline = ContinuousClock.now + .seconds(30)
            while acknowledged.names.count < landedBefore + 5 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...600, using: &generator)))
            child.kill(signal: SIGKILL)
            for w in writers { await w.value }

            let store = try Store.open(path: dir.appendingPathComponent("cerulean.sqlite").path)
            #expect(try store.integrityCheck() == "ok")
            let names = acknowledged.names
            let missing = try store.readNow { tx in
                try names.filter { try tx.resource(key: "/subscriptions/\(Self.subscription)/resourcegroups/\($0)") == nil }
            }
            #expect(missing.isEmpty, "round \(round): \(missing.count) acknowledged writes lost")
            try store.close()
        }
        #expect(acknowledged.names.count > 20, "the write storm should have landed writes before the kills")
    }

    @Test func sigtermDrainsAndClosesTheDatabaseCleanly() async throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let child = try ChildServer(dataDirectory: dir)
        let client = try TestHTTPClient(baseURL: child.url, caFile: dir.appendingPathComponent("ca.pem").path)
        let put = try await client.send(
            "PUT", "/subscriptions/\(Self.subscription)/resourcegroups/kept?api-version=2022-09-01",
            headers: ["Authorization": "Bearer t", "Content-Type": "application/json"], body: Data(#"{"location":"eastus"}"#.utf8))
        #expect(put.status == 201)
        child.kill(signal: SIGTERM)
        #expect(child.process.terminationStatus == 0)
        // A clean close checkpoints the WAL back into the main file.
        let wal = dir.appendingPathComponent("cerulean.sqlite-wal").path
        let walSize = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
        #expect(walSize == 0)
        let restarted = try ChildServer(dataDirectory: dir)
        defer { restarted.kill(signal: SIGTERM) }
        let again = try TestHTTPClient(baseURL: restarted.url, caFile: dir.appendingPathComponent("ca.pem").path)
        let got = try await again.send("GET", "/subscriptions/\(Self.subscription)/resourcegroups/kept?api-version=2022-09-01",
                                       headers: ["Authorization": "Bearer t"])
        #expect(got.status == 200)
        #expect(got.json["name"]?.stringValue == "kept")
    }
}

/// Names of writes the server answered 201 to, collected from concurrent writers.
final class Acknowledged: Sendable {
    private let state = Mutex<[String]>([])
    func add(_ name: String) { state.withLock { $0.append(name) } }
    var names: [String] { state.withLock { $0 } }
}
