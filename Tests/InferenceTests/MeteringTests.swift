import CeruleanJSON
import Foundation
import Inference
import Synchronization
import Testing

/// A sink that keeps every report.
final class RecordingSink: UsageSink {
    struct Report: Equatable {
        let target: MeterTarget
        let input: Int
        let output: Int
    }

    private let reports = Mutex<[Report]>([])
    var all: [Report] { reports.withLock { $0 } }

    func record(_ target: MeterTarget, inputTokens: Int, outputTokens: Int) {
        reports.withLock { $0.append(Report(target: target, input: inputTokens, output: outputTokens)) }
    }
}

/// What the inference core reports to the usage sink: the tokens of every successful answer,
/// a stream's by what was delivered, never a refusal.
@Suite struct MeteringTests {
    static let target = MeterTarget(kind: .marketplace, chargedResourceID: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.SaaS/resources/x",
                                    servingResourceID: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w/serverlessEndpoints/metered",
                                    product: "Meta-Llama-3-8B-Instruct", plan: "plan")

    static func harness(_ sink: RecordingSink, rpm: Int = 1_000) -> InferenceHarness {
        var metered = InferenceHarness.endpoint("metered", rpm: rpm)
        metered.meter = target
        var embed = InferenceHarness.endpoint("metered-embed", task: .embeddings, key: InferenceHarness.chatKey)
        embed.meter = target
        return InferenceHarness(extra: [metered, embed], usageSink: sink)
    }

    @Test func everySuccessfulAnswerReportsItsUsageOnce() async throws {
        let sink = RecordingSink()
        let h = Self.harness(sink)
        var expected: [RecordingSink.Report] = []
        for i in 0..<5 {
            let r = await h.chat(InferenceHarness.user("question number \(i), with some words"), endpoint: "metered")
            #expect(r.status == 200)
            let usage = try #require(r.json?["usage"])
            expected.append(.init(target: Self.target, input: usage["prompt_tokens"]?.intValue ?? -1,
                                  output: usage["completion_tokens"]?.intValue ?? -1))
        }
        #expect(sink.all == expected)
        #expect(expected.allSatisfy { $0.input > 0 && $0.output > 0 })
    }

    @Test func embeddingsReportInputTokensOnly() async throws {
        let sink = RecordingSink()
        let h = Self.harness(sink)
        let r = await h.call(.embeddings, body: ["input": ["one phrase", "another phrase"]], endpoint: "metered-embed")
        #expect(r.status == 200)
        #expect(sink.all == [.init(target: Self.target, input: r.json?["usage"]?["prompt_tokens"]?.intValue ?? -1, output: 0)])
    }

    @Test func endpointsWithoutAMeterAndRefusalsReportNothing() async throws {
        let sink = RecordingSink()
        let h = Self.harness(sink, rpm: 1)
        #expect(await h.chat(InferenceHarness.user("not metered")).status == 200)
        #expect(await h.chat(InferenceHarness.user("first"), endpoint: "metered").status == 200)
        // The second request in the minute is a 429; a bad body and a wrong key are errors.
        #expect(await h.chat(InferenceHarness.user("second"), endpoint: "metered").status == 429)
        #expect(await h.chat(["messages": "nope"], endpoint: "metered").status == 400)
        #expect(await h.chat(InferenceHarness.user("x"), endpoint: "metered", headers: ["api-key": "wrong"]).status == 401)
        #expect(sink.all.count == 1)
    }

    @Test func aStreamIsBilledForWhatWasDelivered() async throws {
        let sink = RecordingSink()
        let h = Self.harness(sink)
        let question = InferenceHarness.user("Tell me a story about metering")
        let plain = await h.chat(question, endpoint: "metered")
        let completion = try #require(plain.json?["usage"]?["completion_tokens"]?.intValue)
        let prompt = try #require(plain.json?["usage"]?["prompt_tokens"]?.intValue)
        let streamed = await h.chat(question.with("stream", true), endpoint: "metered")
        guard case .events(let plan) = streamed.body, let meter = plan.meter else {
            Issue.record("a billable stream carries a meter")
            return
        }
        #expect(sink.all.count == 1, "a stream reports only once its events are written")
        meter.delivered(plan.payloads.count)
        #expect(sink.all.last == .init(target: Self.target, input: prompt, output: completion))
        // Cut after the role chunk and the first two content deltas: the text of those two.
        meter.delivered(3)
        let contents = plan.payloads.prefix(3).compactMap { try? JSONParser.parse(Data($0.utf8)) }
            .compactMap { $0["choices"]?[0]?["delta"]?["content"]?.stringValue }.joined()
        #expect(sink.all.last == .init(target: Self.target, input: prompt, output: TokenEstimator.tokens(contents)))
        #expect(TokenEstimator.tokens(contents) < completion)
        meter.delivered(0)
        #expect(sink.all.last == .init(target: Self.target, input: prompt, output: 0))
    }
}
