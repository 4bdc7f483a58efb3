import ARM
import CeruleanJSON
import CeruleanTestSupport
@testable import CeruleanServer
import Foundation
import Testing

/// `/_cerulean/faults`: every effect kind as a client sees it, determinism from the seed,
/// counts, validation, and the admin routes staying out of reach.
@Suite struct FaultTests {
    static let groups = "/subscriptions/\(TestServer.subscription)/resourcegroups"
    static let streamBody = Data(#"{"messages":[{"role":"user","content":"stream"}],"stream":true}"#.utf8)

    func plan(_ server: TestServer, _ json: String) async throws -> HTTPResult {
        try await server.client.send("POST", "/_cerulean/faults", headers: ["Content-Type": "application/json"], body: Data(json.utf8))
    }

    func putGroup(_ server: TestServer, _ name: String) async throws -> HTTPResult {
        try await server.arm("PUT", "\(Self.groups)/\(name)", body: #"{"location":"eastus"}"#)
    }

    @Test func statusFaultsUseEachPlanesErrorShapeAndChangeNothing() async throws {
        let server = try await TestServer.start { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let scenario = DataPlaneOverHTTPSTests()
        let key = try await scenario.setUp(server)
        let set = try await plan(server, """
            {"seed": 1, "rules": [
              {"plane": "arm", "operation": "PUT", "namePattern": "flaky-*", "count": 1, "effect": {"kind": "status", "status": 500}},
              {"plane": "arm", "operation": "GET", "namePattern": "busy", "count": 1, "effect": {"kind": "status", "status": 503, "retryAfter": 7}},
              {"plane": "inference", "operation": "chat.completions", "namePattern": "LLAMA-*", "count": 1, "effect": {"kind": "status", "status": 429}},
              {"plane": "identity", "operation": "token", "count": 1, "effect": {"kind": "status", "status": 503}}
            ]}
            """)
        #expect(set.status == 200)
        #expect(set.json["rules"]?.arrayValue?.count == 4)

        let failed = try await putGroup(server, "flaky-1")
        #expect(failed.status == 500)
        #expect(failed.errorCode == "InternalServerError")
        #expect(failed.json["error"]?["message"]?.stringValue?.contains("fault injected") == true)
        #expect(try await server.arm("GET", "\(Self.groups)/flaky-1").errorCode == "ResourceGroupNotFound")  // nothing stored
        #expect(try await putGroup(server, "flaky-1").status == 201)  // count 1: the rule is spent

        #expect(try await putGroup(server, "busy").status == 201)
        let busy = try await server.arm("GET", "\(Self.groups)/busy")
        #expect(busy.status == 503)
        #expect(busy.errorCode == "ServiceUnavailable")
        #expect(busy.header("Retry-After") == "7")
        #expect(try await server.arm("GET", "\(Self.groups)/busy").json["name"] == "busy")

        let limited = try await scenario.chat(server, key: key)
        #expect(limited.status == 429)
        #expect(limited.errorCode == "429")
        #expect(limited.json["error"]?["status"]?.intValue == 429)
        #expect(limited.header("retry-after") == "1")
        #expect(limited.header("retry-after-ms") == "1000")
        #expect(limited.header("x-ms-error-code") == "429")
        #expect(try await scenario.chat(server, key: key).json["object"] == "chat.completion")

        let form = ["Content-Type": "application/x-www-form-urlencoded"]
        let tokenBody = Data("grant_type=client_credentials&client_id=a&client_secret=b&scope=https://management.azure.com/.default".utf8)
        let token = try await server.client.send("POST", "/00000000-aaaa-bbbb-cccc-dddddddddddd/oauth2/v2.0/token", headers: form, body: tokenBody)
        #expect(token.status == 503)
        #expect(token.json["error"] == "temporarily_unavailable")
        #expect(token.json["error_description"]?.stringValue?.hasPrefix("AADSTS") == true)
        #expect(try await server.client.send("POST", "/00000000-aaaa-bbbb-cccc-dddddddddddd/oauth2/v2.0/token", headers: form, body: tokenBody).json["token_type"] == "Bearer")

        let listed = try await server.client.send("GET", "/_cerulean/faults")
        #expect(listed.json["rules"]?.arrayValue?.map { $0["fired"]?.intValue } == [1, 1, 1, 1])
        #expect(listed.json["rules"]?[0]?["effect"] == ["kind": "status", "status": 500])
        #expect(listed.json["rules"]?[1]?["considered"]?.intValue == 1)
    }

    @Test func latencyDelaysTheRequestThenAnswersIt() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        #expect(try await putGroup(server, "slow").status == 201)
        _ = try await plan(server, #"{"rules":[{"plane":"arm","operation":"GET","namePattern":"slow","effect":{"kind":"latency","ms":400}}]}"#)
        let started = ContinuousClock.now
        let answer = try await server.arm("GET", "\(Self.groups)/slow")
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(400))
        #expect(answer.status == 200)
        #expect(answer.json["name"] == "slow")
        #expect(try await server.client.send("GET", "/_cerulean/faults").json["rules"]?[0]?["fired"]?.intValue == 1)
    }

    @Test func aDroppedConnectionSendsNoResponseAtAll() async throws {
        let server = try await TestServer.start { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let scenario = DataPlaneOverHTTPSTests()
        let key = try await scenario.setUp(server)
        _ = try await plan(server, #"{"rules":[{"plane":"inference","operation":"chat.*","count":1,"effect":{"kind":"dropConnection"}}]}"#)
        _ = try await server.client.send("DELETE", "/_cerulean/requests")
        await #expect {
            _ = try await scenario.chat(server, key: key)
        } throws: { error in
            guard let incomplete = error as? IncompleteResponse else { return false }
            return incomplete.partial == nil
        }
        #expect(try await scenario.chat(server, key: key).status == 200)
        let journal = try await server.client.send("GET", "/_cerulean/requests")
        #expect(journal.json["value"]?.arrayValue?.compactMap { $0["status"]?.intValue } == [0, 200])
    }

    @Test func aCutStreamEndsAfterSomeEventsWithoutDone() async throws {
        let server = try await TestServer.start { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let scenario = DataPlaneOverHTTPSTests()
        let key = try await scenario.setUp(server)
        _ = try await plan(server, #"{"rules":[{"plane":"inference","namePattern":"llama-ep","effect":{"kind":"cutStream","afterEvents":2}}]}"#)
        // Not streamed: the rule does not consider it.
        #expect(try await scenario.chat(server, key: key).json["object"] == "chat.completion")
        var partial: HTTPResult?
        do {
            _ = try await scenario.chat(server, key: key, body: Self.streamBody)
            Issue.record("the stream should have been cut")
        } catch let error as IncompleteResponse {
            partial = error.partial
        }
        let seen = try #require(partial)
        #expect(seen.status == 200)
        #expect(seen.header("Content-Type") == "text/event-stream; charset=utf-8")
        let events = seen.text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        #expect(events.count == 2)
        #expect(events.allSatisfy { $0.hasPrefix("data: {") })
        #expect(!seen.text.contains("[DONE]"))
        let first = try JSONParser.parse(Data(events[0].dropFirst("data: ".count).utf8))
        #expect(first["object"] == "chat.completion.chunk")
        let rule = try await server.client.send("GET", "/_cerulean/faults").json["rules"]?[0]
        #expect(rule?["considered"]?.intValue == 1)
        #expect(rule?["fired"]?.intValue == 1)
        // A whole stream once the plan is gone.
        #expect(try await server.client.send("DELETE", "/_cerulean/faults").status == 204)
        #expect(try await scenario.chat(server, key: key, body: Self.streamBody).text.hasSuffix("data: [DONE]\n\n"))
    }

    @Test func aProvisioningFailureEndsTheNextMatchingPutFailed() async throws {
        let server = try await TestServer.start(clock: ManualClock())  // standard policy: Creating, finished a second later
        defer { Task { await server.stop() } }
        let flow = ServerlessFlowScenarioTests()
        let ws = "/subscriptions/\(TestServer.subscription)/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces"
        #expect(try await putGroup(server, "rg").status == 201)
        _ = try await plan(server, """
            {"rules":[{"plane":"arm","operation":"PUT","namePattern":"doomed-*","count":1,
                       "effect":{"kind":"provisioningFailure","code":"QuotaExceeded","message":"No capacity left in eastus."}}]}
            """)
        #expect(try await server.arm("GET", "\(Self.groups)/rg").status == 200)  // not a PUT: not considered
        let fine = try await server.arm("PUT", "\(ws)/fine", body: #"{"location":"eastus"}"#)
        #expect(try await flow.poll(server, fine) == "Succeeded")
        let doomed = try await server.arm("PUT", "\(ws)/doomed-1", body: #"{"location":"eastus"}"#)
        #expect(doomed.status == 201)
        #expect(doomed.json["properties"]?["provisioningState"] == "Creating")
        let url = try #require(doomed.header("Azure-AsyncOperation"))
        (server.server.engine.clock as? ManualClock)?.advance(by: 1)
        let operation = try await server.client.send("GET", String(url.dropFirst(server.url.count)), headers: ["Authorization": "Bearer t"])
        #expect(operation.json["status"] == "Failed")
        #expect(operation.json["error"]?["code"] == "QuotaExceeded")
        #expect(operation.json["error"]?["message"] == "No capacity left in eastus.")
        #expect(try await server.arm("GET", "\(ws)/doomed-1").json["properties"]?["provisioningState"] == "Failed")
        // Spent: the same PUT again succeeds.
        let again = try await server.arm("PUT", "\(ws)/doomed-1", body: #"{"location":"eastus"}"#)
        #expect(try await flow.poll(server, again) == "Succeeded")
        let rule = try await server.client.send("GET", "/_cerulean/faults").json["rules"]?[0]
        #expect(rule?["fired"]?.intValue == 1)
        #expect(rule?["considered"]?.intValue == 1)

        // Under the immediate policy the PUT itself answers Failed.
        server.server.engine.policies.set(.immediate, for: nil)
        _ = try await plan(server, #"{"rules":[{"plane":"arm","effect":{"kind":"provisioningFailure","code":"Quota.Exceeded"}}]}"#)
        let atOnce = try await server.arm("PUT", "\(ws)/doomed-2", body: #"{"location":"eastus"}"#)
        #expect(atOnce.json["properties"]?["provisioningState"] == "Failed")
        #expect(try await flow.poll(server, atOnce) == "Failed")
    }

    @Test func theSameSeedGivesTheSameFaults() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        #expect(try await putGroup(server, "target").status == 201)
        func run(seed: Int) async throws -> [Int] {
            _ = try await plan(server, #"{"seed":\#(seed),"rules":[{"plane":"arm","operation":"GET","probability":0.5,"effect":{"kind":"status","status":500}}]}"#)
            var statuses: [Int] = []
            for _ in 0..<24 { statuses.append(try await server.arm("GET", "\(Self.groups)/target").status) }
            let fired = try await server.client.send("GET", "/_cerulean/faults").json["rules"]?[0]?["fired"]?.intValue
            #expect(fired == statuses.filter { $0 == 500 }.count)
            return statuses
        }
        let first = try await run(seed: 42)
        #expect(Set(first) == [200, 500])
        #expect(try await run(seed: 42) == first)
        #expect(try await run(seed: 43) != first)
    }

    @Test func adminRoutesAreNeverFaulted() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let all = ["inference", "arm", "identity"].map { #"{"plane":"\#($0)","effect":{"kind":"dropConnection"}}"# }.joined(separator: ",")
        #expect(try await plan(server, #"{"rules":[\#(all)]}"#).status == 200)
        #expect(try await server.client.send("GET", "/_cerulean/health").json["status"] == "ok")
        #expect(try await server.client.send("GET", "/_cerulean/faults").json["rules"]?.arrayValue?.count == 3)
        await #expect(throws: IncompleteResponse.self) { _ = try await server.arm("GET", "/subscriptions") }
        await #expect(throws: IncompleteResponse.self) { _ = try await server.client.send("GET", "/metadata/endpoints?api-version=2022-09-01") }
    }

    @Test func badPlansAreRefusedAndLeaveThePlanAlone() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let good = #"{"seed":7,"rules":[{"plane":"arm","effect":{"kind":"latency","ms":1}}]}"#
        #expect(try await plan(server, good).status == 200)
        let bad: [(String, String)] = [
            ("", "empty"),
            ("[]", "a JSON object"),
            (#"{"rules":{}}"#, "'rules' must be an array"),
            (#"{"seed":-1,"rules":[]}"#, "'seed'"),
            (#"{"rules":[],"extra":1}"#, "'extra'"),
            (#"{"rules":[{"plane":"dns","effect":{"kind":"dropConnection"}}]}"#, "'rules[0].plane'"),
            (#"{"rules":[{"plane":"arm"}]}"#, "'rules[0].effect'"),
            (#"{"rules":[{"plane":"arm","effect":{"kind":"explode"}}]}"#, "'rules[0].effect.kind'"),
            (#"{"rules":[{"plane":"arm","probability":1.5,"effect":{"kind":"dropConnection"}}]}"#, "probability"),
            (#"{"rules":[{"plane":"arm","count":0,"effect":{"kind":"dropConnection"}}]}"#, "count"),
            (#"{"rules":[{"plane":"arm","effect":{"kind":"status","status":200}}]}"#, "status"),
            (#"{"rules":[{"plane":"arm","effect":{"kind":"latency","ms":"1"}}]}"#, "ms"),
            (#"{"rules":[{"plane":"arm","effect":{"kind":"cutStream"}}]}"#, "cutStream"),
            (#"{"rules":[{"plane":"inference","effect":{"kind":"provisioningFailure","code":"X"}}]}"#, "provisioningFailure"),
            (#"{"rules":[{"plane":"arm","operation":"DELETE","effect":{"kind":"provisioningFailure","code":"X"}}]}"#, "provisioningFailure"),
            (#"{"rules":[{"plane":"arm","effect":{"kind":"provisioningFailure","code":"has space"}}]}"#, "code"),
        ]
        for (body, mentions) in bad {
            let refused = try await plan(server, body)
            #expect(refused.status == 400, "\(body)")
            #expect(refused.errorCode == "InvalidRequestContent", "\(body)")
            #expect(refused.json["error"]?["message"]?.stringValue?.contains(mentions) == true, "\(body): \(refused.text)")
        }
        let kept = try await server.client.send("GET", "/_cerulean/faults")
        #expect(kept.json["seed"]?.intValue == 7)
        #expect(kept.json["rules"]?[0]?["effect"] == ["kind": "latency", "ms": 1])
        #expect(try await server.client.send("PUT", "/_cerulean/faults").status == 405)
    }
}

@Suite struct GlobTests {
    @Test func wildcardsMatchWholeNamesIgnoringCase() {
        #expect(Glob("*").matches(""))
        #expect(Glob("llama-*").matches("Llama-EP"))
        #expect(!Glob("llama-*").matches("my-llama-ep"))
        #expect(Glob("*-ep").matches("my-llama-ep"))
        #expect(Glob("a?c").matches("abc"))
        #expect(!Glob("a?c").matches("ac"))
        #expect(Glob("*a*b*").matches("xxaxxbxx"))
        #expect(!Glob("*a*b").matches("xxaxxbxxa"))
        #expect(Glob("chat.completions").matches("chat.completions"))
        #expect(!Glob(String(repeating: "*a", count: 30) + "b").matches(String(repeating: "a", count: 60)))
    }
}
