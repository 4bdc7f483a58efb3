import CeruleanJSON
import Foundation
import Inference
import Testing

@Suite struct StreamingTests {
    typealias H = InferenceHarness

    /// Parses the wire text line by line as the azure-ai-inference SDK does.
    func parse(_ response: InferenceResponse) throws -> [JSON] {
        guard case .events(let plan) = response.body else { throw CancellationError() }
        var chunks: [JSON] = []
        var sawDone = false
        for line in plan.wireText.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            #expect(line.hasPrefix("data: "), "unexpected line kind: \(line)")
            let payload = line.dropFirst("data: ".count)
            #expect(!sawDone, "nothing may follow [DONE]")
            if payload == "[DONE]" { sawDone = true; continue }
            chunks.append(try JSONParser.parse(String(payload)))
        }
        #expect(sawDone)
        #expect(plan.wireText.hasSuffix("data: [DONE]\n\n"))
        return chunks
    }

    @Test func streamFramingAndContentMatchTheNonStreamedReply() async throws {
        let h = InferenceHarness()
        let request = H.user("stream this").with("seed", 3)
        let whole = await h.chat(request)
        let streamed = await h.chat(request.with("stream", true))
        #expect(streamed.status == 200)
        let chunks = try parse(streamed)
        #expect(chunks.count >= 3)
        #expect(Set(chunks.compactMap { $0["id"]?.stringValue }).count == 1)
        #expect(Set(chunks.compactMap { $0["created"]?.intValue }).count == 1)
        #expect(chunks.allSatisfy { $0["model"]?.stringValue == "Meta-Llama-3-8B-Instruct" })
        #expect(chunks.allSatisfy { $0["object"]?.stringValue == "chat.completion.chunk" })
        #expect(chunks.first?["choices"]?[0]?["delta"]?["role"]?.stringValue == "assistant")
        let text = chunks.compactMap { $0["choices"]?[0]?["delta"]?["content"]?.stringValue }.joined()
        #expect(text == whole.content)
        #expect(chunks.last?["choices"]?[0]?["finish_reason"]?.stringValue == "stop")
        #expect(chunks.dropLast().allSatisfy { $0["choices"]?[0]?["finish_reason"] == .null })
        #expect(chunks.allSatisfy { $0["usage"] == nil })
    }

    @Test func usageOnTheFinalChunkWhenAskedFor() async throws {
        let h = InferenceHarness()
        let chunks = try parse(await h.chat(H.user("count").with("stream", true).with("max_tokens", 4)
            .with("stream_options", ["include_usage": true])))
        let last = try #require(chunks.last)
        #expect(last["choices"]?[0]?["finish_reason"]?.stringValue == "length")
        #expect(last["usage"]?["completion_tokens"]?.intValue == 4)
        #expect(last["usage"]?["total_tokens"]?.intValue == (last["usage"]?["prompt_tokens"]?.intValue ?? 0) + 4)
    }

    @Test func toolCallsStreamAsDeltas() async throws {
        let h = InferenceHarness()
        let chunks = try parse(await h.chat(H.user("x").with("tools", ChatTests.weather).with("tool_choice", "required").with("stream", true)))
        let calls = chunks.compactMap { $0["choices"]?[0]?["delta"]?["tool_calls"]?[0] }
        let call = try #require(calls.first)
        #expect(call["index"]?.intValue == 0)
        #expect(call["function"]?["name"]?.stringValue == "get_weather")
        #expect(chunks.last?["choices"]?[0]?["finish_reason"]?.stringValue == "tool_calls")
    }

    @Test func azureOpenAIStreamsStartWithThePromptAnnotation() async throws {
        let h = InferenceHarness()
        let chunks = try parse(await h.chat(H.user("x").with("stream", true), style: .azureOpenAI, apiVersion: "2024-10-21"))
        #expect(chunks.first?["choices"]?.arrayValue?.isEmpty == true)
        #expect(chunks.first?["prompt_filter_results"] != nil)
    }

    @Test func latencyIsPlannedNotSlept() async throws {
        var settings = InferenceSettings()
        settings.latency = InferenceSettings.Latency(firstToken: .milliseconds(200), perToken: .milliseconds(10))
        settings.latencyByEndpoint = ["open": .none]
        let h = InferenceHarness(settings: settings)
        let streamed = await h.chat(H.user("x").with("stream", true))
        #expect(streamed.delay == .milliseconds(200))
        guard case .events(let plan) = streamed.body else { Issue.record("not a stream"); return }
        #expect(plan.perEventDelay == .milliseconds(10))
        let whole = await h.chat(H.user("x").with("max_tokens", 5))
        #expect(whole.delay == .milliseconds(250))
        #expect(await h.chat(H.user("x"), endpoint: "open").delay == .zero)
        h.service.setLatency(.init(firstToken: .seconds(1), perToken: .zero), forEndpoint: "OPEN")
        #expect(await h.chat(H.user("x"), endpoint: "open").delay == .seconds(1))
        #expect(InferenceSettings.Latency(parsing: "300,15") == .init(firstToken: .milliseconds(300), perToken: .milliseconds(15)))
        #expect(InferenceSettings.Latency(parsing: "fast") == nil)
    }
}
