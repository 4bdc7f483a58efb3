import CeruleanTestSupport
import Foundation
import Testing

/// `cerulean env` and `cerulean reset`, run as a user would.
@Suite(.serialized) struct CommandLineTests {
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = ChildServer.binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func envPrintsExportLinesThatPointAtTheCA() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("env-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, output) = try run(["env", "--data-dir", dir.path, "--port", "9443"])
        #expect(status == 0)
        let ca = dir.appendingPathComponent("ca.pem").path
        #expect(output.contains("export REQUESTS_CA_BUNDLE='\(ca)'"))
        #expect(output.contains("export SSL_CERT_FILE='\(ca)'"))
        #expect(output.contains("export CERULEAN_URL='https://localhost:9443'"))
        #expect(output.contains("export AZURE_SUBSCRIPTION_ID='00000000-1111-2222-3333-444444444444'"))
        #expect(output.contains("export REGISTRY_DISCOVERY_ENDPOINT_URL='https://localhost:9443/'"))
        #expect(FileManager.default.fileExists(atPath: ca))  // made on demand, reused by the server
        #expect(output.split(separator: "\n").allSatisfy { $0.hasPrefix("export ") })
    }

    /// What a container sets once (docs/install.md): `cerulean env` then prints the published
    /// address and the host's path of the CA, with no flags.
    @Test func envTakesThePublishedAddressAndTheClientsCAPathFromTheEnvironment() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("env-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, output) = try run(["env"], environment: [
            "CERULEAN_DATA_DIR": dir.path, "CERULEAN_HOST": "0.0.0.0", "CERULEAN_PORT": "8443",
            "CERULEAN_PUBLIC_URL": "https://localhost:9443/", "CERULEAN_CA_PATH": "/home/me/cerulean-data/ca.pem",
        ])
        #expect(status == 0, "\(output)")
        #expect(output.contains("export CERULEAN_URL='https://localhost:9443'\n"))
        #expect(output.contains("export REQUESTS_CA_BUNDLE='/home/me/cerulean-data/ca.pem'"))
        #expect(output.contains("export IDENTITY_ENDPOINT='https://localhost:9443/msi/token'"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("ca.pem").path))
        let (portOnly, portOutput) = try run(["env", "--data-dir", dir.path], environment: ["CERULEAN_HOST": "0.0.0.0", "CERULEAN_PORT": "9999"])
        #expect(portOnly == 0 && portOutput.contains("export CERULEAN_URL='https://localhost:9999'"))
        let (bad, message) = try run(["env", "--data-dir", dir.path], environment: ["CERULEAN_PORT": "eighty"])
        #expect(bad != 0 && message.contains("CERULEAN_PORT must be a port number"))
    }

    @Test func resetEmptiesTheStateAndKeepsTheCA() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reset-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let child = try ChildServer(dataDirectory: dir)
        let client = try TestHTTPClient(baseURL: child.url, caFile: dir.appendingPathComponent("ca.pem").path)
        let path = "/subscriptions/00000000-1111-2222-3333-444444444444/resourcegroups/gone?api-version=2022-09-01"
        #expect(try await client.send("PUT", path, headers: ["Authorization": "Bearer t", "Content-Type": "application/json"],
                                      body: Data(#"{"location":"eastus"}"#.utf8)).status == 201)
        child.kill(signal: SIGTERM)
        let caBefore = try String(contentsOf: dir.appendingPathComponent("ca.pem"), encoding: .utf8)
        let (status, output) = try run(["reset", "--data-dir", dir.path])
        #expect(status == 0)
        #expect(output.contains("was reset"))
        #expect(try String(contentsOf: dir.appendingPathComponent("ca.pem"), encoding: .utf8) == caBefore)
        let again = try ChildServer(dataDirectory: dir)
        defer { again.kill(signal: SIGTERM) }
        let client2 = try TestHTTPClient(baseURL: again.url, caFile: dir.appendingPathComponent("ca.pem").path)
        #expect(try await client2.send("GET", path, headers: ["Authorization": "Bearer t"]).status == 404)
        let subscription = try await client2.send("GET", "/subscriptions/00000000-1111-2222-3333-444444444444?api-version=1",
                                                  headers: ["Authorization": "Bearer t"])
        #expect(subscription.status == 200)
    }

    @Test func jsonLogsAreOneObjectPerLine() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("logs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let child = try ChildServer(dataDirectory: dir, arguments: ["--log-format", "json"], logLevel: "info", captureLog: true)
        let client = try TestHTTPClient(baseURL: child.url, caFile: dir.appendingPathComponent("ca.pem").path)
        #expect(try await client.send("GET", "/subscriptions?api-version=1", headers: ["Authorization": "Bearer t"]).status == 200)
        child.kill(signal: SIGTERM)
        let lines = child.collectedLog().split(separator: "\n")
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] }
        #expect(objects.count == lines.count && !lines.isEmpty)
        #expect(objects.contains { $0["message"] == "GET /subscriptions?api-version=1 200" && $0["request-id"] != nil && $0["level"] == "info" })
    }

    @Test func badFlagsAreRefusedClearly() throws {
        let (status, output) = try run(["serve", "--provisioning", "whenever"])
        #expect(status != 0)
        #expect(output.contains("Cannot read provisioning policy 'whenever'"))
        let (authStatus, authOutput) = try run(["serve", "--auth", "loose"])
        #expect(authStatus != 0)
        #expect(authOutput.contains("'lenient'") && authOutput.contains("'strict'"))
    }
}
