@testable import CeruleanServer
import CeruleanTestSupport
import Foundation
import Testing

/// One redaction rule for every place a request is written down: the journal, the access log and
/// the dashboard show a secret-looking parameter's name, never its value.
@Suite struct RedactionTests {
    static let secretNames = ["refresh_token", "password", "client-secret", "client_secret", "apikey", "api_key", "x-api-key",
                              "secret", "assertion", "client_assertion", "code", "sig", "Signature", "X-Amz-Signature",
                              "Subscription-Key", "access_token", "ACCESS_TOKEN", "userPassword", "sharedKey"]
    static let plainNames = ["api-version", "$filter", "$top", "location", "name", "resource"]

    @Test func secretLookingNamesLoseTheirValuesWhateverTheirCase() {
        for name in Self.secretNames {
            #expect(Redaction.query("\(name)=v4lue&api-version=1") == "\(name)=REDACTED&api-version=1", "\(name)")
        }
        for name in Self.plainNames {
            #expect(Redaction.query("\(name)=v4lue") == "\(name)=v4lue", "\(name)")
        }
    }

    @Test func encodedNamesAreJudgedDecodedAndKeptAsSent() {
        #expect(Redaction.query("client%5Fsecret=x&%73ig=y&pass+word=z") == "client%5Fsecret=REDACTED&%73ig=REDACTED&pass+word=z")
        #expect(Redaction.query("token") == "token")  // no value to hide
        #expect(Redaction.query("a=1&&key=2") == "a=1&&key=REDACTED")
        #expect(Redaction.query(nil) == nil)
        #expect(Redaction.target(path: "/p", query: "key=1") == "/p?key=REDACTED")
        // Names that are not plain ASCII are judged after Unicode lowercasing, as before.
        #expect(Redaction.query("\u{212A}ey=1&n\u{e4}me=2") == "\u{212A}ey=REDACTED&n\u{e4}me=2")
        #expect(Redaction.query("api-version=1&=x&&") == "api-version=1&=x&&")
    }

    static var query: String {
        (Self.secretNames.enumerated().map { "\($1)=s3cret-\($0)" } + ["api-version=2022-09-01"]).joined(separator: "&")
    }

    @Test func theJournalAndTheDashboardNeverShowASecretValue() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        _ = try await server.client.send("GET", "/subscriptions?\(Self.query)", headers: ["Authorization": "Bearer t"])
        let journal = try await server.client.send("GET", "/_cerulean/requests?last=1")
        let recorded = try #require(journal.json["value"]?[0]?["query"]?.stringValue)
        #expect(!journal.text.contains("s3cret"), "\(recorded)")
        for name in Self.secretNames { #expect(recorded.contains("\(name)=REDACTED"), "\(name)") }
        #expect(recorded.contains("api-version=2022-09-01"))
        let page = try await server.client.send("GET", "/_cerulean/").text
        #expect(!page.contains("s3cret"))
        #expect(page.contains("refresh_token=REDACTED"))
    }

    @Test func theAccessLogNeverShowsASecretValue() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("redact-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let child = try ChildServer(dataDirectory: dir, logLevel: "info", captureLog: true)
        let client = try TestHTTPClient(baseURL: child.url, caFile: dir.appendingPathComponent("ca.pem").path)
        #expect(try await client.send("GET", "/subscriptions?\(Self.query)", headers: ["Authorization": "Bearer t"]).status == 200)
        child.kill(signal: SIGTERM)
        let log = child.collectedLog()
        #expect(log.contains("GET /subscriptions?refresh_token=REDACTED"))
        #expect(!log.contains("s3cret"))
    }
}
