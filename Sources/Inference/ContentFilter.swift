import CeruleanJSON

/// Content safety for endpoints that have it Enabled: a prompt containing a blocked term
/// (case-insensitive) is refused with the documented `content_filter` error.
public struct ContentFilter: Sendable {
    public var blockedTerms: [String] {
        didSet { loweredTerms = blockedTerms.map { $0.lowercased() } }
    }
    /// The terms lowercased once, not per request.
    private var loweredTerms: [String]

    public init(blockedTerms: [String]) {
        self.blockedTerms = blockedTerms.filter { !$0.isEmpty }
        loweredTerms = self.blockedTerms.map { $0.lowercased() }
    }

    /// The first blocked term found in `texts`.
    public func violation(in texts: [String]) -> String? {
        guard !loweredTerms.isEmpty else { return nil }
        let lowered = texts.map { $0.lowercased() }
        return zip(blockedTerms, loweredTerms).first { _, term in lowered.contains { $0.contains(term) } }?.0
    }

    static func severities(filtered: Bool) -> JSONObject {
        [
            "hate": ["filtered": .bool(filtered), "severity": filtered ? "high" : "safe"],
            "self_harm": ["filtered": false, "severity": "safe"],
            "sexual": ["filtered": false, "severity": "safe"],
            "violence": ["filtered": false, "severity": "safe"],
        ]
    }

    /// The 400 answer, in the shape of the route's API family.
    static func refusal(_ style: InferenceCall.Style) -> InferenceError {
        if style == .azureOpenAI {
            var result = severities(filtered: true)
            result["jailbreak"] = ["filtered": false, "detected": false]
            return InferenceError(
                status: 400, code: "content_filter",
                message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
                param: "prompt",
                extra: ["type": .null, "innererror": ["code": "ResponsibleAIPolicyViolation", "content_filter_result": .object(result)]])
        }
        return InferenceError(
            status: 400, code: "content_filter",
            message: "The response was filtered due to the prompt triggering Microsoft's content management policy. Please modify your prompt and retry.",
            param: "prompt", extra: ["type": .null])
    }

    /// `prompt_filter_results` of an Azure OpenAI style answer.
    static var promptAnnotations: JSON {
        var results = severities(filtered: false)
        results["jailbreak"] = ["filtered": false, "detected": false]
        return [["prompt_index": 0, "content_filter_results": .object(results)]]
    }

    /// `content_filter_results` of a choice.
    static var choiceAnnotations: JSON {
        var results = severities(filtered: false)
        results["protected_material_code"] = ["filtered": false, "detected": false]
        results["protected_material_text"] = ["filtered": false, "detected": false]
        return .object(results)
    }
}
