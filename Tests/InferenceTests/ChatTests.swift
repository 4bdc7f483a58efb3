import CeruleanJSON
import Foundation
import Inference
import Testing

@Suite struct ChatTests {
    typealias H = InferenceHarness

    @Test func completionShapeAndUsage() async throws {
        let h = InferenceHarness()
        let r = await h.chat(H.user("Explain Riemann's conjecture"))
        #expect(r.status == 200)
        let body = try #require(r.json)
        #expect(body["id"]?.stringValue?.hasPrefix("chatcmpl-") == true)
        #expect(body["object"]?.stringValue == "chat.completion")
        #expect(body["created"]?.intValue == 1_800_000_000)
        #expect(body["model"]?.stringValue == "Meta-Llama-3-8B-Instruct")
        let choice = try #require(body["choices"]?[0])
        #expect(choice["finish_reason"]?.stringValue == "stop")
        #expect(choice["message"]?["role"]?.stringValue == "assistant")
        let content = try #require(choice["message"]?["content"]?.stringValue)
        #expect(content.contains("Explain Riemann's conjecture"))
        let usage = try #require(body["usage"])
        // 3 priming + 4 framing + ceil(28 characters / 4)
        #expect(usage["prompt_tokens"]?.intValue == 14)
        #expect(usage["completion_tokens"]?.intValue == TokenEstimator.tokens(content))
        #expect(usage["total_tokens"]?.intValue == (usage["prompt_tokens"]?.intValue ?? 0) + (usage["completion_tokens"]?.intValue ?? 0))
        #expect(body["prompt_filter_results"] == nil)
        #expect(r.header("x-ratelimit-remaining-requests") == "999")
    }

    @Test func repliesAreReproducibleFromTheRequestAndSeed() async {
        let h = InferenceHarness()
        let a = await h.chat(H.user("same question").with("seed", 7))
        let b = await h.chat(H.user("same question").with("seed", 7))
        let c = await h.chat(H.user("same question").with("seed", 8))
        #expect(a.content == b.content)
        #expect(a.json?["id"] == b.json?["id"])
        #expect(a.content != c.content)
        let many = await h.chat(H.user("three please").with("n", 3))
        let texts = many.json?["choices"]?.arrayValue?.compactMap { $0["message"]?["content"]?.stringValue } ?? []
        #expect(texts.count == 3)
        #expect(Set(texts).count == 3)
        #expect(many.json?["choices"]?.arrayValue?.map { $0["index"]?.intValue } == [0, 1, 2])
    }

    @Test func maxTokensAndStopShapeTheText() async throws {
        let h = InferenceHarness()
        let short = await h.chat(H.user("long story").with("max_tokens", 3))
        #expect(short.json?["choices"]?[0]?["finish_reason"]?.stringValue == "length")
        #expect(short.json?["usage"]?["completion_tokens"]?.intValue ?? 99 <= 3)
        #expect(short.content == "This is a si")
        let stopped = await h.chat(H.user("long story").with("stop", ["simulated"]))
        #expect(stopped.content == "This is a ")
        #expect(stopped.json?["choices"]?[0]?["finish_reason"]?.stringValue == "stop")
    }

