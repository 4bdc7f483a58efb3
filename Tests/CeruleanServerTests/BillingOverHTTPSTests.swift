import ARM
import CeruleanJSON
import CeruleanServer
import CeruleanTestSupport
import Foundation
import Inference
import Store
import Testing

/// Billing through the real listener: chat calls metered per endpoint and deployment (streams
/// by what was delivered, 429s and errors not at all), the cost APIs' figures, the dashboard,
/// snapshots, and durability across a clean stop and a `kill -9`.
@Suite struct BillingOverHTTPSTests {
    static let sub = TestServer.subscription
    static let group = "/subscriptions/\(sub)/resourceGroups/rg"
    static let ws = "\(group)/providers/Microsoft.MachineLearningServices/workspaces/proj"
    static let llama = "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct"
    static let chatPath = "/serverless/eastus2/llama-ep/chat/completions?api-version=2024-05-01-preview"
    static let llamaIn = 0.0003, llamaOut = 0.00061

    /// A subscribed workspace with an endpoint; returns its key.
    static func setUp(_ arm: (String, String, String?) async throws -> HTTPResult) async throws -> String {
        _ = try await arm("PUT", "/subscriptions/\(sub)/resourcegroups/rg", #"{"location":"eastus2"}"#)
        _ = try await arm("PUT", ws, #"{"location":"eastus2"}"#)
        _ = try await arm("PUT", ws + "/marketplaceSubscriptions/llama", #"{"properties":{"modelId":"\#(llama)"}}"#)
        _ = try await arm("PUT", ws + "/serverlessEndpoints/llama-ep", #"{"location":"eastus2","properties":{"modelSettings":{"modelId":"\#(llama)"}}}"#)
        return try #require(try await arm("POST", ws + "/serverlessEndpoints/llama-ep/listKeys", nil).json["primaryKey"]?.stringValue)
    }

    static func chatBody(_ text: String, stream: Bool = false) -> Data {
        Data(#"{"messages":[{"role":"user","content":"\#(text)"}]\#(stream ? #","stream":true,"stream_options":{"include_usage":true}"# : "")}"#.utf8)
    }

    static let queryByResourceAndMeter = #"""
        {"type":"ActualCost","timeframe":"MonthToDate","dataset":{"granularity":"None","aggregation":{"totalCost":{"name":"Cost","function":"Sum"},"q":{"name":"UsageQuantity","function":"Sum"}},
         "grouping":[{"type":"Dimension","name":"ResourceId"},{"type":"Dimension","name":"Meter"}]}}
        """#

    func start(_ configure: @escaping (inout ServerConfiguration) -> Void = { _ in }) async throws -> (TestServer, String) {
        let server = try await TestServer.start(clock: ManualClock()) { config in
            config.policies.set(.immediate, for: nil)
            configure(&config)
        }
        let key = try await Self.setUp { method, path, body in try await server.arm(method, path, body: body) }
        return (server, key)
    }

    func chat(_ server: TestServer, _ key: String, _ body: Data) async throws -> HTTPResult {
        try await server.client.send("POST", Self.chatPath, headers: ["api-key": key, "Content-Type": "application/json"], body: body)
    }

    /// The (input, output) tokens a streamed answer reports in its usage chunk.
    func streamedUsage(_ r: HTTPResult) throws -> (Int, Int) {
        let usage = try r.text.components(separatedBy: "\n\n").filter { $0.hasPrefix("data: {") }
            .map { try JSONParser.parse(Data($0.dropFirst(6).utf8)) }.compactMap { $0["usage"] }.last { $0 != .null }
        return (usage?["prompt_tokens"]?.intValue ?? -1, usage?["completion_tokens"]?.intValue ?? -1)
    }

    func costRows(_ server: TestServer, scope: String = "/subscriptions/\(TestServer.subscription)") async throws -> [String: (cost: Double, quantity: Double)] {
        let r = try await server.arm("POST", scope + "/providers/Microsoft.CostManagement/query", body: Self.queryByResourceAndMeter,
                                     apiVersion: "2025-03-01")
        #expect(r.status == 200, "\(r.text)")
        var result: [String: (Double, Double)] = [:]
        for row in r.json["properties"]?["rows"]?.arrayValue ?? [] {
            result["\(row[2]?.stringValue ?? "")|\(row[3]?.stringValue ?? "")"] = (row[0]?.numberValue ?? 0, row[1]?.numberValue ?? 0)
        }
        return result
    }

    func saasID(_ server: TestServer) async throws -> String {
        let list = try await server.arm("GET", "/subscriptions/\(Self.sub)/providers/Microsoft.SaaS/resources", apiVersion: "2026-04-01")
        return try #require(list.json["value"]?[0]?["id"]?.stringValue)
    }

    @Test func chatCallsAreBilledOnTheSaaSResourceExactly() async throws {
        let (server, key) = try await start { $0.inference.limitsByEndpoint = ["llama-ep": .init(tokensPerMinute: 1_000_000, requestsPerMinute: 30)] }
        defer { Task { await server.stop() } }
        var input = 0, output = 0
        for i in 0..<3 {
            let r = try await chat(server, key, Self.chatBody("question \(i) about the cost of things"))
            #expect(r.status == 200)
            input += r.json["usage"]?["prompt_tokens"]?.intValue ?? 0
            output += r.json["usage"]?["completion_tokens"]?.intValue ?? 0
        }
        let streamed = try await chat(server, key, Self.chatBody("stream it", stream: true))
        let (sIn, sOut) = try streamedUsage(streamed)
        input += sIn
        output += sOut
        // Not billed: a bad body, a wrong key, and the 429s past the 5 requests of the 10-second window.
        #expect(try await chat(server, key, Data(#"{"messages":7}"#.utf8)).status == 400)
        #expect(try await chat(server, "wrong-key", Self.chatBody("x")).status == 401)
        let fifth = try await chat(server, key, Self.chatBody("fifth"))
        #expect(fifth.status == 200)
        input += fifth.json["usage"]?["prompt_tokens"]?.intValue ?? 0
        output += fifth.json["usage"]?["completion_tokens"]?.intValue ?? 0
        #expect(try await chat(server, key, Self.chatBody("sixth")).status == 429)
        #expect(try await chat(server, key, Self.chatBody("seventh")).status == 429)
        let saas = try await saasID(server).lowercased()
        let rows = try await costRows(server)
        #expect(rows.count == 2, "only the SaaS resource's two meters: \(rows.keys)")
        let inRow = try #require(rows["\(saas)|paygo-inference-input-tokens"])
        let outRow = try #require(rows["\(saas)|paygo-inference-output-tokens"])
        #expect(inRow.quantity == Double(input) / 1000 && outRow.quantity == Double(output) / 1000)
        #expect(abs(inRow.cost - Double(input) / 1000 * Self.llamaIn) < 1e-12)
        #expect(abs(outRow.cost - Double(output) / 1000 * Self.llamaOut) < 1e-12)
    }

    @Test func onlineDeploymentsAreBilledByInstanceHoursOnTheEnginesClock() async throws {
        let clock = ManualClock()
        let server = try await TestServer.start(clock: clock) { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        _ = try await server.arm("PUT", "/subscriptions/\(Self.sub)/resourcegroups/rg", body: #"{"location":"eastus"}"#)
        _ = try await server.arm("PUT", Self.ws, body: #"{"location":"eastus"}"#)
        let endpoint = Self.ws + "/onlineEndpoints/hours"
        #expect(try await server.arm("PUT", endpoint, body: #"{"location":"eastus","properties":{"authMode":"Key"}}"#,
                                     apiVersion: "2022-02-01-preview").status == 201)
        let model = "azureml://registries/azureml/models/deepset-roberta-base-squad2/versions/17"
        // DS3 v2 is priced in prices.json; DS2 v2 only in the VM-size catalog, whose price fills in.
        for (name, size, count) in [("blue", "Standard_DS3_v2", 2), ("green", "Standard_DS2_v2", 1)] {
            let r = try await server.arm("PUT", "\(endpoint)/deployments/\(name)",
                                         body: #"{"location":"eastus","sku":{"name":"Default","capacity":\#(count)},"properties":{"endpointComputeType":"Managed","model":"\#(model)","instanceType":"\#(size)"}}"#,
                                         apiVersion: "2023-04-01-preview")
            #expect(r.status == 201, "\(r.text)")
        }
        clock.advance(by: 2 * 3600)
        let deleted = try await server.arm("DELETE", "\(endpoint)/deployments/green", apiVersion: "2023-04-01-preview")
        #expect(deleted.status == 204, "\(deleted.status) \(deleted.text)")  // finished within the request (immediate policy)
        clock.advance(by: 3600)
        let rows = try await costRows(server)
        let blue = try #require(rows["\(endpoint.lowercased())/deployments/blue|DS3 v2"], "\(rows.keys)")
        let green = try #require(rows["\(endpoint.lowercased())/deployments/green|DS2 v2"], "\(rows.keys)")
        #expect(abs(blue.quantity - 6) < 1e-6 && abs(blue.cost - 6 * 0.293) < 1e-6, "2 instances for 3 hours: \(blue)")
        #expect(abs(green.quantity - 2) < 1e-6 && abs(green.cost - 2 * 0.146) < 1e-6, "1 instance for 2 hours, then deleted: \(green)")
    }

    @Test func exactFiguresAfterAKnownNumberOfCalls() async throws {
        let (server, key) = try await start()
        defer { Task { await server.stop() } }
        var input = 0, output = 0
        for i in 0..<4 {
            let r = try await chat(server, key, Self.chatBody("call number \(i)"))
            input += r.json["usage"]?["prompt_tokens"]?.intValue ?? 0
            output += r.json["usage"]?["completion_tokens"]?.intValue ?? 0
        }
        let saas = try await saasID(server).lowercased()
        let rows = try await costRows(server)
        #expect(rows["\(saas)|paygo-inference-input-tokens"]?.quantity == Double(input) / 1000)
        #expect(rows["\(saas)|paygo-inference-output-tokens"]?.quantity == Double(output) / 1000)
        let total = rows.values.reduce(0) { $0 + $1.cost }
        #expect(abs(total - (Double(input) / 1000 * Self.llamaIn + Double(output) / 1000 * Self.llamaOut)) < 1e-12)
        // The resource group's scope sees it; another group's does not.
        #expect(try await costRows(server, scope: Self.group).count == 2)
        _ = try await server.arm("PUT", "/subscriptions/\(Self.sub)/resourcegroups/empty", body: #"{"location":"eastus2"}"#)
        #expect(try await costRows(server, scope: "/subscriptions/\(Self.sub)/resourceGroups/empty").isEmpty)
    }

    @Test func aCutStreamIsBilledForWhatWasDelivered() async throws {
        let (server, key) = try await start()
        defer { Task { await server.stop() } }
        let rule = #"{"rules":[{"plane":"inference","namePattern":"llama-ep","effect":{"kind":"cutStream","afterEvents":3}}]}"#
        #expect(try await server.client.send("POST", "/_cerulean/faults", headers: ["Content-Type": "application/json"], body: Data(rule.utf8)).status == 200)
        var partial: HTTPResult?
        do { _ = try await chat(server, key, Self.chatBody("a long story please", stream: true)) } catch let e as IncompleteResponse { partial = e.partial }
        let seen = try #require(partial)
        let delivered = try seen.text.components(separatedBy: "\n\n").filter { $0.hasPrefix("data: {") }
            .map { try JSONParser.parse(Data($0.dropFirst(6).utf8)) }
            .compactMap { $0["choices"]?[0]?["delta"]?["content"]?.stringValue }.joined()
        #expect(!delivered.isEmpty)
        let saas = try await saasID(server).lowercased()
        let rows = try await costRows(server)
        #expect(rows["\(saas)|paygo-inference-output-tokens"]?.quantity == Double(TokenEstimator.tokens(delivered)) / 1000)
        #expect(rows["\(saas)|paygo-inference-input-tokens"] != nil)
    }

    @Test func accountDeploymentsAreBilledOnTheAccountByModelAndSKU() async throws {
        let server = try await TestServer.start(clock: ManualClock()) { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let cs = "\(Self.group)/providers/Microsoft.CognitiveServices/accounts/acct"
        _ = try await server.arm("PUT", "/subscriptions/\(Self.sub)/resourcegroups/rg", body: #"{"location":"eastus"}"#)
        _ = try await server.arm("PUT", cs, body: #"{"kind":"OpenAI","sku":{"name":"S0"},"location":"eastus","properties":{"customSubDomainName":"acct-bill"}}"#, apiVersion: "2025-09-01")
        _ = try await server.arm("PUT", cs + "/deployments/chat", body: #"{"sku":{"name":"GlobalStandard","capacity":10},"properties":{"model":{"format":"OpenAI","name":"gpt-4o","version":"2024-11-20"}}}"#, apiVersion: "2025-09-01")
        let key = try #require(try await server.arm("POST", cs + "/listKeys", apiVersion: "2025-09-01").json["key1"]?.stringValue)
        let r = try await server.client.send("POST", "/cognitiveservices/acct-bill.openai.azure.com/openai/deployments/chat/chat/completions?api-version=2024-10-21",
                                             headers: ["api-key": key, "Content-Type": "application/json"], body: Self.chatBody("hello"))
        #expect(r.status == 200)
        let input = try #require(r.json["usage"]?["prompt_tokens"]?.intValue), output = try #require(r.json["usage"]?["completion_tokens"]?.intValue)
        let rows = try await costRows(server)
        let account = cs.lowercased()
        #expect(rows["\(account)|gpt-4o Inp glbl Tokens"]?.quantity == Double(input) / 1000)
        #expect(abs((rows["\(account)|gpt-4o Outp glbl Tokens"]?.cost ?? 0) - Double(output) / 1000 * 0.01) < 1e-12)
        // The dashboard shows the deployment's cost so far.
        let page = try await server.client.send("GET", "/_cerulean/").text
        let cost = Double(input) / 1000 * 0.0025 + Double(output) / 1000 * 0.01
        #expect(page.contains("$\(String(format: "%.6f", cost))"))
    }

    @Test func theDashboardShowsCostPerEndpointAndSaaSResource() async throws {
        let (server, key) = try await start()
        defer { Task { await server.stop() } }
        let r = try await chat(server, key, Self.chatBody("what does this cost"))
        let cost = Double(r.json["usage"]?["prompt_tokens"]?.intValue ?? 0) / 1000 * Self.llamaIn
            + Double(r.json["usage"]?["completion_tokens"]?.intValue ?? 0) / 1000 * Self.llamaOut
        let page = try await server.client.send("GET", "/_cerulean/").text
        let money = "$\(String(format: "%.6f", cost))"
        #expect(page.contains("<section id=\"saas-resources\">"))
        let saasName = try #require(try await saasID(server).split(separator: "/").last.map(String.init))
        let saasRow = try #require(page.components(separatedBy: "<tr").first { $0.contains("data-name=\"\(saasName)\"") })
        #expect(saasRow.contains(money) && saasRow.contains("meta-llama-3-8b-chat-offer") && saasRow.contains("Subscribed"))
        let endpointRow = try #require(page.components(separatedBy: "<tr").first { $0.contains("class=\"endpoint\" data-name=\"llama-ep\"") })
        #expect(endpointRow.contains(money))
    }

    @Test func snapshotsKeepUsageAndRestoresBringItBack() async throws {
        let (server, key) = try await start()
        defer { Task { await server.stop() } }
        _ = try await chat(server, key, Self.chatBody("before the snapshot"))
        let before = try await costRows(server)
        _ = try await chat(server, key, Self.chatBody("recorded, then snapshotted without a query first"))
        #expect(try await server.client.send("POST", "/_cerulean/snapshots/billing").status == 201)
        let saved = try await costRows(server)
        #expect(saved.values.map(\.quantity).reduce(0, +) > before.values.map(\.quantity).reduce(0, +))
        _ = try await chat(server, key, Self.chatBody("after the snapshot"))
        #expect(try await server.client.send("POST", "/_cerulean/snapshots/billing/restore").status == 200)
        let restored = try await costRows(server)
        #expect(restored.mapValues(\.quantity) == saved.mapValues(\.quantity))
        // A reset forgets usage too.
        #expect(try await server.client.send("POST", "/_cerulean/reset").status == 200)
        #expect(try await costRows(server).isEmpty)
    }
}

/// Metered usage survives a clean stop (written before the store closes) and a `kill -9`
/// (everything older than one flush interval).
@Suite(.serialized) struct BillingDurabilityTests {
    func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("billing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Starts the binary, sets up the endpoint, makes `calls` chat calls; returns the tokens they reported.
    func run(_ child: ChildServer, _ dir: URL, calls: Int) async throws -> (input: Int, output: Int) {
        let client = try TestHTTPClient(baseURL: child.url, caFile: dir.appendingPathComponent("ca.pem").path)
        let key = try await BillingOverHTTPSTests.setUp { method, path, body in
            try await client.send(method, path + "?api-version=2024-04-01",
                                  headers: ["Authorization": "Bearer t", "Content-Type": "application/json"], body: body.map { Data($0.utf8) })
        }
        var input = 0, output = 0
        for i in 0..<calls {
            let r = try await client.send("POST", BillingOverHTTPSTests.chatPath, headers: ["api-key": key, "Content-Type": "application/json"],
                                          body: BillingOverHTTPSTests.chatBody("durable call \(i)"))
            #expect(r.status == 200)
            input += r.json["usage"]?["prompt_tokens"]?.intValue ?? 0
            output += r.json["usage"]?["completion_tokens"]?.intValue ?? 0
        }
        return (input, output)
    }

    func storedTokens(_ dir: URL) throws -> (input: Double, output: Double) {
        let store = try Store.open(path: dir.appendingPathComponent("cerulean.sqlite").path)
        defer { try? store.close() }
        let records = try store.readNow { tx in try tx.allUsage() }
        let input = records.filter { $0.meter.contains("input") }.map(\.quantity).reduce(0, +)
        let output = records.filter { $0.meter.contains("output") }.map(\.quantity).reduce(0, +)
        return ((input * 1000).rounded(), (output * 1000).rounded())
    }

    @Test func aCleanStopWritesEverythingAcknowledged() async throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // An hour between flushes: only the stop can have written the usage.
        let child = try ChildServer(dataDirectory: dir, arguments: ["--provisioning", "immediate", "--usage-flush-interval", "3600"])
        let tokens = try await run(child, dir, calls: 5)
        child.kill(signal: SIGTERM)
        #expect(child.process.terminationStatus == 0)
        let stored = try storedTokens(dir)
        #expect(stored.input == Double(tokens.input) && stored.output == Double(tokens.output))
    }

    @Test func killNineLosesAtMostTheLastFlushInterval() async throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let child = try ChildServer(dataDirectory: dir, arguments: ["--provisioning", "immediate", "--usage-flush-interval", "0.2"])
        let tokens = try await run(child, dir, calls: 5)
        // Wait out a few intervals (the usage is then on disk), then kill without warning.
        try await Task.sleep(for: .milliseconds(1000))
        child.kill(signal: SIGKILL)
        child.process.waitUntilExit()
        let stored = try storedTokens(dir)
        #expect(stored.input == Double(tokens.input) && stored.output == Double(tokens.output))
    }
}
