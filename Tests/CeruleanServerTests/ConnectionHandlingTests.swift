import CeruleanTestSupport
import Foundation
import Testing

/// What the connection layer answers itself, byte for byte: HTTP/1.0 and `Connection: close`,
/// unreadable chunk sizes, and requests the HTTP parser refuses (in ARM's error envelope).
@Suite struct ConnectionHandlingTests {
    static let group = "/subscriptions/\(TestServer.subscription)/resourcegroups/framed"

    func exchange(_ server: TestServer, _ request: String) async throws -> (RawResponse?, closed: Bool) {
        let raw = try await RawConnection.open(server.url, caFile: server.caFile)
        try await raw.send(request)
        let response = await raw.waitForResponse(timeout: .seconds(10))
        return (response, await raw.waitForClose(timeout: .seconds(5)).after != nil)
    }

    @Test func http10WithoutKeepAliveIsAnsweredWithConnectionCloseAndClosed() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let (response, closed) = try await exchange(server, "GET /_cerulean/health HTTP/1.0\r\n\r\n")
        let answer = try #require(response)
        #expect(answer.status == 200)
        #expect(answer.header("Connection")?.lowercased() == "close")
        #expect(closed)
    }

    @Test func http10KeepAliveIsKeptAliveAndSaysSo() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let raw = try await RawConnection.open(server.url, caFile: server.caFile)
        try await raw.send("GET /_cerulean/health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        let answer = try #require(await raw.waitForResponse(timeout: .seconds(10)))
        #expect(answer.status == 200)
        #expect(answer.header("Connection")?.lowercased() == "keep-alive")
        #expect(raw.isOpen)
    }

    @Test func connectionCloseIsEchoedAndTheConnectionClosed() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let (response, closed) = try await exchange(server, "GET /_cerulean/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(try #require(response).header("Connection")?.lowercased() == "close")
        #expect(closed)
    }

    @Test func aChunkSizeOfTwoToTheSixtyFourMinusOneGets400AndAClose() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let (response, closed) = try await exchange(server, """
            PUT \(Self.group)?api-version=2022-09-01 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n\
            Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\n{"location":"eastus"}\r\n0\r\n\r\n
            """)
        let answer = try #require(response, "no answer to a chunk size of 2^64-1")
        #expect(answer.status == 400)
        #expect(answer.errorCode == "InvalidChunkSize")
        #expect(answer.header("Connection")?.lowercased() == "close")
        #expect(closed)
        #expect(try await server.arm("GET", Self.group, apiVersion: "2022-09-01").status == 404)
    }

    @Test func aWellFramedChunkedBodyIsStillRead() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let (response, _) = try await exchange(server, """
            PUT \(Self.group)?api-version=2022-09-01 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n\
            Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n\
            5\r\n{"loc\r\n10\r\nation":"eastus"}\r\n0\r\n\r\n
            """)
        #expect(try #require(response).status == 201)
    }

    @Test func tooManyHeadersGetAnAzureShaped400() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let headers = (0..<1001).map { "X-Header-\($0): v\r\n" }.joined()
        let (response, closed) = try await exchange(server, "GET /_cerulean/health HTTP/1.1\r\nHost: x\r\n\(headers)\r\n")
        let answer = try #require(response)
        #expect(answer.status == 400)
        #expect(answer.errorCode == "RequestHeadersTooLarge")
        #expect(answer.header("Content-Type")?.hasPrefix("application/json") == true)
        #expect(closed)
    }

    @Test func aHundredKilobyteURLGetsAnAzureShaped400() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let long = String(repeating: "a", count: 100_000)
        let (response, _) = try await exchange(server, "GET /subscriptions?\(long)=1 HTTP/1.1\r\nHost: x\r\n\r\n")
        let answer = try #require(response)
        #expect(answer.status == 400)
        #expect(answer.errorCode == "RequestHeadersTooLarge")
    }

    @Test func bytesThatAreNotHTTPGetAnAzureShaped400() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let raw = try await RawConnection.open(server.url, caFile: server.caFile)
        try await raw.send(Array("GET /".utf8) + [0xFF, 0x00] + Array(" HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        let answer = try #require(await raw.waitForResponse(timeout: .seconds(10)))
        #expect(answer.status == 400)
        #expect(answer.errorCode == "BadRequest")
    }
}