    @Test func jsonResponseFormats() async throws {
        let h = InferenceHarness()
        let object = await h.chat(H.user("give json").with("response_format", ["type": "json_object"]))
        #expect(try JSONParser.parse(try #require(object.content)).objectValue != nil)
        let schema: JSON = [
            "type": "object", "required": ["city", "population", "tags", "capital", "founded"],
            "properties": [
                "city": ["type": "string", "minLength": 3],
                "population": ["type": "integer", "minimum": 1000, "maximum": 5000],
                "tags": ["type": "array", "items": ["type": "string", "enum": ["old", "new"]], "minItems": 2],
                "capital": ["type": "boolean"],
                "founded": ["type": "string", "format": "date"],
                "mayor": ["type": "object", "properties": ["name": ["type": "string"]]],
            ],
        ]
        let structured = await h.chat(H.user("a city").with("response_format", ["type": "json_schema", "json_schema": ["name": "city", "schema": schema]]))
        let value = try JSONParser.parse(try #require(structured.content))
        #expect((value["city"]?.stringValue?.count ?? 0) >= 3)
        #expect((1000...5000).contains(value["population"]?.intValue ?? 0))
        #expect((value["tags"]?.arrayValue?.count ?? 0) >= 2)
        #expect(value["tags"]?.arrayValue?.allSatisfy { ["old", "new"].contains($0.stringValue ?? "") } == true)
        #expect(value["capital"]?.boolValue != nil)
        #expect(value["founded"]?.stringValue?.count == 10)
        #expect(value["mayor"]?["name"]?.stringValue != nil)
        let bad = await h.chat(H.user("x").with("response_format", ["type": "yaml"]))
        #expect(bad.status == 400)
    }

    static let weather: JSON = [[
        "type": "function",
        "function": ["name": "get_weather", "description": "Weather for a city",
                     "parameters": ["type": "object", "required": ["city", "unit"],
                                    "properties": ["city": ["type": "string"], "unit": ["type": "string", "enum": ["celsius", "fahrenheit"]],
                                                   "days": ["type": "integer", "minimum": 1, "maximum": 7]]]],
    ]]

    @Test func toolCallsFollowToolChoiceAndFitTheSchema() async throws {
        let h = InferenceHarness()
        let required = await h.chat(H.user("hello").with("tools", Self.weather).with("tool_choice", "required"))
        let choice = try #require(required.json?["choices"]?[0])
        #expect(choice["finish_reason"]?.stringValue == "tool_calls")
        #expect(choice["message"]?["content"] == .null)
        let call = try #require(choice["message"]?["tool_calls"]?[0])
        #expect(call["type"]?.stringValue == "function")
        #expect(call["id"]?.stringValue?.hasPrefix("call_") == true)
        #expect(call["function"]?["name"]?.stringValue == "get_weather")
        let args = try JSONParser.parse(try #require(call["function"]?["arguments"]?.stringValue))
        #expect(args["city"]?.stringValue != nil)
        #expect(["celsius", "fahrenheit"].contains(args["unit"]?.stringValue ?? ""))
        #expect((1...7).contains(args["days"]?.intValue ?? 0))
        let named = await h.chat(H.user("hello").with("tools", Self.weather).with("tool_choice", ["type": "function", "function": ["name": "get_weather"]]))
        #expect(named.json?["choices"]?[0]?["finish_reason"]?.stringValue == "tool_calls")
        let auto = await h.chat(H.user("what does get weather say for Paris?").with("tools", Self.weather))
        #expect(auto.json?["choices"]?[0]?["finish_reason"]?.stringValue == "tool_calls")
        let autoText = await h.chat(H.user("tell me a joke").with("tools", Self.weather))
        #expect(autoText.json?["choices"]?[0]?["finish_reason"]?.stringValue == "stop")
        let none = await h.chat(H.user("get_weather now").with("tools", Self.weather).with("tool_choice", "none"))
        #expect(none.json?["choices"]?[0]?["message"]?["tool_calls"] == nil)
        let unknown = await h.chat(H.user("x").with("tools", Self.weather).with("tool_choice", ["type": "function", "function": ["name": "nope"]]))
        #expect(unknown.status == 400)
    }

    @Test func requestValidation() async {
        let h = InferenceHarness()
        let cases: [(JSON, String)] = [
            (["model": "x"], "messages"),
            (["messages": []], "messages"),
            (["messages": [["role": "robot", "content": "x"]]], "messages"),
            (H.user("x").with("temperature", 3), "temperature"),
            (H.user("x").with("n", 0), "n"),
            (H.user("x").with("max_tokens", -1), "max_tokens"),
            (H.user("x").with("stop", ["a", "b", "c", "d", "e"]), "stop"),
            (H.user("x").with("stream", "yes"), "stream"),
        ]
        for (body, param) in cases {
            let r = await h.chat(body)
            #expect(r.status == 400, "\(body.compactString)")
            #expect(r.json?["error"]?["param"]?.stringValue == param, "\(body.compactString)")
        }
        let notJSON = await h.service.handle(InferenceCall(operation: .chatCompletions, style: .modelInference,
                                                          target: .regional(region: "eastus2", name: "chat"), method: "POST",
                                                          headers: ["api-key": H.chatKey], apiVersion: "2024-05-01-preview", body: Data("{oops".utf8)))
        #expect(notJSON.status == 400)
        let tooLong = await h.chat(H.user(String(repeating: "word ", count: 8000)))
        #expect(tooLong.errorCode == "context_length_exceeded")
    }

    @Test func extraParametersHeader() async {
        let h = InferenceHarness()
        let body = H.user("x").with("safe_prompt", true).with("top_k", 5)
        let refused = await h.chat(body)
        #expect(refused.status == 422)
        #expect(refused.errorCode == "parameter_not_supported")
        #expect(refused.errorMessage == "One of the parameters contain invalid values.")
        #expect(refused.json?["error"]?["detail"] == [["loc": ["body", "safe_prompt"], "input": true], ["loc": ["body", "top_k"], "input": 5]])
        for mode in ["drop", "pass-through"] {
            #expect(await h.chat(body, headers: ["api-key": H.chatKey, "extra-parameters": mode]).status == 200)
        }
        #expect(await h.chat(body, headers: ["api-key": H.chatKey, "extra-parameters": "maybe"]).status == 400)
        #expect(await h.chat(body, style: .openAIv1).status == 200)  // OpenAI-style routes drop unknown members
    }

    @Test func contentSafety() async {
        let h = InferenceHarness()
        let blocked = await h.chat(H.user("please discuss cerulean-blocked-term now"))
        #expect(blocked.status == 400)
        #expect(blocked.json == ["error": [
            "code": "content_filter",
            "message": "The response was filtered due to the prompt triggering Microsoft's content management policy. Please modify your prompt and retry.",
            "status": 400, "param": "prompt", "type": nil,
        ]])
        let aoai = await h.chat(H.user("CERULEAN-BLOCKED-TERM"), style: .azureOpenAI, apiVersion: "2024-10-21")
        #expect(aoai.json?["error"]?["innererror"]?["code"]?.stringValue == "ResponsibleAIPolicyViolation")
        #expect(aoai.json?["error"]?["innererror"]?["content_filter_result"]?["hate"]?["filtered"] == true)
        #expect(await h.chat(H.user("cerulean-blocked-term"), endpoint: "open").status == 200)
        let annotated = await h.chat(H.user("fine"), style: .azureOpenAI, apiVersion: "2024-10-21")
        #expect(annotated.json?["prompt_filter_results"]?[0]?["content_filter_results"]?["jailbreak"]?["detected"] == false)
        #expect(annotated.json?["choices"]?[0]?["content_filter_results"]?["violence"]?["severity"] == "safe")
    }

    @Test func echoAndScriptedResponders() async throws {
        var settings = InferenceSettings()
        settings.mode = .echo
        settings.scripted = ScriptedResponder(rules: [
            .init(endpoint: "open", model: nil, pattern: "(?i)capital of france", reply: "Paris.", toolCall: nil),
            .init(endpoint: nil, model: "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct", pattern: "weather",
                  reply: nil, toolCall: (name: "get_weather", arguments: #"{"city":"Oslo"}"#)),
        ])
        let h = InferenceHarness(settings: settings)
        #expect(await h.chat(H.user("echo me back")).content == "echo me back")
        #expect(await h.chat(H.user("What is the capital of France?"), endpoint: "open").content == "Paris.")
        #expect(await h.chat(H.user("What is the capital of France?")).content == "What is the capital of France?")
        let tool = await h.chat(H.user("weather please"))
        #expect(tool.json?["choices"]?[0]?["message"]?["tool_calls"]?[0]?["function"]?["arguments"]?.stringValue == #"{"city":"Oslo"}"#)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("replies-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: dir) }
        try #"{"rules":[{"match":"hello","reply":"Hi from the file."}]}"#.write(to: dir, atomically: true, encoding: .utf8)
        #expect(try ScriptedResponder.load(dir).rules.first?.reply == "Hi from the file.")
        try #"{"rules":[{"match":"(unclosed","reply":"x"}]}"#.write(to: dir, atomically: true, encoding: .utf8)
        #expect(throws: ScriptedResponder.LoadError.self) { try ScriptedResponder.load(dir) }
    }
}

/// Tokens are counted by Unicode scalars (about four a token), and a `max_tokens` cut keeps whole scalars.
@Suite struct TokenCountTests {
    @Test func scalarsAreCountedNotBytesOrCharacters() {
        #expect(TokenEstimator.tokens("") == 0)
        #expect(TokenEstimator.tokens("abcd") == 1)
        #expect(TokenEstimator.tokens("abcde") == 2)
        // é as one scalar and as e + combining accent; a flag is two scalars, one Character.
        #expect(TokenEstimator.tokens("\u{e9}\u{e9}\u{e9}\u{e9}") == 1)
        #expect(TokenEstimator.tokens("e\u{301}e\u{301}e") == 2)
        #expect(TokenEstimator.tokens("😀😀😀😀🇫🇷") == 2)
    }

    @Test func aLengthCutKeepsWholeScalars() {
        let reply = Reply(text: "😀😀😀😀😀e\u{301}xyz")
        let shaped = ShapedChoice(index: 0, reply: reply, stop: [], maxTokens: 1)
        #expect(shaped.text == "😀😀😀😀")
        #expect(shaped.finishReason == "length")
    }
}
