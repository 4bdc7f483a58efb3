import ARM
import CeruleanJSON
import CeruleanTestSupport
@testable import CeruleanServer
import Foundation
import Testing

/// `GET /_cerulean/openapi.json` agrees with the routes the admin plane serves, and the input
/// checks the fuzzer relies on hold.
@Suite struct AdminOpenAPITests {
    @Test func theDocumentListsExactlyTheRoutesAndMethodsServed() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let answer = try await server.client.send("GET", "/_cerulean/openapi.json")
        #expect(answer.status == 200)
        #expect(answer.json["openapi"] == "3.1.0")
        #expect(answer.json["servers"]?[0]?["url"] == "/_cerulean")
        let paths = try #require(answer.json["paths"]?.objectValue)
        #expect(paths.count == 21)
        for (path, item) in paths {
            let parts = path.split(separator: "/").map { $0.hasPrefix("{") ? "x" : String($0) }
            let documented = (item.objectValue?.keys ?? []).filter { $0 != "parameters" }.map { $0.uppercased() }.sorted()
            let served = AdminRoutes.allowedMethods(parts)?.components(separatedBy: ", ").sorted()
            #expect(served == documented, "\(path)")
        }
        // Every operation has an id and declares its error answers in ARM's envelope.
        for (_, item) in paths {
            for (method, operation) in item.objectValue ?? [:] where method != "parameters" {
                #expect(operation["operationId"]?.stringValue != nil)
                #expect(operation["responses"]?.objectValue?.isEmpty == false)
            }
        }
    }

    @Test func aWrongMethodIs405WithAllow() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let wrong = try await server.client.send("PUT", "/_cerulean/health")
        #expect(wrong.status == 405)
        #expect(wrong.errorCode == "MethodNotAllowed")
        #expect(wrong.header("Allow") == "GET, HEAD")
        #expect(try await server.client.send("GET", "/_cerulean/snapshots/x/restore").header("Allow") == "POST")
        #expect(try await server.client.send("POST", "/_cerulean/endpoints/e/limits").header("Allow") == "PUT, DELETE")
        #expect(try await server.client.send("GET", "/_cerulean/nowhere").status == 404)
    }

    @Test func inputChecksTheFuzzerFound() async throws {
        let server = try await TestServer.start(clock: ManualClock())
        defer { Task { await server.stop() } }
        func send(_ method: String, _ path: String, _ body: String? = nil) async throws -> HTTPResult {
            try await server.client.send(method, path, body: body.map { Data($0.utf8) })
        }
        #expect(try await send("POST", "/_cerulean/reset?subscription=").errorCode == "InvalidParameter")
        #expect(try await send("GET", "/_cerulean/requests?last=abc").errorCode == "InvalidParameter")
        #expect(try await send("GET", "/_cerulean/requests?last=-1").errorCode == "InvalidParameter")
        #expect(try await send("GET", "/_cerulean/requests?last=99999999999999999999999").json["value"] == [])
        #expect(try await send("POST", "/_cerulean/clock/advance", #"{"seconds":1e300}"#).errorCode == "InvalidRequestContent")
        #expect(try await send("POST", "/_cerulean/clock/advance", #"{"seconds":60}"#).json["mode"] == "manual")
        #expect(try await send("PUT", "/_cerulean/endpoints/e/latency", #"{"firstTokenMs":600001,"perTokenMs":0}"#).status == 400)
        #expect(try await send("PUT", "/_cerulean/endpoints/e/limits", #"{"tokensPerMinute":1e15,"requestsPerMinute":1}"#).status == 400)
        for bad in [#"{"replies":[{"toolCall":{"name":"f","arguments":[1]}}]}"#, #"{"replies":[{"toolCall":{"name":""}}]}"#,
                    #"{"replies":[{"content":"a","toolCall":{"name":"f"}}]}"#, #"{"replies":[{"content":5}]}"#] {
            let refused = try await send("POST", "/_cerulean/endpoints/e/replies", bad)
            #expect(refused.errorCode == "InvalidRequestContent", "\(bad)")
        }
        #expect(try await send("GET", "/_cerulean/endpoints/e/replies").json["pending"]?.intValue == 0)
        let fine = try await send("POST", "/_cerulean/endpoints/e/replies", #"{"replies":[{"toolCall":{"name":"f","arguments":null}},{"content":"x"}]}"#)
        #expect(fine.json["pending"]?.intValue == 2)
    }
}
