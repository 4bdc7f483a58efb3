import CeruleanTestSupport
import Foundation
import Testing

/// Every file that holds a secret is 0600 and the data folder 0700, whatever the umask; the CA
/// certificate clients must trust stays readable.
@Suite(.serialized) struct FilePermissionTests {
    static let groups = "/subscriptions/00000000-1111-2222-3333-444444444444/resourcegroups"

    func mode(_ url: URL) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
    }

    /// Starts the binary, writes a group and a snapshot, and stops it while the WAL is still there.
    func exercise(_ dir: URL, umask: String) async throws {
        let child = try ChildServer(dataDirectory: dir, umask: umask)
        let client = try TestHTTPClient(baseURL: child.url, caFile: dir.appendingPathComponent("ca.pem").path)
        #expect(try await client.send("PUT", "\(Self.groups)/kept?api-version=2022-09-01",
                                      headers: ["Authorization": "Bearer t", "Content-Type": "application/json"],
                                      body: Data(#"{"location":"eastus"}"#.utf8)).status == 201)
        #expect(try await client.send("POST", "/_cerulean/snapshots/before").status == 201)
        for name in ["cerulean.sqlite-wal", "cerulean.sqlite-shm"] {
            #expect(try mode(dir.appendingPathComponent(name)) == 0o600, "\(name) while running")
        }
        child.kill(signal: SIGKILL)  // leaves -wal and -shm behind, as a crash would
    }

    @Test func secretsAre0600AndTheFolder0700UnderAWideOpenUmask() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("perm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try await exercise(dir, umask: "000")
        #expect(try mode(dir) == 0o700)
        for name in ["cerulean.sqlite", "cerulean.sqlite-wal", "cerulean.sqlite-shm", "ca-key.pem", "server-key.pem",
                     "token-signing-key.pem", "snapshots/before.sqlite"] {
            #expect(try mode(dir.appendingPathComponent(name)) == 0o600, "\(name)")
        }
        #expect(try mode(dir.appendingPathComponent("snapshots")) == 0o700)
        #expect(try mode(dir.appendingPathComponent("ca.pem")) == 0o644)
    }

    @Test func aDataFolderFromAnOlderReleaseIsTightenedOnStart() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("perm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try await exercise(dir, umask: "022")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path)
        for name in ["cerulean.sqlite", "cerulean.sqlite-wal", "cerulean.sqlite-shm"] {
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: dir.appendingPathComponent(name).path)
        }
        let child = try ChildServer(dataDirectory: dir, umask: "022")
        #expect(try mode(dir) == 0o700)
        for name in ["cerulean.sqlite", "cerulean.sqlite-wal", "cerulean.sqlite-shm"] {
            #expect(try mode(dir.appendingPathComponent(name)) == 0o600, "\(name)")
        }
        child.kill(signal: SIGTERM)
    }
}
